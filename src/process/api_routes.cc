#include <fmt/format.h>

#include "http/json_body.h"
#include "process/codec.h"
#include "process/composition.h"
#include "process/module.h"
#include "process/queries.h"
#include "process/routes.h"

namespace plenary::process {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Response Fail(const Status& status) {
  return Response::Error(status);
}

// A read that is the same for every anonymous client: the server may reuse it.
Response Public(const json& body) {
  Response r = Response::Json(body);
  r.shared_cache = true;
  return r;
}

const auth::Action& Row(std::string_view id) {
  return auth::RowOf(Actions(), id);
}

Response Created(const json& body, const std::string& location) {
  Response r = Response::Json(body, 201);
  r.headers.Set("location", location);
  return r;
}

template <typename T>
json List(std::string_view name, const std::vector<T>& items) {
  json out = json::array();
  for (const T& item : items) {
    out.push_back(ToJson(item));
  }
  return {{name, out}, {"count", items.size()}};
}

Response MembersJson(Context& ctx, Request& request) {
  auto id = http::PathId(request, "id", "process");
  auto roster = id ? ReadRoster(ctx, *id) : Result<Roster>(Error(id.error()));
  if (!roster) {
    return Fail(roster.error());
  }
  json items = json::array();
  for (const Member& m : roster->members) {
    items.push_back(ToJson(m, roster->CountryOf(m)));
  }
  return Public({{"members", items}, {"count", items.size()}});
}

Response AddMemberJson(Context& ctx, Request& request, const auth::Caller& caller) {
  int64_t id = *caller.process_id;
  auto body = http::ParseJsonBody(request);
  auto member =
      body ? AddMember(ctx, caller.actor(), id, *body) : Result<Member>(Error(body.error()));
  if (!member) {
    return Fail(member.error());
  }
  std::optional<Country> country;
  if (!member->country_iso3.empty()) {
    auto found = ReadCountry(ctx, member->country_iso3);
    if (!found) {
      return Fail(found.error());
    }
    country = *found;
  }
  return Created(ToJson(*member, country ? &*country : nullptr),
                 fmt::format("/api/processes/{}/members", id));
}

}  // namespace

void RegisterApiRoutes(http::Router& router, Context& ctx, auth::Gate& gate) {
  router.Get("/api/processes", [&ctx](Request&) {
    auto processes = ReadProcesses(ctx);
    return processes ? Public(List("processes", *processes)) : Fail(processes.error());
  });
  gate.Handle(router, Row("process.create"), [&ctx](Request& request, const auth::Caller& caller) {
    auto body = http::ParseJsonBody(request);
    auto created =
        body ? CreateProcess(ctx, caller.actor(), *body) : Result<Process>(Error(body.error()));
    return created ? Created(ToJson(*created), fmt::format("/api/processes/{}", created->id))
                   : Fail(created.error());
  });
  router.Get("/api/processes/{id}", [&ctx](Request& request) {
    auto id = http::PathId(request, "id", "process");
    auto process = id ? ReadProcess(ctx, *id) : Result<Process>(Error(id.error()));
    return process ? Public(ToJson(*process)) : Fail(process.error());
  });
  gate.Handle(router, Row("process.update"), [&ctx](Request& request, const auth::Caller& caller) {
    auto body = http::ParseJsonBody(request);
    auto updated = body ? UpdateProcess(ctx, caller.actor(), *caller.process_id, *body)
                        : Result<Process>(Error(body.error()));
    return updated ? Response::Json(ToJson(*updated)) : Fail(updated.error());
  });
  router.Get("/api/processes/{id}/members", [&ctx](Request& r) { return MembersJson(ctx, r); });
  gate.Handle(router, Row("member.add"), [&ctx](Request& r, const auth::Caller& caller) {
    return AddMemberJson(ctx, r, caller);
  });
  router.Get("/api/processes/{id}/composition", [&ctx](Request& request) {
    auto id = http::PathId(request, "id", "process");
    auto roster = id ? ReadRoster(ctx, *id) : Result<Roster>(Error(id.error()));
    return roster ? Public(ToJson(ComputeComposition(roster->members, *roster->countries)))
                  : Fail(roster.error());
  });
  router.Get("/api/countries", [&ctx](Request&) {
    auto countries = ReadCountries(ctx);
    return countries ? Public(List("countries", *countries)) : Fail(countries.error());
  });
}

}  // namespace plenary::process
