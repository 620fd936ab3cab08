#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/result.h"
#include "mail/address.h"
#include "mail/outbox.h"
#include "mail/transport.h"

namespace plenary::mail {

// Where mail goes out. Read once at start-up.
struct RelayConfig {
  // "smtp://host[:port]" (STARTTLS is required when a username is set) or "smtps://host[:port]"
  // (TLS from the start); an optional path names the EHLO domain. Empty: no relay, mail is held.
  std::string url;
  std::string from;  // "a@b.org" or "Display Name <a@b.org>": From and envelope sender
  std::string username, password;    // SMTP AUTH when the username is set
  std::chrono::seconds timeout{30};  // for one whole delivery, connection included

  bool configured() const { return !url.empty(); }
  Delivery delivery() const { return configured() ? Delivery::kRelay : Delivery::kHold; }

  // PLENARY_SMTP_URL, PLENARY_SMTP_FROM, PLENARY_SMTP_USER, PLENARY_SMTP_PASSWORD (unset: empty).
  static RelayConfig FromEnvironment();
};

// An SMTP transport through libcurl to `config.url`, after checking the configuration:
// kInvalidArgument names the faulty setting (a URL that is not smtp:// or smtps:// with a host
// and without credentials in it, control characters in the credentials, a timeout that is not
// positive). The transport checks each envelope address again before use.
// Each Send uses its own connection, so the transport is thread-safe.
Result<std::unique_ptr<Transport>> OpenSmtpTransport(const RelayConfig& config);

// The way out: who mail is from, and the transport that carries it. Thread-safe when the
// transport is.
class Relay {
 public:
  Relay(Mailbox from, std::unique_ptr<Transport> transport,
        std::chrono::seconds timeout = std::chrono::seconds(30));

  // The SMTP relay of `config`, or nullptr when none is configured (config.url is empty). Errors
  // as for OpenSmtpTransport, and kInvalidArgument when PLENARY_SMTP_FROM is missing or bad.
  static Result<std::unique_ptr<Relay>> Open(const RelayConfig& config);

  const Mailbox& from() const { return from_; }
  // The longest one Send may take.
  std::chrono::seconds timeout() const { return timeout_; }

  // Renders `message` (render.h) and hands it to the transport; errors as Transport::Send.
  Status Send(const StoredMessage& message);

 private:
  Mailbox from_;
  std::unique_ptr<Transport> transport_;
  std::chrono::seconds timeout_;
};

}  // namespace plenary::mail
