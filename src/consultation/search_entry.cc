#include "consultation/search_entry.h"

#include <fmt/format.h>

#include "engines/text/analyzer.h"

namespace plenary::consultation {

std::string FacetToken(std::string_view field, std::string_view value) {
  std::string token(field);
  for (char ch : value) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
      token += ch;
    } else if (ch >= 'A' && ch <= 'Z') {
      token += static_cast<char>(ch - 'A' + 'a');
    }
  }
  return token;
}

std::string Facets(const Contribution& c) {
  std::string out = fmt::format("{} {} {}", FacetToken("process", std::to_string(c.process_id)),
                                FacetToken("call", std::to_string(c.call_id)),
                                FacetToken("group", c.stakeholder_group));
  if (!c.country_iso3.empty()) {
    out += " " + FacetToken("country", c.country_iso3);
  }
  out += " " + FacetToken("language", c.language);
  for (const Answer& a : c.answers) {
    out += " " + FacetToken("question", std::to_string(a.question));
  }
  return out;
}

SearchEntry IndexEntry(const Contribution& c) {
  std::string all_text = c.body;
  for (const Answer& a : c.answers) {
    all_text += "\n\n" + a.text;
  }
  for (const Attachment& a : c.attachments) {
    all_text += "\n\n" + a.text;
  }
  return {text::TermString(all_text, c.language), Facets(c)};
}

}  // namespace plenary::consultation
