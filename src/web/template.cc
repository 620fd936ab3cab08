#include "web/template.h"

#include <fmt/format.h>

#include "core/text.h"
#include "web/html.h"

namespace plenary::web {

struct Template::Node {
  enum class Kind { kText, kValue, kRaw, kSection, kInverted, kPartial, kMessage };
  Kind kind = Kind::kText;
  std::string text;               // literal text, name, partial or message key
  std::vector<std::string> path;  // dotted name split; empty for "."
  std::vector<std::pair<std::string, std::vector<std::string>>> args;  // t: arguments
  std::vector<Node> children;                                          // sections
};

namespace {

using Node = Template::Node;
using Context = std::vector<const nlohmann::json*>;

std::vector<std::string> SplitName(std::string_view name) {
  std::vector<std::string> path;
  if (name == ".") {
    return path;
  }
  for (std::string_view part : Split(name, '.')) {
    path.emplace_back(part);
  }
  return path;
}

struct Parser {
  std::string_view source;
  std::string_view name;
  size_t pos = 0;

  size_t Line(size_t at) const {
    size_t line = 1;
    for (size_t i = 0; i < at && i < source.size(); ++i) {
      line += source[i] == '\n';
    }
    return line;
  }
  Status Fail(size_t at, std::string_view what) const {
    return InvalidArgument(fmt::format("template {} line {}: {}", name, Line(at), what));
  }

  // Parses until the closing tag `{{/closing}}` (or the end when `closing` is empty).
  Result<std::vector<Node>> ParseUntil(std::string_view closing, size_t opened_at) {
    std::vector<Node> nodes;
    while (pos < source.size()) {
      size_t open = source.find("{{", pos);
      if (open == std::string_view::npos) {
        open = source.size();
      }
      if (open > pos) {
        nodes.push_back(Node{Node::Kind::kText, std::string(source.substr(pos, open - pos))});
      }
      if (open == source.size()) {
        pos = open;
        break;
      }
      bool triple = source.substr(open, 3) == "{{{";
      size_t close = source.find(triple ? "}}}" : "}}", open);
      if (close == std::string_view::npos) {
        return Error(Fail(open, "tag is not closed"));
      }
      std::string_view tag =
          Trim(source.substr(open + (triple ? 3 : 2), close - open - (triple ? 3 : 2)));
      pos = close + (triple ? 3 : 2);
      if (triple) {
        nodes.push_back(Node{Node::Kind::kRaw, std::string(tag), SplitName(tag)});
        continue;
      }
      if (tag.empty()) {
        return Error(Fail(open, "empty tag"));
      }
      char sigil = tag.front();
      std::string_view rest = Trim(tag.substr(1));
      if (sigil == '!') {
        continue;
      }
      if (sigil == '/') {
        if (rest != closing) {
          return Error(
              Fail(open, fmt::format("{{{{/{}}}}} does not close {{{{#{}}}}}", rest, closing)));
        }
        return nodes;
      }
      if (sigil == '#' || sigil == '^') {
        size_t start = pos;
        ASSIGN_OR_RETURN(auto children, ParseUntil(rest, open));
        (void)start;
        Node node{sigil == '#' ? Node::Kind::kSection : Node::Kind::kInverted, std::string(rest),
                  SplitName(rest)};
        node.children = std::move(children);
        nodes.push_back(std::move(node));
        continue;
      }
      if (sigil == '>') {
        nodes.push_back(Node{Node::Kind::kPartial, std::string(rest)});
        continue;
      }
      if (tag.starts_with("t:")) {
        ASSIGN_OR_RETURN(Node node, ParseMessage(tag.substr(2), open));
        nodes.push_back(std::move(node));
        continue;
      }
      nodes.push_back(Node{Node::Kind::kValue, std::string(tag), SplitName(tag)});
    }
    if (!closing.empty()) {
      return Error(Fail(opened_at, fmt::format("{{{{#{}}}}} is never closed", closing)));
    }
    return nodes;
  }

  Result<Node> ParseMessage(std::string_view body, size_t at) const {
    Node node{Node::Kind::kMessage};
    bool first = true;
    for (std::string_view word : Split(body, ' ')) {
      if (word.empty()) {
        continue;
      }
      if (first) {
        node.text = std::string(word);
        first = false;
        continue;
      }
      size_t eq = word.find('=');
      if (eq == std::string_view::npos) {
        return Error(Fail(at, fmt::format("message argument '{}' needs name=value", word)));
      }
      node.args.emplace_back(std::string(word.substr(0, eq)), SplitName(word.substr(eq + 1)));
    }
    if (node.text.empty()) {
      return Error(Fail(at, "message tag without a key"));
    }
    return node;
  }
};

const nlohmann::json* Lookup(const Context& stack, const std::vector<std::string>& path) {
  if (path.empty()) {
    return stack.back();
  }
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
    const nlohmann::json* node = *it;
    if (!node->is_object()) {
      continue;
    }
    auto found = node->find(path[0]);
    if (found == node->end()) {
      continue;
    }
    node = &*found;
    for (size_t i = 1; i < path.size(); ++i) {
      if (path[i] == "size" && (node->is_array() || node->is_object())) {
        static thread_local nlohmann::json size;
        size = node->size();
        return &size;
      }
      if (!node->is_object() || !node->contains(path[i])) {
        return nullptr;
      }
      node = &(*node)[path[i]];
    }
    return node;
  }
  return nullptr;
}

std::string ToText(const nlohmann::json* value) {
  if (value == nullptr || value->is_null()) {
    return {};
  }
  if (value->is_string()) {
    return value->get<std::string>();
  }
  if (value->is_boolean()) {
    return value->get<bool>() ? "true" : "false";
  }
  return value->dump();
}

bool Truthy(const nlohmann::json* value) {
  if (value == nullptr || value->is_null()) {
    return false;
  }
  if (value->is_boolean()) {
    return value->get<bool>();
  }
  if (value->is_string()) {
    return !value->get_ref<const std::string&>().empty();
  }
  if (value->is_array() || value->is_object()) {
    return !value->empty();
  }
  if (value->is_number()) {
    return value->get<double>() != 0;
  }
  return true;
}

void RenderNodes(const std::vector<Node>& nodes, Context& stack, const Template::Env& env,
                 std::string& out);

void RenderSection(const Node& node, Context& stack, const Template::Env& env, std::string& out) {
  const nlohmann::json* value = Lookup(stack, node.path);
  if (node.kind == Node::Kind::kInverted) {
    if (!Truthy(value)) {
      RenderNodes(node.children, stack, env, out);
    }
    return;
  }
  if (!Truthy(value)) {
    return;
  }
  if (value->is_array()) {
    for (const auto& item : *value) {
      stack.push_back(&item);
      RenderNodes(node.children, stack, env, out);
      stack.pop_back();
    }
    return;
  }
  stack.push_back(value);
  RenderNodes(node.children, stack, env, out);
  stack.pop_back();
}

void RenderNode(const Node& node, Context& stack, const Template::Env& env, std::string& out) {
  switch (node.kind) {
    case Node::Kind::kText:
      out += node.text;
      return;
    case Node::Kind::kValue:
      AppendEscaped(out, ToText(Lookup(stack, node.path)));
      return;
    case Node::Kind::kRaw:
      out += ToText(Lookup(stack, node.path));
      return;
    case Node::Kind::kSection:
    case Node::Kind::kInverted:
      RenderSection(node, stack, env, out);
      return;
    case Node::Kind::kPartial: {
      const Template* partial = env.partials ? env.partials->Find(node.text) : nullptr;
      if (partial != nullptr) {
        out += partial->Render(*stack.back(), env);
      }
      return;
    }
    case Node::Kind::kMessage: {
      i18n::Args args;
      for (const auto& [name, path] : node.args) {
        args.emplace_back(name, ToText(Lookup(stack, path)));
      }
      AppendEscaped(out, env.catalog ? env.catalog->Get(env.language, node.text, args) : node.text);
      return;
    }
  }
}

void RenderNodes(const std::vector<Node>& nodes, Context& stack, const Template::Env& env,
                 std::string& out) {
  for (const Node& node : nodes) {
    RenderNode(node, stack, env, out);
  }
}

}  // namespace

Result<Template> Template::Parse(std::string_view source, std::string_view name) {
  Parser parser{source, name};
  ASSIGN_OR_RETURN(auto nodes, parser.ParseUntil("", 0));
  Template t;
  t.nodes_ = std::make_shared<const std::vector<Node>>(std::move(nodes));
  return t;
}

std::string Template::Render(const nlohmann::json& context, const Env& env) const {
  std::string out;
  out.reserve(8192);
  Context stack{&context};
  RenderNodes(*nodes_, stack, env, out);
  return out;
}

Status TemplateSet::Add(std::string_view name, std::string_view source) {
  ASSIGN_OR_RETURN(Template t, Template::Parse(source, name));
  templates_.insert_or_assign(std::string(name), std::move(t));
  return Status::Ok();
}

const Template* TemplateSet::Find(std::string_view name) const {
  auto it = templates_.find(name);
  return it == templates_.end() ? nullptr : &it->second;
}

}  // namespace plenary::web
