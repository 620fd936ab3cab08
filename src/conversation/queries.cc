#include "conversation/queries.h"

#include <algorithm>
#include <random>

#include <fmt/format.h>

#include "conversation/store.h"
#include "process/queries.h"

namespace plenary::conversation {
namespace {

using nlohmann::json;

// Polis's priority of a statement nobody has voted on yet (S = A = P = 0, extremity 0).
constexpr double kUnvotedPriority = (0.25 * 9.0) * (0.25 * 9.0);

Result<Conversation> Load(storage::Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(auto found, store::FindConversation(c, id));
  if (!found) {
    return Error(NotFound(fmt::format("no conversation {}", id)));
  }
  return std::move(*found);
}

std::string DateOf(std::string_view iso) {
  return std::string(iso.substr(0, std::min<size_t>(10, iso.size())));
}

Result<Results> Assemble(Context& ctx, Conversation conversation, store::Snapshot snapshot,
                         std::string_view grouping) {
  if (grouping != "" && grouping != "opinion" && grouping != "stakeholder_group" &&
      grouping != "polis") {
    return Error(InvalidArgument(
        fmt::format("'groups' must be opinion, stakeholder_group or polis, not '{}'", grouping)));
  }
  json body = json::parse(snapshot.result, nullptr, false);
  if (body.is_discarded()) {
    return Error(Internal(fmt::format("snapshot {} of conversation {} is not JSON", snapshot.number,
                                      conversation.id)));
  }
  body["grouping"] = grouping.empty() ? "opinion" : grouping;
  // The map always shows the opinion groups, whichever grouping the statistics are for.
  json outlines = json::array();
  for (const json& g : body["groups"]) {
    outlines.push_back({{"label", g["label"]},
                        {"size", g["size"]},
                        {"centroid", g["centroid"]},
                        {"hull", g["hull"]}});
  }
  body["map"]["groups"] = std::move(outlines);
  if (grouping == "stakeholder_group" || grouping == "polis") {
    const json& external = body["external"];
    if (!external.contains(grouping)) {
      return Error(InvalidArgument(
          "'groups': this conversation has no Polis group-id (import a participants-votes.csv "
          "with one)"));
    }
    body["groups"] = external[std::string(grouping)]["groups"];
    body["consensus"] = external[std::string(grouping)]["consensus"];
  }
  std::string path = fmt::format("/conversations/{}/results/{}", conversation.id, snapshot.number);
  std::string url = ctx.base_url + path;
  // Everything below comes from the snapshot as stored (topic and process title included), so
  // a snapshot's results and citation never change.
  std::string topic = body.value("topic", conversation.topic);
  std::string process_title = body.value("process_title", std::string());
  body["snapshot"] = snapshot.number;
  body["conversation_id"] = conversation.id;
  body["url"] = url;
  body["citation"] = Citation(topic, process_title, snapshot, url);
  Results out;
  out.conversation = std::move(conversation);
  out.process_title = process_title;
  out.snapshot = std::move(snapshot);
  out.body = std::move(body);
  return out;
}

}  // namespace

Result<Conversation> ReadConversation(Context& ctx, int64_t id) {
  Conversation out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(out, Load(c, id));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<Conversation>> ReadConversations(Context& ctx, int64_t process_id) {
  process::Context pctx{ctx.db, ctx.clock, ctx.countries};
  RETURN_IF_ERROR(detail::ToStatus(process::ReadProcess(pctx, process_id)));
  std::vector<Conversation> out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(out, store::ConversationsOf(c, process_id));
    return Status::Ok();
  }));
  return out;
}

Result<int64_t> ProcessOfConversation(Context& ctx, int64_t id) {
  std::optional<int64_t> process;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(process, store::ProcessOfConversation(c, id));
    return Status::Ok();
  }));
  if (!process) {
    return Error(NotFound(fmt::format("no conversation {}", id)));
  }
  return *process;
}

Result<StatementList> ReadStatements(Context& ctx, int64_t conversation_id, bool moderator) {
  StatementList out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    RETURN_IF_ERROR(detail::ToStatus(Load(c, conversation_id)));
    ASSIGN_OR_RETURN(auto all, store::StatementsOf(c, conversation_id, true));
    for (Statement& s : all) {
      out.pending += s.status == StatementStatus::kPending ? 1 : 0;
      out.rejected += s.status == StatementStatus::kRejected ? 1 : 0;
      if (moderator || s.status == StatementStatus::kAccepted) {
        out.items.push_back(std::move(s));
      }
    }
    return Status::Ok();
  }));
  return out;
}

Result<Next> NextStatement(Context& ctx, int64_t conversation_id,
                           std::optional<int64_t> participant) {
  std::vector<Statement> statements;
  std::vector<std::pair<int64_t, VoteValue>> voted;
  std::optional<store::Snapshot> snapshot;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    RETURN_IF_ERROR(detail::ToStatus(Load(c, conversation_id)));
    ASSIGN_OR_RETURN(statements, store::StatementsOf(c, conversation_id, false));
    if (participant) {
      ASSIGN_OR_RETURN(voted, store::VotesOf(c, conversation_id, *participant));
    }
    ASSIGN_OR_RETURN(snapshot, store::LatestSnapshot(c, conversation_id));
    return Status::Ok();
  }));
  json priority = json::object();
  if (snapshot) {
    json result = json::parse(snapshot->result, nullptr, false);
    if (!result.is_discarded() && result.contains("priority")) {
      priority = result["priority"];
    }
  }
  Next next;
  next.voted = static_cast<int64_t>(voted.size());
  std::vector<const Statement*> open;
  std::vector<double> weights;
  for (const Statement& s : statements) {
    bool done = std::binary_search(voted.begin(), voted.end(),
                                   std::pair<int64_t, VoteValue>(s.number, VoteValue::kDisagree),
                                   [](const auto& a, const auto& b) { return a.first < b.first; });
    if (s.status != StatementStatus::kAccepted || done) {
      continue;
    }
    open.push_back(&s);
    auto it = priority.find(std::to_string(s.number));
    weights.push_back(it != priority.end() && it->is_number() ? std::max(it->get<double>(), 1e-9)
                                                              : kUnvotedPriority);
  }
  next.remaining = static_cast<int64_t>(open.size());
  if (open.empty()) {
    return next;
  }
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::discrete_distribution<size_t> lottery(weights.begin(), weights.end());
  next.statement = *open[lottery(random)];
  return next;
}

Result<std::vector<store::Snapshot>> ReadSnapshots(Context& ctx, int64_t conversation_id) {
  std::vector<store::Snapshot> out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    RETURN_IF_ERROR(detail::ToStatus(Load(c, conversation_id)));
    ASSIGN_OR_RETURN(out, store::SnapshotsOf(c, conversation_id));
    return Status::Ok();
  }));
  return out;
}

std::string Citation(std::string_view topic, std::string_view process_title,
                     const store::Snapshot& s, std::string_view url) {
  return fmt::format("Opinion map of “{}”, {}, snapshot {} of {}, {} participants, {} votes, {}",
                     topic, process_title, s.number, DateOf(s.created_at), s.participants, s.votes,
                     url);
}

Result<std::optional<Results>> ReadLatestResults(Context& ctx, Analyst& analyst,
                                                 int64_t conversation_id,
                                                 std::string_view grouping) {
  ASSIGN_OR_RETURN(Conversation conversation, ReadConversation(ctx, conversation_id));
  ASSIGN_OR_RETURN(Analyst::Latest latest, analyst.ForReader(conversation_id));
  if (!latest.snapshot) {
    return std::optional<Results>();
  }
  ASSIGN_OR_RETURN(Results out,
                   Assemble(ctx, std::move(conversation), std::move(*latest.snapshot), grouping));
  out.stale = latest.stale;
  out.body["stale"] = latest.stale;
  return std::optional<Results>(std::move(out));
}

Result<Results> ReadSnapshotResults(Context& ctx, int64_t conversation_id, int64_t number,
                                    std::string_view grouping) {
  ASSIGN_OR_RETURN(Conversation conversation, ReadConversation(ctx, conversation_id));
  std::optional<store::Snapshot> snapshot;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(snapshot, store::FindSnapshot(c, conversation_id, number));
    return Status::Ok();
  }));
  if (!snapshot) {
    return Error(NotFound(
        fmt::format("conversation {} has no results snapshot {}", conversation_id, number)));
  }
  return Assemble(ctx, std::move(conversation), std::move(*snapshot), grouping);
}

}  // namespace plenary::conversation
