#include "bench/dedup/lexicon_data.h"

namespace plenary::dedup::bench {

Lexicon EnglishLexicon() {
  Lexicon l;
  l.code = "en";
  l.sentence_end = '.';
  l.openers = {"",
               "",
               "",
               "In my view, ",
               "Frankly, ",
               "As a resident of this state, ",
               "Above all, ",
               "I strongly believe that ",
               "It is clear that ",
               "Let me be plain: ",
               "Experience shows that ",
               "For this reason, ",
               "I am convinced that ",
               "Many of my neighbours agree that ",
               "Without any doubt, "};
  l.subjects = {
      {"the proposed rule", "this regulation", "the commission", "internet service providers",
       "the repeal of net neutrality", "broadband companies", "the agency", "paid prioritisation",
       "the new framework", "large telecom carriers", "this order", "the current proposal"},
      {"the water protection plan", "the proposed permit", "the agency", "industrial polluters",
       "the river authority", "this amendment", "agricultural runoff", "the drinking water rule",
       "the wetlands policy", "chemical plants", "the revised standard", "this decision"},
      {"the housing plan", "the zoning reform", "the city council", "private developers",
       "the rent control measure", "this ordinance", "landlords", "the affordable housing fund",
       "the new building code", "short term rentals", "the planning board", "this proposal"},
      {"the transit plan", "the fare increase", "the transport authority", "the highway project",
       "the bus network redesign", "this budget", "rail operators", "the cycling strategy",
       "the congestion charge", "ride hailing companies", "the regional council",
       "the new timetable"}};
  l.verbs = {"will harm",          "must protect",   "should not weaken", "would undermine",
             "needs to guarantee", "threatens",      "will improve",      "fails to consider",
             "must respect",       "could destroy",  "has to safeguard",  "ignores",
             "will support",       "cannot replace", "should strengthen"};
  l.objects = {
      {"the open internet", "free expression online", "fair competition", "consumer privacy",
       "small online businesses", "access for rural families", "innovation by startups",
       "equal treatment of data", "the freedom to choose services", "affordable broadband",
       "independent news sites", "public libraries and schools"},
      {"clean drinking water", "the health of our rivers", "fish and wildlife habitats",
       "the rights of downstream communities", "public health", "our groundwater",
       "local fishermen", "the safety of children", "the coastal wetlands",
       "sustainable agriculture", "future water supplies", "the natural heritage of the region"},
      {"affordable homes", "young families", "tenants on low incomes",
       "the character of our "
       "neighbourhoods",
       "older residents", "public green spaces", "safe and decent housing",
       "local small businesses", "students and workers", "fair rents", "homeless people",
       "the supply of new homes"},
      {"reliable public transport", "commuters on low incomes", "clean air in the city",
       "safe streets for cyclists", "rural bus routes", "people with disabilities",
       "access to jobs", "the climate targets", "pedestrians and children", "affordable fares",
       "night workers", "the regional economy"}};
  l.complements = {"",
                   "",
                   "for generations to come",
                   "in every community",
                   "without exception",
                   "at a time when costs are rising",
                   "across the whole country",
                   "for millions of people",
                   "now and in the future",
                   "in the long run",
                   "as the law requires",
                   "in rural and urban areas alike",
                   "before it is too late",
                   "for the common good",
                   "in a transparent way"};
  l.greetings = {"Dear Commissioner,",         "To whom it may concern,",
                 "Dear Sir or Madam,",         "Hello,",
                 "Dear members of the board,", "Good afternoon,"};
  l.closings = {"Sincerely,", "Regards,", "Thank you,", "Best wishes,", "Respectfully,"};
  l.personal = {"As a {job} in {city}, I see the consequences of this every day.",
                "My {who} depends on this and I worry about what comes next.",
                "I have lived in {city} for {n} years and I have never been this concerned.",
                "Please think of people like my {who}, who cannot afford any of this.",
                "I am a {job} and I vote in every election.",
                "Our family of {n} would be directly affected by this decision.",
                "When I moved to {city} {n} years ago things were very different."};
  l.jobs = {"teacher",    "nurse",
            "farmer",     "small business owner",
            "student",    "retired engineer",
            "bus driver", "software developer",
            "librarian",  "carpenter",
            "doctor",     "parent"};
  l.relatives = {"mother",    "father",  "daughter", "son",     "grandmother",
                 "neighbour", "husband", "wife",     "brother", "sister"};
  l.synonyms = {{"harm", "hurt"},        {"protect", "defend"},      {"weaken", "dilute"},
                {"guarantee", "ensure"}, {"threatens", "endangers"}, {"improve", "enhance"},
                {"destroy", "ruin"},     {"safeguard", "preserve"},  {"strongly", "firmly"},
                {"affordable", "cheap"}, {"future", "coming"},       {"rising", "increasing"},
                {"plain", "clear"},      {"reliable", "dependable"}, {"fair", "just"}};
  return l;
}

}  // namespace plenary::dedup::bench
