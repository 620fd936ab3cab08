// The rendered message: the header fields a mail program expects, CRLF everywhere, short lines,
// and a body that decodes back to the text stored.
#include "mail/render.h"

#include <gtest/gtest.h>

#include "mail_reader.h"

namespace plenary::mail {
namespace {

StoredMessage Stored(std::string subject, std::string body) {
  StoredMessage m;
  m.id = 42;
  m.to = "ana@example.org";
  m.subject = std::move(subject);
  m.body = std::move(body);
  m.kind = "accreditation_decision";
  m.created_at = "2026-03-01T09:00:00Z";
  return m;
}

const Mailbox kFrom{"Plenary Secretariat", "secretariat@plenary.example"};

Result<ReadMail> Render(const StoredMessage& message, const Mailbox& from = kFrom) {
  ASSIGN_OR_RETURN(RenderedMessage rendered, RenderMessage(message, from));
  for (size_t i = 0; i < rendered.text.size(); ++i) {
    if (rendered.text[i] == '\n' && (i == 0 || rendered.text[i - 1] != '\r')) {
      return Error(Internal("bare LF in the message"));
    }
  }
  if (!rendered.text.ends_with("\r\n")) {
    return Error(Internal("no final CRLF"));
  }
  size_t start = 0;
  for (size_t end; (end = rendered.text.find("\r\n", start)) != std::string::npos;
       start = end + 2) {
    if (end - start > 78) {
      return Error(Internal("line longer than 78: " + rendered.text.substr(start, end - start)));
    }
  }
  return ReadMessage(rendered.text);
}

TEST(EmailRendering, WritesTheHeaderFieldsAndEnvelope) {
  auto rendered = RenderMessage(Stored("Your accreditation", "Hello Ana,\n\nWelcome.\n"), kFrom);
  ASSERT_TRUE(rendered) << rendered.error().ToString();
  EXPECT_EQ(rendered->sender, "secretariat@plenary.example");
  EXPECT_EQ(rendered->recipient, "ana@example.org");
  EXPECT_EQ(rendered->message_id, "<plenary.42.1772355600000@plenary.example>");
  EXPECT_EQ(rendered->text,
            "From: Plenary Secretariat <secretariat@plenary.example>\r\n"
            "To: ana@example.org\r\n"
            "Subject: Your accreditation\r\n"
            "Date: Sun, 01 Mar 2026 09:00:00 +0000\r\n"
            "Message-ID: <plenary.42.1772355600000@plenary.example>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n"
            "Content-Transfer-Encoding: 7bit\r\n"
            "Auto-Submitted: auto-generated\r\n"
            "\r\n"
            "Hello Ana,\r\n\r\nWelcome.\r\n");
}

TEST(EmailRendering, ChoosesTheTransferEncodingByContent) {
  struct Case {
    std::string body;
    std::string encoding;
    std::string decoded;
  };
  const Case cases[] = {
      {"Plain ASCII\nbody", "7bit", "Plain ASCII\r\nbody\r\n"},
      {"", "7bit", "\r\n"},
      {std::string(100, 'x'), "quoted-printable", std::string(100, 'x') + "\r\n"},
      {"Votre demande a été acceptée.\nÀ bientôt !", "quoted-printable",
       "Votre demande a été acceptée.\r\nÀ bientôt !\r\n"},
      {"تمت الموافقة على طلبكم\n认证决定：已获批准", "base64",
       "تمت الموافقة على طلبكم\r\n认证决定：已获批准\r\n"},
  };
  for (const Case& c : cases) {
    auto mail = Render(Stored("Subject", c.body));
    ASSERT_TRUE(mail) << mail.error().ToString();
    EXPECT_EQ(mail->Field("Content-Transfer-Encoding"), c.encoding) << c.body;
    EXPECT_EQ(mail->DecodedBody(), c.decoded) << c.body;
  }
}

TEST(EmailRendering, EncodesNonAsciiSubjectAndSenderName) {
  const std::string subject = "Décision d'accréditation — قرار الاعتماد — 认证决定";
  auto mail = Render(Stored(subject, "x"), Mailbox{"Secrétariat du Forum", "s@igf.example"});
  ASSERT_TRUE(mail) << mail.error().ToString();
  EXPECT_EQ(DecodeWords(mail->Field("Subject")), subject);
  EXPECT_EQ(DecodeWords(mail->Field("From")), "Secrétariat du Forum <s@igf.example>");
}

TEST(EmailRendering, FoldsALongSenderNameBeforeTheAddress) {
  Mailbox from{"Secrétariat du Forum sur la gouvernance de l'Internet, Genève",
               "secretariat-du-forum@igf.example"};
  auto mail = Render(Stored("x", "x"), from);
  ASSERT_TRUE(mail) << mail.error().ToString();
  EXPECT_EQ(DecodeWords(mail->Field("From")), from.display_name + " <" + from.address + ">");
}

TEST(EmailRendering, RefusesARowThatWouldInjectHeaders) {
  for (StoredMessage bad : {Stored("Hi\r\nBcc: eve@evil.example", "x"), Stored("Hi", "x")}) {
    if (bad.subject == "Hi") {
      bad.to = "ana@example.org\nBcc: eve@evil.example";
    }
    auto rendered = RenderMessage(bad, kFrom);
    ASSERT_FALSE(rendered);
    EXPECT_EQ(rendered.error().code(), StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace plenary::mail
