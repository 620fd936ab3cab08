#pragma once

#include <string>

#include "core/result.h"

namespace plenary::mail {

// A message ready for the wire: the SMTP envelope and the RFC 5322 text.
struct RenderedMessage {
  std::string sender;      // envelope sender (MAIL FROM), a bare address
  std::string recipient;   // envelope recipient (RCPT TO), a bare address
  std::string message_id;  // "<...>", as in the Message-ID header
  std::string text;        // header fields, a blank line, the body; CRLF line ends; not
                           // dot-stuffed (the transport does that)
};

// Carries a rendered message to a relay. The SMTP implementation is relay.h's OpenSmtpTransport;
// tests use fakes.
class Transport {
 public:
  virtual ~Transport() = default;
  // Ok once the relay has accepted the message for delivery. kInvalidArgument when the message
  // can never be sent as it is (the courier gives up at once); any other error is worth a retry
  // (kUnavailable: the relay could not be reached, refused or timed out). The message of an
  // error must not contain credentials.
  virtual Status Send(const RenderedMessage& message) = 0;
};

}  // namespace plenary::mail
