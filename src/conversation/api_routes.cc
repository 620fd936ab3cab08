#include <fmt/format.h>

#include "auth/cookies.h"
#include "conversation/module.h"
#include "conversation/queries.h"
#include "conversation/routes.h"
#include "http/json_body.h"

namespace plenary::conversation {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr int64_t kYear = 365 * 24 * 3600;

// Any JSON body (a batch is an array). kInvalidArgument naming the offset of a syntax error.
Result<json> ParseAnyJson(const Request& request) {
  auto type = request.headers.Get("content-type").value_or("");
  if (!type.starts_with("application/json")) {
    return Error(InvalidArgument("send the body as application/json"));
  }
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    return Error(InvalidArgument("the body is not valid JSON"));
  }
  return body;
}

Result<json> ObjectBody(const Request& request) {
  return http::ParseJsonBody(request);
}

// Hands a newly issued participant token back: in the JSON and as the participant cookie.
Response WithSeat(Response r, const Request& request, const Seat& seat) {
  if (!seat.issued_token.empty()) {
    r.headers.Set("set-cookie",
                  auth::CookieHeader(request, kParticipantCookie, seat.issued_token, kYear, "Lax"));
  }
  return r;
}

json SeatJson(const Seat& seat) {
  json out = {{"participant", seat.participant.number},
              {"stakeholder_group", seat.participant.stakeholder_group},
              {"country", seat.participant.country_iso3}};
  if (!seat.issued_token.empty()) {
    out["participant_token"] = seat.issued_token;
  }
  return out;
}

Response Batch(Context& ctx, const auth::Caller& caller, const json& body) {
  auto votes = BatchFromJson(body);
  if (!votes) {
    return Response::Error(votes.error());
  }
  auto done = IngestVotes(ctx, caller.actor(), *caller.object_id, std::move(*votes));
  if (!done) {
    return Response::Error(done.error());
  }
  return Response::Json({{"votes", done->votes}, {"participants", done->participants}}, 201);
}

Response SingleVote(Context& ctx, const Request& request, const auth::Caller& caller,
                    const json& body) {
  auto vote = VoteFromJson(body);
  if (!vote) {
    return Response::Error(vote.error());
  }
  auto seat = CastVote(ctx, *caller.object_id, VoterOf(caller, request), *vote, "api");
  if (!seat) {
    return Response::Error(seat.error());
  }
  json out = SeatJson(*seat);
  out["statement"] = vote->statement;
  out["vote"] = Code(vote->value);
  return WithSeat(Response::Json(out, 201), request, *seat);
}

Response Votes(Context& ctx, Request& request, const auth::Caller& caller) {
  auto body = ParseAnyJson(request);
  if (!body) {
    return Response::Error(body.error());
  }
  if (body->is_array() || (body->is_object() && body->contains("votes"))) {
    // Batches are the secretariat's (or its API token's), as in the vote.batch row.
    if (!IsSecretariat(caller)) {
      Status refusal = caller.principal.signed_in()
                           ? PermissionDenied("a batch of votes is for: secretariat")
                           : Unauthenticated("sign in (or use an API token) to send a batch");
      return Response::Error(refusal);
    }
    return Batch(ctx, caller, *body);
  }
  return SingleVote(ctx, request, caller, *body);
}

Response ResultsJson(Context& ctx, Analyst& analyst, Request& request) {
  auto id = http::PathId(request, "id", "conversation");
  if (!id) {
    return Response::Error(id.error());
  }
  std::string grouping(request.Query("groups").value_or(""));
  if (request.path_params.contains("snapshot")) {
    auto number = http::PathId(request, "snapshot", "snapshot");
    auto results = number ? ReadSnapshotResults(ctx, *id, *number, grouping)
                          : Result<Results>(Error(number.error()));
    if (!results) {
      return Response::Error(results.error());
    }
    Response r = Response::Json(results->body);
    r.headers.Set("cache-control", "public, max-age=86400");  // a snapshot never changes
    return r;
  }
  auto results = ReadLatestResults(ctx, analyst, *id, grouping);
  if (!results) {
    return Response::Error(results.error());
  }
  if (!*results) {
    return Response::Json({{"conversation_id", *id},
                           {"snapshot", nullptr},
                           {"message", "no votes yet: the opinion map appears with the first"}});
  }
  return Response::Json((*results)->body);
}

void RegisterWrites(http::Router& router, auth::Gate& gate, Context& ctx, Analyst& analyst) {
  gate.Handle(router, Row("conversation.create"), [&ctx](Request& request, const auth::Caller& c) {
    auto body = ObjectBody(request);
    auto made = body ? CreateConversation(ctx, c.actor(), *c.process_id, *body)
                     : Result<Conversation>(Error(body.error()));
    if (!made) {
      return Response::Error(made.error());
    }
    Response r = Response::Json(ToJson(*made), 201);
    r.headers.Set("location", fmt::format("/api/conversations/{}", made->id));
    return r;
  });
  gate.Handle(router, Row("conversation.update"), [&ctx](Request& request, const auth::Caller& c) {
    auto body = ObjectBody(request);
    auto changed = body ? ChangeConversation(ctx, c.actor(), *c.object_id, *body)
                        : Result<Conversation>(Error(body.error()));
    return changed ? Response::Json(ToJson(*changed)) : Response::Error(changed.error());
  });
  gate.Handle(router, Row("statement.seed"), [&ctx](Request& request, const auth::Caller& c) {
    auto body = ObjectBody(request);
    auto seeds =
        body ? SeedsFromJson(*body) : Result<std::vector<NewStatement>>(Error(body.error()));
    auto made = seeds ? SeedStatements(ctx, c.actor(), *c.object_id, *seeds)
                      : Result<std::vector<Statement>>(Error(seeds.error()));
    if (!made) {
      return Response::Error(made.error());
    }
    json items = json::array();
    for (const Statement& s : *made) {
      items.push_back(ToJson(s));
    }
    return Response::Json({{"statements", items}}, 201);
  });
  gate.Handle(router, Row("statement.moderate"), [&ctx](Request& request, const auth::Caller& c) {
    auto number = http::PathId(request, "statement", "statement");
    auto body = number ? ObjectBody(request) : Result<json>(Error(number.error()));
    if (!body) {
      return Response::Error(body.error());
    }
    auto updated = ModerateStatement(ctx, c.actor(), *c.object_id, *number,
                                     body->value("decision", ""), body->value("reason", ""));
    return updated ? Response::Json(ToJson(*updated)) : Response::Error(updated.error());
  });
  gate.Handle(router, Row("vote.batch"), [&ctx](Request& request, const auth::Caller& c) {
    auto body = ParseAnyJson(request);
    return body ? Batch(ctx, c, *body) : Response::Error(body.error());
  });
  gate.Handle(router, Row("conversation.analyse"), [&analyst](Request&, const auth::Caller& c) {
    auto snapshot = analyst.Refresh(*c.object_id);
    if (!snapshot) {
      return Response::Error(snapshot.error());
    }
    if (!*snapshot) {
      return Response::Json({{"snapshot", nullptr}});
    }
    return Response::Json({{"snapshot", (*snapshot)->number},
                           {"votes", (*snapshot)->votes},
                           {"url", fmt::format("/api/conversations/{}/results/{}", *c.object_id,
                                               (*snapshot)->number)}});
  });
  gate.Handle(router, Row("participant.declare"), [&ctx](Request& request, const auth::Caller& c) {
    auto body = ObjectBody(request);
    auto declaration = body ? DeclarationFromJson(*body) : Result<Declaration>(Error(body.error()));
    auto seat = declaration ? Declare(ctx, *c.object_id, VoterOf(c, request), *declaration, "api")
                            : Result<Seat>(Error(declaration.error()));
    if (!seat) {
      return Response::Error(seat.error());
    }
    return WithSeat(Response::Json(SeatJson(*seat), 201), request, *seat);
  });
  gate.Handle(router, Row("statement.submit"), [&ctx](Request& request, const auth::Caller& c) {
    auto body = ObjectBody(request);
    auto input = body ? StatementFromJson(*body) : Result<NewStatement>(Error(body.error()));
    auto done = input ? SubmitStatement(ctx, *c.object_id, VoterOf(c, request), *input, "api")
                      : Result<Submitted>(Error(input.error()));
    if (!done) {
      return Response::Error(done.error());
    }
    json out = ToJson(done->statement);
    out["participant"] = done->seat.participant.number;
    if (!done->seat.issued_token.empty()) {
      out["participant_token"] = done->seat.issued_token;
    }
    return WithSeat(Response::Json(out, 201), request, done->seat);
  });
  gate.Handle(router, Row("vote.cast"),
              [&ctx](Request& request, const auth::Caller& c) { return Votes(ctx, request, c); });
}

}  // namespace

Voter VoterOf(const auth::Caller& caller, const http::Request& request) {
  Voter voter;
  if (caller.principal.signed_in()) {
    voter.user_id = caller.principal.user_id;
    voter.actor = caller.actor();
    return voter;
  }
  voter.token = std::string(request.headers.Get("x-participant-token").value_or(""));
  if (voter.token.empty()) {
    voter.token = std::string(request.Cookie(kParticipantCookie).value_or(""));
  }
  voter.actor = {0, "anonymous participant"};
  return voter;
}

bool IsSecretariat(const auth::Caller& caller) {
  return caller.process_id && caller.principal.HasRole(*caller.process_id, "secretariat");
}

void RegisterApiRoutes(http::Router& router, auth::Gate& gate, Context& ctx, Analyst& analyst) {
  router.Get("/api/processes/{id}/conversations", [&ctx](Request& request) {
    auto id = http::PathId(request, "id", "process");
    auto list =
        id ? ReadConversations(ctx, *id) : Result<std::vector<Conversation>>(Error(id.error()));
    if (!list) {
      return Response::Error(list.error());
    }
    json items = json::array();
    for (const Conversation& c : *list) {
      items.push_back(ToJson(c));
    }
    return Response::Json({{"conversations", items}, {"count", items.size()}});
  });
  router.Get("/api/conversations/{id}", [&ctx](Request& request) {
    auto id = http::PathId(request, "id", "conversation");
    auto c = id ? ReadConversation(ctx, *id) : Result<Conversation>(Error(id.error()));
    return c ? Response::Json(ToJson(*c)) : Response::Error(c.error());
  });
  router.Get("/api/conversations/{id}/statements", [&ctx, &gate](Request& request) {
    auto id = http::PathId(request, "id", "conversation");
    if (!id) {
      return Response::Error(id.error());
    }
    auth::Caller caller = gate.Identify(request);
    auto process = ProcessOfConversation(ctx, *id);
    caller.process_id = process ? std::optional<int64_t>(*process) : std::nullopt;
    auto list = ReadStatements(ctx, *id, IsSecretariat(caller));
    if (!list) {
      return Response::Error(list.error());
    }
    json items = json::array();
    for (const Statement& s : list->items) {
      items.push_back(ToJson(s));
    }
    return Response::Json({{"statements", items},
                           {"count", items.size()},
                           {"pending", list->pending},
                           {"rejected", list->rejected}});
  });
  router.Get("/api/conversations/{id}/next", [&ctx, &gate](Request& request) {
    auto id = http::PathId(request, "id", "conversation");
    if (!id) {
      return Response::Error(id.error());
    }
    auto seat = FindSeat(ctx, *id, VoterOf(gate.Identify(request), request));
    auto next = seat ? NextStatement(ctx, *id,
                                     *seat ? std::optional<int64_t>((*seat)->number) : std::nullopt)
                     : Result<Next>(Error(seat.error()));
    if (!next) {
      return Response::Error(next.error());
    }
    return Response::Json({{"statement", next->statement ? ToJson(*next->statement) : json()},
                           {"voted", next->voted},
                           {"remaining", next->remaining}});
  });
  router.Get("/api/conversations/{id}/results",
             [&ctx, &analyst](Request& r) { return ResultsJson(ctx, analyst, r); });
  router.Get("/api/conversations/{id}/results/{snapshot}",
             [&ctx, &analyst](Request& r) { return ResultsJson(ctx, analyst, r); });
  router.Get("/api/conversations/{id}/snapshots", [&ctx](Request& request) {
    auto id = http::PathId(request, "id", "conversation");
    if (!id) {
      return Response::Error(id.error());
    }
    auto list = ReadSnapshots(ctx, *id);
    if (!list) {
      return Response::Error(list.error());
    }
    json items = json::array();
    for (const store::Snapshot& snap : *list) {
      items.push_back({{"snapshot", snap.number},
                       {"created_at", snap.created_at},
                       {"participants", snap.participants},
                       {"votes", snap.votes},
                       {"url", fmt::format("/conversations/{}/results/{}", *id, snap.number)}});
    }
    return Response::Json({{"snapshots", items}});
  });
  RegisterWrites(router, gate, ctx, analyst);
}

}  // namespace plenary::conversation
