#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/embedded.h"
#include "core/result.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "i18n/catalog.h"
#include "web/template.h"

namespace plenary::web {

// The HTML side of the application: the message catalog, every module's templates, the one
// layout and the static assets. Built at start-up, then read-only and thread-safe.
class Site {
 public:
  static Result<std::unique_ptr<Site>> Load();

  // Modules add their templates ("process/overview.html") at start-up.
  Status AddTemplates(std::span<const EmbeddedFile> files, std::string_view prefix);

  // Renders `template_name` with `context`, wraps it in the layout (title, navigation, skip
  // link, language and direction) and gives it an ETag. `title` is plain text.
  http::Response Page(const http::Request& request, std::string_view template_name,
                      nlohmann::json context, std::string_view title) const;
  // A readable error page for browsers, JSON for the API and for programs.
  http::Response RespondError(const http::Request& request, const Status& status) const;

  // GET /static/{name}: embedded assets with ETag and caching.
  void RegisterStatic(http::Router& router) const;

  std::string_view LanguageFor(const http::Request& request) const;
  const i18n::Catalog& catalog() const { return catalog_; }
  std::string Message(const http::Request& request, std::string_view key,
                      const i18n::Args& args = {}) const;
  // Renders without the layout (fragments, tests).
  Result<std::string> RenderFragment(std::string_view template_name, const nlohmann::json& context,
                                     std::string_view language) const;

 private:
  struct Asset {
    std::string content;
    std::string content_type;
    std::string etag;
  };
  i18n::Catalog catalog_;
  TemplateSet templates_;
  std::unordered_map<std::string, Asset> assets_;
  std::string stylesheet_url_;
};

// A strong ETag for `body` (a 64-bit FNV-1a hash, quoted).
std::string ComputeEtag(std::string_view body);

}  // namespace plenary::web
