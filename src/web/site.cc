#include "web/site.h"

#include <fmt/format.h>

#include "web/html.h"

namespace plenary::web {

std::span<const EmbeddedFile> EmbeddedWebTemplates();  // generated
std::span<const EmbeddedFile> EmbeddedStatic();        // generated

namespace {

std::string_view ContentTypeFor(std::string_view name) {
  if (name.ends_with(".css")) {
    return "text/css; charset=utf-8";
  }
  if (name.ends_with(".js")) {
    return "text/javascript; charset=utf-8";
  }
  if (name.ends_with(".svg")) {
    return "image/svg+xml";
  }
  if (name.ends_with(".png")) {
    return "image/png";
  }
  return "application/octet-stream";
}

}  // namespace

std::string ComputeEtag(std::string_view body) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : body) {
    h = (h ^ c) * 1099511628211ULL;
  }
  return fmt::format("\"{:016x}\"", h);
}

Result<std::unique_ptr<Site>> Site::Load() {
  auto site = std::make_unique<Site>();
  ASSIGN_OR_RETURN(site->catalog_, i18n::Catalog::LoadBuiltin());
  RETURN_IF_ERROR(site->AddTemplates(EmbeddedWebTemplates(), ""));
  for (const EmbeddedFile& file : EmbeddedStatic()) {
    Asset asset{std::string(file.content), std::string(ContentTypeFor(file.name)),
                ComputeEtag(file.content)};
    if (file.name == "style.css") {
      site->stylesheet_url_ = fmt::format("/static/style.css?v={}", asset.etag.substr(1, 8));
    }
    site->assets_.emplace(std::string(file.name), std::move(asset));
  }
  return site;
}

Status Site::AddTemplates(std::span<const EmbeddedFile> files, std::string_view prefix) {
  for (const EmbeddedFile& file : files) {
    RETURN_IF_ERROR(templates_.Add(std::string(prefix) + std::string(file.name), file.content));
  }
  return Status::Ok();
}

std::string_view Site::LanguageFor(const http::Request& request) const {
  if (auto lang = request.Query("lang")) {
    for (std::string_view supported : i18n::kLanguages) {
      if (*lang == supported) {
        return supported;
      }
    }
  }
  auto header = request.headers.Get("accept-language");
  return header ? i18n::Catalog::Negotiate(*header) : std::string_view("en");
}

std::string Site::Message(const http::Request& request, std::string_view key,
                          const i18n::Args& args) const {
  return catalog_.Get(LanguageFor(request), key, args);
}

Result<std::string> Site::RenderFragment(std::string_view template_name,
                                         const nlohmann::json& context,
                                         std::string_view language) const {
  const Template* t = templates_.Find(template_name);
  if (t == nullptr) {
    return Error(Internal(fmt::format("no template named {}", template_name)));
  }
  return t->Render(context, Template::Env{&catalog_, language, &templates_});
}

http::Response Site::Page(const http::Request& request, std::string_view template_name,
                          nlohmann::json context, std::string_view title) const {
  std::string_view language = LanguageFor(request);
  auto body = RenderFragment(template_name, context, language);
  if (!body) {
    return RespondError(request, body.error());
  }
  nlohmann::json layout = {{"title", title},
                           {"lang", language},
                           {"dir", i18n::Catalog::Direction(language)},
                           {"stylesheet", stylesheet_url_},
                           {"content", std::move(*body)},
                           {"nav", context.value("nav", nlohmann::json::object())}};
  auto html = RenderFragment("layout.html", layout, language);
  if (!html) {
    return RespondError(request, html.error());
  }
  http::Response response = http::Response::Html(std::move(*html));
  response.headers.Set("etag", ComputeEtag(response.body));
  response.headers.Set("cache-control", "no-cache");
  response.shared_cache = true;
  return response;
}

http::Response Site::RespondError(const http::Request& request, const Status& status) const {
  bool api = request.path.starts_with("/api/") || request.path == "/api";
  if (api || !request.WantsHtml()) {
    return http::Response::Error(status);
  }
  std::string_view language = LanguageFor(request);
  int code = http::HttpStatusFor(status.code());
  nlohmann::json context = {{"status", code},
                            {"message", status.message()},
                            {"title_key", fmt::format("error.{}", code)}};
  std::string title = catalog_.Get(language, fmt::format("error.{}", code));
  http::Response page = Page(request, "error.html", context, title);
  page.status = code;
  page.headers.Remove("etag");
  return page;
}

void Site::RegisterStatic(http::Router& router) const {
  router.Get("/static/{name}", [this](http::Request& request) {
    auto it = assets_.find(std::string(request.PathParam("name")));
    if (it == assets_.end()) {
      return RespondError(request, NotFound("no static file " + request.path));
    }
    http::Response r;
    r.body = it->second.content;
    r.headers.Set("content-type", it->second.content_type);
    r.headers.Set("etag", it->second.etag);
    r.shared_cache = true;
    r.headers.Set("cache-control", request.Query("v") ? "public, max-age=31536000, immutable"
                                                      : "public, max-age=3600");
    return r;
  });
}

}  // namespace plenary::web
