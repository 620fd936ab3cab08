// Delivery passes with a fake transport, on every backend: sending, retries with backoff, giving
// up, claims, failures of the database mid-pass, and the background courier.
#include "mail/courier.h"

#include <deque>

#include <gtest/gtest.h>

#include "mail_fixture.h"
#include "support/error_injecting_database.h"

namespace plenary::mail {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

// Records what it is given; answers with the queued statuses, then ok. Thread-safe.
class FakeTransport : public Transport {
 public:
  Status Send(const RenderedMessage& message) override {
    std::function<void()> during;
    Status answer;
    {
      std::lock_guard lock(mutex_);
      sent_.push_back(message);
      if (!answers_.empty()) {
        answer = answers_.front();
        answers_.pop_front();
      }
      during = during_send_;
    }
    if (during) {
      during();
    }
    return answer;
  }
  void Answer(Status status, int times = 1) {
    std::lock_guard lock(mutex_);
    answers_.insert(answers_.end(), times, status);
  }
  void DuringSend(std::function<void()> f) {
    std::lock_guard lock(mutex_);
    during_send_ = std::move(f);
  }
  std::vector<RenderedMessage> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<RenderedMessage> sent_;
  std::deque<Status> answers_;
  std::function<void()> during_send_;
};

class EmailCourierTest : public MailDatabaseTest {
 protected:
  EmailCourierTest() {
    auto transport = std::make_unique<FakeTransport>();
    transport_ = transport.get();
    relay_ = std::make_unique<Relay>(Mailbox{"Plenary", "noreply@plenary.example"},
                                     std::move(transport), std::chrono::seconds(30));
  }

  int64_t Queue(std::string to) {
    return Enqueue({std::move(to), "Subject", "Body", "test", std::nullopt});
  }

  DeliveryReport Pass(int max = 10) {
    auto report = DeliverPending(*db_, *relay_, clock_, max);
    EXPECT_TRUE(report) << report.error().ToString();
    return report.value_or(DeliveryReport{});
  }

  FakeTransport* transport_ = nullptr;
  std::unique_ptr<Relay> relay_;
};

TEST(EmailRetryDelay, DoublesFromOneMinuteUpToAnHour) {
  const int64_t expected_minutes[] = {1, 2, 4, 8, 16, 32, 60, 60, 60};
  for (int64_t attempts = 1; attempts <= 9; ++attempts) {
    EXPECT_EQ(RetryDelay(attempts), minutes(expected_minutes[attempts - 1])) << attempts;
  }
  EXPECT_EQ(RetryDelay(1000), minutes(60));
  EXPECT_EQ(RetryDelay(0), minutes(1));
}

TEST_P(EmailCourierTest, SendsDueMessagesAndMarksThemSent) {
  int64_t a = Queue("a@example.org");
  int64_t b = Queue("b@example.org");
  int64_t held = Enqueue({"h@example.org", "S", "B", "test", std::nullopt}, Delivery::kHold);
  clock_.now += milliseconds(1500);
  DeliveryReport report = Pass();
  EXPECT_EQ(report.attempted, 2);
  EXPECT_EQ(report.sent, 2);
  ASSERT_EQ(transport_->sent().size(), 2u);
  EXPECT_EQ(transport_->sent()[0].recipient, "a@example.org");
  EXPECT_EQ(transport_->sent()[0].sender, "noreply@plenary.example");
  EXPECT_NE(transport_->sent()[0].text.find("\r\nSubject: Subject\r\n"), std::string::npos);
  EXPECT_EQ(transport_->sent()[1].recipient, "b@example.org");
  for (int64_t id : {a, b}) {
    StoredMessage m = Get(id);
    EXPECT_EQ(m.status, MessageStatus::kSent);
    EXPECT_EQ(m.attempts, 1);
    EXPECT_EQ(m.sent_at, "2026-03-01T09:00:01.500Z");
    EXPECT_EQ(m.next_attempt_ms, std::nullopt);
  }
  EXPECT_EQ(Get(held).status, MessageStatus::kHeld);
  EXPECT_EQ(Pass().attempted, 0);
  EXPECT_EQ(transport_->sent().size(), 2u);
}

TEST_P(EmailCourierTest, TakesAtMostMaxPerPass) {
  for (const char* to : {"a@example.org", "b@example.org", "c@example.org"}) {
    Queue(to);
  }
  EXPECT_EQ(Pass(2).sent, 2);
  EXPECT_EQ(Pass(2).sent, 1);
  EXPECT_EQ(Pass(2).attempted, 0);
}

TEST_P(EmailCourierTest, BacksOffExponentiallyThenGivesUpButKeepsTheMessage) {
  int64_t id = Queue("a@example.org");
  transport_->Answer(Unavailable("smtp relay: Couldn't connect to server"), 100);
  const int64_t delays[] = {1, 2, 4, 8, 16, 32, 60};
  for (int attempt = 1; attempt <= 7; ++attempt) {
    DeliveryReport report = Pass();
    EXPECT_EQ(report.retrying, 1) << attempt;
    StoredMessage m = Get(id);
    EXPECT_EQ(m.status, MessageStatus::kPending);
    EXPECT_EQ(m.attempts, attempt);
    EXPECT_EQ(m.last_error, "smtp relay: Couldn't connect to server");
    Timestamp due = clock_.now + minutes(delays[attempt - 1]);
    EXPECT_EQ(m.next_attempt_ms, Millis(due)) << attempt;
    clock_.now = due - milliseconds(1);
    EXPECT_EQ(Pass().attempted, 0) << "not yet due after attempt " << attempt;
    clock_.now = due;
  }
  DeliveryReport last = Pass();
  EXPECT_EQ(last.failed, 1);
  StoredMessage m = Get(id);
  EXPECT_EQ(m.status, MessageStatus::kFailed);
  EXPECT_EQ(m.attempts, kMaxAttempts);
  EXPECT_EQ(m.last_error, "smtp relay: Couldn't connect to server");
  EXPECT_EQ(m.next_attempt_ms, std::nullopt);
  clock_.now += std::chrono::hours(24);
  EXPECT_EQ(Pass().attempted, 0);
  EXPECT_EQ(transport_->sent().size(), 8u);
  auto failed = List(*db_, {.status = MessageStatus::kFailed});
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->size(), 1u);
}

TEST_P(EmailCourierTest, SendsOnALaterAttemptAfterAFailure) {
  int64_t id = Queue("a@example.org");
  transport_->Answer(Unavailable("smtp relay: timeout"));
  EXPECT_EQ(Pass().retrying, 1);
  clock_.now += minutes(1);
  EXPECT_EQ(Pass().sent, 1);
  StoredMessage m = Get(id);
  EXPECT_EQ(m.status, MessageStatus::kSent);
  EXPECT_EQ(m.attempts, 2);
  EXPECT_EQ(m.last_error, "smtp relay: timeout");  // kept: it tells why it was late
}

TEST_P(EmailCourierTest, GivesUpAtOnceOnAMessageThatCanNeverBeSent) {
  int64_t id = Queue("a@example.org");
  transport_->Answer(InvalidArgument("recipient refused"));
  EXPECT_EQ(Pass().failed, 1);
  EXPECT_EQ(Get(id).status, MessageStatus::kFailed);
  EXPECT_EQ(Get(id).attempts, 1);
}

TEST_P(EmailCourierTest, AnotherCourierLeavesAClaimedMessageAlone) {
  int64_t id = Queue("a@example.org");
  auto other_transport = std::make_unique<FakeTransport>();
  FakeTransport* other = other_transport.get();
  Relay other_relay(Mailbox{"", "noreply@plenary.example"}, std::move(other_transport));
  int other_attempted = -1;
  transport_->DuringSend([&] {
    auto report = DeliverPending(*db_, other_relay, clock_, 10);
    other_attempted = report ? report->attempted : -1;
  });
  EXPECT_EQ(Pass().sent, 1);
  EXPECT_EQ(other_attempted, 0);
  EXPECT_TRUE(other->sent().empty());
  EXPECT_EQ(Get(id).status, MessageStatus::kSent);
}

// The database fails at each statement of a pass in turn: the pass reports the error, no
// message is lost, and a later pass delivers it (twice at worst: delivery is at least once).
TEST_P(EmailCourierTest, SurvivesADatabaseFailureAtAnyStatement) {
  for (int fail_at = 1;; ++fail_at) {
    SCOPED_TRACE(fail_at);
    ASSERT_LT(fail_at, 10);
    SetUp();  // a fresh database
    int64_t id = Queue("a@example.org");
    size_t sent_before = transport_->sent().size();
    ErrorInjectingDatabase faulty(*db_, fail_at);
    auto report = DeliverPending(faulty, *relay_, clock_, 10);
    if (!faulty.injected()) {
      ASSERT_TRUE(report) << report.error().ToString();
      EXPECT_EQ(Get(id).status, MessageStatus::kSent);
      break;
    }
    EXPECT_FALSE(report);
    StoredMessage m = Get(id);
    if (m.status != MessageStatus::kSent) {  // failed before it was marked sent
      EXPECT_EQ(m.status, MessageStatus::kPending);
      clock_.now += relay_->timeout() * 2 + minutes(1);  // past the claim's lease
      EXPECT_EQ(Pass().sent, 1);
    }
    EXPECT_EQ(Get(id).status, MessageStatus::kSent);
    EXPECT_LE(transport_->sent().size() - sent_before, 2u);
  }
}

TEST_P(EmailCourierTest, BackgroundCourierSendsSoonAfterNotify) {
  Courier courier(*db_, relay_.get(), clock_, CourierOptions{std::chrono::hours(1), 20});
  courier.Start();
  int64_t id = Queue("a@example.org");
  courier.Notify();
  for (int i = 0; i < 500 && transport_->sent().empty(); ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  courier.Stop();
  ASSERT_EQ(transport_->sent().size(), 1u);
  EXPECT_EQ(Get(id).status, MessageStatus::kSent);
  courier.Stop();  // idempotent
}

TEST_P(EmailCourierTest, CourierWithoutRelayLeavesHeldMailAlone) {
  int64_t id = Enqueue({"a@example.org", "S", "B", "test", std::nullopt}, Delivery::kHold);
  Courier courier(*db_, nullptr, clock_);
  courier.Start();
  courier.Notify();
  courier.Stop();
  EXPECT_EQ(Get(id).status, MessageStatus::kHeld);
  EXPECT_TRUE(transport_->sent().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, EmailCourierTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::mail
