// The outbox on every backend: what Enqueue records, what it refuses, and how it is listed.
#include "mail/outbox.h"

#include <gtest/gtest.h>

#include "mail_fixture.h"

namespace plenary::mail {
namespace {

Message Sample(std::string to = "ana@example.org", std::optional<int64_t> process = 1) {
  return Message{std::move(to), "Your accreditation", "Hello,\nyou are accredited.\n",
                 "accreditation_decision", process};
}

class EmailOutboxTest : public MailDatabaseTest {};

TEST_P(EmailOutboxTest, RecordsAPendingMessageDueAtOnceWhenARelayIsConfigured) {
  int64_t id = Enqueue(Sample(), Delivery::kRelay);
  ASSERT_GT(id, 0);
  StoredMessage m = Get(id);
  EXPECT_EQ(m.id, id);
  EXPECT_EQ(m.process_id, 1);
  EXPECT_EQ(m.to, "ana@example.org");
  EXPECT_EQ(m.subject, "Your accreditation");
  EXPECT_EQ(m.body, "Hello,\nyou are accredited.\n");
  EXPECT_EQ(m.kind, "accreditation_decision");
  EXPECT_EQ(m.created_at, "2026-03-01T09:00:00Z");
  EXPECT_EQ(m.status, MessageStatus::kPending);
  EXPECT_EQ(m.attempts, 0);
  EXPECT_EQ(m.last_error, std::nullopt);
  EXPECT_EQ(m.next_attempt_ms, Millis(clock_.now));
  EXPECT_EQ(m.sent_at, std::nullopt);
}

TEST_P(EmailOutboxTest, HoldsTheMessageWhenThereIsNoRelay) {
  StoredMessage m = Get(Enqueue(Sample("ana@example.org", std::nullopt), Delivery::kHold));
  EXPECT_EQ(m.status, MessageStatus::kHeld);
  EXPECT_EQ(m.next_attempt_ms, std::nullopt);
  EXPECT_EQ(m.process_id, std::nullopt);
}

TEST_P(EmailOutboxTest, KeepsUnicodeIntact) {
  Message message = Sample();
  message.subject = "Décision — قرار الاعتماد — 认证决定 😀";
  message.body = "Votre demande a été acceptée.\nتمت الموافقة على طلبكم\n您的申请已获批准\n";
  StoredMessage m = Get(Enqueue(message));
  EXPECT_EQ(m.subject, message.subject);
  EXPECT_EQ(m.body, message.body);
}

TEST_P(EmailOutboxTest, RollsBackWithTheChangeThatCausedIt) {
  Status status = db_->Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(int64_t id, mail::Enqueue(c, Sample(), clock_.Now(), Delivery::kRelay));
    EXPECT_GT(id, 0);
    return Conflict("the change itself was refused");
  });
  EXPECT_EQ(status.code(), StatusCode::kConflict);
  auto all = List(*db_, {});
  ASSERT_TRUE(all) << all.error().ToString();
  EXPECT_TRUE(all->empty());
}

TEST_P(EmailOutboxTest, RefusesHeaderInjectionAndBadFields) {
  struct Case {
    Message message;
    std::string reason;
  };
  auto with = [](auto change) {
    Message m = Sample();
    change(m);
    return m;
  };
  const Case cases[] = {
      {with([](Message& m) { m.to = "ana@example.org\r\nBcc: eve@evil.example"; }),
       "recipient 'ana@example.org\\r\\nBcc: eve@evil.example' is not a single email address: "
       "line breaks are not allowed"},
      {with([](Message& m) { m.to = "ana@example.org, eve@evil.example"; }), "one address only"},
      {with([](Message& m) { m.to = ""; }), "recipient is empty"},
      {with([](Message& m) { m.subject = "Hello\r\nBcc: eve@evil.example"; }),
       "subject: line breaks are not allowed"},
      {with([](Message& m) { m.subject = "Hello\n"; }), "subject: line breaks are not allowed"},
      {with([](Message& m) { m.subject = "Hello\x1b[31m"; }),
       "subject: control characters are not allowed"},
      {with([](Message& m) { m.subject = "\xc3\x28"; }), "subject: it is not valid UTF-8"},
      {with([](Message& m) { m.subject = "  "; }), "subject is empty"},
      {with([](Message& m) { m.subject = std::string(kMaxSubjectBytes + 1, 'x'); }),
       "subject is longer than 400 bytes"},
      {with([](Message& m) { m.body = "bad \xff byte"; }), "body is not valid UTF-8"},
      {with([](Message& m) { m.body = std::string("nul \0 byte", 10); }),
       "body holds the control character \\x00"},
      {with([](Message& m) { m.body = std::string(kMaxBodyBytes + 1, 'x'); }),
       "body is longer than"},
      {with([](Message& m) { m.kind = "Password Reset"; }), "kind 'Password Reset' must be"},
      {with([](Message& m) { m.kind = ""; }), "kind '' must be"},
      {with([](Message& m) { m.process_id = 0; }), "process id 0 is not positive"},
  };
  for (const Case& c : cases) {
    Status status = db_->Transaction([&](storage::Connection& conn) -> Status {
      return detail::ToStatus(mail::Enqueue(conn, c.message, clock_.Now(), Delivery::kRelay));
    });
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << c.reason;
    EXPECT_NE(status.message().find(c.reason), std::string::npos)
        << "want: " << c.reason << "\ngot:  " << status.message();
  }
  auto all = List(*db_, {});
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->empty());
}

TEST_P(EmailOutboxTest, ListsByProcessAndStatusInPages) {
  int64_t a = Enqueue(Sample("a@example.org", 1));
  int64_t b = Enqueue(Sample("b@example.org", 2));
  int64_t c = Enqueue(Sample("c@example.org", 1), Delivery::kHold);
  int64_t d = Enqueue(Sample("d@example.org", std::nullopt));
  int64_t e = Enqueue(Sample("e@example.org", 1));
  auto ids = [&](const OutboxFilter& filter) {
    std::vector<int64_t> out;
    auto page = List(*db_, filter);
    EXPECT_TRUE(page) << page.error().ToString();
    for (const StoredMessage& m : page.value_or(std::vector<StoredMessage>{})) {
      out.push_back(m.id);
    }
    return out;
  };
  using V = std::vector<int64_t>;
  EXPECT_EQ(ids({}), (V{a, b, c, d, e}));
  EXPECT_EQ(ids({.process_id = 1}), (V{a, c, e}));
  EXPECT_EQ(ids({.process_id = 2}), (V{b}));
  EXPECT_EQ(ids({.process_id = 3}), (V{}));
  EXPECT_EQ(ids({.status = MessageStatus::kHeld}), (V{c}));
  EXPECT_EQ(ids({.process_id = 1, .status = MessageStatus::kPending}), (V{a, e}));
  EXPECT_EQ(ids({.status = MessageStatus::kSent}), (V{}));
  EXPECT_EQ(ids({.after_id = b, .limit = 2}), (V{c, d}));
  EXPECT_EQ(ids({.process_id = 1, .after_id = a, .limit = 1}), (V{c}));
  EXPECT_EQ(ids({.limit = 0}), (V{a}));  // clamped to 1
  EXPECT_EQ(ids({.limit = 1'000'000}).size(), 5u);
}

TEST_P(EmailOutboxTest, FindsNothingForAnUnknownId) {
  auto found = Find(*db_, 999);
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_FALSE(found->has_value());
}

TEST_P(EmailOutboxTest, JsonHasEveryField) {
  nlohmann::json j = ToJson(Get(Enqueue(Sample())));
  EXPECT_EQ(j["to"], "ana@example.org");
  EXPECT_EQ(j["process_id"], 1);
  EXPECT_EQ(j["subject"], "Your accreditation");
  EXPECT_EQ(j["body"], "Hello,\nyou are accredited.\n");
  EXPECT_EQ(j["kind"], "accreditation_decision");
  EXPECT_EQ(j["created_at"], "2026-03-01T09:00:00Z");
  EXPECT_EQ(j["status"], "pending");
  EXPECT_EQ(j["attempts"], 0);
  EXPECT_TRUE(j["last_error"].is_null());
  EXPECT_EQ(j["next_attempt_at"], "2026-03-01T09:00:00Z");
  EXPECT_TRUE(j["sent_at"].is_null());
  EXPECT_EQ(j.size(), 12u);
  EXPECT_TRUE(
      ToJson(Get(Enqueue(Sample("x@example.org", std::nullopt), Delivery::kHold)))["process_id"]
          .is_null());
}

TEST(EmailStatus, NamesRoundTrip) {
  for (MessageStatus s : {MessageStatus::kPending, MessageStatus::kSent, MessageStatus::kHeld,
                          MessageStatus::kFailed}) {
    EXPECT_EQ(ParseMessageStatus(StatusName(s)), s);
  }
  EXPECT_EQ(ParseMessageStatus("queued"), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(Backends, EmailOutboxTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::mail
