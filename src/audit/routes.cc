#include "audit/routes.h"

#include <charconv>

#include <fmt/format.h>

#include "audit/trail.h"
#include "audit/views.h"
#include "http/json_body.h"

namespace plenary::audit {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Result<std::string> RequiredQuery(const Request& request, std::string_view name) {
  auto value = request.Query(name);
  if (!value || value->empty()) {
    return Error(InvalidArgument(fmt::format("the query parameter '{}' is required", name)));
  }
  return std::string(*value);
}

// A non-negative integer query parameter, or `fallback` when absent.
Result<int64_t> CountQuery(const Request& request, std::string_view name, int64_t fallback) {
  auto value = request.Query(name);
  if (!value) {
    return fallback;
  }
  int64_t n = 0;
  auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), n);
  if (error != std::errc() || end != value->data() + value->size() || n < 0) {
    return Error(InvalidArgument(
        fmt::format("the query parameter '{}' must be a non-negative integer", name)));
  }
  return n;
}

json EntriesJson(const std::vector<Entry>& entries) {
  json items = json::array();
  for (const Entry& e : entries) {
    items.push_back(ToJson(e));
  }
  return items;
}

Response ObjectHistoryJson(storage::Database& db, const Request& request) {
  auto type = RequiredQuery(request, "object_type");
  auto id = type ? RequiredQuery(request, "object_id") : Result<std::string>(Error(type.error()));
  auto entries = id ? History(db, *type, *id) : Result<std::vector<Entry>>(Error(id.error()));
  if (!entries) {
    return Response::Error(entries.error());
  }
  return Response::Json({{"object_type", *type},
                         {"object_id", *id},
                         {"entries", EntriesJson(*entries)},
                         {"count", entries->size()}});
}

Response ProcessAuditJson(storage::Database& db, const Request& request) {
  auto id = http::PathId(request, "id", "process");
  if (!id) {
    return Response::Error(id.error());
  }
  auto after = CountQuery(request, "after", 0);
  auto limit = after ? CountQuery(request, "limit", 100) : Result<int64_t>(Error(after.error()));
  if (!limit) {
    return Response::Error(limit.error());
  }
  PageRequest page{*after, std::clamp<int64_t>(*limit, 1, kMaxPageSize)};
  auto entries = ListForProcess(db, *id, page);
  if (!entries) {
    return Response::Error(entries.error());
  }
  json body = {{"process_id", *id},
               {"entries", EntriesJson(*entries)},
               {"count", entries->size()},
               {"next", nullptr}};
  if (static_cast<int64_t>(entries->size()) == page.limit) {
    body["next"] = fmt::format("/api/processes/{}/audit?after={}&limit={}", *id, entries->back().id,
                               page.limit);
  }
  return Response::Json(body);
}

}  // namespace

void RegisterApiRoutes(http::Router& router, storage::Database& db) {
  router.Get("/api/audit", [&db](Request& request) { return ObjectHistoryJson(db, request); });
  router.Get("/api/processes/{id}/audit",
             [&db](Request& request) { return ProcessAuditJson(db, request); });
}

void RegisterPageRoutes(http::Router& router, storage::Database& db, const web::Site& site) {
  router.Get("/history/{object_type}/{object_id}", [&db, &site](Request& request) {
    std::string type(request.PathParam("object_type"));
    std::string id(request.PathParam("object_id"));
    auto entries = History(db, type, id);
    if (!entries) {
      return site.RespondError(request, entries.error());
    }
    std::string language(site.LanguageFor(request));
    Translate t = [&site, &language](std::string_view key, const i18n::Args& args) {
      return site.catalog().Get(language, key, args);
    };
    json view = HistoryView(type, id, *entries, t);
    return site.Page(
        request, "audit/history.html", view,
        t("audit.history.title", {{"object", view["object"].get<std::string>()}, {"id", id}}));
  });
}

}  // namespace plenary::audit
