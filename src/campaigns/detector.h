#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>

#include "core/clock.h"
#include "core/result.h"
#include "engines/dedup/campaign.h"
#include "engines/dedup/options.h"
#include "engines/dedup/tokenizer.h"
#include "storage/database.h"

namespace plenary::campaigns {

struct CallIndex;       // detector.cc: one call's index and what is stored of its clusters
struct DetectionBatch;  // detector.cc: what one pass reads and writes

struct DetectorOptions {
  dedup::Options engine;            // Jaccard threshold (0.8), shingles, threads
  dedup::CampaignOptions campaign;  // min_members: the size of a campaign (10)
  int64_t batch = 5000;             // contributions read and committed at a time
};

struct CatchUpReport {
  int64_t read = 0;        // new contributions indexed
  int64_t unreadable = 0;  // of which the engine refused the text (empty, one word repeated...)
  int64_t rebuilt = 0;     // earlier contributions re-indexed from their text (after a start)
  int64_t clusters_written = 0;
  int64_t up_to_id = 0;  // every contribution up to this id is indexed
};

// Called now and then with the contribution ids covered so far and those to cover.
using CatchUpProgress = std::function<void(int64_t done, int64_t total)>;

// Near-duplicate detection as contributions arrive. Each CatchUp reads the contributions (any
// call, any status) whose id is above the stored watermark, adds their text (body and answers)
// to the call's incremental index (engines/dedup), and writes the clusters that changed, their
// members and each campaign member's personal part, moving the watermark in the same
// transaction. The indexes live in memory; a call's is rebuilt from the texts the first time
// the call receives something after a start (the engine is deterministic, so clusters keep
// their ids), and all are dropped when another process (an import) moved the watermark.
// Not thread-safe: one thread calls CatchUp.
class Detector {
 public:
  // kInternal when ICU cannot be loaded; kInvalidArgument for unusable options.
  static Result<std::unique_ptr<Detector>> Create(storage::Database& db, const Clock& clock,
                                                  const DetectorOptions& options = {});
  ~Detector();

  // Indexes everything received since the last pass. On an error nothing of the failed batch
  // is kept, and the next pass starts again from the stored watermark. A batch that another
  // process indexed first (kConflict on the watermark) is not an error: the pass goes on from
  // where that process got to (up to four times).
  Result<CatchUpReport> CatchUp(const CatchUpProgress& progress = {});

  const DetectorOptions& options() const { return options_; }

 private:
  Detector(storage::Database& db, const Clock& clock, const DetectorOptions& options,
           dedup::Tokenizer tokenizer);
  Result<CallIndex*> StateOf(int64_t call_id, CatchUpReport& report);
  // One pass from the stored watermark, adding to `report`; kConflict when another process
  // moved the watermark first.
  Status CatchUpPass(const CatchUpProgress& progress, CatchUpReport& report);
  Status IndexBatch(DetectionBatch& batch, CatchUpReport& report);
  Status Commit(DetectionBatch& batch);

  storage::Database& db_;
  const Clock& clock_;
  DetectorOptions options_;
  dedup::Tokenizer tokenizer_;
  std::map<int64_t, std::unique_ptr<CallIndex>> calls_;
  int64_t watermark_ = -1;  // -1: read it from the database first
};

}  // namespace plenary::campaigns
