#include <fmt/format.h>

#include "auth/cookies.h"
#include "auth/secrets.h"
#include "conversation/module.h"
#include "conversation/queries.h"
#include "conversation/routes.h"
#include "conversation/views.h"
#include "http/json_body.h"
#include "process/queries.h"

namespace plenary::conversation {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr int64_t kYear = 365 * 24 * 3600;

Response NoStore(Response r) {
  r.shared_cache = false;
  r.headers.Set("cache-control", "private, no-store");
  return r;
}

class Pages {
 public:
  Pages(Context& ctx, Analyst& analyst, const web::Site& site, const auth::Gate& gate)
      : ctx_(ctx), analyst_(analyst), site_(site), gate_(gate) {}

  Translate TranslatorFor(const Request& request) const {
    std::string language(site_.LanguageFor(request));
    return [this, language](std::string_view key, const i18n::Args& args) {
      return site_.catalog().Get(language, key, args);
    };
  }

  Result<ProcessRef> ProcessOf(int64_t process_id) const {
    process::Context pctx{ctx_.db, ctx_.clock, ctx_.countries};
    ASSIGN_OR_RETURN(process::Process p, process::ReadProcess(pctx, process_id));
    return ProcessRef{p.id, p.title, p.short_name};
  }

  Response List(const Request& request) const {
    auto id = http::PathId(request, "id", "process");
    auto process = id ? ProcessOf(*id) : Result<ProcessRef>(Error(id.error()));
    auto list = process ? ReadConversations(ctx_, *id)
                        : Result<std::vector<Conversation>>(Error(process.error()));
    if (!list) {
      return site_.RespondError(request, list.error());
    }
    Translate t = TranslatorFor(request);
    return site_.Page(request, "conversation/list.html", ListView(*process, *list, t),
                      t("conversation.list.title", {{"name", process->short_name}}));
  }

  // The voting page; `notice` after a successful post, `error` after a refused one.
  Response Voting(const Request& request, int64_t id, std::string notice, const Status& error,
                  const std::string& issued_token = "") const {
    auto conversation = ReadConversation(ctx_, id);
    auto process = conversation ? ProcessOf(conversation->process_id)
                                : Result<ProcessRef>(Error(conversation.error()));
    if (!process) {
      return site_.RespondError(request, process.error());
    }
    auth::Caller caller = gate_.Identify(request);
    Voter voter = VoterOf(caller, request);
    if (!issued_token.empty()) {
      voter.token = issued_token;
    }
    auto seat = FindSeat(ctx_, id, voter);
    auto next = seat ? NextStatement(ctx_, id,
                                     *seat ? std::optional<int64_t>((*seat)->number) : std::nullopt)
                     : Result<Next>(Error(seat.error()));
    if (!next) {
      return site_.RespondError(request, next.error());
    }
    Translate t = TranslatorFor(request);
    conversation::VotingPage page{*conversation, *process, *next, *seat, *ctx_.countries};
    if (!caller.csrf_token.empty()) {
      page.csrf_field = "csrf_token";
      page.csrf_value = caller.csrf_token;
    } else if (!voter.user_id && !voter.token.empty()) {
      page.csrf_field = "participant_csrf";
      page.csrf_value = ParticipantCsrf(voter.token);
    }
    page.notice = std::move(notice);
    if (!error.ok()) {
      page.error = std::string(error.message());
    }
    std::string title = conversation->topic;
    if (!error.ok()) {
      title = t("conversation.vote.error_title", {{"topic", title}});
    }
    Response r = NoStore(site_.Page(request, "conversation/vote.html", VotingView(page, t), title));
    if (!error.ok()) {
      r.status = http::HttpStatusFor(error.code());
    }
    return r;
  }

  // A form post from an anonymous participant who already holds the cookie must carry the value
  // derived from it (a signed-in caller's CSRF token is checked by the gate).
  static Status CheckParticipantForm(const auth::Caller& caller, const Voter& voter) {
    if (voter.user_id || voter.token.empty()) {
      return Status::Ok();
    }
    std::string_view sent = caller.form ? caller.form->Field("participant_csrf").value_or("") : "";
    if (!auth::EqualInConstantTime(sent, ParticipantCsrf(voter.token))) {
      return PermissionDenied(
          "the form's participant_csrf field is missing or wrong: reload the page");
    }
    return Status::Ok();
  }

  // After a successful post: back to the voting page (303), with the cookie of a new participant.
  static Response Done(const Request& request, int64_t id, std::string_view what,
                       const Seat& seat) {
    Response r = Response::Redirect(fmt::format("/conversations/{}?done={}", id, what));
    if (!seat.issued_token.empty()) {
      r.headers.Set("set-cookie", auth::CookieHeader(request, kParticipantCookie, seat.issued_token,
                                                     kYear, "Lax"));
    }
    return r;
  }

  std::string Field(const auth::Caller& caller, std::string_view name) const {
    return caller.form ? std::string(caller.form->Field(name).value_or("")) : std::string();
  }

  Response Vote(Request& request, const auth::Caller& caller) const {
    int64_t id = *caller.object_id;
    Voter voter = VoterOf(caller, request);
    Status allowed = CheckParticipantForm(caller, voter);
    if (!allowed.ok()) {
      return Voting(request, id, "", allowed);
    }
    json body = {{"statement", json::parse(Field(caller, "statement"), nullptr, false)},
                 {"vote", Field(caller, "vote")}};
    auto vote = VoteFromJson(body);
    auto seat = vote ? CastVote(ctx_, id, voter, *vote, "web") : Result<Seat>(Error(vote.error()));
    if (!seat) {
      return Voting(request, id, "", seat.error());
    }
    return Done(request, id, Code(vote->value), *seat);
  }

  Response Declare(Request& request, const auth::Caller& caller) const {
    int64_t id = *caller.object_id;
    Voter voter = VoterOf(caller, request);
    Status allowed = CheckParticipantForm(caller, voter);
    auto declaration = allowed.ok() ? DeclarationFromFields(Field(caller, "stakeholder_group"),
                                                            Field(caller, "country"))
                                    : Result<conversation::Declaration>(Error(allowed));
    auto seat = declaration ? conversation::Declare(ctx_, id, voter, *declaration, "web")
                            : Result<Seat>(Error(declaration.error()));
    if (!seat) {
      return Voting(request, id, "", seat.error());
    }
    return Done(request, id, "declared", *seat);
  }

  Response Submit(Request& request, const auth::Caller& caller) const {
    int64_t id = *caller.object_id;
    Voter voter = VoterOf(caller, request);
    Status allowed = CheckParticipantForm(caller, voter);
    auto input = allowed.ok() ? StatementFromJson(json{{"text", Field(caller, "text")}})
                              : Result<NewStatement>(Error(allowed));
    auto done = input ? SubmitStatement(ctx_, id, voter, *input, "web")
                      : Result<Submitted>(Error(input.error()));
    if (!done) {
      return Voting(request, id, "", done.error());
    }
    return Done(request, id,
                done->statement.status == StatementStatus::kPending ? "pending" : "submitted",
                done->seat);
  }

  Response VotingRoute(const Request& request) const {
    auto id = http::PathId(request, "id", "conversation");
    if (!id) {
      return site_.RespondError(request, id.error());
    }
    Translate t = TranslatorFor(request);
    std::string done(request.Query("done").value_or(""));
    std::string notice;
    for (std::string_view known :
         {"agree", "disagree", "pass", "declared", "pending", "submitted"}) {
      if (done == known) {
        notice = t(fmt::format("conversation.vote.done_{}", known), {});
      }
    }
    return Voting(request, *id, notice, Status::Ok());
  }

  Response ResultsPage(const Request& request) const {
    auto id = http::PathId(request, "id", "conversation");
    if (!id) {
      return site_.RespondError(request, id.error());
    }
    std::string grouping(request.Query("groups").value_or(""));
    Result<std::optional<Results>> results = std::optional<Results>();
    bool fixed = request.path_params.contains("snapshot");
    if (fixed) {
      auto number = http::PathId(request, "snapshot", "snapshot");
      auto found = number ? ReadSnapshotResults(ctx_, *id, *number, grouping)
                          : Result<Results>(Error(number.error()));
      results = found ? Result<std::optional<Results>>(std::move(*found))
                      : Result<std::optional<Results>>(Error(found.error()));
    } else {
      results = ReadLatestResults(ctx_, analyst_, *id, grouping);
    }
    auto snapshots = results ? ReadSnapshots(ctx_, *id)
                             : Result<std::vector<store::Snapshot>>(Error(results.error()));
    if (!snapshots) {
      return site_.RespondError(request, snapshots.error());
    }
    Translate t = TranslatorFor(request);
    if (!*results) {
      auto conversation = ReadConversation(ctx_, *id);
      if (!conversation) {
        return site_.RespondError(request, conversation.error());
      }
      json context = {{"conversation", {{"id", *id}, {"topic", conversation->topic}}},
                      {"empty", true}};
      return NoStore(site_.Page(request, "conversation/results.html", context,
                                t("conversation.results.title", {{"topic", conversation->topic}})));
    }
    json context = ResultsView(**results, *snapshots, t);
    context["fixed"] = fixed;
    Response r = site_.Page(
        request, "conversation/results.html", context,
        t("conversation.results.title", {{"topic", (*results)->body.value("topic", "")}}));
    if (!fixed) {
      r = NoStore(std::move(r));
    }
    return r;
  }

 private:
  Context& ctx_;
  Analyst& analyst_;
  const web::Site& site_;
  const auth::Gate& gate_;
};

}  // namespace

void RegisterPageRoutes(http::Router& router, auth::Gate& gate, Context& ctx, Analyst& analyst,
                        const web::Site& site) {
  auto pages = std::make_shared<Pages>(ctx, analyst, site, gate);
  router.Get("/processes/{id}/conversations", [pages](Request& r) { return pages->List(r); });
  router.Get("/conversations/{id}", [pages](Request& r) { return pages->VotingRoute(r); });
  gate.HandleAt(router, Row("vote.cast"), http::Method::kPost, "/conversations/{id}/votes",
                [pages](Request& r, const auth::Caller& c) { return pages->Vote(r, c); });
  gate.HandleAt(router, Row("participant.declare"), http::Method::kPost,
                "/conversations/{id}/participant",
                [pages](Request& r, const auth::Caller& c) { return pages->Declare(r, c); });
  gate.HandleAt(router, Row("statement.submit"), http::Method::kPost,
                "/conversations/{id}/statements",
                [pages](Request& r, const auth::Caller& c) { return pages->Submit(r, c); });
  router.Get("/conversations/{id}/results", [pages](Request& r) { return pages->ResultsPage(r); });
  router.Get("/conversations/{id}/results/{snapshot}",
             [pages](Request& r) { return pages->ResultsPage(r); });
}

}  // namespace plenary::conversation
