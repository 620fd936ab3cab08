#include <fmt/format.h>

#include "http/json_body.h"
#include "process/queries.h"
#include "process/routes.h"
#include "process/views.h"

namespace plenary::process {
namespace {

using http::Request;
using http::Response;

Translate TranslatorFor(const web::Site& site, const Request& request) {
  std::string language(site.LanguageFor(request));
  return [&site, language](std::string_view key, const i18n::Args& args) {
    return site.catalog().Get(language, key, args);
  };
}

}  // namespace

void RegisterPageRoutes(http::Router& router, Context& ctx, const web::Site& site) {
  router.Get("/", [&ctx, &site](Request& request) {
    auto processes = ReadProcesses(ctx);
    if (!processes) {
      return site.RespondError(request, processes.error());
    }
    auto t = TranslatorFor(site, request);
    return site.Page(request, "process/list.html", ProcessListView(*processes, t),
                     t("process.list.title", {}));
  });
  router.Get("/processes/{id}", [&ctx, &site](Request& request) {
    auto id = http::PathId(request, "id", "process");
    auto roster = id ? ReadRoster(ctx, *id) : Result<Roster>(Error(id.error()));
    if (!roster) {
      return site.RespondError(request, roster.error());
    }
    auto t = TranslatorFor(site, request);
    return site.Page(request, "process/overview.html", OverviewView(*roster, t),
                     roster->process.title);
  });
  router.Get("/processes/{id}/composition", [&ctx, &site](Request& request) {
    auto id = http::PathId(request, "id", "process");
    auto roster = id ? ReadRoster(ctx, *id) : Result<Roster>(Error(id.error()));
    if (!roster) {
      return site.RespondError(request, roster.error());
    }
    auto t = TranslatorFor(site, request);
    return site.Page(request, "process/composition.html", CompositionView(*roster, t),
                     t("composition.title", {{"name", roster->process.short_name}}));
  });
}

}  // namespace plenary::process
