// JSON and form input for requests and decisions: each refusal names the field.
#include "accreditation/codec.h"

#include <gtest/gtest.h>

namespace plenary::accreditation {
namespace {

using nlohmann::json;

TEST(NewRequestFromJson, ReadsEveryFieldAndDecodesTheLetter) {
  auto r = NewRequestFromJson({{"capacity", "member"},
                               {"member_id", 7},
                               {"delegation_role", "adviser"},
                               {"organisation", "Brazil"},
                               {"note", "n"},
                               {"letter_filename", "a.pdf"},
                               {"letter_pdf_base64", "JVBERi0xLjQKJSVFT0YK"}});
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->capacity, "member");
  EXPECT_EQ(r->member_id, 7);
  EXPECT_EQ(r->delegation_role, "adviser");
  EXPECT_EQ(r->organisation, "Brazil");
  EXPECT_EQ(r->letter, "%PDF-1.4\n%%EOF\n");
  EXPECT_EQ(r->letter_filename, "a.pdf");
}

TEST(NewRequestFromJson, RefusalsNameTheField) {
  const std::pair<json, std::string> cases[] = {
      {json::array(), "JSON object"},
      {{{"seat", 1}}, "unknown field 'seat'"},
      {{{"capacity", 1}}, "'capacity' must be a string"},
      {{{"member_id", "7"}}, "'member_id' must be a whole number"},
      {{{"member_id", 1.5}}, "'member_id' must be a whole number"},
      {{{"letter_pdf_base64", "%%%"}}, "'letter_pdf_base64' is not valid base64"},
  };
  for (const auto& [body, mentions] : cases) {
    auto r = NewRequestFromJson(body);
    ASSERT_FALSE(r) << body.dump();
    EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.error().message().find(mentions), std::string::npos) << r.error().message();
  }
}

TEST(NewRequestFromForm, TakesTheFileAndIgnoresSeatFieldsForObservers) {
  http::Form form;
  form.fields = {{"capacity", "observer"},
                 {"member_id", "3"},
                 {"delegation_role", "head"},
                 {"organisation", "ICANN"}};
  form.files.push_back({"letter", "nv.pdf", "application/pdf", "%PDF-1.4"});
  auto r = NewRequestFromForm(form);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->member_id, std::nullopt);
  EXPECT_EQ(r->delegation_role, "");
  EXPECT_EQ(r->letter, "%PDF-1.4");
  EXPECT_EQ(r->letter_filename, "nv.pdf");

  form.fields = {{"capacity", "member"}, {"member_id", "3x"}};
  auto bad = NewRequestFromForm(form);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("'member_id'"), std::string::npos);
}

TEST(ToJson, NeverCarriesTheLetterOrAName) {
  Request r;
  r.id = 4;
  r.letter_filename = "a.pdf";
  r.letter_bytes = 12;
  json j = ToJson(r);
  EXPECT_EQ(j["letter"], json({{"filename", "a.pdf"}, {"bytes", 12}}));
  EXPECT_FALSE(j.contains("name"));
  r.letter_bytes = 0;
  EXPECT_TRUE(ToJson(r)["letter"].is_null());
}

TEST(DecisionFromJson, ReadsDecisionAndReason) {
  auto d = DecisionFromJson({{"decision", "refuse"}, {"reason", "No letter"}});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->decision, "refuse");
  EXPECT_EQ(d->reason, "No letter");
  EXPECT_FALSE(DecisionFromJson({{"verdict", "x"}}));
}

}  // namespace
}  // namespace plenary::accreditation
