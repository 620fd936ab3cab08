#include "bench/dedup/lexicon_data.h"

namespace plenary::dedup::bench {

Lexicon SpanishLexicon() {
  Lexicon l;
  l.code = "es";
  l.sentence_end = '.';
  l.openers = {"",
               "",
               "",
               "En mi opinión, ",
               "Francamente, ",
               "Como vecino de esta región, ",
               "Ante todo, ",
               "Creo firmemente que ",
               "Es evidente que ",
               "Seamos claros: ",
               "La experiencia demuestra que ",
               "Por esta razón, ",
               "Estoy convencido de que ",
               "Muchos de mis vecinos piensan que ",
               "Sin ninguna duda, "};
  l.subjects = {
      {"la norma propuesta", "este reglamento", "la comisión", "los proveedores de internet",
       "la derogación de la neutralidad de la red", "las compañías de banda ancha", "la agencia",
       "la priorización de pago", "el nuevo marco", "las grandes operadoras", "esta orden",
       "la propuesta actual"},
      {"el plan de protección del agua", "el permiso propuesto", "la agencia",
       "los contaminadores industriales", "la confederación hidrográfica", "esta enmienda",
       "la escorrentía agrícola", "la norma de agua potable", "la política de humedales",
       "las plantas químicas", "la norma revisada", "esta decisión"},
      {"el plan de vivienda", "la reforma urbanística", "el ayuntamiento",
       "los promotores privados", "el control de alquileres", "esta ordenanza", "los propietarios",
       "el fondo de vivienda social", "el nuevo código de edificación", "los pisos turísticos",
       "la junta de urbanismo", "esta propuesta"},
      {"el plan de transporte", "la subida de tarifas", "el consorcio de transportes",
       "el proyecto de autopista", "el rediseño de la red de autobuses", "este presupuesto",
       "los operadores ferroviarios", "la estrategia ciclista", "el peaje urbano",
       "las empresas de VTC", "el consejo regional", "el nuevo horario"}};
  l.verbs = {"perjudicará",       "debe proteger",          "no debe debilitar",
             "pondría en riesgo", "debe garantizar",        "amenaza",
             "mejorará",          "no tiene en cuenta",     "debe respetar",
             "podría destruir",   "tiene que salvaguardar", "ignora",
             "apoyará",           "no puede sustituir",     "debería reforzar"};
  l.objects = {
      {"el internet abierto", "la libertad de expresión en línea", "la competencia leal",
       "la privacidad de los usuarios", "las pequeñas empresas digitales",
       "el acceso de las familias rurales", "la innovación de las empresas emergentes",
       "el trato igualitario de los datos", "la libre elección de servicios",
       "una banda ancha asequible", "los medios independientes", "las bibliotecas y escuelas"},
      {"el agua potable", "la salud de nuestros ríos", "los hábitats de la fauna",
       "los derechos de los pueblos río abajo", "la salud pública", "nuestros acuíferos",
       "los pescadores locales", "la seguridad de los niños", "los humedales costeros",
       "la agricultura sostenible", "el suministro futuro de agua", "el patrimonio natural"},
      {"la vivienda asequible", "las familias jóvenes", "los inquilinos con pocos ingresos",
       "el carácter de nuestros barrios", "las personas mayores", "los espacios verdes",
       "una vivienda digna y segura", "el pequeño comercio", "los estudiantes y trabajadores",
       "unos alquileres justos", "las personas sin hogar", "la oferta de vivienda nueva"},
      {"un transporte público fiable", "los usuarios con pocos ingresos", "el aire limpio",
       "la seguridad de los ciclistas", "las líneas rurales de autobús",
       "las personas con discapacidad", "el acceso al empleo", "los objetivos climáticos",
       "los peatones y los niños", "unas tarifas asequibles", "los trabajadores nocturnos",
       "la economía regional"}};
  l.complements = {"",
                   "",
                   "para las generaciones futuras",
                   "en cada municipio",
                   "sin excepción",
                   "cuando los precios no paran de subir",
                   "en todo el país",
                   "para millones de personas",
                   "hoy y mañana",
                   "a largo plazo",
                   "como exige la ley",
                   "en el campo y en la ciudad",
                   "antes de que sea tarde",
                   "por el bien común",
                   "con total transparencia"};
  l.greetings = {"Estimado comisionado:", "A quien corresponda:", "Estimados señores:", "Hola,",
                 "Señoras y señores:"};
  l.closings = {"Atentamente,", "Saludos,", "Gracias,", "Un cordial saludo,", "Respetuosamente,"};
  l.personal = {"Soy {job} en {city} y veo las consecuencias cada día.",
                "Mi {who} depende de esto y me preocupa lo que viene.",
                "Vivo en {city} desde hace {n} años y nunca había estado tan preocupado.",
                "Piensen en personas como mi {who}, que no pueden permitírselo.",
                "Nuestra familia de {n} personas se vería directamente afectada.",
                "Cuando llegué a {city} hace {n} años todo era distinto."};
  l.jobs = {"profesor",
            "enfermero",
            "agricultor",
            "comerciante",
            "estudiante",
            "ingeniero jubilado",
            "conductor de autobús",
            "programador",
            "bibliotecario",
            "carpintero",
            "médico",
            "padre"};
  l.relatives = {"madre",  "padre",  "hija",  "hijo",   "abuela",
                 "vecino", "marido", "mujer", "hermano"};
  l.synonyms = {
      {"proteger", "defender"},       {"debilitar", "socavar"},        {"garantizar", "asegurar"},
      {"amenaza", "pone en peligro"}, {"mejorará", "potenciará"},      {"destruir", "arruinar"},
      {"salvaguardar", "preservar"},  {"firmemente", "profundamente"}, {"asequible", "accesible"},
      {"fiable", "seguro"},           {"justos", "equitativos"},       {"evidente", "claro"}};
  return l;
}

}  // namespace plenary::dedup::bench
