// The search index's facets (consultation/search_entry.h); migration 0012, which rebuilds the
// index of existing contributions with facets computed in SQL (they must equal Facets()); and
// migration 0018, which moves the index to the derived file, its terms written again.
#include "consultation/search_entry.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "consultation/index_backlog.h"
#include "consultation/prepare.h"
#include "consultation/store.h"
#include "engines/text/analyzer.h"
#include "process/module.h"
#include "storage/migrator.h"
#include "support/temp_database.h"
#include "wgec_call.h"

namespace plenary::consultation {
namespace {

TEST(SearchEntryTest, FacetTokensKeepLowerCaseLettersAndDigits) {
  EXPECT_EQ(FacetToken("group", "civil_society"), "groupcivilsociety");
  EXPECT_EQ(FacetToken("country", "FJI"), "countryfji");
  EXPECT_EQ(FacetToken("language", "zh-Hant"), "languagezhhant");
  EXPECT_EQ(FacetToken("group", ""), "group");
  EXPECT_EQ(FacetToken("call", "\"x\" OR y*"), "callxory");  // nothing of FTS5's syntax passes
}

TEST(SearchEntryTest, FacetsNameEveryFilterValue) {
  Contribution c;
  c.process_id = 3;
  c.call_id = 12;
  c.stakeholder_group = "technical_academic";
  c.country_iso3 = "FJI";
  c.language = "fr";
  c.answers = {{1, "a"}, {2, "b"}};
  EXPECT_EQ(Facets(c),
            "process3 call12 grouptechnicalacademic countryfji languagefr question1 question2");
  c.country_iso3.clear();
  c.answers.clear();
  EXPECT_EQ(Facets(c), "process3 call12 grouptechnicalacademic languagefr");
}

// A database at migration 0011 holding contributions indexed the old way (0009's table), then
// migrated to 0017: the rows are in the new index, found by words and by each of their facets;
// then to the end: 0018 lists them in the backlog, whose pass writes them into the derived file.
TEST(SearchEntryTest, Migrations0012And0018KeepExistingRowsWithTheirFacets) {
  auto db = OpenTempDatabase("sqlite");
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  std::vector<storage::Migration> before;
  for (const storage::Migration& m : storage::BuiltinMigrations()) {
    if (m.number < 12) {
      before.push_back(m);
    }
  }
  ASSERT_TRUE(storage::Migrate(**db, before).has_value());
  ASSERT_TRUE(process::LoadReferenceData(**db).ok());

  std::vector<Contribution> contributions(2);
  Status written = (*db)->Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(WgecCall wgec, InsertWgecCall(c));
    const int64_t process_id = wgec.process_id;
    const int64_t call_id = wgec.call_id;
    const char* bodies[] = {"Enhanced cooperation needs every stakeholder.",
                            "La coopération renforcée concerne les gouvernements."};
    for (size_t i = 0; i < contributions.size(); ++i) {
      Contribution& k = contributions[i];
      k.call_id = call_id;
      k.process_id = process_id;
      k.author_name = "Author";
      k.body = bodies[i];
      k.language = i == 0 ? "en" : "fr";
      k.stakeholder_group = i == 0 ? "civil_society" : "government";
      k.country_iso3 = i == 0 ? "FJI" : "";
      k.answers = i == 0 ? std::vector<Answer>{{2, "Open data."}} : std::vector<Answer>{};
      k.submitted_at = "2016-10-01T00:00:00Z";
      ASSIGN_OR_RETURN(k.id, store::InsertContribution(c, k, "", ReceiptFor));
      storage::Value params[] = {k.id, text::TermString(k.body, k.language)};
      RETURN_IF_ERROR(detail::ToStatus(
          c.Execute("INSERT INTO contribution_terms (rowid, terms) VALUES (?, ?)", params)));
    }
    return Status::Ok();
  });
  ASSERT_TRUE(written.ok()) << written.ToString();

  std::vector<storage::Migration> up_to_0017;
  for (const storage::Migration& m : storage::BuiltinMigrations()) {
    if (m.number < 18) {
      up_to_0017.push_back(m);
    }
  }
  auto applied = storage::Migrate(**db, up_to_0017);
  ASSERT_TRUE(applied.has_value()) << applied.error().ToString();

  auto matching = [&](const std::string& match) {
    std::vector<int64_t> ids;
    Status read = (*db)->Read([&](storage::Connection& c) -> Status {
      storage::Value param = match;
      ASSIGN_OR_RETURN(auto rows, c.Query("SELECT rowid FROM contribution_index WHERE "
                                          "contribution_index MATCH ? ORDER BY rowid",
                                          std::span(&param, 1)));
      for (const storage::Row& row : rows.rows) {
        ids.push_back(row.Int(0));
      }
      return Status::Ok();
    });
    EXPECT_TRUE(read.ok()) << read.ToString();
    return ids;
  };
  auto expect_found = [&] {
    for (const Contribution& k : contributions) {
      std::string facets = Facets(k);
      for (size_t start = 0; start < facets.size();) {
        size_t end = std::min(facets.find(' ', start), facets.size());
        std::string token = facets.substr(start, end - start);
        std::vector<int64_t> ids = matching("facets : \"" + token + "\"");
        EXPECT_TRUE(std::find(ids.begin(), ids.end(), k.id) != ids.end())
            << token << " of contribution " << k.id;
        start = end + 1;
      }
    }
    EXPECT_EQ(matching("terms : \"stakehold\""), std::vector<int64_t>{contributions[0].id});
    EXPECT_EQ(matching("facets : \"groupgovernment\""), std::vector<int64_t>{contributions[1].id});
    EXPECT_EQ(matching("facets : \"question2\""), std::vector<int64_t>{contributions[0].id});
    EXPECT_EQ(matching("facets : \"countryfji\""), std::vector<int64_t>{contributions[0].id});
  };
  expect_found();

  applied = storage::Migrate(**db, storage::BuiltinMigrations());
  ASSERT_TRUE(applied.has_value()) << applied.error().ToString();
  EXPECT_EQ(matching("terms : \"stakehold\""), std::vector<int64_t>{});  // not written yet
  ASSERT_TRUE(IndexAllWaiting(**db).ok());
  expect_found();
}

}  // namespace
}  // namespace plenary::consultation
