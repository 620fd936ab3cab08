#include "consultation/search_index.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "consultation/search_entry.h"
#include "core/log.h"
#include "core/text.h"
#include "core/thread_role.h"
#include "engines/search/ranking.h"
#include "engines/text/analyzer.h"

namespace plenary::consultation {

SearchIndex::SearchIndex(storage::Database& db, SearchIndexOptions options)
    : db_(db), options_(options) {}

SearchIndex::~SearchIndex() {
  Stop();
}

int64_t SearchIndex::size() const {
  std::shared_lock lock(index_mutex_);
  return index_.size();
}

size_t SearchIndex::bytes() const {
  std::shared_lock lock(index_mutex_);
  return index_.bytes();
}

Result<int64_t> SearchIndex::CatchUp(const std::function<void(int64_t)>& progress) {
  std::lock_guard pass(catch_up_);
  int64_t added = 0;
  ASSIGN_OR_RETURN(std::vector<int64_t> late, LateArrivals());
  if (!late.empty()) {
    RETURN_IF_ERROR(AddContributions(late));
    added += std::ssize(late);
  }
  while (true) {
    int64_t after = 0;
    {
      std::shared_lock lock(index_mutex_);
      after = index_.max_id();
    }
    std::vector<int64_t> ids;
    RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(ids, store::ContributionIdsAfter(c, after, options_.page));
      return Status::Ok();
    }));
    if (ids.empty()) {
      return added;
    }
    NoteGaps(after, ids);
    RETURN_IF_ERROR(AddContributions(ids));
    added += std::ssize(ids);
    if (progress) {
      progress(added);
    }
  }
}

void SearchIndex::NoteGaps(int64_t after, const std::vector<int64_t>& ids) {
  // Beyond this many missing ids at once (a sequence moved on by hand, a huge rolled-back
  // import), the rest are not waited for.
  constexpr int64_t kMostGaps = 100'000;
  auto now = std::chrono::steady_clock::now();
  int64_t previous = after;
  for (int64_t id : ids) {
    for (int64_t missing = previous + 1; missing < id && std::ssize(gaps_) < kMostGaps; ++missing) {
      gaps_.emplace(missing, now);
    }
    previous = id;
  }
  gaps_waiting_ = gaps_.size();
}

Result<std::vector<int64_t>> SearchIndex::LateArrivals() {
  std::vector<int64_t> late;
  if (gaps_.empty()) {
    return late;
  }
  auto now = std::chrono::steady_clock::now();
  std::erase_if(gaps_, [&](const auto& gap) { return now - gap.second > options_.gap_patience; });
  std::vector<int64_t> waiting;
  for (const auto& [id, since] : gaps_) {
    waiting.push_back(id);
  }
  RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(late, store::ExistingContributions(c, waiting));
    return Status::Ok();
  }));
  for (int64_t id : late) {
    gaps_.erase(id);
  }
  gaps_waiting_ = gaps_.size();
  return late;
}

Status SearchIndex::AddContributions(const std::vector<int64_t>& ids) {
  int threads = options_.threads > 0
                    ? options_.threads
                    : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  // The analysis (word breaking, stemming) is most of the cost: what intake offered is taken
  // as it is, and only the rest is read and analysed, split over the cores.
  std::vector<SearchEntry> entries(ids.size());
  std::vector<uint8_t> given(ids.size(), 0);
  std::vector<int64_t> to_read;
  {
    std::lock_guard lock(offered_mutex_);
    for (size_t i = 0; i < ids.size(); ++i) {
      if (auto found = offered_.find(ids[i]); found != offered_.end()) {
        entries[i] = std::move(found->second);
        given[i] = 1;
        offered_.erase(found);
      } else {
        to_read.push_back(ids[i]);
      }
    }
  }
  std::vector<Contribution> page;  // in the order of `ids` without the offered ones
  if (!to_read.empty()) {
    RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(page, store::ContributionsToIndex(c, to_read));
      return Status::Ok();
    }));
    if (page.size() != to_read.size()) {
      return Internal("search index: contributions changed while being read");
    }
  }
  std::vector<size_t> slot;  // page[k] is entries[slot[k]]
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!given[i]) {
      slot.push_back(i);
    }
  }
  auto analyse = [&](size_t part, size_t parts) {
    for (size_t k = part; k < page.size(); k += parts) {
      entries[slot[k]] = IndexEntry(page[k]);
    }
  };
  auto parts = static_cast<size_t>(std::min<int64_t>(threads, (std::ssize(page) + 63) / 64));
  std::vector<std::thread> helpers;
  for (size_t part = 1; part < parts; ++part) {
    helpers.emplace_back(analyse, part, parts);
  }
  analyse(0, std::max<size_t>(parts, 1));
  for (std::thread& t : helpers) {
    t.join();
  }
  {
    std::unique_lock lock(index_mutex_);
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!index_.contains(ids[i])) {  // never twice, whatever a page holds
        RETURN_IF_ERROR(index_.Add(ids[i], entries[i].terms, entries[i].facets));
      }
    }
    last_indexed_ = index_.max_id();
  }
  // Offers that came after a pass had passed their id are of no more use.
  std::lock_guard lock(offered_mutex_);
  std::erase_if(offered_, [&](const auto& offer) { return offer.first <= last_indexed_; });
  return Status::Ok();
}

void SearchIndex::Offer(int64_t id, SearchEntry entry) {
  constexpr size_t kMostOffered = 100'000;
  std::lock_guard lock(offered_mutex_);
  if (id > last_indexed_ && offered_.size() < kMostOffered) {
    offered_.emplace(id, std::move(entry));
  }
}

Result<std::optional<std::vector<store::Hit>>> SearchIndex::Search(
    const std::vector<std::vector<std::string>>& query, const store::SearchFilter& filter) {
  search::Query q{query, {}};
  int64_t last_id = 0;
  std::shared_ptr<const std::unordered_set<int64_t>> unpublished;
  RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(last_id, store::LastContributionId(c));
    ASSIGN_OR_RETURN(q.filters, store::FacetFilters(c, filter));
    // The set and its version come from one snapshot: a set kept at that version is the same.
    ASSIGN_OR_RETURN(const int64_t version, store::ModerationVersion(c, filter.process_id));
    {
      std::lock_guard lock(unpublished_mutex_);
      auto kept = unpublished_.find(filter.process_id);
      if (kept != unpublished_.end() && kept->second.version == version) {
        unpublished = kept->second.ids;
        return Status::Ok();
      }
    }
    ASSIGN_OR_RETURN(auto ids, store::UnpublishedIds(c, filter.process_id));
    unpublished = std::make_shared<const std::unordered_set<int64_t>>(std::move(ids));
    std::lock_guard lock(unpublished_mutex_);
    Unpublished& kept = unpublished_[filter.process_id];
    if (kept.ids == nullptr || version >= kept.version) {
      kept = {version, unpublished};
    }
    return Status::Ok();
  }));
  int64_t behind = 0;
  {
    std::shared_lock lock(index_mutex_);
    behind = last_id - index_.max_id();
  }
  if (behind > options_.max_lag) {
    return std::optional<std::vector<store::Hit>>();
  }
  // Missing lower ids (PostgreSQL) may have just committed too: a search looks for them.
  if (behind > 0 || gaps_waiting_ > 0) {
    RETURN_IF_ERROR(detail::ToStatus(CatchUp()));
  }
  std::vector<store::Hit> out;
  if (filter.offset < 0 || filter.limit <= 0) {
    return out;
  }
  std::vector<search::Hit> hits;
  {
    std::shared_lock lock(index_mutex_);
    hits =
        search::Search(index_, q, static_cast<size_t>(filter.offset + filter.limit), *unpublished);
  }
  for (size_t i = static_cast<size_t>(filter.offset); i < hits.size(); ++i) {
    out.push_back({hits[i].id, hits[i].score});
  }
  return out;
}

Result<bool> SearchIndex::LoadSnapshot() {
  if (options_.snapshot_path.empty()) {
    return false;
  }
  std::lock_guard pass(catch_up_);
  std::ifstream file(options_.snapshot_path, std::ios::binary);
  if (!file) {
    return false;
  }
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto set_aside = [&](std::string_view why) {
    log::Warn("search_index_snapshot_ignored", {{"file", options_.snapshot_path}, {"why", why}});
    return false;
  };
  // "<last id> <its receipt> <terms version>\n", then the index.
  const size_t eol = bytes.find('\n');
  if (eol == std::string::npos) {
    return set_aside("no header");
  }
  const std::vector<std::string_view> header = Split(std::string_view(bytes).substr(0, eol), ' ');
  if (header.size() != 3) {
    return set_aside("no header");
  }
  if (header[2] != text::kTermsVersion) {
    return set_aside("its terms are of another version of the analysis");
  }
  int64_t last_id = 0;
  if (std::from_chars(header[0].data(), header[0].data() + header[0].size(), last_id).ec !=
      std::errc()) {
    return set_aside("no last id");
  }
  std::optional<std::string> receipt;
  RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(receipt, store::ReceiptOf(c, last_id));
    return Status::Ok();
  }));
  if (!receipt || *receipt != header[1]) {
    return set_aside("written for another database");
  }
  auto loaded = search::Index::FromSnapshot(std::string_view(bytes).substr(eol + 1));
  if (!loaded) {
    return set_aside(loaded.error().message());
  }
  if (loaded->max_id() != last_id) {
    return set_aside("its header does not match its contents");
  }
  std::unique_lock lock(index_mutex_);
  if (index_.size() > 0) {
    return false;
  }
  index_ = std::move(*loaded);
  last_indexed_ = index_.max_id();
  lock.unlock();
  RETURN_IF_ERROR(AddMissingUpTo(last_indexed_));
  return true;
}

Status SearchIndex::AddMissingUpTo(int64_t last_id) {
  constexpr int64_t kPage = 50'000;
  std::vector<int64_t> missing;
  for (int64_t after = 0; after < last_id;) {
    std::vector<int64_t> ids;
    RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(ids, store::ContributionIdsAfter(c, after, kPage));
      return Status::Ok();
    }));
    if (ids.empty()) {
      break;
    }
    std::shared_lock lock(index_mutex_);
    for (int64_t id : ids) {
      if (id <= last_id && !index_.contains(id)) {
        missing.push_back(id);
      }
    }
    after = ids.back();
  }
  if (missing.empty()) {
    return Status::Ok();
  }
  log::Info("search_index_snapshot_completed", {{"added", std::to_string(missing.size())}});
  return AddContributions(missing);
}

Status SearchIndex::SaveSnapshot() const {
  if (options_.snapshot_path.empty()) {
    return Status::Ok();
  }
  std::string bytes;
  int64_t last_id = 0;
  {
    std::shared_lock lock(index_mutex_);
    if (index_.size() == 0) {
      return Status::Ok();
    }
    last_id = index_.max_id();
    bytes = index_.Snapshot();
  }
  std::optional<std::string> receipt;
  RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(receipt, store::ReceiptOf(c, last_id));
    return Status::Ok();
  }));
  if (!receipt) {
    return Internal(fmt::format("search index: contribution {} is gone", last_id));
  }
  // Written aside, then renamed over the old one: a crash leaves one whole file or the other.
  std::string temporary = options_.snapshot_path + ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    std::string header = fmt::format("{} {} {}\n", last_id, *receipt, text::kTermsVersion);
    file.write(header.data(), static_cast<std::streamsize>(header.size()));
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!file.flush()) {
      std::filesystem::remove(temporary);
      return Unavailable(fmt::format("could not write {}", temporary));
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, options_.snapshot_path, error);
  if (error) {
    return Unavailable(
        fmt::format("could not rename {}: {}", options_.snapshot_path, error.message()));
  }
  return Status::Ok();
}

void SearchIndex::Start() {
  std::lock_guard lock(mutex_);
  if (!thread_.joinable()) {
    stopping_ = false;
    thread_ = std::thread([this] { Run(); });
  }
}

void SearchIndex::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (!thread_.joinable()) {
    return;
  }
  thread_.join();
  WriteSnapshot("stop");
}

void SearchIndex::WriteSnapshot(std::string_view why) const {
  if (options_.snapshot_path.empty() || size() == 0) {
    return;  // (an empty index has nothing to save)
  }
  auto started = std::chrono::steady_clock::now();
  if (Status saved = SaveSnapshot(); !saved.ok()) {
    log::Warn("search_index_snapshot_not_written", {{"error", saved.ToString()}});
    return;
  }
  log::Info("search_index_snapshot_written",
            {{"file", options_.snapshot_path},
             {"why", std::string(why)},
             {"contributions", std::to_string(size())},
             {"ms", std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::steady_clock::now() - started)
                                       .count())}});
}

void SearchIndex::Run() {
  SetThreadRole("search-index", ThreadPriority::kBackground);
  auto started = std::chrono::steady_clock::now();
  if (auto loaded = LoadSnapshot(); !loaded) {
    log::Warn("search_index_snapshot_not_read", {{"error", loaded.error().ToString()}});
  } else if (*loaded) {
    log::Info("search_index_snapshot_read", {{"contributions", std::to_string(size())}});
  }
  auto snapshot_at = std::chrono::steady_clock::now();
  int64_t snapshot_size = size();
  while (true) {
    auto added = CatchUp();
    if (!added) {
      log::Warn("search_index_catch_up_failed", {{"error", added.error().ToString()}});
    } else if (!ready_) {
      ready_ = true;
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started);
      log::Info("search_index_ready", {{"contributions", std::to_string(size())},
                                       {"megabytes", std::to_string(bytes() >> 20)},
                                       {"ms", std::to_string(ms.count())}});
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - snapshot_at >= options_.snapshot_interval &&
        size() - snapshot_size >= options_.snapshot_after) {
      WriteSnapshot("interval");
      snapshot_at = now;
      snapshot_size = size();
    }
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, options_.interval, [this] { return stopping_; })) {
      return;
    }
  }
}

}  // namespace plenary::consultation
