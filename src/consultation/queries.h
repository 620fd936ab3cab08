#pragma once

#include <optional>
#include <string>
#include <vector>

#include "consultation/commands.h"
#include "consultation/store.h"

// The consultation module's reads, each in one consistent read.
namespace plenary::consultation {

Result<Call> ReadCall(Context& ctx, int64_t call_id);
Result<std::vector<Call>> ReadCalls(Context& ctx, int64_t process_id);
// A contribution as the public sees it: kNotFound unless published, or unless `moderator`
// (the secretariat of its process) asks.
Result<Contribution> ReadContribution(Context& ctx, int64_t id, bool moderator);
Result<Attachment> ReadFile(Context& ctx, int64_t contribution_id, int64_t file_id, bool moderator);
Result<int64_t> ProcessOfCall(Context& ctx, int64_t call_id);
Result<int64_t> ProcessOfContribution(Context& ctx, int64_t contribution_id);

struct Listing {
  std::vector<Contribution> items;
  int64_t matching = 0;  // published contributions matching the filter
  // Over all published contributions of the call.
  std::vector<std::pair<std::string, int64_t>> by_group, by_language, by_country;
  // Not public, by reason ("" for those awaiting moderation).
  std::vector<std::pair<std::string, int64_t>> withheld;
  // With filter.collapse_campaigns: the campaigns that listed items represent.
  std::vector<store::CampaignBadge> campaigns;
};
Result<Listing> ListContributions(Context& ctx, const store::ListFilter& filter);

struct SearchHit {
  int64_t id = 0;
  int64_t call_id = 0;
  std::string receipt;
  std::string author;  // "" when not published
  std::string organisation;
  std::string language;
  double score = 0;
  std::string snippet;  // HTML: escaped text with <mark> around the matched words
  std::string snippet_text;
};
// Ranked hits for `q` in the process's published contributions and their attachments.
// kInvalidArgument for an empty query or one over 500 bytes.
Result<std::vector<SearchHit>> Search(Context& ctx, std::string_view q,
                                      const store::SearchFilter& filter);

}  // namespace plenary::consultation
