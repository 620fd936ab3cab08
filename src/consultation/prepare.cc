#include "consultation/prepare.h"

#include <array>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>
#include <sodium.h>

#include "core/encoding.h"
#include "core/random_bytes.h"
#include "engines/text/analyzer.h"
#include "engines/text/language.h"

namespace plenary::consultation {
namespace {

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

// ISO alpha-3, alpha-2 or M49 code to alpha-3; "" stays "".
Result<std::string> ResolveCountryCode(const process::CountryMap& countries,
                                       std::string_view code) {
  if (code.empty()) {
    return std::string();
  }
  if (const process::Country* country = process::FindCountry(countries, code)) {
    return country->iso3;
  }
  return Error(InvalidArgument(fmt::format("unknown country code '{}'", code)));
}

}  // namespace

// The contribution as it will be stored, everything computed outside the transaction.
Result<Contribution> Prepare(Context& ctx, const Call& call, std::optional<int64_t> user_id,
                             NewContribution& in) {
  Contribution c;
  c.call_id = call.id;
  c.process_id = call.process_id;
  c.user_id = user_id;
  c.author_name = in.author_name;
  c.publish_name = in.publish_name;
  c.organisation = in.organisation;
  c.body = std::move(in.body);
  c.answers = std::move(in.answers);
  if (!in.stakeholder_group.empty() && !process::ParseStakeholderGroup(in.stakeholder_group)) {
    return Error(InvalidArgument(fmt::format(
        "unknown stakeholder group '{}' (expected government, private_sector, civil_society, "
        "technical_community, academic_community or intergovernmental)",
        in.stakeholder_group)));
  }
  c.stakeholder_group = in.stakeholder_group;
  ASSIGN_OR_RETURN(c.country_iso3, ResolveCountryCode(*ctx.countries, in.country));
  std::string all_text = c.body;
  for (const Answer& a : c.answers) {
    all_text += "\n\n" + a.text;
  }
  for (NewFile& f : in.files) {
    ASSIGN_OR_RETURN(auto extracted,
                     ctx.extract ? ctx.extract(f.filename, f.bytes)
                                 : attachment::ExtractText(f.filename, f.bytes, ctx.limits));
    Attachment a;
    a.filename = f.filename;
    a.media_type = extracted.media_type;
    a.bytes = static_cast<int64_t>(f.bytes.size());
    a.sha256 = Sha256Hex(f.bytes);
    a.pages = extracted.pages;
    a.text = std::move(extracted.text);
    a.content = std::move(f.bytes);
    all_text += "\n\n" + a.text;
    c.attachments.push_back(std::move(a));
  }
  text::LanguageChoice language = text::ChooseLanguage(in.language, all_text);
  if (!in.language.empty() && !call.AcceptsLanguage(language.code)) {
    return Error(InvalidArgument(
        fmt::format("this call does not accept contributions in '{}'", in.language)));
  }
  c.language = language.code;
  c.language_detected = language.detected;
  c.status = call.moderation == Moderation::kNone ? ContributionStatus::kPublished
                                                  : ContributionStatus::kPending;
  return c;
}

// "R-0002Q-X9DB4", easy to read out on the phone. Unique by its id, which also orders the
// receipts as the contributions came: their UNIQUE index grows at its end, where random receipts
// (as they were first) put each new one on a page of its own, a page more that every shared
// commit wrote to the log per contribution (3.5 KB of 17 KB), and 6% of HTTP intake's rate. The
// id is public already (a contribution's URL); the random part makes a receipt hard to guess
// from another. Receipts drawn at random earlier may still collide with one:
// InsertContribution draws the random part again then.
std::string ReceiptFor(int64_t id) {
  static constexpr char kDigits[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  auto number = static_cast<uint64_t>(std::max<int64_t>(id, 0));
  char digits[16];
  int n = 0;
  do {
    digits[n++] = kDigits[number & 31];
    number >>= 5;
  } while (number != 0 || n < 5);
  std::string out = "R-";
  while (n > 0) {
    out += digits[--n];
  }
  out += '-';
  std::array<unsigned char, 4> random;
  RandomBytes(random);
  uint32_t bits = 0;
  std::memcpy(&bits, random.data(), sizeof bits);
  for (int i = 0; i < 5; ++i) {
    out += kDigits[bits & 31];
    bits >>= 5;
  }
  return out;
}

}  // namespace plenary::consultation
