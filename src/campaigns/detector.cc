#include "campaigns/detector.h"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "campaigns/personal.h"
#include "campaigns/store.h"
#include "consultation/store.h"
#include "core/log.h"
#include "engines/dedup/index.h"
#include "engines/dedup/personal_part.h"

namespace plenary::campaigns {
namespace {

using consultation::store::ContributionText;
using dedup::DocId;

constexpr int64_t kRebuildPage = 20000;
constexpr size_t kIdsPerQuery = 500;

// What the database holds of a cluster, as far as this detector knows.
struct Known {
  int64_t members = 0;
  bool is_campaign = false;
  int64_t representative_id = 0;
};

using TextMap = std::unordered_map<int64_t, std::string_view>;

std::optional<Timestamp> ArrivalOf(const ContributionText& t) {
  return ParseIso8601(t.submitted_at);
}

}  // namespace

struct CallIndex {
  int64_t call_id = 0;
  dedup::Index index;
  std::vector<int64_t> contribution_of_doc;  // ascending: contributions are added in id order
  std::vector<bool> has_row;                 // by doc: a membership row is stored
  std::unordered_map<int64_t, Known> known;  // by cluster id

  std::optional<DocId> DocOf(int64_t contribution_id) const {
    auto it =
        std::lower_bound(contribution_of_doc.begin(), contribution_of_doc.end(), contribution_id);
    if (it == contribution_of_doc.end() || *it != contribution_id) {
      return std::nullopt;
    }
    return static_cast<DocId>(it - contribution_of_doc.begin());
  }

  // Adds texts (in id order); returns how many the engine refused.
  int64_t Add(std::span<const ContributionText> texts, std::vector<DocId>* added) {
    std::vector<dedup::Comment> comments;
    comments.reserve(texts.size());
    for (const ContributionText& t : texts) {
      comments.push_back({t.text, ArrivalOf(t)});
    }
    int64_t refused = 0;
    auto ids = index.AddBatch(comments);
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!ids[i]) {
        ++refused;
        continue;
      }
      contribution_of_doc.push_back(texts[i].id);
      has_row.push_back(false);
      if (added != nullptr) {
        added->push_back(*ids[i]);
      }
    }
    return refused;
  }
};

// What one pass writes for one cluster.
struct ClusterWrite {
  CallIndex* state = nullptr;
  Cluster cluster;
  std::vector<int64_t> absorbed;  // clusters merged into this one
  bool full = false;              // every member rewritten (else only those without a row)
  std::vector<Member> members;
  std::vector<DocId> member_docs;
};

struct Dissolved {
  CallIndex* state = nullptr;
  int64_t id = 0;
  std::vector<int64_t> member_ids;  // read in the transaction that deletes them
};

struct DetectionBatch {
  std::vector<ContributionText> texts;
  int64_t from = 0;
  int64_t to = 0;
  std::map<int64_t, std::pair<int64_t, int64_t>> counts;  // call -> (indexed, unreadable)
  std::vector<ClusterWrite> writes;
  std::vector<Dissolved> dissolved;
};

Detector::Detector(storage::Database& db, const Clock& clock, const DetectorOptions& options,
                   dedup::Tokenizer tokenizer)
    : db_(db), clock_(clock), options_(options), tokenizer_(std::move(tokenizer)) {}

Detector::~Detector() = default;

Result<std::unique_ptr<Detector>> Detector::Create(storage::Database& db, const Clock& clock,
                                                   const DetectorOptions& options) {
  if (options.campaign.min_members < 2 || options.batch < 1) {
    return Error(InvalidArgument("a campaign needs at least 2 members, a batch 1 contribution"));
  }
  RETURN_IF_ERROR(detail::ToStatus(dedup::Index::Create(options.engine)));
  ASSIGN_OR_RETURN(auto tokenizer, dedup::Tokenizer::Create());
  return std::unique_ptr<Detector>(new Detector(db, clock, options, std::move(tokenizer)));
}

Result<CallIndex*> Detector::StateOf(int64_t call_id, CatchUpReport& report) {
  if (auto it = calls_.find(call_id); it != calls_.end()) {
    return it->second.get();
  }
  ASSIGN_OR_RETURN(auto index, dedup::Index::Create(options_.engine));
  auto state = std::make_unique<CallIndex>(CallIndex{call_id, std::move(index), {}, {}, {}});
  // Everything the call received up to the watermark, in id order, as it was first indexed.
  for (int64_t after = 0;;) {
    std::vector<ContributionText> texts;
    RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(texts, consultation::store::ContributionTexts(
                                  c, {call_id, after, watermark_, kRebuildPage}));
      return Status::Ok();
    }));
    if (texts.empty()) {
      break;
    }
    state->Add(texts, nullptr);
    report.rebuilt += static_cast<int64_t>(texts.size());
    after = texts.back().id;
  }
  RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto clusters, store::ClustersOf(c, call_id, false));
    for (const Cluster& k : clusters) {
      state->known[k.id] = {k.members, k.is_campaign, k.representative_id};
    }
    ASSIGN_OR_RETURN(auto members, store::MemberIdsOfCall(c, call_id));
    for (int64_t id : members) {
      if (auto doc = state->DocOf(id)) {
        state->has_row[*doc] = true;
      }
    }
    return Status::Ok();
  }));
  return calls_.emplace(call_id, std::move(state)).first->second.get();
}

namespace {

// Reads the texts of `ids` that `have` lacks into `fetched`.
Status FetchTexts(storage::Database& db, const std::vector<int64_t>& ids,
                  std::unordered_map<int64_t, std::string>& fetched) {
  for (size_t begin = 0; begin < ids.size(); begin += kIdsPerQuery) {
    std::span<const int64_t> chunk(ids.data() + begin, std::min(kIdsPerQuery, ids.size() - begin));
    RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto texts, consultation::store::ContributionTextsById(c, chunk));
      for (ContributionText& t : texts) {
        fetched[t.id] = std::move(t.text);
      }
      return Status::Ok();
    }));
  }
  return Status::Ok();
}

Cluster DescribeRow(const CallIndex& s, const dedup::Campaign& d, DocId representative,
                    size_t copies) {
  Cluster c;
  c.id = s.contribution_of_doc[d.members.front()];
  c.call_id = s.call_id;
  c.representative_id = s.contribution_of_doc[representative];
  c.members = static_cast<int64_t>(d.count());
  c.variants = static_cast<int64_t>(d.variants);
  c.representative_copies = static_cast<int64_t>(copies);
  if (d.arrivals) {
    const dedup::ArrivalProfile& a = *d.arrivals;
    c.first_arrival = FormatIso8601(a.first);
    c.last_arrival = FormatIso8601(a.last);
    c.bucket_seconds = std::chrono::duration_cast<std::chrono::seconds>(a.bucket_width).count();
    c.arrivals.assign(a.counts.begin(), a.counts.end());
    c.peak_per_minute = static_cast<int64_t>(a.peak_window_count);
    c.peak_to_mean = a.peak_to_mean;
    c.burst = a.burst;
  }
  return c;
}

}  // namespace

namespace {

// Plans the rows of one cluster that is new or changed: its representative (the engine's
// choice, unless the current one has as many exact copies: a representative that changes
// with every arrival would rewrite every member's personal part), its arrival profile, and
// its members' rows with their personal parts when it is a campaign.
Status PlanCluster(storage::Database& db, dedup::Tokenizer& tokenizer,
                   const DetectorOptions& options, CallIndex& s, const std::vector<DocId>& docs,
                   std::vector<int64_t> absorbed, const TextMap& batch_texts,
                   std::vector<ClusterWrite>& writes) {
  const bool campaign = docs.size() >= options.campaign.min_members;
  dedup::Campaign d = dedup::DescribeCluster(s.index, docs, options.campaign);
  DocId representative = d.representative;
  size_t copies = d.representative_copies;
  const int64_t id = s.contribution_of_doc[docs.front()];
  auto known = s.known.find(id);
  if (known != s.known.end()) {
    if (auto old = s.DocOf(known->second.representative_id)) {
      const uint32_t variant = s.index.VariantOf(*old);
      const auto old_copies = static_cast<size_t>(std::count_if(
          docs.begin(), docs.end(), [&](DocId x) { return s.index.VariantOf(x) == variant; }));
      if (old_copies >= copies) {
        representative = *old;
        copies = old_copies;
      }
    }
  }
  ClusterWrite w;
  w.state = &s;
  w.cluster = DescribeRow(s, d, representative, copies);
  w.cluster.is_campaign = campaign;
  // Members keep their rows unless something they record changed: the cluster they belong to
  // (a merge), whether it is a campaign (their personal parts), or its representative (theirs
  // are relative to it). New members are added; the representative's count is set apart.
  w.full = known == s.known.end() || !absorbed.empty() || known->second.is_campaign != campaign ||
           known->second.representative_id != w.cluster.representative_id;
  w.absorbed = std::move(absorbed);
  for (DocId doc : docs) {
    if (w.full || !s.has_row[doc]) {
      w.member_docs.push_back(doc);
    }
  }
  std::unordered_map<int64_t, std::string> fetched;
  std::optional<dedup::PersonalPartExtractor> extractor;
  auto text_of = [&](int64_t contribution) -> std::string_view {
    auto in_batch = batch_texts.find(contribution);
    return in_batch != batch_texts.end() ? in_batch->second
                                         : std::string_view(fetched[contribution]);
  };
  if (campaign) {
    std::vector<int64_t> missing;
    for (DocId doc : w.member_docs) {
      missing.push_back(s.contribution_of_doc[doc]);
    }
    missing.push_back(w.cluster.representative_id);
    std::erase_if(missing, [&](int64_t c) { return batch_texts.contains(c); });
    RETURN_IF_ERROR(FetchTexts(db, missing, fetched));
    auto made =
        dedup::PersonalPartExtractor::Create(&tokenizer, text_of(w.cluster.representative_id));
    if (made) {
      extractor.emplace(std::move(*made));
    }
  }
  for (DocId doc : w.member_docs) {
    Member m;
    m.contribution_id = s.contribution_of_doc[doc];
    m.campaign_id = id;
    m.call_id = s.call_id;
    m.is_representative = doc == representative;
    m.in_campaign = campaign;
    if (extractor && !m.is_representative) {
      if (auto part = extractor->Extract(text_of(m.contribution_id))) {
        m.personal = EditsOf(*part);
        m.added = part->AddedPhrases();
      }
    }
    w.members.push_back(std::move(m));
  }
  writes.push_back(std::move(w));
  return Status::Ok();
}

// Finds the clusters of `s` that the new documents changed, and plans their rows.
Status PlanCall(storage::Database& db, dedup::Tokenizer& tokenizer, const DetectorOptions& options,
                CallIndex& s, std::span<const DocId> added, const TextMap& batch_texts,
                std::vector<ClusterWrite>& writes, std::vector<Dissolved>& dissolved) {
  if (std::none_of(added.begin(), added.end(),
                   [&](DocId d) { return s.index.ClusterSize(d) >= 2; })) {
    return Status::Ok();  // all new comments are alone: no cluster changed
  }
  const std::vector<std::vector<DocId>> clusters = s.index.Clusters(2);
  std::unordered_map<DocId, int64_t> id_of_root;
  std::unordered_set<int64_t> seen;
  std::vector<size_t> changed;
  for (size_t i = 0; i < clusters.size(); ++i) {
    const std::vector<DocId>& docs = clusters[i];
    const int64_t id = s.contribution_of_doc[docs.front()];
    id_of_root[s.index.ClusterOf(docs.front())] = id;
    seen.insert(id);
    const bool campaign = docs.size() >= options.campaign.min_members;
    auto known = s.known.find(id);
    if (known == s.known.end() || known->second.members != static_cast<int64_t>(docs.size()) ||
        known->second.is_campaign != campaign) {
      changed.push_back(i);
    }
  }
  std::unordered_map<int64_t, std::vector<int64_t>> absorbed;
  for (const auto& [id, known] : s.known) {
    if (seen.contains(id)) {
      continue;
    }
    auto doc = s.DocOf(id);
    if (doc && s.index.ClusterSize(*doc) >= 2) {
      absorbed[id_of_root.at(s.index.ClusterOf(*doc))].push_back(id);
    } else {
      dissolved.push_back({&s, id, {}});
    }
  }
  for (size_t i : changed) {
    const int64_t id = s.contribution_of_doc[clusters[i].front()];
    auto merged = absorbed.find(id);
    RETURN_IF_ERROR(PlanCluster(db, tokenizer, options, s, clusters[i],
                                merged == absorbed.end() ? std::vector<int64_t>() : merged->second,
                                batch_texts, writes));
  }
  return Status::Ok();
}

}  // namespace

Status Detector::IndexBatch(DetectionBatch& batch, CatchUpReport& report) {
  // The batch's texts by call, in id order.
  std::map<int64_t, std::vector<ContributionText>> by_call;
  for (ContributionText& t : batch.texts) {
    by_call[t.call_id].push_back(std::move(t));
  }
  batch.texts.clear();
  for (auto& [call_id, texts] : by_call) {
    ASSIGN_OR_RETURN(CallIndex * state, StateOf(call_id, report));
    std::vector<DocId> added;
    const int64_t refused = state->Add(texts, &added);
    batch.counts[call_id] = {static_cast<int64_t>(texts.size()), refused};
    report.unreadable += refused;
    TextMap batch_texts;
    for (const ContributionText& t : texts) {
      batch_texts.emplace(t.id, t.text);
    }
    RETURN_IF_ERROR(PlanCall(db_, tokenizer_, options_, *state, added, batch_texts, batch.writes,
                             batch.dissolved));
  }
  return Status::Ok();
}

Status Detector::Commit(DetectionBatch& batch) {
  const std::string now = FormatIso8601(clock_.Now());
  // In the derived file (SQLite), beside the main file's writer rather than holding it, and
  // not synced at its commit: clusters are derived from the contributions, and the watermark is
  // in the same file and transaction, so a crash that undid this batch undoes its watermark with
  // it, and the batch is detected again.
  return db_.DerivedTransaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(bool moved, store::AdvanceWatermark(c, batch.from, batch.to));
    if (!moved) {
      return Conflict("another process indexed these contributions first");
    }
    for (const auto& [call_id, counts] : batch.counts) {
      RETURN_IF_ERROR(store::AddCallCounts(c, call_id, counts.first, counts.second));
    }
    for (Dissolved& d : batch.dissolved) {
      ASSIGN_OR_RETURN(d.member_ids, store::MemberIdsOf(c, d.id));
      RETURN_IF_ERROR(store::DeleteCluster(c, d.id));
    }
    for (ClusterWrite& w : batch.writes) {
      w.cluster.updated_at = now;
      for (int64_t merged : w.absorbed) {
        RETURN_IF_ERROR(store::DeleteCluster(c, merged));
      }
      RETURN_IF_ERROR(store::UpsertCluster(c, w.cluster));
      if (w.full) {
        RETURN_IF_ERROR(store::DeleteMembersOf(c, w.cluster.id));
      }
      for (const Member& m : w.members) {
        RETURN_IF_ERROR(store::UpsertMember(c, m, w.cluster.members));
      }
      if (!w.full) {
        RETURN_IF_ERROR(
            store::SetCampaignMembers(c, w.cluster.representative_id, w.cluster.members));
      }
    }
    return Status::Ok();
  });
}

Result<CatchUpReport> Detector::CatchUp(const CatchUpProgress& progress) {
  // Another process (the server's pass beside an import, or the reverse) may move the stored
  // watermark between our read and our commit: its work stands, and ours starts again from
  // where it got to. A few times at most: each lost race means the other side made progress.
  constexpr int kAttempts = 4;
  CatchUpReport report;
  for (int attempt = 1;; ++attempt) {
    Status s = CatchUpPass(progress, report);
    if (s.ok()) {
      return report;
    }
    if (s.code() != StatusCode::kConflict || attempt == kAttempts) {
      return Error(s);
    }
  }
}

Status Detector::CatchUpPass(const CatchUpProgress& progress, CatchUpReport& report) {
  int64_t stored = 0;
  int64_t last = 0;
  RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(stored, store::ReadWatermark(c));
    ASSIGN_OR_RETURN(last, consultation::store::LastContributionId(c));
    return Status::Ok();
  }));
  if (stored > last) {
    // Detection has read further than the contributions go, and none is ever deleted: these
    // clusters are not this database's (SQLite: a `-derived` file left beside a main file that
    // was recreated, or restored from a backup). Start again from 0.
    log::Warn("campaign_detection_reset",
              {{"watermark", std::to_string(stored)}, {"last_contribution", std::to_string(last)}});
    RETURN_IF_ERROR(db_.DerivedTransaction([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(bool reset, store::ResetDetection(c, stored));
      return reset ? Status::Ok() : Conflict("another process moved the watermark first");
    }));
    stored = 0;
  }
  if (stored != watermark_) {
    calls_.clear();  // another process indexed past us (or this is the first pass)
    watermark_ = stored;
  }
  const int64_t start = watermark_;
  report.up_to_id = watermark_;
  while (watermark_ < last) {
    DetectionBatch batch;
    batch.from = watermark_;
    RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(batch.texts,
                       consultation::store::ContributionTexts(
                           c, {std::nullopt, watermark_, std::nullopt, options_.batch}));
      return Status::Ok();
    }));
    if (batch.texts.empty()) {
      break;
    }
    batch.to = batch.texts.back().id;
    const auto read = static_cast<int64_t>(batch.texts.size());
    Status s = IndexBatch(batch, report);
    if (s.ok()) {
      s = Commit(batch);
    }
    if (!s.ok()) {
      calls_.clear();  // the indexes hold what was not committed: rebuild them
      watermark_ = -1;
      return s;
    }
    for (ClusterWrite& w : batch.writes) {
      CallIndex& state = *w.state;
      for (int64_t merged : w.absorbed) {
        state.known.erase(merged);
      }
      state.known[w.cluster.id] = {w.cluster.members, w.cluster.is_campaign,
                                   w.cluster.representative_id};
      for (DocId doc : w.member_docs) {
        state.has_row[doc] = true;
      }
    }
    for (const Dissolved& d : batch.dissolved) {
      d.state->known.erase(d.id);
      for (int64_t id : d.member_ids) {
        if (auto doc = d.state->DocOf(id)) {
          d.state->has_row[*doc] = false;
        }
      }
    }
    watermark_ = batch.to;
    report.read += read;
    report.clusters_written += static_cast<int64_t>(batch.writes.size());
    report.up_to_id = watermark_;
    if (progress) {
      progress(watermark_ - start, std::max(last, watermark_) - start);
    }
  }
  return Status::Ok();
}

}  // namespace plenary::campaigns
