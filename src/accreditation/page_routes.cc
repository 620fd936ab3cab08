#include <charconv>
#include <memory>

#include <fmt/format.h>

#include "accreditation/codec.h"
#include "accreditation/module.h"
#include "accreditation/queries.h"
#include "accreditation/routes.h"
#include "accreditation/views.h"
#include "http/json_body.h"

namespace plenary::accreditation {
namespace {

using http::Response;
using nlohmann::json;

// Accreditation pages show personal data: never shared or stored.
Response Private(Response r) {
  r.shared_cache = false;
  r.headers.Set("cache-control", "private, no-store");
  return r;
}

std::optional<int64_t> QueryId(const http::Request& request, std::string_view name) {
  std::string_view text = request.Query(name).value_or("");
  int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return std::nullopt;
  }
  return id;
}

FormValues ValuesOf(const http::Form& form) {
  auto field = [&form](std::string_view name) {
    return std::string(form.Field(name).value_or(""));
  };
  return {field("capacity"), field("member_id"), field("delegation_role"), field("organisation"),
          field("note")};
}

class Pages {
 public:
  Pages(const Context& ctx, const auth::Gate& gate, const web::Site& site)
      : ctx_(ctx), gate_(gate), site_(site) {}

  Response RequestForm(const http::Request& request, const auth::Caller& caller,
                       const FormValues& values, std::string_view error, int status) const {
    auto id = http::PathId(request, "id", "process");
    auto process = id ? ReadProcessSeats(ctx_, *id) : Result<ProcessSeats>(Error(id.error()));
    if (!process) {
      return site_.RespondError(request, process.error());
    }
    const auth::Principal& who = caller.principal;
    std::vector<Request> own;
    if (who.signed_in()) {
      auto read = ReadOwnRequests(ctx_, process->id, who.user_id);
      if (!read) {
        return site_.RespondError(request, read.error());
      }
      own = std::move(*read);
    }
    Translate t = TranslatorFor(request);
    json context = RequestFormView(*process, own, values, t);
    context["signed_in"] = who.signed_in();
    context["csrf_token"] = caller.csrf_token;
    context["sign_in_url"] = fmt::format("/sign-in?next=/processes/{}/accreditation", process->id);
    context["max_letter"] = FormatBytes(static_cast<int64_t>(ctx_.max_letter_bytes));
    context["may_list"] = auth::Allows(Row("accreditation.list"), who, process->id);
    if (!error.empty()) {
      context["error"] = error;
    }
    if (auto received = QueryId(request, "received")) {
      for (const Request& r : own) {
        if (r.id == *received) {
          context["notice"] = t("accreditation.form.received", {{"id", std::to_string(r.id)}});
        }
      }
    }
    Response r = site_.Page(request, "accreditation/request.html", context,
                            t("accreditation.form.title", {{"name", process->short_name}}));
    r.status = status;
    return Private(std::move(r));
  }

  Response SubmitPost(const http::Request& request, const auth::Caller& caller) const {
    const http::Form& form = *caller.form;
    auto input = NewRequestFromForm(form);
    auto created = input ? SubmitRequest(ctx_, caller.actor(), *caller.process_id, *input)
                         : Result<Request>(Error(input.error()));
    if (!created) {
      const Status& s = created.error();
      if (s.code() != StatusCode::kInvalidArgument && s.code() != StatusCode::kConflict) {
        return site_.RespondError(request, s);
      }
      return RequestForm(request, caller, ValuesOf(form), s.message(),
                         http::HttpStatusFor(s.code()));
    }
    return Private(Response::Redirect(
        fmt::format("/processes/{}/accreditation?received={}", *caller.process_id, created->id)));
  }

  Response Queue(const http::Request& request, const auth::Caller& caller, std::string_view error,
                 int status) const {
    int64_t process_id = *caller.process_id;
    auto process = ReadProcessSeats(ctx_, process_id);
    auto entries = process ? ReadQueue(ctx_, process_id, std::nullopt)
                           : Result<std::vector<QueueEntry>>(Error(process.error()));
    if (!entries) {
      return site_.RespondError(request, entries.error());
    }
    Translate t = TranslatorFor(request);
    json context = QueueView(*process, *entries, t);
    context["csrf_token"] = caller.csrf_token;
    context["may_decide"] = auth::Allows(Row("accreditation.decide"), caller.principal, process_id);
    if (!error.empty()) {
      context["error"] = error;
    }
    if (auto decided = QueryId(request, "decided")) {
      for (const QueueEntry& e : *entries) {
        if (e.request.id == *decided && e.request.status != RequestStatus::kPending) {
          context["notice"] = t(fmt::format("accreditation.queue.{}", Code(e.request.status)),
                                {{"id", std::to_string(e.request.id)}});
        }
      }
    }
    Response r = site_.Page(request, "accreditation/queue.html", context,
                            t("accreditation.queue.title", {{"name", process->short_name}}));
    r.status = status;
    return Private(std::move(r));
  }

  Response DecidePost(const http::Request& request, const auth::Caller& caller) const {
    auto id = http::PathId(request, "request", "accreditation request");
    if (!id) {
      return site_.RespondError(request, id.error());
    }
    const http::Form* form = caller.form ? &*caller.form : nullptr;
    Decision decision{form ? std::string(form->Field("decision").value_or("")) : "",
                      form ? std::string(form->Field("reason").value_or("")) : ""};
    auto decided = DecideRequest(ctx_, caller.actor(), *caller.process_id, *id, decision);
    if (!decided) {
      const Status& s = decided.error();
      if (s.code() != StatusCode::kInvalidArgument && s.code() != StatusCode::kConflict) {
        return site_.RespondError(request, s);
      }
      return Queue(request, caller, s.message(), http::HttpStatusFor(s.code()));
    }
    return Private(Response::Redirect(
        fmt::format("/processes/{}/accreditations?decided={}", *caller.process_id, *id)));
  }

  const auth::Gate& gate() const { return gate_; }

 private:
  Translate TranslatorFor(const http::Request& request) const {
    std::string language(site_.LanguageFor(request));
    const web::Site& site = site_;
    return [&site, language](std::string_view key, const i18n::Args& args) {
      return site.catalog().Get(language, key, args);
    };
  }

  Context ctx_;
  const auth::Gate& gate_;
  const web::Site& site_;
};

}  // namespace

void RegisterPageRoutes(http::Router& router, const Context& ctx, auth::Gate& gate,
                        const web::Site& site) {
  auto pages = std::make_shared<Pages>(ctx, gate, site);
  router.Get("/processes/{id}/accreditation", [pages](http::Request& request) {
    return pages->RequestForm(request, pages->gate().Identify(request), {}, "", 200);
  });
  gate.HandleAt(
      router, Row("accreditation.request"), http::Method::kPost, "/processes/{id}/accreditation",
      [pages](http::Request& request, const auth::Caller& caller) {
        if (!caller.form) {
          return pages->RequestForm(request, caller, {},
                                    "send the form as multipart/form-data, as the page does", 400);
        }
        return pages->SubmitPost(request, caller);
      });
  gate.HandleAt(router, Row("accreditation.list"), http::Method::kGet,
                "/processes/{id}/accreditations",
                [pages](http::Request& request, const auth::Caller& caller) {
                  return pages->Queue(request, caller, "", 200);
                });
  gate.HandleAt(router, Row("accreditation.decide"), http::Method::kPost,
                "/processes/{id}/accreditations/{request}/decision",
                [pages](http::Request& request, const auth::Caller& caller) {
                  return pages->DecidePost(request, caller);
                });
}

}  // namespace plenary::accreditation
