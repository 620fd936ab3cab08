#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "i18n/catalog.h"

namespace plenary::web {

class TemplateSet;

// A Mustache-style template, parsed once at start-up and rendered many times against a JSON
// context. Output is HTML-escaped by default.
//   {{name}} {{a.b}} {{.}}   value, escaped          {{{name}}}   trusted HTML, not escaped
//   {{#name}}..{{/name}}     section: each array item, an object, or once if truthy
//   {{^name}}..{{/name}}     inverted section        {{>partial}} another template of the set
//   {{t:key}}  {{t:key count=members.size name=title}}  a catalog message, escaped
//   {{! comment }}
class Template {
 public:
  // kInvalidArgument naming the template and line on an unclosed or mismatched tag.
  static Result<Template> Parse(std::string_view source, std::string_view name);

  struct Env {
    const i18n::Catalog* catalog = nullptr;
    std::string_view language = "en";
    const TemplateSet* partials = nullptr;
  };
  std::string Render(const nlohmann::json& context, const Env& env) const;

  struct Node;

 private:
  std::shared_ptr<const std::vector<Node>> nodes_;
};

// All templates of the application by name ("process/overview.html").
class TemplateSet {
 public:
  Status Add(std::string_view name, std::string_view source);
  const Template* Find(std::string_view name) const;

 private:
  std::map<std::string, Template, std::less<>> templates_;
};

}  // namespace plenary::web
