#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

// Email addresses as they go into an SMTP envelope and a header. Everything that reaches a
// header or an SMTP command passes through here first, so a line break (header or command
// injection) can never get through.
namespace plenary::mail {

// Checks that `address` is exactly one bare addr-spec, `local@domain`: valid UTF-8; no line
// breaks, control characters, white space, quotes, comments, angle brackets, commas or
// semicolons; a dot-atom local part of at most 64 bytes; a domain of at least two dot-separated
// labels (letters, digits, hyphens, or non-ASCII for internationalised names, which the relay
// must support: SMTPUTF8 for a non-ASCII local part); at most 254 bytes in all.
// kInvalidArgument names `field` ("recipient", "PLENARY_SMTP_FROM") and the reason.
Status ValidateAddress(std::string_view address, std::string_view field = "recipient");

// The part after the '@' ("" when there is none).
std::string_view DomainOf(std::string_view address);

// A sender: an address and an optional display name, as in `Plenary Secretariat <a@b.org>`.
struct Mailbox {
  std::string display_name;  // UTF-8, may be empty
  std::string address;       // passes ValidateAddress
};

// Reads `a@b.org` or `Display Name <a@b.org>` (the name may be in double quotes). The name
// must be valid UTF-8 without control characters. kInvalidArgument names `field`.
Result<Mailbox> ParseMailbox(std::string_view text, std::string_view field);

// `text` for an error message: control characters shown as \r, \n, \xNN (and every byte of
// invalid UTF-8 as \xNN), cut after `max_bytes` on a character boundary, so that a hostile value
// can neither forge log lines nor break JSON.
std::string Printable(std::string_view text, size_t max_bytes = 80);

}  // namespace plenary::mail
