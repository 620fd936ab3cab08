#include "consultation/index_backlog.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "consultation/store.h"
#include "core/log.h"
#include "core/thread_role.h"

namespace plenary::consultation {

IndexBacklog::IndexBacklog(storage::Database& db, IndexBacklogOptions options)
    : db_(db), options_(options) {}

IndexBacklog::~IndexBacklog() {
  Stop();
}

void IndexBacklog::Offer(int64_t id, SearchEntry entry) {
  constexpr size_t kMostOffered = 100'000;  // past it the writer analyses the texts itself
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (offered_.size() < kMostOffered) {
      offered_.emplace(id, std::move(entry));
    }
    wake = offered_.size() == options_.wake_at;
  }
  if (wake) {
    wake_.notify_one();
  }
}

Result<int64_t> IndexBacklog::Drain(int64_t up_to_id) {
  std::lock_guard pass(drain_mutex_);
  std::vector<int64_t> ids;
  RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(ids, store::IndexBacklog(c, options_.most, up_to_id));
    return Status::Ok();
  }));
  if (ids.empty()) {
    return 0;
  }
  // Offered entries, else the texts analysed here (a restart, or offers past the bound).
  std::vector<std::pair<int64_t, SearchEntry>> entries;
  std::vector<int64_t> missing;
  {
    std::lock_guard lock(mutex_);
    for (int64_t id : ids) {
      auto it = offered_.find(id);
      if (it == offered_.end()) {
        missing.push_back(id);
      } else {
        entries.emplace_back(id, std::move(it->second));
        offered_.erase(it);
      }
    }
  }
  if (!missing.empty()) {
    std::vector<Contribution> texts;
    RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(texts, store::ContributionsToIndex(c, missing));
      return Status::Ok();
    }));
    for (const Contribution& contribution : texts) {  // an id without a row is just removed
      entries.emplace_back(contribution.id, IndexEntry(contribution));
    }
  }
  // First the terms, in the derived file where SQLite keeps the index, skipping what a pass
  // cut short by a crash had indexed already; then the ids out of the backlog. Neither is
  // synced at its commit. A crash that undoes the removal leaves the ids listed, to be skipped
  // at the next start. On SQLite the two commits are in two files, and a crash may undo the
  // terms yet keep the removal (the main file's next durable commit syncs it): the ids are
  // then neither indexed nor listed, and ReconcileIndex lists them again at the next start.
  RETURN_IF_ERROR(db_.DerivedTransaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(std::vector<int64_t> held, store::IndexedAmong(c, ids));
    std::vector<std::pair<int64_t, const SearchEntry*>> rows;
    rows.reserve(entries.size());
    for (const auto& [id, entry] : entries) {
      if (!std::ranges::binary_search(held, id)) {
        rows.emplace_back(id, &entry);
      }
    }
    return store::IndexContributions(c, rows);
  }));
  RETURN_IF_ERROR(db_.EventualTransaction(
      [&](storage::Connection& c) { return store::RemoveFromIndexBacklog(c, ids); }));
  {
    // An offer that came after its id was read here, and analysed, is of no more use.
    std::lock_guard lock(mutex_);
    std::erase_if(offered_, [&](const auto& offer) { return offer.first <= ids.back(); });
  }
  return static_cast<int64_t>(ids.size());
}

Status IndexBacklog::DrainAll(int64_t up_to_id) {
  for (;;) {
    ASSIGN_OR_RETURN(int64_t drained, Drain(up_to_id));
    if (drained < options_.most) {
      return Status::Ok();
    }
  }
}

void IndexBacklog::Start() {
  std::lock_guard lock(mutex_);
  if (!thread_.joinable()) {
    stopping_ = false;
    thread_ = std::thread([this] { Run(); });
  }
}

void IndexBacklog::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void IndexBacklog::Run() {
  SetThreadRole("index-backlog");  // holds the main writer: never kBackground
  if (Status reconciled = ReconcileIndex(db_); !reconciled.ok()) {
    log::Warn("search_index_not_reconciled", {{"error", reconciled.ToString()}});
  }
  // First what an earlier run left (a crash), then a pass every `interval` or when offers pile
  // up, and a last one at the stop.
  bool stopping = false;
  for (;;) {
    // Until the backlog is empty, or a pass fails (then again later; at a stop, at the next
    // start).
    for (;;) {
      auto indexed = Drain();
      if (!indexed) {
        log::Warn("index_backlog_failed", {{"error", indexed.error().ToString()}});
        break;
      }
      if (*indexed < options_.most) {
        break;
      }
    }
    if (stopping) {
      return;
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, options_.interval,
                   [this] { return stopping_ || offered_.size() >= options_.wake_at; });
    stopping = stopping_;
  }
}

Status IndexAllWaiting(storage::Database& db) {
  IndexBacklog backlog(db);
  return backlog.DrainAll();
}

Status ReconcileIndex(storage::Database& db) {
  store::IndexStanding standing;
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(standing, store::StandingOfIndex(c));
    return Status::Ok();
  }));
  if (standing.last_indexed > standing.last_contribution) {
    // The index has terms for ids the main file never had (or no longer has): they would be
    // taken for the terms of the next contributions to get those ids. Start it again.
    log::Warn("search_index_ahead_of_database",
              {{"last_indexed", std::to_string(standing.last_indexed)},
               {"last_contribution", std::to_string(standing.last_contribution)}});
    RETURN_IF_ERROR(db.DerivedTransaction(store::ClearIndex));
    standing.indexed = 0;
  }
  // An id in both the index and the backlog (a pass cut short) counts twice here, so equal
  // counts may hide a missing one only after such a crash and a loss of the index together.
  if (standing.indexed + standing.waiting >= standing.contributions) {
    return Status::Ok();
  }
  std::vector<int64_t> unlisted;
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(unlisted, store::UnlistedContributions(c));
    return Status::Ok();
  }));
  log::Info("search_index_relisted", {{"contributions", std::to_string(unlisted.size())}});
  return db.EventualTransaction(
      [&](storage::Connection& c) { return store::AddToIndexBacklog(c, unlisted); });
}

}  // namespace plenary::consultation
