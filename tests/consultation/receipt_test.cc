// Receipts are random (consultation/prepare.h): a receipt already taken is drawn again, on
// every backend, and the contribution keeps the one stored.
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

TEST(NewReceiptTest, FiftyBitsInCrockfordBase32) {
  std::string r = NewReceipt();
  ASSERT_EQ(r.size(), 13u) << r;
  EXPECT_EQ(r.substr(0, 2), "R-");
  EXPECT_EQ(r[7], '-');
  EXPECT_NE(NewReceipt(), r);
}

TEST_P(ReceiptTest, ATakenReceiptIsDrawnAgain) {
  auto db = OpenTempDatabase(GetParam());
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  ASSERT_TRUE(storage::Migrate(**db, storage::BuiltinMigrations()).has_value());
  ASSERT_TRUE(process::LoadReferenceData(**db).ok());
  Status written = (*db)->Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(WgecCall wgec, InsertWgecCall(c, {}));
    const int64_t process_id = wgec.process_id;
    const int64_t call_id = wgec.call_id;
    Contribution first;
    first.call_id = call_id;
    first.process_id = process_id;
    first.receipt = "R-AAAAA-AAAAA";
    first.author_name = "A";
    first.body = "One.";
    first.language = "en";
    first.submitted_at = "2016-10-01T00:00:00Z";
    Contribution second = first;
    int draws = 0;
    auto draw = [&draws] { return ++draws < 3 ? std::string("R-AAAAA-AAAAA") : "R-BBBBB-BBBBB"; };
    ASSIGN_OR_RETURN(int64_t a, store::InsertContribution(c, first, "", draw));
    ASSIGN_OR_RETURN(int64_t b, store::InsertContribution(c, second, "", draw));
    EXPECT_NE(a, b);
    EXPECT_EQ(first.receipt, "R-AAAAA-AAAAA");
    EXPECT_EQ(second.receipt, "R-BBBBB-BBBBB");  // two taken draws, then a free one
    EXPECT_EQ(draws, 3);
    ASSIGN_OR_RETURN(auto stored, store::FindContribution(c, b));
    EXPECT_TRUE(stored && stored->receipt == "R-BBBBB-BBBBB");

    Contribution third = first;  // a generator that never finds a free one: an error, no row
    auto taken = store::InsertContribution(c, third, "", [] { return "R-AAAAA-AAAAA"; });
    EXPECT_FALSE(taken.has_value());
    return Status::Ok();
  });
  EXPECT_TRUE(written.ok()) << written.ToString();
}

INSTANTIATE_TEST_SUITE_P(Backends, ReceiptTest, ::testing::ValuesIn(TestBackends()));

}  // namespace
}  // namespace plenary::consultation
