#include <fmt/format.h>

#include "consultation/module.h"
#include "consultation/routes.h"
#include "consultation/views.h"
#include "http/json_body.h"
#include "process/queries.h"

namespace plenary::consultation {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

class Pages {
 public:
  Pages(Context& ctx, const web::Site& site, const auth::Gate& gate)
      : ctx_(ctx), site_(site), gate_(gate) {}

  Translate TranslatorFor(const Request& request) const {
    std::string language(site_.LanguageFor(request));
    return [this, language](std::string_view key, const i18n::Args& args) {
      return site_.catalog().Get(language, key, args);
    };
  }

  Result<process::Process> ProcessOf(int64_t process_id) const {
    process::Context pctx{ctx_.db, ctx_.clock, ctx_.countries};
    return process::ReadProcess(pctx, process_id);
  }

  Response Calls(const Request& request) const {
    auto id = http::PathId(request, "id", "process");
    auto process = id ? ProcessOf(*id) : Result<process::Process>(Error(id.error()));
    auto calls = process ? ReadCalls(ctx_, *id) : Result<std::vector<Call>>(Error(process.error()));
    if (!calls) {
      return site_.RespondError(request, calls.error());
    }
    Translate t = TranslatorFor(request);
    json items = json::array();
    for (const Call& c : *calls) {
      CallState state = StateAt(c, ctx_.clock.Now());
      items.push_back({{"id", c.id},
                       {"title", c.title},
                       {"state_label", StateLabel(state, t)},
                       {"opens", LocalMoment(c.opens_at, process->time_zone, t)},
                       {"closes", LocalMoment(c.closes_at, process->time_zone, t)},
                       {"record_note", c.record_note}});
    }
    json context = {
        {"process",
         {{"id", process->id}, {"title", process->title}, {"short_name", process->short_name}}},
        {"calls", items},
        {"tab_calls", true}};
    Response r = site_.Page(request, "consultation/calls.html", context,
                            t("consultation.calls.title", {{"name", process->short_name}}));
    r.shared_cache = false;  // the states change with the clock
    return r;
  }

  // The call page; after a refused submission, `values` and `error` refill the form, and
  // `attached` says that files were sent (a browser cannot refill a file input).
  Response CallPage(const Request& request, int64_t call_id, const NewContribution* values,
                    const Status& error, bool attached = false) const {
    auto call = ReadCall(ctx_, call_id);
    auto process =
        call ? ProcessOf(call->process_id) : Result<process::Process>(Error(call.error()));
    store::ListFilter filter;
    filter.call_id = call_id;
    filter.limit = 1;
    auto listing =
        process ? ListContributions(ctx_, filter) : Result<Listing>(Error(process.error()));
    if (!listing) {
      return site_.RespondError(request, listing.error());
    }
    Translate t = TranslatorFor(request);
    json context = CallView(*call, StateAt(*call, ctx_.clock.Now()), process->time_zone,
                            process->title, listing->matching, *ctx_.countries, values, t);
    auth::Caller caller = gate_.Identify(request);
    if (!caller.csrf_token.empty()) {
      context["csrf_token"] = caller.csrf_token;
    }
    std::string title = call->title;
    if (!error.ok()) {
      std::string message(error.message());
      if (!message.empty() && message.back() != '.' && message.back() != '?' &&
          message.back() != '!') {
        message += '.';  // a sentence, as the text after it
      }
      context["error"] = message;
      context["attach_again"] = attached;
      title = t("consultation.form.error_title", {{"title", title}});
    }
    Response r = site_.Page(request, "consultation/call.html", context, title);
    r.shared_cache = false;
    r.headers.Set("cache-control", "private, no-store");
    if (!error.ok()) {
      r.status = http::HttpStatusFor(error.code());
    }
    return r;
  }

  Response Submit(Request& request, const auth::Caller& caller) const {
    if (!caller.form) {
      return site_.RespondError(request, InvalidArgument("send the form as multipart/form-data"));
    }
    // Whatever is refused, the form comes back with what was typed in it.
    NewContribution typed = Typed(*caller.form);
    bool attached = !caller.form->files.empty();
    auto input = ContributionFromForm(*caller.form);
    if (!input) {
      return CallPage(request, *caller.object_id, &typed, input.error(), attached);
    }
    auto receipt =
        SubmitContribution(ctx_, SubmitterOf(caller), *caller.object_id, std::move(*input), "");
    if (!receipt) {
      return CallPage(request, *caller.object_id, &typed, receipt.error(), attached);
    }
    Translate t = TranslatorFor(request);
    json context = {{"id", receipt->id},
                    {"receipt", receipt->receipt},
                    {"call_id", *caller.object_id},
                    {"published", receipt->status == ContributionStatus::kPublished}};
    Response r = site_.Page(request, "consultation/receipt.html", context,
                            t("consultation.receipt.heading", {}));
    r.status = 201;
    r.shared_cache = false;
    r.headers.Set("cache-control", "private, no-store");
    return r;
  }

  Response List(const Request& request) const {
    auto id = http::PathId(request, "id", "call");
    if (!id) {
      return site_.RespondError(request, id.error());
    }
    store::ListFilter filter;
    filter.call_id = *id;
    auto text = [&](std::string_view name) {
      return std::string(request.Query(name).value_or(""));
    };
    std::string question = text("question");
    if (!question.empty()) {
      filter.question = std::atoi(question.c_str());
    }
    filter.stakeholder_group = text("stakeholder_group");
    filter.country = text("country");
    filter.language = text("language");
    filter.after_id = std::atoll(text("after").c_str());
    filter.collapse_campaigns = text("collapse") == "campaigns";
    auto call = ReadCall(ctx_, *id);
    auto listing = call ? ListContributions(ctx_, filter) : Result<Listing>(Error(call.error()));
    if (!listing) {
      return site_.RespondError(request, listing.error());
    }
    Translate t = TranslatorFor(request);
    return site_.Page(request, "consultation/contributions.html",
                      ListingView(*call, *listing, filter, *ctx_.countries, t),
                      t("consultation.list.heading", {{"title", call->title}}));
  }

  Response ContributionPage(const Request& request) const {
    auto id = http::PathId(request, "id", "contribution");
    if (!id) {
      return site_.RespondError(request, id.error());
    }
    auth::Caller caller = gate_.Identify(request);
    auto process = ProcessOfContribution(ctx_, *id);
    caller.process_id = process ? std::optional<int64_t>(*process) : std::nullopt;
    bool moderator = IsModerator(caller);
    auto c = ReadContribution(ctx_, *id, moderator);
    auto call = c ? ReadCall(ctx_, c->call_id) : Result<Call>(Error(c.error()));
    auto p = call ? ProcessOf(call->process_id) : Result<process::Process>(Error(call.error()));
    if (!p) {
      return site_.RespondError(request, p.error());
    }
    Translate t = TranslatorFor(request);
    json context = ContributionView(*c, *call, *ctx_.countries, p->time_zone, t);
    if (ctx_.contribution_panel) {
      context["panel_html"] = ctx_.contribution_panel(request, *id);
    }
    Response r = site_.Page(request, "consultation/contribution.html", context,
                            t("consultation.contribution.heading", {{"id", std::to_string(*id)}}));
    if (c->status != ContributionStatus::kPublished) {
      r.shared_cache = false;
      r.headers.Set("cache-control", "private, no-store");
    }
    return r;
  }

  Response File(const Request& request) const {
    auto id = http::PathId(request, "id", "contribution");
    auto file_id =
        id ? http::PathId(request, "file", "attachment") : Result<int64_t>(Error(id.error()));
    if (!file_id) {
      return site_.RespondError(request, file_id.error());
    }
    auth::Caller caller = gate_.Identify(request);
    auto process = ProcessOfContribution(ctx_, *id);
    caller.process_id = process ? std::optional<int64_t>(*process) : std::nullopt;
    auto file = ReadFile(ctx_, *id, *file_id, IsModerator(caller));
    if (!file) {
      return site_.RespondError(request, file.error());
    }
    Response r;
    r.body = std::move(file->content);
    r.headers.Set("content-type", file->media_type);
    r.headers.Set("content-disposition",
                  fmt::format("attachment; filename=\"{}\"", SafeFilename(file->filename)));
    r.headers.Set("x-content-type-options", "nosniff");
    r.headers.Set("cache-control", "public, max-age=86400");
    return r;
  }

  Response SearchPage(const Request& request) const {
    Translate t = TranslatorFor(request);
    std::string q(request.Query("q").value_or(""));
    std::string process(request.Query("process").value_or("1"));
    json context = {{"q", q}, {"process_id", process}, {"searched", false}};
    if (!q.empty()) {
      store::SearchFilter filter;
      filter.process_id = std::atoll(process.c_str());
      auto hits = Search(ctx_, q, filter);
      if (!hits) {
        context["error"] = hits.error().message();
      } else {
        json items = json::array();
        for (const SearchHit& h : *hits) {
          items.push_back({{"id", h.id},
                           {"author", h.author},
                           {"organisation", h.organisation},
                           {"language", h.language},
                           {"snippet", h.snippet}});
        }
        context["hits"] = items;
        context["count"] = items.size();
        context["searched"] = true;
      }
    }
    return site_.Page(request, "consultation/search.html", context,
                      t("consultation.search.heading", {}));
  }

 private:
  // The form's text fields as typed, unchecked: only to refill the form after a refusal.
  static NewContribution Typed(const http::Form& form) {
    auto field = [&](std::string_view name) { return std::string(form.Field(name).value_or("")); };
    NewContribution c;
    c.author_name = field("author_name");
    c.publish_name = !field("publish_name").empty();
    c.organisation = field("organisation");
    c.stakeholder_group = field("stakeholder_group");
    c.country = field("country");
    c.language = field("language");
    c.body = field("body");
    for (const auto& [key, value] : form.fields) {
      if (key.starts_with("answer_")) {
        c.answers.push_back({std::atoi(key.c_str() + 7), value});
      }
    }
    return c;
  }

  // Quotes and control characters cannot reach the header.
  static std::string SafeFilename(std::string_view name) {
    std::string out;
    for (char ch : name) {
      out += (ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20) ? '_' : ch;
    }
    return out;
  }

  Context& ctx_;
  const web::Site& site_;
  const auth::Gate& gate_;
};

}  // namespace

void RegisterPageRoutes(http::Router& router, auth::Gate& gate, Context& ctx,
                        const web::Site& site) {
  auto pages = std::make_shared<Pages>(ctx, site, gate);
  router.Get("/processes/{id}/calls", [pages](Request& r) { return pages->Calls(r); });
  router.Get("/calls/{id}", [pages](Request& r) {
    auto id = http::PathId(r, "id", "call");
    return id ? pages->CallPage(r, *id, nullptr, Status::Ok()) : http::Response::Error(id.error());
  });
  gate.HandleAt(router, Row("contribution.submit"), http::Method::kPost, "/calls/{id}",
                [pages](Request& r, const auth::Caller& c) { return pages->Submit(r, c); });
  router.Get("/calls/{id}/contributions", [pages](Request& r) { return pages->List(r); });
  router.Get("/contributions/{id}", [pages](Request& r) { return pages->ContributionPage(r); });
  router.Get("/contributions/{id}/files/{file}", [pages](Request& r) { return pages->File(r); });
  router.Get("/search", [pages](Request& r) { return pages->SearchPage(r); });
}

}  // namespace plenary::consultation
