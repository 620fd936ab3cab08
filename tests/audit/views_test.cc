// The history page's context: field-by-field differences and readable values.
#include "audit/views.h"

#include <gtest/gtest.h>

namespace plenary::audit {
namespace {

using nlohmann::json;

TEST(DiffFields, ListsOnlyChangedTopLevelFieldsByName) {
  auto changes = DiffFields({{"title", "A"}, {"status", "active"}, {"gone", 1}},
                            {{"title", "B"}, {"status", "active"}, {"added", {1, 2}}});
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].field, "added");
  EXPECT_EQ(changes[0].before, json());
  EXPECT_EQ(changes[0].after, json({1, 2}));
  EXPECT_EQ(changes[1].field, "gone");
  EXPECT_EQ(changes[1].after, json());
  EXPECT_EQ(changes[2].field, "title");
  EXPECT_EQ(changes[2].before, "A");
  EXPECT_EQ(changes[2].after, "B");
}

TEST(DiffFields, TreatsACreationAsEveryFieldNew) {
  auto changes = DiffFields(nullptr, {{"title", "A"}, {"id", 3}});
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].field, "id");
  EXPECT_TRUE(changes[0].before.is_null());
  EXPECT_TRUE(DiffFields(nullptr, nullptr).empty());
  EXPECT_EQ(DiffFields({{"a", 1}}, nullptr).size(), 1u);
}

TEST(DiffFields, ComparesPlainValuesAsOneField) {
  auto changes = DiffFields(1, 2);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].field, "value");
  EXPECT_TRUE(DiffFields("x", "x").empty());
}

TEST(DisplayValue, IsReadable) {
  EXPECT_EQ(DisplayValue(nullptr, "(none)"), "(none)");
  EXPECT_EQ(DisplayValue("", "(none)"), "(none)");
  EXPECT_EQ(DisplayValue("Geneva", "-"), "Geneva");
  EXPECT_EQ(DisplayValue(3, "-"), "3");
  EXPECT_EQ(DisplayValue(json({"Q1", "Q2"}), "-"), "Q1; Q2");
  EXPECT_EQ(DisplayValue(json::array({{{"title", "M"}}}), "-"), R"([{"title":"M"}])");
}

TEST(HistoryView, TranslatesLabelsAndKeepsUnknownOnesReadable) {
  Entry e;
  e.id = 4;
  e.at = "2026-01-02T03:04:05Z";
  e.actor = {0, "public"};
  e.object_type = "widget";
  e.object_id = "a b";
  e.action = "polish";
  e.before_json = R"({"title":"A"})";
  e.after_json = R"({"title":"B"})";
  e.hash = "ab";
  Translate t = [](std::string_view key, const i18n::Args& args) {
    std::string out(key);
    for (const auto& [name, value] : args) {
      out += " " + std::string(name) + "=" + value;
    }
    return out;
  };
  json view = HistoryView("widget", "a b", {e}, t);
  EXPECT_EQ(view["object"], "widget");
  EXPECT_EQ(view["open_data_url"], "/api/audit?object_type=widget&object_id=a%20b");
  ASSERT_EQ(view["entries"].size(), 1u);
  const json& entry = view["entries"][0];
  EXPECT_EQ(entry["summary"], "audit.history.entry action=polish actor=public");
  EXPECT_EQ(entry["when"], "audit.history.at day=2 month=date.month.1 year=2026 time=03:04:05");
  ASSERT_EQ(entry["changes"].size(), 1u);
  EXPECT_EQ(entry["changes"][0]["before"], "A");
}

TEST(HistoryView, ShowsAnErasedEntryWithoutItsValues) {
  Entry e;
  e.id = 4;
  e.at = "2026-01-02T03:04:05Z";
  e.actor = {7, "erased person #7"};
  e.object_type = "member";
  e.object_id = "5";
  e.action = "update";
  e.before_json = e.after_json = kRedactedPayload;
  e.actor_salt = "";
  e.payload_salt = "";
  e.redacted_at = "2026-05-06T07:08:09Z";
  Translate t = [](std::string_view key, const i18n::Args&) { return std::string(key); };
  json entry = HistoryView("member", "5", {e}, t)["entries"][0];
  EXPECT_EQ(entry["redacted"], true);
  EXPECT_EQ(entry["payload_erased"], true);
  EXPECT_TRUE(entry["changes"].empty());
  EXPECT_NE(entry["redacted_note"].get<std::string>().find("erased"), std::string::npos);

  e.payload_salt = "00";  // only the label was erased: the changes still show
  e.before_json = R"({"title":"A"})";
  e.after_json = R"({"title":"B"})";
  entry = HistoryView("member", "5", {e}, t)["entries"][0];
  EXPECT_EQ(entry["redacted"], true);
  EXPECT_EQ(entry["payload_erased"], false);
  EXPECT_EQ(entry["changes"].size(), 1u);
}

}  // namespace
}  // namespace plenary::audit
