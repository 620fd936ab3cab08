#include "mail/render.h"

#include <fmt/format.h>

#include "mail/mime.h"

namespace plenary::mail {
namespace {

constexpr size_t kMaxLine = 78;

std::string FromField(const Mailbox& from) {
  std::string field = "From: ";
  if (from.display_name.empty()) {
    return field + from.address;
  }
  field += EncodePhrase(from.display_name, field.size());
  size_t last_line =
      field.size() - (field.rfind('\n') == std::string::npos ? 0 : field.rfind('\n') + 1);
  // Fold before the angle-address rather than run past the line limit.
  field += last_line + from.address.size() + 3 > kMaxLine ? "\r\n <" : " <";
  return field + from.address + ">";
}

// The body's transfer encoding and its encoded form (CRLF line ends, ending in CRLF). The text
// always ends with a line break, as a text body does in mail.
std::pair<std::string_view, std::string> EncodeBody(std::string_view body) {
  std::string text = NormalizeLineBreaks(body);
  if (!text.ends_with("\r\n")) {
    text += "\r\n";
  }
  if (IsAscii(text)) {
    bool short_lines = true;
    for (size_t start = 0, end; (end = text.find("\r\n", start)) != std::string::npos;
         start = end + 2) {
      short_lines = short_lines && end - start <= kMaxLine;
    }
    if (short_lines) {
      return {"7bit", text};
    }
  }
  size_t non_ascii = 0;
  for (char c : text) {
    non_ascii += static_cast<unsigned char>(c) >= 0x80 ? 1 : 0;
  }
  if (non_ascii * 3 > text.size()) {
    return {"base64", EncodeBase64(text) + "\r\n"};
  }
  return {"quoted-printable", EncodeQuotedPrintable(text)};  // ends with the text's CRLF
}

}  // namespace

Result<RenderedMessage> RenderMessage(const StoredMessage& message, const Mailbox& from) {
  RETURN_IF_ERROR(ValidateMessage(
      Message{message.to, message.subject, message.body, message.kind, message.process_id}));
  RETURN_IF_ERROR(ValidateAddress(from.address, "sender"));
  Timestamp created = ParseIso8601(message.created_at).value_or(Timestamp());
  RenderedMessage out;
  out.sender = from.address;
  out.recipient = message.to;
  out.message_id = fmt::format("<plenary.{}.{}@{}>", message.id, created.time_since_epoch().count(),
                               DomainOf(from.address));
  auto [encoding, body] = EncodeBody(message.body);
  std::string& t = out.text;
  t += FromField(from) + "\r\n";
  t += "To: " + message.to + "\r\n";
  t += UnstructuredField("Subject", message.subject) + "\r\n";
  t += "Date: " + FormatRfc5322Date(created) + "\r\n";
  t += "Message-ID: " + out.message_id + "\r\n";
  t += "MIME-Version: 1.0\r\n";
  t += "Content-Type: text/plain; charset=UTF-8\r\n";
  t += fmt::format("Content-Transfer-Encoding: {}\r\n", encoding);
  t += "Auto-Submitted: auto-generated\r\n";
  t += "\r\n";
  t += body;
  return out;
}

}  // namespace plenary::mail
