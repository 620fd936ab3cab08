#include <fmt/format.h>

#include "accreditation/codec.h"
#include "accreditation/module.h"
#include "accreditation/queries.h"
#include "accreditation/routes.h"
#include "http/json_body.h"

namespace plenary::accreditation {
namespace {

using http::Response;
using nlohmann::json;

Response Fail(const Status& status) {
  return Response::Error(status);
}

// The request's body: the page's multipart form (parsed by the gate) or JSON.
Result<NewRequest> ReadNewRequest(const http::Request& request, const auth::Caller& caller) {
  if (caller.form) {
    return NewRequestFromForm(*caller.form);
  }
  ASSIGN_OR_RETURN(json body, http::ParseJsonBody(request));
  return NewRequestFromJson(body);
}

Result<Decision> ReadDecision(const http::Request& request, const auth::Caller& caller) {
  if (caller.form) {
    return Decision{std::string(caller.form->Field("decision").value_or("")),
                    std::string(caller.form->Field("reason").value_or(""))};
  }
  ASSIGN_OR_RETURN(json body, http::ParseJsonBody(request));
  return DecisionFromJson(body);
}

Response Submit(const Context& ctx, http::Request& request, const auth::Caller& caller) {
  auto input = ReadNewRequest(request, caller);
  auto created = input ? SubmitRequest(ctx, caller.actor(), *caller.process_id, *input)
                       : Result<Request>(Error(input.error()));
  return created ? Response::Json(ToJson(*created), 201) : Fail(created.error());
}

Response List(const Context& ctx, http::Request& request, const auth::Caller& caller) {
  std::optional<RequestStatus> status;
  if (auto code = request.Query("status"); code && !code->empty()) {
    status = ParseStatus(*code);
    if (!status) {
      return Fail(InvalidArgument("'status' must be 'pending', 'approved' or 'refused'"));
    }
  }
  auto entries = ReadQueue(ctx, *caller.process_id, status);
  if (!entries) {
    return Fail(entries.error());
  }
  json items = json::array();
  for (const QueueEntry& e : *entries) {
    items.push_back(ToJson(e));
  }
  return Response::Json({{"requests", items}, {"count", items.size()}});
}

Response Download(const Context& ctx, http::Request& request, const auth::Caller& caller) {
  auto id = http::PathId(request, "request", "accreditation request");
  auto letter = id ? ReadLetter(ctx, *caller.process_id, *id) : Result<Letter>(Error(id.error()));
  if (!letter) {
    return Fail(letter.error());
  }
  Response r;
  r.body = std::move(letter->bytes);
  r.headers.Set("content-type", "application/pdf");
  r.headers.Set("content-disposition", AttachmentDisposition(letter->filename));
  r.headers.Set("x-content-type-options", "nosniff");
  r.headers.Set("cache-control", "private, no-store");
  r.shared_cache = false;
  return r;
}

Response Decide(const Context& ctx, http::Request& request, const auth::Caller& caller) {
  auto id = http::PathId(request, "request", "accreditation request");
  if (!id) {
    return Fail(id.error());
  }
  auto decision = ReadDecision(request, caller);
  auto decided = decision ? DecideRequest(ctx, caller.actor(), *caller.process_id, *id, *decision)
                          : Result<Request>(Error(decision.error()));
  return decided ? Response::Json(ToJson(*decided)) : Fail(decided.error());
}

}  // namespace

void RegisterApiRoutes(http::Router& router, const Context& ctx, auth::Gate& gate) {
  gate.Handle(
      router, Row("accreditation.request"),
      [ctx](http::Request& r, const auth::Caller& caller) { return Submit(ctx, r, caller); });
  gate.Handle(router, Row("accreditation.list"),
              [ctx](http::Request& r, const auth::Caller& caller) { return List(ctx, r, caller); });
  gate.Handle(
      router, Row("accreditation.letter"),
      [ctx](http::Request& r, const auth::Caller& caller) { return Download(ctx, r, caller); });
  gate.Handle(
      router, Row("accreditation.decide"),
      [ctx](http::Request& r, const auth::Caller& caller) { return Decide(ctx, r, caller); });
}

}  // namespace plenary::accreditation
