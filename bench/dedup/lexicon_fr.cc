#include "bench/dedup/lexicon_data.h"

namespace plenary::dedup::bench {

Lexicon FrenchLexicon() {
  Lexicon l;
  l.code = "fr";
  l.sentence_end = '.';
  l.openers = {"",
               "",
               "",
               "À mon avis, ",
               "Franchement, ",
               "En tant qu'habitant de la région, ",
               "Avant tout, ",
               "Je crois fermement que ",
               "Il est évident que ",
               "Soyons clairs : ",
               "L'expérience montre que ",
               "Pour cette raison, ",
               "Je suis convaincu que ",
               "Beaucoup de mes voisins pensent que ",
               "Sans aucun doute, "};
  l.subjects = {
      {"la réglementation proposée", "ce règlement", "la commission", "les fournisseurs d'accès",
       "l'abandon de la neutralité du net", "les opérateurs de télécommunications", "l'autorité",
       "la priorisation payante", "le nouveau cadre", "les grands opérateurs", "cette décision",
       "le projet actuel"},
      {"le plan de protection de l'eau", "le permis proposé", "l'agence",
       "les pollueurs industriels", "l'autorité du bassin", "cet amendement",
       "le ruissellement agricole", "la règle sur l'eau potable", "la politique des zones humides",
       "les usines chimiques", "la norme révisée", "ce projet"},
      {"le plan logement", "la réforme du zonage", "le conseil municipal", "les promoteurs privés",
       "l'encadrement des loyers", "cet arrêté", "les propriétaires",
       "le fonds pour le logement social", "le nouveau code de la construction",
       "les locations touristiques", "la commission d'urbanisme", "cette proposition"},
      {"le plan de transport", "la hausse des tarifs", "l'autorité des transports",
       "le projet d'autoroute", "la refonte du réseau de bus", "ce budget",
       "les opérateurs ferroviaires", "le plan vélo", "le péage urbain", "les plateformes de VTC",
       "le conseil régional", "les nouveaux horaires"}};
  l.verbs = {"va nuire à",
             "doit protéger",
             "ne doit pas affaiblir",
             "risque de compromettre",
             "doit garantir",
             "menace",
             "va améliorer",
             "ne tient pas compte de",
             "doit respecter",
             "pourrait détruire",
             "doit préserver",
             "ignore",
             "va soutenir",
             "ne peut remplacer",
             "devrait renforcer"};
  l.objects = {
      {"l'internet ouvert", "la liberté d'expression en ligne", "la concurrence loyale",
       "la vie privée des usagers", "les petites entreprises du numérique",
       "l'accès des familles rurales", "l'innovation des jeunes pousses",
       "l'égalité de traitement des données", "le libre choix des services",
       "un haut débit abordable", "les sites d'information indépendants",
       "les bibliothèques et les écoles"},
      {"l'eau potable", "la santé de nos rivières", "les habitats de la faune",
       "les droits des communes en aval", "la santé publique", "nos nappes phréatiques",
       "les pêcheurs locaux", "la sécurité des enfants", "les zones humides du littoral",
       "une agriculture durable", "les ressources en eau futures",
       "le patrimoine naturel de la région"},
      {"des logements abordables", "les jeunes familles", "les locataires modestes",
       "le caractère de nos quartiers", "les personnes âgées", "les espaces verts publics",
       "un habitat sûr et décent", "les petits commerces", "les étudiants et les travailleurs",
       "des loyers justes", "les sans-abri", "l'offre de logements neufs"},
      {"des transports publics fiables", "les usagers aux revenus modestes", "la qualité de l'air",
       "la sécurité des cyclistes", "les lignes de bus rurales", "les personnes handicapées",
       "l'accès à l'emploi", "les objectifs climatiques", "les piétons et les enfants",
       "des tarifs abordables", "les travailleurs de nuit", "l'économie régionale"}};
  l.complements = {"",
                   "",
                   "pour les générations futures",
                   "dans chaque commune",
                   "sans exception",
                   "alors que les prix augmentent",
                   "sur tout le territoire",
                   "pour des millions de personnes",
                   "aujourd'hui comme demain",
                   "à long terme",
                   "comme l'exige la loi",
                   "en ville comme à la campagne",
                   "avant qu'il ne soit trop tard",
                   "dans l'intérêt général",
                   "en toute transparence"};
  l.greetings = {"Madame, Monsieur,", "Monsieur le Commissaire,", "Bonjour,",
                 "Mesdames et Messieurs,", "À l'attention de la commission,"};
  l.closings = {"Cordialement,", "Bien à vous,", "Merci,", "Respectueusement,",
                "Salutations distinguées,"};
  l.personal = {"Je suis {job} à {city} et j'en vois les effets tous les jours.",
                "Mon {who} en dépend et je m'inquiète pour la suite.",
                "J'habite à {city} depuis {n} ans et je n'ai jamais été aussi inquiet.",
                "Pensez aux gens comme mon {who}, qui ne peuvent pas se le permettre.",
                "Notre famille de {n} personnes serait directement touchée.",
                "Quand je suis arrivé à {city} il y a {n} ans, tout était différent."};
  l.jobs = {"enseignant",     "infirmier",          "agriculteur",      "commerçant",
            "étudiant",       "ingénieur retraité", "chauffeur de bus", "développeur",
            "bibliothécaire", "menuisier",          "médecin",          "parent"};
  l.relatives = {"père", "fils", "grand-père", "voisin", "mari", "frère", "cousin", "oncle"};
  l.synonyms = {
      {"protéger", "défendre"},     {"affaiblir", "fragiliser"},   {"garantir", "assurer"},
      {"menace", "met en danger"},  {"améliorer", "renforcer"},    {"détruire", "ruiner"},
      {"préserver", "sauvegarder"}, {"fermement", "profondément"}, {"abordables", "accessibles"},
      {"fiables", "sûrs"},          {"justes", "équitables"},      {"évident", "clair"}};
  return l;
}

}  // namespace plenary::dedup::bench
