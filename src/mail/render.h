#pragma once

#include "core/result.h"
#include "mail/address.h"
#include "mail/outbox.h"
#include "mail/transport.h"

namespace plenary::mail {

// Renders `message` as an RFC 5322 message from `from`, with these header fields: From, To,
// Subject (RFC 2047 encoded-words when not short plain ASCII), Date (the message's created_at),
// Message-ID (<plenary.ID.CREATED_MS@FROM_DOMAIN>, the same on every attempt, so receivers can
// spot a duplicate), MIME-Version, Content-Type text/plain; charset=UTF-8, and
// Content-Transfer-Encoding: 7bit for short-lined ASCII, base64 when more than a third of the
// body's bytes are non-ASCII (Arabic, Chinese...), quoted-printable otherwise; and
// Auto-Submitted: auto-generated (RFC 3834), so that auto-responders do not reply. Line breaks
// become CRLF and the text ends with one. The recipient and subject are checked again (as in
// ValidateMessage), since a row may have been written by other means: kInvalidArgument.
Result<RenderedMessage> RenderMessage(const StoredMessage& message, const Mailbox& from);

}  // namespace plenary::mail
