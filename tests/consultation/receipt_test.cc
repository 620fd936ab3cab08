// Receipts are made from the id (consultation/prepare.h): unique, in the order contributions
// came, with a random part; one taken already (by a receipt of another form) is drawn again, on
// every backend, and the contribution keeps the one stored.
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "consultation/prepare.h"
#include "consultation/store.h"
#include "process/module.h"
#include "storage/migrator.h"
#include "support/temp_database.h"
#include "wgec_call.h"

namespace plenary::consultation {
namespace {

class ReceiptTest : public ::testing::TestWithParam<std::string> {};

TEST(ReceiptForTest, TheIdInCrockfordBase32ThenFiveRandomDigits) {
  EXPECT_EQ(ReceiptFor(1).substr(0, 8), "R-00001-");
  EXPECT_EQ(ReceiptFor(32).substr(0, 8), "R-00010-");
  EXPECT_EQ(ReceiptFor(33'554'431).substr(0, 8), "R-ZZZZZ-");  // 32^5 - 1
  EXPECT_EQ(ReceiptFor(33'554'432).substr(0, 9), "R-100000-");
  std::string r = ReceiptFor(1'000'000);
  ASSERT_EQ(r.size(), 13u) << r;
  EXPECT_EQ(r.substr(0, 8), "R-0YGJ0-");  // 1,000,000 = 0*32^4 + 30*32^3 + 16*32^2 + 18*32 + 0
  for (char ch : r.substr(8)) {
    EXPECT_NE(std::string_view("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(ch), std::string::npos)
        << r;  // Crockford's digits: no I, L, O or U
  }
  // The random part: 25 bits, so 20 draws for one id are all different but by a 1 in 170,000
  // chance.
  std::set<std::string> drawn;
  for (int i = 0; i < 20; ++i) {
    drawn.insert(ReceiptFor(7));
  }
  EXPECT_GE(drawn.size(), 19u);
  // Later ids sort after earlier ones (with five digits: up to 33 million contributions).
  EXPECT_LT(ReceiptFor(999), ReceiptFor(1000));
  EXPECT_LT(ReceiptFor(31), ReceiptFor(32));
}

TEST_P(ReceiptTest, ReceiptsComeFromTheIdAndATakenOneIsDrawnAgain) {
  auto db = OpenTempDatabase(GetParam());
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  ASSERT_TRUE(storage::Migrate(**db, storage::BuiltinMigrations()).has_value());
  ASSERT_TRUE(process::LoadReferenceData(**db).ok());
  Status written = (*db)->Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(WgecCall wgec, InsertWgecCall(c, {}));
    Contribution first;
    first.call_id = wgec.call_id;
    first.process_id = wgec.process_id;
    first.author_name = "A";
    first.body = "One.";
    first.language = "en";
    first.submitted_at = "2016-10-01T00:00:00Z";
    Contribution second = first;
    std::vector<int64_t> asked;
    int draws = 0;
    auto draw = [&](int64_t id) {
      asked.push_back(id);
      return ++draws < 3 ? std::string("R-AAAAA-AAAAA") : "R-BBBBB-BBBBB";
    };
    ASSIGN_OR_RETURN(int64_t a, store::InsertContribution(c, first, "", draw));
    ASSIGN_OR_RETURN(int64_t b, store::InsertContribution(c, second, "", draw));
    EXPECT_GT(b, a);
    EXPECT_EQ(first.receipt, "R-AAAAA-AAAAA");
    EXPECT_EQ(second.receipt, "R-BBBBB-BBBBB");         // a taken draw, then a free one
    EXPECT_EQ(asked, (std::vector<int64_t>{a, b, b}));  // each draw was for its row's id
    ASSIGN_OR_RETURN(auto stored, store::FindContribution(c, b));
    EXPECT_TRUE(stored && stored->receipt == "R-BBBBB-BBBBB");

    Contribution third = first;  // a generator that never finds a free one: an error, no row
    auto taken = store::InsertContribution(c, third, "", [](int64_t) { return "R-AAAAA-AAAAA"; });
    EXPECT_FALSE(taken.has_value());

    Contribution fourth = first;  // the real one: from the id
    ASSIGN_OR_RETURN(int64_t d, store::InsertContribution(c, fourth, "", ReceiptFor));
    EXPECT_EQ(fourth.receipt.substr(0, 8), ReceiptFor(d).substr(0, 8));
    return Status::Ok();
  });
  EXPECT_TRUE(written.ok()) << written.ToString();
}

INSTANTIATE_TEST_SUITE_P(Backends, ReceiptTest, ::testing::ValuesIn(TestBackends()));

}  // namespace
}  // namespace plenary::consultation
