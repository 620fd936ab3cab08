// The data-protection hook: export without the letters' bytes; erasure of letters and notes,
// keeping the decisions, the organisations and the roles granted.
#include "accreditation/privacy.h"

#include <gtest/gtest.h>

#include "accreditation/queries.h"
#include "accreditation_fixture.h"

namespace plenary::accreditation {
namespace {

using nlohmann::json;

class AccreditationPrivacyTest : public AccreditationTest {
 protected:
  Result<json> Export(int64_t user_id) {
    json out;
    Status s = db_->Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(out, AccreditationPrivacy().export_data(c, user_id));
      return Status::Ok();
    });
    if (!s.ok()) {
      return Error(s);
    }
    return out;
  }
  Result<privacy::Erasure> Erase(int64_t user_id) {
    privacy::Erasure out;
    Status s = db_->Transaction([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(out, AccreditationPrivacy().erase(c, user_id, "erased person"));
      return Status::Ok();
    });
    if (!s.ok()) {
      return Error(s);
    }
    return out;
  }
};

TEST_P(AccreditationPrivacyTest, ExportListsRequestsAndDecisionsWithoutLetterBytes) {
  auto r = SubmitRequest(*ctx_, Requester(), process_, MemberRequest());
  ASSERT_TRUE(r);
  ASSERT_TRUE(DecideRequest(*ctx_, Secretariat(), process_, r->id, {"refuse", "Unsigned"}));
  auto data = Export(requester_);
  ASSERT_TRUE(data) << data.error().ToString();
  ASSERT_EQ((*data)["accreditation_requests"].size(), 1u);
  const json& request = (*data)["accreditation_requests"][0];
  EXPECT_EQ(request["id"], r->id);
  EXPECT_EQ(request["note"], "Please");
  EXPECT_EQ(request["letter"], json({{"filename", "nomination.pdf"}, {"bytes", kPdf.size()}}));
  EXPECT_EQ(data->dump().find("%PDF"), std::string::npos);
  EXPECT_TRUE((*data)["accreditation_decisions"].empty());
  auto decider = Export(secretariat_);
  ASSERT_TRUE(decider);
  ASSERT_EQ((*decider)["accreditation_decisions"].size(), 1u);
  EXPECT_EQ((*decider)["accreditation_decisions"][0]["decision"], "refused");
}

TEST_P(AccreditationPrivacyTest, EraseDeletesLettersAndNotesAndKeepsTheRecord) {
  auto approved = SubmitRequest(*ctx_, Requester(), process_, MemberRequest());
  auto pending = SubmitRequest(*ctx_, Requester(), process_, ObserverRequest());
  auto someone_else = SubmitRequest(*ctx_, Secretariat(), other_process_, ObserverRequest());
  ASSERT_TRUE(approved && pending && someone_else);
  ASSERT_TRUE(DecideRequest(*ctx_, Secretariat(), process_, approved->id, {"approve", ""}));

  auto erasure = Erase(requester_);
  ASSERT_TRUE(erasure) << erasure.error().ToString();
  ASSERT_EQ(erasure->audit_objects.size(), 2u);
  EXPECT_EQ(erasure->audit_objects[0].object_type, "accreditation");
  EXPECT_EQ(erasure->audit_objects[0].object_id, std::to_string(approved->id));
  EXPECT_EQ(erasure->audit_objects[1].object_id, std::to_string(pending->id));
  ASSERT_EQ(erasure->done.size(), 1u);
  EXPECT_NE(erasure->done[0].find("deleted 2 nomination letter(s)"), std::string::npos);
  ASSERT_EQ(erasure->kept.size(), 1u);
  EXPECT_NE(erasure->kept[0].find("roles they granted"), std::string::npos);

  auto own = ReadOwnRequests(*ctx_, process_, requester_);
  ASSERT_TRUE(own);
  ASSERT_EQ(own->size(), 2u);
  for (const Request& r : *own) {
    EXPECT_EQ(r.note, "");
    EXPECT_EQ(r.letter_bytes, 0);
    EXPECT_EQ(r.letter_filename, "");
  }
  EXPECT_EQ((*own)[0].organisation, "Brazil");
  EXPECT_EQ((*own)[0].status, RequestStatus::kApproved);
  EXPECT_EQ((*own)[1].organisation, "ICANN");
  EXPECT_EQ(ReadLetter(*ctx_, process_, approved->id).error().code(), StatusCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM process_roles WHERE user_id = ?", {requester_}), 1);
  // Another person's request is untouched.
  auto other = ReadLetter(*ctx_, other_process_, someone_else->id);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->bytes, kPdf);
  // Nothing left to erase: nothing done, nothing listed twice.
  auto again = Erase(secretariat_ + 1000);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->done.empty());
  EXPECT_TRUE(again->audit_objects.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, AccreditationPrivacyTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::accreditation
