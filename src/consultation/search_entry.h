#pragma once

#include <string>
#include <string_view>

#include "consultation/model.h"

// What the search index holds of a contribution (migrations/0012_contribution_index.sqlite.sql).
namespace plenary::consultation {

struct SearchEntry {
  std::string terms;   // body, answers and attachments, analysed in its language
  std::string facets;  // one token per filter value: see FacetToken
};

// A filter value as one token of the index's `facets` column: the field's name and the value's
// ASCII letters and digits, lower-cased ("group" + "civil_society" -> "groupcivilsociety"). The
// SQLite half of migration 0012 builds the same tokens in SQL for existing rows.
std::string FacetToken(std::string_view field, std::string_view value);

// process, call, group, country (when given), language, and each question answered.
std::string Facets(const Contribution& c);

SearchEntry IndexEntry(const Contribution& c);

}  // namespace plenary::consultation
