#include "mail/address.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "core/text.h"

namespace plenary::mail {
namespace {

constexpr size_t kMaxAddressBytes = 254;
constexpr size_t kMaxLocalBytes = 64;
constexpr size_t kMaxLabelBytes = 63;

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsNonAscii(char c) {
  return static_cast<unsigned char>(c) >= 0x80;
}

// RFC 5322 atext, plus any non-ASCII byte (RFC 6532).
bool IsAtext(char c) {
  static constexpr std::string_view kSymbols = "!#$%&'*+-/=?^_`{|}~";
  return IsAsciiAlnum(c) || IsNonAscii(c) || kSymbols.find(c) != std::string_view::npos;
}

bool HasControl(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      return true;
    }
  }
  return false;
}

Status Refuse(std::string_view field, std::string_view address, std::string_view reason) {
  return InvalidArgument(
      fmt::format("{} '{}' is not a single email address: {}", field, Printable(address), reason));
}

// Why `local` is not a dot-atom, or "" when it is.
std::string_view LocalPartProblem(std::string_view local) {
  if (local.empty()) {
    return "nothing before the '@'";
  }
  if (local.size() > kMaxLocalBytes) {
    return "the part before the '@' is longer than 64 bytes";
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return "dots must separate words before the '@'";
  }
  for (char c : local) {
    if (c != '.' && !IsAtext(c)) {
      return "a character that is not allowed before the '@'";
    }
  }
  return {};
}

// Why `domain` is not a host name, or "" when it is.
std::string_view DomainProblem(std::string_view domain) {
  if (domain.empty()) {
    return "nothing after the '@'";
  }
  std::vector<std::string_view> labels = Split(domain, '.');
  if (labels.size() < 2) {
    return "the domain needs a dot";
  }
  for (std::string_view label : labels) {
    if (label.empty() || label.size() > kMaxLabelBytes) {
      return "the domain has an empty or over-long label";
    }
    if (label.front() == '-' || label.back() == '-') {
      return "a domain label starts or ends with '-'";
    }
    for (char c : label) {
      if (!IsAsciiAlnum(c) && c != '-' && !IsNonAscii(c)) {
        return "a character that is not allowed in a domain";
      }
    }
  }
  return {};
}

}  // namespace

Status ValidateAddress(std::string_view address, std::string_view field) {
  if (address.empty()) {
    return InvalidArgument(fmt::format("{} is empty", field));
  }
  if (address.find_first_of("\r\n") != std::string_view::npos) {
    return Refuse(field, address, "line breaks are not allowed");
  }
  if (HasControl(address)) {
    return Refuse(field, address, "control characters are not allowed");
  }
  if (!IsValidUtf8(address)) {
    return Refuse(field, address, "it is not valid UTF-8");
  }
  if (address.find_first_of(",;") != std::string_view::npos) {
    return Refuse(field, address, "give one address only");
  }
  if (address.find_first_of("<>") != std::string_view::npos) {
    return Refuse(field, address, "give the bare address, without a name or angle brackets");
  }
  if (address.find_first_of(" \t") != std::string_view::npos) {
    return Refuse(field, address, "spaces are not allowed");
  }
  if (address.size() > kMaxAddressBytes) {
    return Refuse(field, address, "it is longer than 254 bytes");
  }
  size_t at = address.rfind('@');
  if (at == std::string_view::npos) {
    return Refuse(field, address, "there is no '@'");
  }
  if (address.find('@') != at) {
    return Refuse(field, address, "there is more than one '@'");
  }
  std::string_view problem = LocalPartProblem(address.substr(0, at));
  if (problem.empty()) {
    problem = DomainProblem(address.substr(at + 1));
  }
  return problem.empty() ? Status::Ok() : Refuse(field, address, problem);
}

std::string_view DomainOf(std::string_view address) {
  size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view() : address.substr(at + 1);
}

Result<Mailbox> ParseMailbox(std::string_view text, std::string_view field) {
  if (text.find_first_of("\r\n") != std::string_view::npos) {
    return Error(InvalidArgument(fmt::format("{}: line breaks are not allowed", field)));
  }
  text = Trim(text);
  Mailbox mailbox;
  if (!text.empty() && text.back() == '>') {
    size_t open = text.rfind('<');
    if (open == std::string_view::npos) {
      return Error(InvalidArgument(fmt::format("{}: '>' without '<'", field)));
    }
    std::string_view name = Trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    if (HasControl(name) || !IsValidUtf8(name) || name.find('"') != std::string_view::npos) {
      return Error(InvalidArgument(
          fmt::format("{}: the display name '{}' is not plain text", field, Printable(name))));
    }
    mailbox.display_name = std::string(name);
    text = text.substr(open + 1, text.size() - open - 2);
  }
  RETURN_IF_ERROR(ValidateAddress(text, field));
  mailbox.address = std::string(text);
  return mailbox;
}

std::string Printable(std::string_view text, size_t max_bytes) {
  // Invalid UTF-8 is shown byte by byte, so the message itself stays valid UTF-8 (JSON needs it).
  bool utf8 = IsValidUtf8(text);
  size_t end = std::min(text.size(), max_bytes);
  while (utf8 && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;  // do not cut a character in two
  }
  std::string out;
  for (char c : text.substr(0, end)) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (u < 0x20 || u == 0x7F || (u >= 0x80 && !utf8)) {
      out += fmt::format("\\x{:02X}", u);
    } else {
      out += c;
    }
  }
  if (end < text.size()) {
    out += "...";
  }
  return out;
}

}  // namespace plenary::mail
