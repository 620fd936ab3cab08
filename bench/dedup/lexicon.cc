#include "bench/dedup/lexicon.h"

#include "bench/dedup/lexicon_data.h"

namespace plenary::dedup::bench {

const std::vector<Lexicon>& Lexicons() {
  static const auto* const lexicons = new std::vector<Lexicon>{EnglishLexicon(), FrenchLexicon(),
                                                               SpanishLexicon(), ChineseLexicon()};
  return *lexicons;
}

const std::vector<std::string>& FirstNames() {
  static const auto* const names = new std::vector<std::string>{
      "Maria", "John",  "Aisha",  "Wei",   "Carlos", "Sophie", "Liam",  "Fatima", "Noah",   "Elena",
      "Lucas", "Amara", "Hugo",   "Yuki",  "Priya",  "Omar",   "Chloe", "Mateo",  "Ingrid", "Kwame",
      "Lena",  "Diego", "Hannah", "Jorge", "Mei",    "Pierre", "Sara",  "Tomas",  "Zoe",    "Ravi"};
  return *names;
}

const std::vector<std::string>& LastNames() {
  static const auto* const names = new std::vector<std::string>{
      "Garcia", "Smith",    "Dubois",  "Wang",   "Martinez",  "Nguyen", "Okafor",
      "Rossi",  "Kowalski", "Johnson", "Moreau", "Fernandez", "Li",     "Brown",
      "Silva",  "Schmidt",  "Haddad",  "Tanaka", "Lopez",     "Murphy", "Petit",
      "Chen",   "Novak",    "Ali",     "Jensen", "Costa",     "Wilson", "Sato"};
  return *names;
}

const std::vector<std::string>& Cities() {
  static const auto* const cities = new std::vector<std::string>{
      "Springfield", "Lyon",   "Sevilla",  "Portland", "Marseille", "Valencia",
      "Denver",      "Nantes", "Bilbao",   "Austin",   "Toulouse",  "Granada",
      "Madison",     "Lille",  "Zaragoza", "Tucson",   "Bordeaux",  "Malaga",
      "Albany",      "Rennes", "Cordoba",  "Boise",    "Dijon",     "Murcia"};
  return *cities;
}

}  // namespace plenary::dedup::bench
