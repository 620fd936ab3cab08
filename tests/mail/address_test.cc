// Addresses: one bare address, and never a line break (header and SMTP command injection).
#include "mail/address.h"

#include <gtest/gtest.h>

namespace plenary::mail {
namespace {

TEST(EmailAddress, AcceptsOrdinaryAndInternationalAddresses) {
  for (const char* good :
       {"ana@example.org", "first.last+tag@sub.example.co.uk", "o'brien@example.ie",
        "x_y-z@a-b.example", "josé@exemple.fr", "用户@例子.中国", "UPPER@EXAMPLE.ORG"}) {
    EXPECT_TRUE(ValidateAddress(good).ok()) << good << ": " << ValidateAddress(good).ToString();
  }
}

TEST(EmailAddress, RefusesAnythingButOneBareAddress) {
  struct Case {
    std::string address;
    std::string reason;
  };
  const Case cases[] = {
      {"", "recipient is empty"},
      {"ana@example.org\r\nBcc: eve@evil.example", "line breaks"},
      {"ana@example.org\n", "line breaks"},
      {"\rana@example.org", "line breaks"},
      {"ana@exa\x01mple.org", "control characters"},
      {"ana\xff@example.org", "not valid UTF-8"},
      {"ana@example.org, eve@evil.example", "one address only"},
      {"ana@example.org;eve@evil.example", "one address only"},
      {"Ana <ana@example.org>", "without a name or angle brackets"},
      {"<ana@example.org>", "without a name or angle brackets"},
      {"ana @example.org", "spaces"},
      {"ana\t@example.org", "control characters"},
      {"no-at-sign", "no '@'"},
      {"two@@example.org", "more than one '@'"},
      {"a@b@example.org", "more than one '@'"},
      {"@example.org", "nothing before"},
      {"ana@", "nothing after"},
      {"ana@localhost", "needs a dot"},
      {"ana@.example.org", "empty or over-long label"},
      {"ana@example..org", "empty or over-long label"},
      {"ana@-example.org", "starts or ends with '-'"},
      {"ana@example-.org", "starts or ends with '-'"},
      {"ana@[127.0.0.1]", "not allowed in a domain"},
      {".ana@example.org", "dots must separate words"},
      {"ana.@example.org", "dots must separate words"},
      {"a..na@example.org", "dots must separate words"},
      {"\"ana\"@example.org", "not allowed before the '@'"},
      {"ana(work)@example.org", "not allowed before the '@'"},
      {std::string(65, 'a') + "@example.org", "longer than 64 bytes"},
      {"a@" + std::string(250, 'b') + ".org", "longer than 254 bytes"},
  };
  for (const Case& c : cases) {
    Status status = ValidateAddress(c.address);
    ASSERT_FALSE(status.ok()) << Printable(c.address);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(status.message().find(c.reason), std::string::npos)
        << Printable(c.address) << " -> " << status.message();
    EXPECT_EQ(status.message().find_first_of("\r\n"), std::string::npos) << status.message();
  }
}

TEST(EmailAddress, NamesTheFieldInErrors) {
  Status status = ValidateAddress("nope", "PLENARY_SMTP_FROM");
  EXPECT_EQ(status.message(),
            "PLENARY_SMTP_FROM 'nope' is not a single email address: there is no '@'");
}

TEST(EmailAddress, DomainOf) {
  EXPECT_EQ(DomainOf("ana@example.org"), "example.org");
  EXPECT_EQ(DomainOf("nope"), "");
}

TEST(EmailAddress, ParsesMailboxesWithAndWithoutDisplayName) {
  auto bare = ParseMailbox(" noreply@plenary.example ", "from");
  ASSERT_TRUE(bare) << bare.error().ToString();
  EXPECT_EQ(bare->display_name, "");
  EXPECT_EQ(bare->address, "noreply@plenary.example");

  auto named = ParseMailbox("Secrétariat du Forum <secretariat@igf.example>", "from");
  ASSERT_TRUE(named) << named.error().ToString();
  EXPECT_EQ(named->display_name, "Secrétariat du Forum");
  EXPECT_EQ(named->address, "secretariat@igf.example");

  auto quoted = ParseMailbox("\"Doe, Jane\" <jane@example.org>", "from");
  ASSERT_TRUE(quoted) << quoted.error().ToString();
  EXPECT_EQ(quoted->display_name, "Doe, Jane");

  for (const char* bad : {"Name <a@b.org>\r\nBcc: eve@evil.example", "Name a@b.org>",
                          "Na\"me <a@b.org>", "Name <not an address>", ""}) {
    auto mailbox = ParseMailbox(bad, "PLENARY_SMTP_FROM");
    ASSERT_FALSE(mailbox) << bad;
    EXPECT_EQ(mailbox.error().code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(mailbox.error().message().starts_with("PLENARY_SMTP_FROM")) << bad;
  }
}

TEST(EmailAddress, PrintableEscapesControlsAndKeepsUtf8Whole) {
  EXPECT_EQ(Printable("a\r\nb\x01"), "a\\r\\nb\\x01");
  EXPECT_EQ(Printable("\xff"), "\\xFF");
  EXPECT_EQ(Printable(std::string(79, 'a') + "é"), std::string(79, 'a') + "...");
  EXPECT_EQ(Printable("abc", 2), "ab...");
}

}  // namespace
}  // namespace plenary::mail
