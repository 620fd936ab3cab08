#pragma once

#include <chrono>
#include <string_view>

#include "auth/accounts.h"
#include "mail/mailer.h"

// Password reset by a single-use, expiring token sent by mail.
namespace plenary::auth {

inline constexpr std::chrono::minutes kResetLifetime{60};
inline constexpr int kMaxResetsPerHour = 3;

// When `email` has an account, records a reset token (its hash only, valid kResetLifetime)
// and mails the link, both in one transaction, then wakes the courier. For an unknown email it
// does nothing and still succeeds, so the answer reveals no account. After kMaxResetsPerHour
// requests within the hour, further ones are silently dropped (the mails already sent work).
Status RequestPasswordReset(storage::Database& db, const Clock& clock, const mail::Mailer& mailer,
                            std::string_view email);

// Sets `password` using a reset token, marks the token used and ends every session of the
// account. kInvalidArgument when the token is unknown, used or expired, or the password weak.
Status ResetPassword(storage::Database& db, const Clock& clock, const AccountsConfig& config,
                     std::string_view token, std::string_view password);

}  // namespace plenary::auth
