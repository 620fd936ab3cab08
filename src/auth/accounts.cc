#include "auth/accounts.h"

#include <algorithm>

#include <fmt/format.h>

#include "audit/trail.h"
#include "auth/store.h"
#include "core/text.h"

namespace plenary::auth {
namespace {

int64_t Millis(Timestamp t) {
  return t.time_since_epoch().count();
}

std::string NormaliseEmail(std::string_view email) {
  return AsciiLower(Trim(email));
}

Status CheckEmail(std::string_view email) {
  size_t at = email.find('@');
  bool ok = !email.empty() && email.size() <= 254 && at != std::string_view::npos && at > 0 &&
            at == email.rfind('@') && email.find('.', at) != std::string_view::npos &&
            email.back() != '.' && email.find_first_of(" \t\r\n<>,;\"") == std::string_view::npos;
  return ok ? Status::Ok() : InvalidArgument(fmt::format("'{}' is not an email address", email));
}

Status Throttled(storage::Database& db, const Clock& clock, const Throttle& throttle,
                 const std::string& account, const std::string& address) {
  int64_t since = Millis(clock.Now()) - std::chrono::milliseconds(throttle.window).count();
  int64_t by_account = 0;
  int64_t by_address = 0;
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(by_account, store::CountFailuresSince(c, account, since));
    ASSIGN_OR_RETURN(by_address, store::CountFailuresSince(c, address, since));
    return Status::Ok();
  }));
  if (by_account >= throttle.max_failures_per_account ||
      by_address >= throttle.max_failures_per_address) {
    return ResourceExhausted(
        fmt::format("too many failed sign-ins; try again in {} minutes", throttle.window.count()));
  }
  return Status::Ok();
}

Principal ToPrincipal(const store::UserRow& user) {
  Principal p;
  p.user_id = user.id;
  p.email = user.email;
  p.name = user.name;
  p.publish_name = user.publish_name;
  p.site_admin = user.site_admin;
  return p;
}

Status CheckGrant(const RoleGrant& grant) {
  if (!IsRole(grant.role)) {
    return InvalidArgument(fmt::format(
        "unknown role '{}' (expected chair, vice_chair, secretariat, member or observer)",
        grant.role));
  }
  if (grant.member_id && grant.role != "member") {
    return InvalidArgument("only a member role sits for a seat");
  }
  if (grant.capacity.size() > 200 || grant.organisation.size() > 300 ||
      !IsValidUtf8(grant.capacity) || !IsValidUtf8(grant.organisation)) {
    return InvalidArgument("capacity and organisation must be short UTF-8 text");
  }
  return Status::Ok();
}

}  // namespace

bool IsRole(std::string_view code) {
  return std::find(std::begin(kRoles), std::end(kRoles), code) != std::end(kRoles);
}

bool Principal::HasRole(int64_t process_id, std::string_view role) const {
  auto it = roles.find(process_id);
  return it != roles.end() &&
         std::find(it->second.begin(), it->second.end(), role) != it->second.end();
}

Result<int64_t> CreateUser(storage::Database& db, const Clock& clock, const AccountsConfig& config,
                           const NewUser& input) {
  NewUser user = input;
  user.email = NormaliseEmail(input.email);
  user.name = std::string(Trim(input.name));
  RETURN_IF_ERROR(CheckEmail(user.email));
  if (user.name.empty() || !IsValidUtf8(user.name) || user.name.size() > 300) {
    return Error(InvalidArgument("the name must be 1 to 300 bytes of UTF-8"));
  }
  ASSIGN_OR_RETURN(std::string hash, HashPassword(user.password, config.cost));
  int64_t id = 0;
  std::string now = FormatIso8601(clock.Now());
  Status s = db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(id, store::InsertUser(c, user, hash, now));
    return Status::Ok();
  });
  if (s.code() == StatusCode::kConflict) {
    return Error(Conflict(fmt::format("an account with the email {} already exists", user.email)));
  }
  RETURN_IF_ERROR(s);
  return id;
}

std::string Principal::PublicLabel() const {
  if (!signed_in()) {
    return "public";
  }
  return publish_name ? name : fmt::format("account {}", user_id);
}

Status GrantRoleIn(storage::Connection& c, const audit::Actor& actor, Timestamp now,
                   int64_t user_id, int64_t process_id, const RoleGrant& grant) {
  RETURN_IF_ERROR(CheckGrant(grant));
  ASSIGN_OR_RETURN(auto user, store::FindUserById(c, user_id));
  if (!user) {
    return NotFound(fmt::format("no account {}", user_id));
  }
  ASSIGN_OR_RETURN(bool exists, store::ProcessExists(c, process_id));
  if (!exists) {
    return NotFound(fmt::format("no process {}", process_id));
  }
  ASSIGN_OR_RETURN(bool added,
                   store::InsertRole(c, user_id, process_id, grant, FormatIso8601(now)));
  if (!added) {
    return Status::Ok();  // held already: nothing changes, nothing to record
  }
  nlohmann::json after = {{"user_id", user_id}, {"role", grant.role}};
  if (grant.member_id) {
    after["member_id"] = *grant.member_id;
  }
  if (!grant.capacity.empty()) {
    after["capacity"] = grant.capacity;
  }
  if (!grant.organisation.empty()) {
    after["organisation"] = grant.organisation;
  }
  return audit::Append(
      c, actor, {"account_role", std::to_string(user_id), process_id, "grant", nullptr, after},
      now);
}

Status GrantRole(storage::Database& db, const Clock& clock, int64_t user_id, int64_t process_id,
                 std::string_view role) {
  RoleGrant grant{std::string(role), std::nullopt, "", ""};
  return db.Transaction([&](storage::Connection& c) {
    return GrantRoleIn(c, audit::Actor{}, clock.Now(), user_id, process_id, grant);
  });
}

Status SetSiteAdmin(storage::Database& db, int64_t user_id, bool admin) {
  return db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(bool found, store::UpdateSiteAdmin(c, user_id, admin));
    return found ? Status::Ok() : NotFound(fmt::format("no account {}", user_id));
  });
}

Result<std::optional<Principal>> FindAccount(storage::Database& db, std::string_view email) {
  std::optional<Principal> found;
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto user, store::FindUserByEmail(c, NormaliseEmail(email)));
    if (user) {
      ASSIGN_OR_RETURN(found, FindAccount(c, user->id));
    }
    return Status::Ok();
  }));
  return found;
}

Result<std::optional<Principal>> FindAccount(storage::Connection& c, int64_t user_id) {
  ASSIGN_OR_RETURN(auto user, store::FindUserById(c, user_id));
  if (!user) {
    return std::optional<Principal>();
  }
  Principal p = ToPrincipal(*user);
  RETURN_IF_ERROR(store::LoadRoles(c, p));
  return std::optional<Principal>(std::move(p));
}

Status SetPassword(storage::Database& db, const AccountsConfig& config, int64_t user_id,
                   std::string_view password) {
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password, config.cost));
  return db.Transaction([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(bool found, store::UpdatePasswordHash(c, user_id, hash));
    if (!found) {
      return NotFound(fmt::format("no account {}", user_id));
    }
    return store::DeleteSessionsOf(c, user_id);
  });
}

Status ChangePassword(storage::Database& db, const AccountsConfig& config, int64_t user_id,
                      std::string_view current, std::string_view replacement,
                      std::string_view keep_session) {
  std::optional<store::UserRow> user;
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(user, store::FindUserById(c, user_id));
    return Status::Ok();
  }));
  if (!user) {
    return NotFound(fmt::format("no account {}", user_id));
  }
  if (!VerifyPassword(user->password_hash, current)) {
    return Unauthenticated("the current password is wrong");
  }
  ASSIGN_OR_RETURN(std::string hash, HashPassword(replacement, config.cost));
  return db.Transaction([&](storage::Connection& c) -> Status {
    RETURN_IF_ERROR(detail::ToStatus(store::UpdatePasswordHash(c, user_id, hash)));
    return store::DeleteSessionsExcept(c, user_id, HashToken(keep_session));
  });
}

Result<Session> SignIn(storage::Database& db, const Clock& clock, const AccountsConfig& config,
                       std::string_view email_input, std::string_view password,
                       std::string_view address) {
  std::string email = NormaliseEmail(email_input);
  std::string account_key = "account:" + email;
  std::string address_key = "address:" + std::string(address);
  RETURN_IF_ERROR(Throttled(db, clock, config.throttle, account_key, address_key));
  std::optional<store::UserRow> user;
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(user, store::FindUserByEmail(c, email));
    return Status::Ok();
  }));
  // Hash checking happens outside any transaction: it is slow on purpose.
  if (!user || !VerifyPassword(user->password_hash, password)) {
    int64_t now_ms = Millis(clock.Now());
    RETURN_IF_ERROR(db.Transaction([&](storage::Connection& c) -> Status {
      RETURN_IF_ERROR(store::InsertFailure(c, account_key, now_ms));
      return store::InsertFailure(c, address_key, now_ms);
    }));
    return Error(Unauthenticated("the email or the password is wrong"));
  }
  Session session{RandomToken(), RandomToken(), ToPrincipal(*user)};
  Timestamp now = clock.Now();
  int64_t expires = Millis(now + config.session_lifetime);
  RETURN_IF_ERROR(db.Transaction([&](storage::Connection& c) -> Status {
    RETURN_IF_ERROR(store::ClearFailures(c, account_key));
    RETURN_IF_ERROR(store::InsertSession(c, HashToken(session.token), user->id, session.csrf_token,
                                         FormatIso8601(now), expires));
    return store::LoadRoles(c, session.principal);
  }));
  return session;
}

Result<std::optional<Session>> FindSession(storage::Database& db, const Clock& clock,
                                           std::string_view token) {
  std::optional<Session> found;
  if (token.empty() || token.size() > 128) {
    return found;
  }
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto live, store::FindSession(c, HashToken(token), Millis(clock.Now())));
    if (!live) {
      return Status::Ok();
    }
    ASSIGN_OR_RETURN(auto user, store::FindUserById(c, live->first));
    if (!user) {
      return Status::Ok();
    }
    Session s{std::string(token), live->second, ToPrincipal(*user)};
    RETURN_IF_ERROR(store::LoadRoles(c, s.principal));
    found = std::move(s);
    return Status::Ok();
  }));
  return found;
}

Status SignOut(storage::Database& db, std::string_view token) {
  return db.Transaction(
      [&](storage::Connection& c) { return store::DeleteSession(c, HashToken(token)); });
}

Status SignOutEverywhere(storage::Database& db, int64_t user_id) {
  return db.Transaction(
      [&](storage::Connection& c) { return store::DeleteSessionsOf(c, user_id); });
}

}  // namespace plenary::auth
