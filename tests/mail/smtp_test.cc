// The real SMTP transport (libcurl) end to end, against a small SMTP server in the test
// (smtp_sink.h), on every backend: what a receiving server gets, and what a failing relay leaves
// in the outbox.
#include <cstdlib>

#include <gtest/gtest.h>

#include "mail/courier.h"
#include "mail/relay.h"
#include "mail_fixture.h"
#include "mail_reader.h"
#include "smtp_sink.h"

namespace plenary::mail {
namespace {

const std::string kSubject =
    "Décision d'accréditation — قرار الاعتماد — 认证决定 : Forum sur la gouvernance de l'Internet";
const std::string kFrenchBody =
    "Madame, Monsieur,\n\nVotre demande d'accréditation au « Forum » a été acceptée.\n"
    ".Cette ligne commence par un point.\n.\n..\nÀ bientôt,\nLe Secrétariat\n";
const std::string kArabicChineseBody =
    "تمت الموافقة على طلب الاعتماد الخاص بكم.\n您的认证申请已获批准。\n欢迎参加互联网治理论坛。\n";

std::string Crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  }
  return out;
}

class EmailSmtpTest : public MailDatabaseTest {
 protected:
  std::unique_ptr<Relay> OpenRelay(std::string url) {
    RelayConfig config;
    config.url = std::move(url);
    config.from = "Secrétariat du Forum <secretariat@plenary.example>";
    config.timeout = std::chrono::seconds(10);
    auto relay = Relay::Open(config);
    EXPECT_TRUE(relay) << relay.error().ToString();
    return relay ? std::move(*relay) : nullptr;
  }

  SmtpSink sink_;
};

TEST_P(EmailSmtpTest, DeliversThroughCurlWithHeadersAndBodiesIntact) {
  ASSERT_TRUE(sink_.listening());
  std::unique_ptr<Relay> relay = OpenRelay(sink_.url());
  ASSERT_TRUE(relay);
  int64_t french = Enqueue({"ana@example.org", kSubject, kFrenchBody, "accreditation_decision", 7});
  int64_t other = Enqueue({"li.wei@example.cn", "认证决定", kArabicChineseBody,
                           "accreditation_decision", std::nullopt});

  auto report = DeliverPending(*db_, *relay, clock_, 10);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->sent, 2);
  std::vector<ReceivedMail> received = sink_.received();
  ASSERT_EQ(received.size(), 2u);

  const ReceivedMail& first = received[0];
  EXPECT_TRUE(first.mail_from.starts_with("<secretariat@plenary.example>")) << first.mail_from;
  EXPECT_EQ(first.rcpt_to, std::vector<std::string>{"<ana@example.org>"});
  ReadMail mail = ReadMessage(first.data);
  EXPECT_EQ(DecodeWords(mail.Field("From")), "Secrétariat du Forum <secretariat@plenary.example>");
  EXPECT_EQ(mail.Field("To"), "ana@example.org");
  EXPECT_EQ(DecodeWords(mail.Field("Subject")), kSubject);
  EXPECT_EQ(mail.Field("Date"), "Sun, 01 Mar 2026 09:00:00 +0000");
  EXPECT_EQ(mail.Field("Message-ID"),
            "<plenary." + std::to_string(french) + ".1772355600000@plenary.example>");
  EXPECT_EQ(mail.Field("MIME-Version"), "1.0");
  EXPECT_EQ(mail.Field("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(mail.Field("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(mail.DecodedBody(), Crlf(kFrenchBody));

  ReadMail second = ReadMessage(received[1].data);
  EXPECT_EQ(received[1].rcpt_to, std::vector<std::string>{"<li.wei@example.cn>"});
  EXPECT_EQ(DecodeWords(second.Field("Subject")), "认证决定");
  EXPECT_EQ(second.Field("Content-Transfer-Encoding"), "base64");
  EXPECT_EQ(second.DecodedBody(), Crlf(kArabicChineseBody));

  for (int64_t id : {french, other}) {
    StoredMessage m = Get(id);
    EXPECT_EQ(m.status, MessageStatus::kSent);
    EXPECT_EQ(m.sent_at, "2026-03-01T09:00:00Z");
  }
}

TEST_P(EmailSmtpTest, DeliversToAnInternationalisedAddressOverSmtputf8) {
  ASSERT_TRUE(sink_.listening());
  std::unique_ptr<Relay> relay = OpenRelay(sink_.url());
  ASSERT_TRUE(relay);
  int64_t id = Enqueue({"josé@exemple.fr", "Bonjour", "Bonjour José\n", "test", std::nullopt});
  auto report = DeliverPending(*db_, *relay, clock_, 10);
  ASSERT_TRUE(report) << report.error().ToString();
  ASSERT_EQ(sink_.received().size(), 1u) << Get(id).last_error.value_or("");
  EXPECT_EQ(sink_.received()[0].rcpt_to, std::vector<std::string>{"<josé@exemple.fr>"});
  EXPECT_NE(sink_.received()[0].mail_from.find("SMTPUTF8"), std::string::npos);
  EXPECT_EQ(ReadMessage(sink_.received()[0].data).Field("To"), "josé@exemple.fr");
}

TEST_P(EmailSmtpTest, ConnectionRefusedLeavesTheMessagePendingWithErrorAndBackoff) {
  std::unique_ptr<Relay> relay = OpenRelay("smtp://127.0.0.1:" + std::to_string(ClosedPort()));
  ASSERT_TRUE(relay);
  int64_t id = Enqueue({"ana@example.org", kSubject, kFrenchBody, "test", std::nullopt});
  auto report = DeliverPending(*db_, *relay, clock_, 10);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->attempted, 1);
  EXPECT_EQ(report->retrying, 1);
  StoredMessage m = Get(id);
  EXPECT_EQ(m.status, MessageStatus::kPending);
  EXPECT_EQ(m.attempts, 1);
  ASSERT_TRUE(m.last_error.has_value());
  EXPECT_TRUE(m.last_error->starts_with("smtp relay: ")) << *m.last_error;
  EXPECT_NE(m.last_error->find("onnect"), std::string::npos) << *m.last_error;
  EXPECT_EQ(m.next_attempt_ms, Millis(clock_.now + std::chrono::minutes(1)));
}

TEST_P(EmailSmtpTest, ARefusedRecipientIsRecordedAndRetried) {
  ASSERT_TRUE(sink_.listening());
  sink_.RejectRecipients();
  std::unique_ptr<Relay> relay = OpenRelay(sink_.url());
  ASSERT_TRUE(relay);
  int64_t id = Enqueue({"nobody@example.org", "S", "B", "test", std::nullopt});
  auto report = DeliverPending(*db_, *relay, clock_, 10);
  ASSERT_TRUE(report) << report.error().ToString();
  StoredMessage m = Get(id);
  EXPECT_EQ(m.status, MessageStatus::kPending);
  ASSERT_TRUE(m.last_error.has_value());
  EXPECT_NE(m.last_error->find("550"), std::string::npos) << *m.last_error;
  EXPECT_TRUE(sink_.received().empty());
}

TEST(EmailRelayConfig, NoUrlMeansNoRelayAndHeldMail) {
  RelayConfig config;
  EXPECT_FALSE(config.configured());
  EXPECT_EQ(config.delivery(), Delivery::kHold);
  auto relay = Relay::Open(config);
  ASSERT_TRUE(relay) << relay.error().ToString();
  EXPECT_EQ(*relay, nullptr);
}

TEST(EmailRelayConfig, RefusesABadConfiguration) {
  struct Case {
    RelayConfig config;
    std::string reason;
  };
  const Case cases[] = {
      {{"http://relay.example", "a@b.org"}, "must start with smtp:// or smtps://"},
      {{"smtp://", "a@b.org"}, "no host"},
      {{"smtp://:25", "a@b.org"}, "no host"},
      {{"smtp://user:secret@relay.example", "a@b.org"}, "PLENARY_SMTP_USER"},
      {{"smtp://relay.example\r\nX", "a@b.org"}, "control characters"},
      {{"smtp://relay.example", ""}, "PLENARY_SMTP_FROM must be set"},
      {{"smtp://relay.example", "Name <not-an-address>"}, "PLENARY_SMTP_FROM"},
      {{"smtp://relay.example", "a@b.org", "user\r\nRSET", "pw"}, "control characters"},
      {{"smtps://relay.example", "a@b.org", "", "", std::chrono::seconds(0)}, "timeout"},
  };
  for (const Case& c : cases) {
    auto relay = Relay::Open(c.config);
    ASSERT_FALSE(relay) << c.reason;
    EXPECT_EQ(relay.error().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(relay.error().message().find(c.reason), std::string::npos)
        << "want: " << c.reason << "\ngot:  " << relay.error().message();
    EXPECT_EQ(relay.error().message().find("secret"), std::string::npos);
  }
  auto good = Relay::Open({"SMTPS://relay.example:465/plenary.example", "a@b.org", "u", "p"});
  ASSERT_TRUE(good) << good.error().ToString();
  EXPECT_NE(*good, nullptr);
}

TEST(EmailRelayConfig, ReadsTheEnvironment) {
  setenv("PLENARY_SMTP_URL", "smtp://relay.example:587", 1);
  setenv("PLENARY_SMTP_FROM", "Plenary <noreply@plenary.example>", 1);
  setenv("PLENARY_SMTP_USER", "plenary", 1);
  setenv("PLENARY_SMTP_PASSWORD", "s3cret", 1);
  RelayConfig config = RelayConfig::FromEnvironment();
  for (const char* name :
       {"PLENARY_SMTP_URL", "PLENARY_SMTP_FROM", "PLENARY_SMTP_USER", "PLENARY_SMTP_PASSWORD"}) {
    unsetenv(name);
  }
  EXPECT_EQ(config.url, "smtp://relay.example:587");
  EXPECT_EQ(config.from, "Plenary <noreply@plenary.example>");
  EXPECT_EQ(config.username, "plenary");
  EXPECT_EQ(config.password, "s3cret");
  EXPECT_EQ(config.delivery(), Delivery::kRelay);
  EXPECT_FALSE(RelayConfig::FromEnvironment().configured());
}

INSTANTIATE_TEST_SUITE_P(Backends, EmailSmtpTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::mail
