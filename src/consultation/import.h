#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "audit/actor.h"
#include "consultation/commands.h"

// Bulk intake (`plenary import contributions`): contributions received elsewhere (by mail, on
// paper, from another platform) loaded into a call, whatever its deadline.
namespace plenary::consultation {

enum class ImportFormat { kCsv, kJsonLines };

struct ImportReport {
  int64_t read = 0;      // records read
  int64_t imported = 0;  // contributions written
  int64_t replayed = 0;  // skipped: their idempotency_key was already imported
  std::vector<std::pair<int64_t, std::string>> refused;  // (line, why)
  int64_t first_id = 0;
  int64_t last_id = 0;
};

// Called now and then with the bytes read so far and the total.
using ImportProgress = std::function<void(size_t done, size_t total)>;

// Reads `text` — CSV with a header row (author_name, publish_name, organisation,
// stakeholder_group, country, language, body, answer_1, answer_2, ..., submitted_at,
// idempotency_key) or JSON Lines (one object per line with the API's fields plus submitted_at
// and idempotency_key) — validates each record as the API does, analyses the accepted ones on
// every core, and writes them in transactions of up to 16,000, one audit entry each. Refused
// records are reported with their line and reason; they do not stop the import.
// kNotFound for an unknown call; kInvalidArgument for an unreadable file (a CSV without header).
// The size of the batch after one of `last` records, `read` records having been read from the
// first `position` bytes of `size`: twice the last, up to 16,000, but at most a third of what
// is estimated to remain. The last batch is written with nothing to analyse beside it, so the
// batches taper (to no fewer than 1,000) as the text ends.
size_t NextBatchSize(size_t last, size_t read, size_t position, size_t size);

Result<ImportReport> ImportContributions(Context& ctx, const audit::Actor& actor, int64_t call_id,
                                         std::string_view text, ImportFormat format,
                                         const ImportProgress& progress = {});

}  // namespace plenary::consultation
