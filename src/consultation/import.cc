#include "consultation/import.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "audit/trail.h"
#include "consultation/import_records.h"
#include "consultation/index_backlog.h"
#include "consultation/prepare.h"
#include "consultation/search_entry.h"
#include "consultation/store.h"

namespace plenary::consultation {
namespace {

using nlohmann::json;

// Records a transaction: the first batch, then twice as many each time up to kMaxBatch, fewer
// as the text ends (NextBatchSize).
constexpr size_t kFirstBatch = 1000;
constexpr size_t kMaxBatch = 16000;

// Writes a batch's contributions, listed in the index backlog, in one transaction; then offers
// their analysed entries to `backlog`, whose pass (IndexWriter) writes the terms.
Status WriteBatch(Context& ctx, const audit::Actor& actor, const Call& call,
                  std::vector<Ready>& batch, IndexBacklog& backlog, ImportReport& report) {
  ImportReport delta;
  std::vector<std::pair<int64_t, SearchEntry*>> entries;
  Status s = ctx.db.Transaction([&](storage::Connection& c) -> Status {
    delta = {};
    entries.clear();
    // One lookup for the batch's idempotency keys; a key twice in the batch lands once.
    std::vector<std::string> keys;
    for (const Ready& r : batch) {
      if (r.error.empty() && !r.key.empty()) {
        keys.push_back(r.key);
      }
    }
    ASSIGN_OR_RETURN(std::set<std::string> taken, store::TakenKeys(c, call.id, keys));
    std::vector<store::NewRow> rows;
    std::vector<SearchEntry*> row_entries;
    rows.reserve(batch.size());
    for (Ready& r : batch) {
      if (!r.error.empty()) {
        continue;
      }
      if (!r.key.empty() && !taken.insert(r.key).second) {
        ++delta.replayed;
        continue;
      }
      rows.push_back({&r.contribution, r.key});
      row_entries.push_back(&r.entry);
    }
    ASSIGN_OR_RETURN(std::vector<int64_t> ids, store::InsertContributions(c, rows, ReceiptFor));
    entries.reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
      entries.emplace_back(ids[i], row_entries[i]);
      delta.first_id = delta.first_id == 0 ? ids[i] : std::min(delta.first_id, ids[i]);
      delta.last_id = std::max(delta.last_id, ids[i]);
    }
    delta.imported = static_cast<int64_t>(ids.size());
    RETURN_IF_ERROR(store::AddToIndexBacklog(c, ids));
    if (delta.imported == 0) {
      return Status::Ok();
    }
    return audit::Append(c, actor,
                         {"call", std::to_string(call.id), call.process_id, "import", nullptr,
                          json{{"contributions", delta.imported},
                               {"first_id", delta.first_id},
                               {"last_id", delta.last_id}}},
                         ctx.clock.Now());
  });
  RETURN_IF_ERROR(s);
  for (auto& [id, entry] : entries) {
    backlog.Offer(id, std::move(*entry));
  }
  report.imported += delta.imported;
  report.replayed += delta.replayed;
  report.first_id = report.first_id == 0 ? delta.first_id : report.first_id;
  report.last_id = delta.last_id != 0 ? delta.last_id : report.last_id;
  return Status::Ok();
}

// A batch read and prepared by the threads that take part: records are claimed one at a time,
// so that the writer, its transaction committed, helps finish the next batch instead of waiting.
class BatchWork {
 public:
  BatchWork(Context& ctx, const Call& call, const std::string& now)
      : ctx_(ctx), call_(call), now_(now) {}

  // Reads up to `limit` records, then prepares them on this thread and `threads` - 1 more (and
  // any that Help).
  void Run(Reader& reader, size_t limit, unsigned threads) {
    Result<bool> more = reader.Next(records_, limit);
    {
      std::lock_guard lock(mutex_);
      status_ = more ? Status::Ok() : Status(more.error());
      if (!more || !*more) {
        records_.clear();
      }
      ready_.resize(records_.size());
      position_ = reader.position();
      read_ = true;
    }
    cv_.notify_all();
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) {
      pool.emplace_back([this] { Prepare(); });
    }
    Prepare();
  }

  // Prepares records beside Run once they are read; returns when all are prepared.
  void Help() {
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [this] { return read_; });
    }
    Prepare();
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return prepared_ == records_.size(); });
  }

  // After Help: the batch (empty at the end of the text), the reader's position.
  const Status& status() const { return status_; }
  std::vector<Ready>& ready() { return ready_; }
  size_t position() const { return position_; }

 private:
  void Prepare() {
    size_t mine = 0;
    for (size_t i = next_++; i < records_.size(); i = next_++) {
      ready_[i] = PrepareRecord(ctx_, call_, records_[i], now_);
      records_[i] = Record();  // freed here, on an analysing thread
      ++mine;
    }
    std::lock_guard lock(mutex_);
    prepared_ += mine;
    if (prepared_ == records_.size()) {
      cv_.notify_all();
    }
  }

  Context& ctx_;
  const Call& call_;
  const std::string& now_;
  std::vector<Record> records_;
  std::vector<Ready> ready_;
  std::atomic<size_t> next_{0};
  std::mutex mutex_;
  std::condition_variable cv_;
  bool read_ = false;    // guarded by mutex_
  size_t prepared_ = 0;  // guarded by mutex_
  Status status_;
  size_t position_ = 0;
};

// Batches read and prepared on a thread of their own, up to kAhead ahead of the writer, so that
// analysis never waits for a write that takes longer than it (the two cores' shares of the work
// swing with the texts and with what else runs). The writer helps prepare the batch it takes
// when that one is not ready yet.
class Analysis {
 public:
  static constexpr size_t kAhead = 2;

  Analysis(Context& ctx, const Call& call, Reader& reader, size_t text_size)
      : ctx_(ctx),
        call_(call),
        reader_(reader),
        text_size_(text_size),
        now_(FormatIso8601(ctx.clock.Now())),
        thread_([this] { Loop(); }) {}
  Analysis(const Analysis&) = delete;
  Analysis& operator=(const Analysis&) = delete;
  ~Analysis() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_all();
  }

  // The next batch, prepared (empty at the end of the text); null once the end was taken.
  BatchWork* Take() {
    BatchWork* batch = nullptr;
    {
      std::unique_lock lock(mutex_);
      if (!written_.empty()) {
        done_.push_back(std::move(written_.front()));  // freed by the analysing thread
        written_.pop_front();
      }
      cv_.wait(lock, [this] { return !queue_.empty() || finished_; });
      if (queue_.empty()) {
        return nullptr;
      }
      written_.push_back(std::move(queue_.front()));
      queue_.pop_front();
      batch = written_.back().get();
    }
    cv_.notify_all();
    batch->Help();
    return batch;
  }

 private:
  void Loop() {
    size_t limit = kFirstBatch;
    size_t read = 0;
    size_t position = 0;
    for (bool first = true;; first = false) {
      std::unique_ptr<BatchWork> batch;
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [this] { return queue_.size() < kAhead || stopping_; });
        done_.clear();
        if (stopping_) {
          break;
        }
        limit = first ? kFirstBatch : NextBatchSize(limit, read, position, text_size_);
        batch = std::make_unique<BatchWork>(ctx_, call_, now_);
        queue_.push_back(std::move(batch));
        batch_ = queue_.back().get();
      }
      cv_.notify_all();
      batch_->Run(reader_, limit, threads_);
      read += batch_->ready().size();
      position = batch_->position();
      if (batch_->ready().empty()) {
        break;
      }
    }
    std::lock_guard lock(mutex_);
    finished_ = true;
    cv_.notify_all();
  }

  // Analysis takes every core but the one the writer needs while it writes (a third thread on
  // two cores would slow the writer by a third); the writer helps when it has nothing to write.
  const unsigned threads_ =
      std::max(1u, std::min(8u, std::max(1u, std::thread::hardware_concurrency())) - 1);
  Context& ctx_;
  const Call& call_;
  Reader& reader_;  // only the analysing thread reads
  size_t text_size_;
  std::string now_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<BatchWork>> queue_;    // guarded by mutex_: read, not yet taken
  std::deque<std::unique_ptr<BatchWork>> written_;  // guarded by mutex_: taken by the writer
  std::vector<std::unique_ptr<BatchWork>> done_;    // guarded by mutex_: to free
  bool stopping_ = false;                           // guarded by mutex_
  bool finished_ = false;                           // guarded by mutex_
  BatchWork* batch_ = nullptr;                      // the analysing thread's
  std::jthread thread_;  // last: started once the rest is made, joined first
};

// The search terms of the committed batches, written by IndexBacklog's passes on a thread of
// their own while the writer commits the next batch (on SQLite into the derived file, which
// does not hold the main file's writer). Half of a batch's writing is its terms: written
// beside the rows, they keep both cores busy at the end of the text, when nothing is left to
// analyse. A pass stops at the last id it was given, so it never takes ids of a batch whose
// entries are not offered yet (it would analyse their texts again).
class IndexWriter {
 public:
  explicit IndexWriter(IndexBacklog& backlog) : backlog_(backlog), thread_([this] { Loop(); }) {}
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;
  ~IndexWriter() { static_cast<void>(Finish()); }

  // Indexes the backlog up to `last_id`, the last of a batch just committed and offered. Waits
  // while the batch before is still waiting for its pass: at most one waits.
  Status Add(int64_t last_id) {
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [this] { return !waiting_ || !status_.ok(); });
      RETURN_IF_ERROR(status_);
      waiting_ = last_id;
    }
    cv_.notify_all();
    return Status::Ok();
  }

  // Waits for the passes of every batch added; the first error of any.
  Status Finish() {
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) {
      thread_.join();
    }
    return status_;
  }

 private:
  void Loop() {
    for (;;) {
      int64_t up_to = 0;
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [this] { return waiting_ || closing_; });
        if (!waiting_) {
          return;
        }
        up_to = *waiting_;
        waiting_.reset();
      }
      cv_.notify_all();
      Status s = backlog_.DrainAll(up_to);
      if (!s.ok()) {
        std::lock_guard lock(mutex_);
        status_ = std::move(s);
        cv_.notify_all();
        return;
      }
    }
  }

  IndexBacklog& backlog_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::optional<int64_t> waiting_;  // guarded by mutex_
  bool closing_ = false;            // guarded by mutex_
  Status status_;                   // guarded by mutex_; read once the thread is joined
  std::thread thread_;              // last: started once the rest is made
};

// Writes the batches as Analysis prepares them, each committed before its progress is reported.
Status ImportBatches(Context& ctx, const audit::Actor& actor, const Call& call, Reader& reader,
                     size_t text_size, const ImportProgress& progress, ImportReport& report) {
  IndexBacklog backlog(ctx.db, {.most = static_cast<int64_t>(kMaxBatch)});
  IndexWriter index(backlog);
  Analysis analysis(ctx, call, reader, text_size);
  for (bool first = true;; first = false) {
    BatchWork* batch = analysis.Take();
    if (batch == nullptr) {
      return index.Finish();
    }
    RETURN_IF_ERROR(batch->status());
    if (batch->ready().empty()) {
      return index.Finish();
    }
    report.read += static_cast<int64_t>(batch->ready().size());
    for (const Ready& r : batch->ready()) {
      if (!r.error.empty()) {
        report.refused.emplace_back(r.line, r.error);
      }
    }
    const int64_t last_before = report.last_id;
    RETURN_IF_ERROR(WriteBatch(ctx, actor, call, batch->ready(), backlog, report));
    if (report.last_id != last_before) {
      RETURN_IF_ERROR(index.Add(report.last_id));
    }
    if (first) {
      // PostgreSQL's statistics once the table holds a batch (store::RefreshStatistics).
      RETURN_IF_ERROR(
          ctx.db.Transaction([](storage::Connection& c) { return store::RefreshStatistics(c); }));
    }
    if (progress) {
      progress(batch->position(), text_size);
    }
  }
}

}  // namespace

size_t NextBatchSize(size_t last, size_t read, size_t position, size_t size) {
  const size_t grown = std::clamp(last * 2, kFirstBatch, kMaxBatch);
  if (read == 0 || position == 0 || position >= size) {
    return grown;
  }
  const double remaining = static_cast<double>(size - position) * static_cast<double>(read) /
                           static_cast<double>(position);
  return std::clamp(static_cast<size_t>(remaining / 3), kFirstBatch, grown);
}

Result<ImportReport> ImportContributions(Context& ctx, const audit::Actor& actor, int64_t call_id,
                                         std::string_view text, ImportFormat format,
                                         const ImportProgress& progress) {
  std::optional<Call> call;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(call, store::FindCall(c, call_id));
    return Status::Ok();
  }));
  if (!call) {
    return Error(NotFound(fmt::format("no call {}", call_id)));
  }
  // A search index lost or left behind is put back in step first (index_backlog.h).
  RETURN_IF_ERROR(ReconcileIndex(ctx.db));
  ImportReport report;
  Reader reader(text, format);
  RETURN_IF_ERROR(reader.Start());
  RETURN_IF_ERROR(ImportBatches(ctx, actor, *call, reader, text.size(), progress, report));
  return report;
}

}  // namespace plenary::consultation
