#include "web/template.h"

#include <gtest/gtest.h>

namespace plenary::web {
namespace {

using nlohmann::json;

std::string Render(std::string_view source, const json& context, const TemplateSet* set = nullptr,
                   const i18n::Catalog* catalog = nullptr) {
  auto t = Template::Parse(source, "test");
  EXPECT_TRUE(t) << t.error().ToString();
  return t ? t->Render(context, Template::Env{catalog, "en", set}) : "";
}

TEST(Template, EscapesValuesByDefault) {
  EXPECT_EQ(Render("<p>{{x}}</p>", {{"x", "<b>&\"'"}}), "<p>&lt;b&gt;&amp;&quot;&#39;</p>");
  EXPECT_EQ(Render("{{{x}}}", {{"x", "<b>"}}), "<b>");
}

TEST(Template, FormatsScalarsAndMissingValues) {
  EXPECT_EQ(Render("{{n}} {{f}} {{b}} {{none}}.", {{"n", 42}, {"f", 1.5}, {"b", true}}),
            "42 1.5 true .");
}

TEST(Template, DottedNamesAndSize) {
  json ctx = {{"a", {{"b", {{"c", "deep"}}}}}, {"list", {1, 2, 3}}};
  EXPECT_EQ(Render("{{a.b.c}} {{list.size}}", ctx), "deep 3");
}

TEST(Template, SectionsIterateNestAndFallBackToOuterScope) {
  json ctx = {{"title", "T"}, {"items", {{{"name", "a"}}, {{"name", "b"}}}}};
  EXPECT_EQ(Render("{{#items}}[{{name}}/{{title}}]{{/items}}", ctx), "[a/T][b/T]");
  EXPECT_EQ(Render("{{#list}}{{.}},{{/list}}", {{"list", {"x", "y"}}}), "x,y,");
}

TEST(Template, InvertedSectionsRenderOnFalsyValues) {
  for (const json& falsy : {json(nullptr), json(false), json(""), json::array(), json(0)}) {
    EXPECT_EQ(Render("{{^v}}none{{/v}}{{#v}}some{{/v}}", {{"v", falsy}}), "none") << falsy.dump();
  }
  EXPECT_EQ(Render("{{^v}}none{{/v}}{{#v}}some{{/v}}", {{"v", "x"}}), "some");
}

TEST(Template, PartialsRenderWithTheCurrentContext) {
  TemplateSet set;
  ASSERT_TRUE(set.Add("item.html", "<li>{{name}}</li>").ok());
  EXPECT_EQ(Render("{{#items}}{{>item.html}}{{/items}}", {{"items", {{{"name", "<x>"}}}}}, &set),
            "<li>&lt;x&gt;</li>");
}

TEST(Template, MessagesComeFromTheCatalogWithArguments) {
  i18n::Catalog catalog;
  ASSERT_TRUE(
      catalog
          .AddLanguage("en", R"({"seats.one": "{count} seat", "seats.other": "{count} seats",
                                         "hi": "Hello <{name}>"})")
          .ok());
  EXPECT_EQ(Render("{{t:seats count=n}}", {{"n", 1}}, nullptr, &catalog), "1 seat");
  EXPECT_EQ(Render("{{t:seats count=n}}", {{"n", 42}}, nullptr, &catalog), "42 seats");
  EXPECT_EQ(Render("{{t:hi name=who}}", {{"who", "A&B"}}, nullptr, &catalog),
            "Hello &lt;A&amp;B&gt;");
}

TEST(Template, CommentsVanish) {
  EXPECT_EQ(Render("a{{! note }}b", json::object()), "ab");
}

TEST(Template, ParseErrorsNameTheLine) {
  struct Case {
    const char* source;
    const char* mentions;
  };
  for (const Case& c : {Case{"line1\n{{#a}}open", "line 2"},
                        Case{"{{#a}}x{{/b}}", "does not close"}, Case{"{{x", "not closed"},
                        Case{"{{}}", "empty tag"}, Case{"{{t:key count}}", "name=value"}}) {
    auto t = Template::Parse(c.source, "page.html");
    ASSERT_FALSE(t) << c.source;
    EXPECT_NE(t.error().message().find(c.mentions), std::string::npos) << t.error().message();
    EXPECT_NE(t.error().message().find("page.html"), std::string::npos);
  }
}

}  // namespace
}  // namespace plenary::web
