#include "conversation/analyst.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "conversation/analysis.h"
#include "core/log.h"
#include "process/queries.h"

namespace plenary::conversation {
namespace {

using Steady = std::chrono::steady_clock;
using nlohmann::json;

// Whether the engine already holds this vote for the cell (so it need not be added again).
bool Holds(const opinion::Conversation& engine, const store::StoredVote& v) {
  int32_t row = engine.participants().Find(v.participant);
  int32_t col = engine.comments().Find(v.statement);
  const opinion::VoteMatrix& m = engine.matrix();
  if (row < 0 || col < 0 || row >= m.rows) {
    return false;
  }
  auto begin = m.col.begin() + static_cast<std::ptrdiff_t>(m.row_start[row]);
  auto end = m.col.begin() + static_cast<std::ptrdiff_t>(m.row_start[row + 1]);
  auto it = std::lower_bound(begin, end, static_cast<uint32_t>(col));
  return it != end && *it == static_cast<uint32_t>(col) && m.value[it - m.col.begin()] == v.value;
}

}  // namespace

Analyst::Analyst(Context& ctx, AnalystOptions options) : ctx_(ctx), options_(options) {}

Analyst::~Analyst() {
  Stop();
}

Status Analyst::Start() {
  std::vector<int64_t> stale;
  RETURN_IF_ERROR(ctx_.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(stale, store::ConversationsToAnalyse(c));
    return Status::Ok();
  }));
  {
    std::lock_guard lock(mutex_);
    auto long_ago = Steady::now() - options_.longest_wait;
    for (int64_t id : stale) {
      dirty_[id] = {long_ago, long_ago};
    }
  }
  thread_ = std::thread([this] { Loop(); });
  return Status::Ok();
}

void Analyst::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void Analyst::NoteChange(int64_t conversation_id) {
  {
    std::lock_guard lock(mutex_);
    auto now = Steady::now();
    auto [it, added] = dirty_.try_emplace(conversation_id, now, now);
    it->second.second = now;
  }
  wake_.notify_all();
}

Analyst::Engine& Analyst::EngineFor(int64_t conversation_id) {
  std::lock_guard lock(mutex_);
  auto& slot = engines_[conversation_id];
  if (!slot) {
    slot = std::make_unique<Engine>();
  }
  return *slot;
}

void Analyst::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(200));
    auto now = Steady::now();
    std::vector<int64_t> due;
    for (auto it = dirty_.begin(); it != dirty_.end();) {
      const auto& [first, latest] = it->second;
      if (now - latest >= options_.quiet || now - first >= options_.longest_wait) {
        due.push_back(it->first);
        it = dirty_.erase(it);
      } else {
        ++it;
      }
    }
    lock.unlock();
    for (int64_t id : due) {
      auto done = Refresh(id);
      if (!done) {
        log::Error("conversation_analysis_failed",
                   {{"conversation", std::to_string(id)}, {"error", done.error().ToString()}});
      }
    }
    lock.lock();
  }
}

Result<std::optional<store::Snapshot>> Analyst::Refresh(int64_t conversation_id) {
  Engine& engine = EngineFor(conversation_id);
  std::lock_guard guard(engine.mutex);
  Conversation conversation;
  std::vector<Statement> statements;
  std::vector<Participant> participants;
  std::optional<store::Snapshot> latest;
  if (!engine.conversation) {
    engine.conversation = std::make_unique<opinion::Conversation>();
  }
  opinion::Conversation& model = *engine.conversation;
  int64_t votes = 0;
  std::vector<int64_t> voters;
  RETURN_IF_ERROR(ctx_.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto found, store::FindConversation(c, conversation_id));
    if (!found) {
      return NotFound(fmt::format("no conversation {}", conversation_id));
    }
    conversation = std::move(*found);
    ASSIGN_OR_RETURN(latest, store::LatestSnapshot(c, conversation_id));
    if (latest && latest->revision >= conversation.revision) {
      return Status::Ok();
    }
    ASSIGN_OR_RETURN(statements, store::StatementsOf(c, conversation_id, false));
    ASSIGN_OR_RETURN(participants, store::ParticipantsOf(c, conversation_id));
    return store::ScanVotes(c, conversation_id, [&](std::span<const store::StoredVote> page) {
      for (const store::StoredVote& v : page) {
        ++votes;
        if (voters.empty() || voters.back() != v.participant) {
          voters.push_back(v.participant);
        }
        if (!Holds(model, v)) {
          model.AddVote(v.participant, v.statement, static_cast<opinion::Vote>(v.value));
        }
      }
    });
  }));
  if ((latest && latest->revision >= conversation.revision) || votes == 0) {
    return latest;
  }
  json result = Summarise(model, {conversation, statements, participants, *ctx_.countries});
  store::Snapshot snapshot;
  snapshot.conversation_id = conversation_id;
  snapshot.revision = conversation.revision;
  snapshot.participants = static_cast<int64_t>(voters.size());
  snapshot.votes = votes;
  snapshot.created_at = FormatIso8601(ctx_.clock.Now());
  process::Context pctx{ctx_.db, ctx_.clock, ctx_.countries};
  ASSIGN_OR_RETURN(process::Process process, process::ReadProcess(pctx, conversation.process_id));
  result["topic"] = conversation.topic;
  result["process_title"] = process.title;
  result["process_id"] = process.id;
  result["revision"] = snapshot.revision;
  result["participants"] = snapshot.participants;
  result["votes"] = snapshot.votes;
  result["created_at"] = snapshot.created_at;
  result["statements_total"] = statements.size();
  RETURN_IF_ERROR(ctx_.db.Transaction([&](storage::Connection& c) -> Status {
    // Numbered in the transaction, so the number and the stored result agree.
    snapshot.result = result.dump();
    ASSIGN_OR_RETURN(snapshot.number, store::InsertSnapshot(c, snapshot));
    return Status::Ok();
  }));
  log::Info("conversation_analysed",
            {{"conversation", std::to_string(conversation_id)},
             {"snapshot", std::to_string(snapshot.number)},
             {"votes", std::to_string(votes)},
             {"seconds", fmt::format("{:.3f}", result.value("seconds", 0.0))}});
  return std::optional<store::Snapshot>(std::move(snapshot));
}

Result<Analyst::Latest> Analyst::ForReader(int64_t conversation_id) {
  Latest out;
  std::optional<Conversation> conversation;
  int64_t counted = 0;
  RETURN_IF_ERROR(ctx_.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(conversation, store::FindConversation(c, conversation_id));
    if (!conversation) {
      return NotFound(fmt::format("no conversation {}", conversation_id));
    }
    ASSIGN_OR_RETURN(out.snapshot, store::LatestSnapshot(c, conversation_id));
    if (!out.snapshot || out.snapshot->revision < conversation->revision) {
      ASSIGN_OR_RETURN(counted,
                       store::CountVotesUpTo(c, conversation_id, options_.inline_votes + 1));
    }
    return Status::Ok();
  }));
  if (out.snapshot && out.snapshot->revision >= conversation->revision) {
    return out;
  }
  if (counted == 0) {
    return out;  // nothing to analyse yet
  }
  if (counted <= options_.inline_votes) {
    ASSIGN_OR_RETURN(out.snapshot, Refresh(conversation_id));
    return out;
  }
  out.stale = true;
  NoteChange(conversation_id);
  return out;
}

}  // namespace plenary::conversation
