// The accreditation use cases and queries against a real database, on every backend.
#include "accreditation/commands.h"

#include <gtest/gtest.h>

#include "accreditation/queries.h"
#include "accreditation_fixture.h"
#include "audit/trail.h"
#include "mail/outbox.h"
#include "support/error_injecting_database.h"

namespace plenary::accreditation {
namespace {

void ExpectRefused(const Result<Request>& r, StatusCode code, std::string_view mentions) {
  ASSERT_FALSE(r) << "expected a refusal mentioning " << mentions;
  EXPECT_EQ(r.error().code(), code) << r.error().ToString();
  EXPECT_NE(r.error().message().find(mentions), std::string::npos) << r.error().message();
}

TEST_P(AccreditationTest, SubmitRefusesEachFaultyFieldByName) {
  struct Case {
    std::function<void(NewRequest&)> change;
    std::string mentions;
  };
  const Case cases[] = {
      {[](NewRequest& r) { r.capacity = "delegate"; }, "'capacity'"},
      {[](NewRequest& r) { r.member_id.reset(); }, "'member_id' is required"},
      {[](NewRequest& r) { r.delegation_role = ""; }, "'delegation_role' is required"},
      {[](NewRequest& r) { r.delegation_role = "ambassador"; }, "'delegation_role' must be"},
      {[this](NewRequest& r) { r.member_id = other_seat_; }, "'member_id'"},
      {[this](NewRequest& r) { r.member_id = chair_seat_; }, "not a seat of the membership"},
      {[](NewRequest& r) { r.member_id = 999999; }, "'member_id' 999999"},
      {[](NewRequest& r) { r.letter = ""; }, "'letter' is required"},
      {[](NewRequest& r) { r.letter = "GIF89a"; }, "must be a PDF"},
      {[](NewRequest& r) { r.note = std::string(kMaxNoteBytes + 1, 'n'); }, "'note' is longer"},
      {[](NewRequest& r) { r.organisation = "\xc3"; }, "'organisation' is not valid UTF-8"},
  };
  for (const Case& c : cases) {
    NewRequest input = MemberRequest();
    c.change(input);
    ExpectRefused(SubmitRequest(*ctx_, Requester(), process_, input), StatusCode::kInvalidArgument,
                  c.mentions);
  }
  NewRequest observer = ObserverRequest();
  observer.organisation = "  ";
  ExpectRefused(SubmitRequest(*ctx_, Requester(), process_, observer), StatusCode::kInvalidArgument,
                "'organisation' is required for an observer");
  observer = ObserverRequest();
  observer.member_id = seat_;
  ExpectRefused(SubmitRequest(*ctx_, Requester(), process_, observer), StatusCode::kInvalidArgument,
                "for member delegates");
  ExpectRefused(SubmitRequest(*ctx_, Requester(), 999, ObserverRequest()), StatusCode::kNotFound,
                "999");
  ExpectRefused(SubmitRequest(*ctx_, audit::Actor{}, process_, ObserverRequest()),
                StatusCode::kUnauthenticated, "sign in");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM accreditation_requests"), 0);
}

TEST_P(AccreditationTest, TheLetterLimitIsNamedAndConfigurable) {
  NewRequest input = ObserverRequest();
  input.letter = std::string(kMaxLetterBytes + 1, ' ').replace(0, 5, "%PDF-");
  ExpectRefused(SubmitRequest(*ctx_, Requester(), process_, input), StatusCode::kInvalidArgument,
                "the limit is 5 MiB");
  Context small{*db_, clock_, mailer_, 64};
  input.letter = std::string(65, ' ').replace(0, 5, "%PDF-");
  ExpectRefused(SubmitRequest(small, Requester(), process_, input), StatusCode::kInvalidArgument,
                "the limit is 64 bytes");
  input.letter.pop_back();
  EXPECT_TRUE(SubmitRequest(small, Requester(), process_, input));
}

TEST_P(AccreditationTest, SubmitRecordsAPendingRequestAndItsAuditEntry) {
  NewRequest input = MemberRequest();
  input.letter_filename = "../secret/Note\r\nverbale.pdf";
  auto r = SubmitRequest(*ctx_, Requester(), process_, input);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->status, RequestStatus::kPending);
  EXPECT_EQ(r->user_id, requester_);
  EXPECT_EQ(r->member_id, seat_);
  EXPECT_EQ(r->delegation_role, DelegationRole::kHead);
  EXPECT_EQ(r->letter_filename, "Noteverbale.pdf");
  EXPECT_EQ(r->letter_bytes, static_cast<int64_t>(kPdf.size()));
  EXPECT_EQ(r->created_at, "2026-04-01T09:30:00Z");

  auto history = audit::History(*db_, "accreditation", std::to_string(r->id));
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 1u);
  const audit::Entry& entry = history->front();
  EXPECT_EQ(entry.action, "request");
  EXPECT_EQ(entry.process_id, process_);
  EXPECT_EQ(entry.actor.user_id, requester_);
  EXPECT_EQ(entry.after_json.find("Ana"), std::string::npos) << entry.after_json;
  EXPECT_EQ(entry.after_json.find("%PDF"), std::string::npos) << entry.after_json;
  EXPECT_NE(entry.after_json.find("\"user_id\":" + std::to_string(requester_)), std::string::npos);

  auto letter = ReadLetter(*ctx_, process_, r->id);
  ASSERT_TRUE(letter);
  EXPECT_EQ(letter->bytes, kPdf);
  EXPECT_EQ(letter->filename, "Noteverbale.pdf");
  EXPECT_EQ(ReadLetter(*ctx_, other_process_, r->id).error().code(), StatusCode::kNotFound);
}

TEST_P(AccreditationTest, ASecondPendingRequestForTheSameCapacityIs409NamingTheFirst) {
  auto first = SubmitRequest(*ctx_, Requester(), process_, ObserverRequest());
  ASSERT_TRUE(first);
  ExpectRefused(SubmitRequest(*ctx_, Requester(), process_, ObserverRequest()),
                StatusCode::kConflict, "(request " + std::to_string(first->id) + ")");
  // Another capacity, another process, another person: all fine.
  EXPECT_TRUE(SubmitRequest(*ctx_, Requester(), process_, MemberRequest()));
  EXPECT_TRUE(SubmitRequest(*ctx_, Requester(), other_process_, ObserverRequest()));
  EXPECT_TRUE(SubmitRequest(*ctx_, Secretariat(), process_, ObserverRequest()));
  // Once decided, the person may ask again.
  ASSERT_TRUE(DecideRequest(*ctx_, Secretariat(), process_, first->id, {"refuse", "No letter"}));
  EXPECT_TRUE(SubmitRequest(*ctx_, Requester(), process_, ObserverRequest()));
}

TEST_P(AccreditationTest, ApprovalGrantsTheSeatAndWritesAuditAndMail) {
  auto r = SubmitRequest(*ctx_, Requester(), process_, MemberRequest());
  ASSERT_TRUE(r);
  clock_.now += std::chrono::hours(26);
  auto decided = DecideRequest(*ctx_, Secretariat(), process_, r->id, {"approve", ""});
  ASSERT_TRUE(decided) << decided.error().ToString();
  EXPECT_EQ(decided->status, RequestStatus::kApproved);
  EXPECT_EQ(decided->decided_by, secretariat_);
  EXPECT_EQ(decided->decided_at, "2026-04-02T11:30:00Z");

  std::optional<auth::Principal> account;
  ASSERT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                   ASSIGN_OR_RETURN(account, auth::FindAccount(c, requester_));
                   return Status::Ok();
                 })
                  .ok());
  ASSERT_TRUE(account);
  EXPECT_TRUE(account->HasRole(process_, "member"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM process_roles WHERE user_id = ? AND process_id = ? AND "
                  "role = 'member' AND member_id = ? AND capacity = 'head'",
                  {requester_, process_, seat_}),
            1);

  auto history = audit::History(*db_, "accreditation", std::to_string(r->id));
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[1].action, "approve");
  EXPECT_EQ((*history)[1].actor.user_id, secretariat_);
  EXPECT_NE((*history)[1].before_json.find("\"status\":\"pending\""), std::string::npos);
  EXPECT_NE((*history)[1].after_json.find("\"status\":\"approved\""), std::string::npos);
  EXPECT_EQ((*history)[1].after_json.find("Ana"), std::string::npos);
  auto grant = audit::History(*db_, "account_role", std::to_string(requester_));
  ASSERT_TRUE(grant);
  ASSERT_EQ(grant->size(), 1u);
  EXPECT_EQ(grant->front().actor.user_id, secretariat_);

  auto mail = mail::List(*db_, {process_, std::nullopt, 0, 100});
  ASSERT_TRUE(mail);
  ASSERT_EQ(mail->size(), 1u);
  const mail::StoredMessage& m = mail->front();
  EXPECT_EQ(m.to, "ana@example.org");
  EXPECT_EQ(m.kind, "accreditation_decision");
  EXPECT_EQ(m.process_id, process_);
  EXPECT_EQ(m.subject, "Your accreditation to WGT is approved");
  EXPECT_NE(m.body.find("Hello Ana Requester,"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("Head of delegation"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("Seat A"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("/processes/" + std::to_string(process_) + "/accreditation"),
            std::string::npos);
  EXPECT_EQ(notified_, 1);
}

TEST_P(AccreditationTest, ApprovalIsOneTransaction) {
  auto r = SubmitRequest(*ctx_, Requester(), process_, ObserverRequest());
  ASSERT_TRUE(r);
  auto snapshot = [&] {
    return std::vector<int64_t>{
        Count("SELECT COUNT(*) FROM accreditation_requests WHERE status = 'pending'"),
        Count("SELECT COUNT(*) FROM process_roles"), Count("SELECT COUNT(*) FROM audit_log"),
        Count("SELECT COUNT(*) FROM mail_outbox")};
  };
  const std::vector<int64_t> before = snapshot();
  ErrorInjectingDatabase faulty(*db_);
  Context faulty_ctx{faulty, clock_, mailer_};
  int n = 1;
  for (;; ++n) {
    ASSERT_LT(n, 100) << "the decision never succeeded";
    faulty.FailAt(n);
    auto decided = DecideRequest(faulty_ctx, Secretariat(), process_, r->id, {"approve", ""});
    if (!faulty.injected()) {
      ASSERT_TRUE(decided) << decided.error().ToString();
      break;
    }
    EXPECT_FALSE(decided) << "N=" << n;
    EXPECT_EQ(snapshot(), before) << "partial write at N=" << n;
  }
  EXPECT_GT(n, 5);
  const std::vector<int64_t> after = snapshot();
  EXPECT_EQ(after[0], before[0] - 1);
  EXPECT_EQ(after[1], before[1] + 1);
  EXPECT_EQ(after[2], before[2] + 2);  // the decision and the grant
  EXPECT_EQ(after[3], before[3] + 1);
}

TEST_P(AccreditationTest, RefusalNeedsAReasonAndGrantsNothing) {
  auto r = SubmitRequest(*ctx_, Requester(), process_, ObserverRequest());
  ASSERT_TRUE(r);
  ExpectRefused(DecideRequest(*ctx_, Secretariat(), process_, r->id, {"refuse", "  "}),
                StatusCode::kInvalidArgument, "'reason' is required");
  ExpectRefused(DecideRequest(*ctx_, Secretariat(), process_, r->id, {"maybe", "x"}),
                StatusCode::kInvalidArgument, "'decision'");
  auto decided = DecideRequest(*ctx_, Secretariat(), process_, r->id,
                               {"refuse", " The letter is not signed. "});
  ASSERT_TRUE(decided) << decided.error().ToString();
  EXPECT_EQ(decided->status, RequestStatus::kRefused);
  EXPECT_EQ(decided->reason, "The letter is not signed.");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM process_roles WHERE user_id = ?", {requester_}), 0);
  auto history = audit::History(*db_, "accreditation", std::to_string(r->id));
  ASSERT_TRUE(history);
  EXPECT_EQ(history->back().action, "refuse");
  auto mail = mail::List(*db_, {process_, std::nullopt, 0, 100});
  ASSERT_TRUE(mail);
  ASSERT_EQ(mail->size(), 1u);
  EXPECT_EQ(mail->front().subject, "Your accreditation request to WGT was refused");
  EXPECT_NE(mail->front().body.find("The letter is not signed."), std::string::npos);
  EXPECT_NE(mail->front().body.find("an observer for ICANN"), std::string::npos);
}

TEST_P(AccreditationTest, DecidingTwiceIs409AndUnknownRequestsAre404) {
  auto r = SubmitRequest(*ctx_, Requester(), process_, ObserverRequest());
  ASSERT_TRUE(r);
  ASSERT_TRUE(DecideRequest(*ctx_, Secretariat(), process_, r->id, {"approve", ""}));
  ExpectRefused(DecideRequest(*ctx_, Secretariat(), process_, r->id, {"refuse", "Changed mind"}),
                StatusCode::kConflict, "already approved");
  ExpectRefused(DecideRequest(*ctx_, Secretariat(), other_process_, r->id, {"approve", ""}),
                StatusCode::kNotFound, "no accreditation request");
  ExpectRefused(DecideRequest(*ctx_, Secretariat(), process_, 424242, {"approve", ""}),
                StatusCode::kNotFound, "424242");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM mail_outbox"), 1);
}

TEST_P(AccreditationTest, ApprovingARoleHeldAlreadyIs409) {
  auto first = SubmitRequest(*ctx_, Requester(), process_, ObserverRequest());
  ASSERT_TRUE(first);
  ASSERT_TRUE(DecideRequest(*ctx_, Secretariat(), process_, first->id, {"approve", ""}));
  NewRequest again = ObserverRequest();
  again.organisation = "ISOC";
  auto second = SubmitRequest(*ctx_, Requester(), process_, again);
  ASSERT_TRUE(second);
  ExpectRefused(DecideRequest(*ctx_, Secretariat(), process_, second->id, {"approve", ""}),
                StatusCode::kConflict, "already holds the observer role");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM accreditation_requests WHERE status = 'pending'"), 1);
  EXPECT_TRUE(DecideRequest(*ctx_, Secretariat(), process_, second->id, {"refuse", "Held"}));
}

TEST_P(AccreditationTest, TheQueueNamesRequestersAndSeatsAndFiltersByStatus) {
  auto member = SubmitRequest(*ctx_, Requester(), process_, MemberRequest());
  auto observer = SubmitRequest(*ctx_, Secretariat(), process_, ObserverRequest());
  ASSERT_TRUE(member && observer);
  ASSERT_TRUE(DecideRequest(*ctx_, Secretariat(), process_, observer->id, {"refuse", "No"}));
  auto all = ReadQueue(*ctx_, process_, std::nullopt);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].request.id, member->id);
  EXPECT_EQ((*all)[0].requester_name, "Ana Requester");
  EXPECT_EQ((*all)[0].requester_email, "ana@example.org");
  EXPECT_EQ((*all)[0].seat_label, "Seat A (BRA)");
  EXPECT_EQ((*all)[1].seat_label, "");
  auto pending = ReadQueue(*ctx_, process_, RequestStatus::kPending);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().request.id, member->id);
  auto refused = ReadQueue(*ctx_, process_, RequestStatus::kRefused);
  ASSERT_TRUE(refused);
  ASSERT_EQ(refused->size(), 1u);
  EXPECT_EQ(refused->front().request.reason, "No");
  EXPECT_TRUE(ReadQueue(*ctx_, other_process_, std::nullopt)->empty());
  auto own = ReadOwnRequests(*ctx_, process_, requester_);
  ASSERT_TRUE(own);
  ASSERT_EQ(own->size(), 1u);
  auto seats = ReadProcessSeats(*ctx_, process_);
  ASSERT_TRUE(seats);
  ASSERT_EQ(seats->seats.size(), 1u);  // the chair's seat is not a seat of the membership
  EXPECT_EQ(seats->seats[0].id, seat_);
  EXPECT_EQ(ReadProcessSeats(*ctx_, 999).error().code(), StatusCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccreditationTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::accreditation
