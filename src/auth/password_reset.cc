#include "auth/password_reset.h"

#include <fmt/format.h>

#include "auth/store.h"

namespace plenary::auth {
namespace {

int64_t Millis(Timestamp t) {
  return t.time_since_epoch().count();
}

mail::Message ResetMail(const mail::Mailer& mailer, const Principal& who, std::string_view token) {
  std::string link = fmt::format("{}/password-reset/confirm?token={}", mailer.base_url, token);
  return {who.email, "Reset your Plenary password",
          fmt::format("Hello {},\n\n"
                      "Someone (we hope you) asked to reset the password of the Plenary account "
                      "{}.\n\nTo choose a new password, open this link within {} minutes. It "
                      "works once:\n\n{}\n\nIf you did not ask, ignore this message: your "
                      "password stays as it is.\n",
                      who.name, who.email, kResetLifetime.count(), link),
          "password_reset", std::nullopt};
}

}  // namespace

Status RequestPasswordReset(storage::Database& db, const Clock& clock, const mail::Mailer& mailer,
                            std::string_view email) {
  ASSIGN_OR_RETURN(auto account, FindAccount(db, email));
  if (!account) {
    return Status::Ok();
  }
  std::string token = RandomToken();
  Timestamp now = clock.Now();
  bool sent = false;
  RETURN_IF_ERROR(db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(int64_t live, store::CountLiveResets(c, account->user_id, Millis(now)));
    if (live >= kMaxResetsPerHour) {
      return Status::Ok();
    }
    RETURN_IF_ERROR(store::InsertReset(c, HashToken(token), account->user_id, FormatIso8601(now),
                                       Millis(now + kResetLifetime)));
    RETURN_IF_ERROR(detail::ToStatus(
        mail::Enqueue(c, ResetMail(mailer, *account, token), now, mailer.delivery)));
    sent = true;
    return Status::Ok();
  }));
  if (sent) {
    mailer.notify();
  }
  return Status::Ok();
}

Status ResetPassword(storage::Database& db, const Clock& clock, const AccountsConfig& config,
                     std::string_view token, std::string_view password) {
  // The slow hash first, outside the transaction; it also checks the password's length.
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password, config.cost));
  Timestamp now = clock.Now();
  return db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto user_id,
                     store::UseReset(c, HashToken(token), Millis(now), FormatIso8601(now)));
    if (!user_id) {
      return InvalidArgument(
          "this reset link is unknown, already used or expired: ask for a new one");
    }
    RETURN_IF_ERROR(detail::ToStatus(store::UpdatePasswordHash(c, *user_id, hash)));
    return store::DeleteSessionsOf(c, *user_id);
  });
}

}  // namespace plenary::auth
