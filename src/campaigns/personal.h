#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "campaigns/model.h"
#include "engines/dedup/personal_part.h"

// A member's personal part as it is stored (JSON) and shown (HTML with the additions marked).
namespace plenary::campaigns {

std::vector<Edit> EditsOf(const dedup::PersonalPart& part);
// [{"at": 12, "removed": ["word"], "added": ["words", "..."]}, ...]
std::string EncodeEdits(const std::vector<Edit>& edits);
// Edits from EncodeEdits' text; an empty list for "" or text that is not such JSON.
std::vector<Edit> DecodeEdits(std::string_view text);

// The member's departures from the representative's words, each with `context` words of the
// representative on either side: removed words in <del>, added ones in <mark>, everything
// escaped. Passages are separated by " … ". "" when there is no edit.
std::string HighlightEdits(const std::vector<std::string>& representative_words,
                           const std::vector<Edit>& edits, size_t context = 4);

}  // namespace plenary::campaigns
