#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/actor.h"
#include "auth/secrets.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/database.h"

// Accounts, roles per process, and server-side sessions (so several server processes share
// them through the database).
namespace plenary::auth {

inline constexpr std::string_view kSessionCookie = "plenary_session";

// The roles an account can hold in a process. The public (no account) holds none.
inline constexpr std::string_view kRoles[] = {"chair", "vice_chair", "secretariat", "member",
                                              "observer"};
bool IsRole(std::string_view code);

struct Principal {
  int64_t user_id = 0;  // 0: the public
  std::string email;
  std::string name;
  bool publish_name = true;
  bool site_admin = false;
  std::map<int64_t, std::vector<std::string>> roles;  // process id -> role codes
  bool HasRole(int64_t process_id, std::string_view role) const;
  bool signed_in() const { return user_id != 0; }
  // How the record names this account: the name, unless its holder chose not to publish it.
  std::string PublicLabel() const;
};

struct Session {
  std::string token;       // the cookie value; only its hash is stored
  std::string csrf_token;  // sent back with every state-changing request
  Principal principal;
};

struct Throttle {
  int max_failures_per_account = 5;
  int max_failures_per_address = 20;
  std::chrono::minutes window{15};
};

struct AccountsConfig {
  PasswordCost cost;
  Throttle throttle;
  std::chrono::hours session_lifetime{24 * 14};
};

struct NewUser {
  std::string email;
  std::string name;
  std::string password;
  bool publish_name = true;
};

// kInvalidArgument for a malformed email, empty name or weak password; kConflict when the
// email is taken. Returns the new id.
Result<int64_t> CreateUser(storage::Database& db, const Clock& clock, const AccountsConfig& config,
                           const NewUser& user);
// kInvalidArgument for an unknown role; kNotFound for an unknown user or process.
Status GrantRole(storage::Database& db, const Clock& clock, int64_t user_id, int64_t process_id,
                 std::string_view role);

// A role with what it stands for: the seat (members.id) and capacity ("head of delegation",
// "delegate", "adviser") of a member, the organisation of an observer.
struct RoleGrant {
  std::string role;
  std::optional<int64_t> member_id;
  std::string capacity;
  std::string organisation;
};
// GrantRole inside the caller's write transaction, recorded in the audit trail as made by
// `actor`: for use cases (accreditation) that grant a role as part of a larger change.
Status GrantRoleIn(storage::Connection& db, const audit::Actor& actor, Timestamp now,
                   int64_t user_id, int64_t process_id, const RoleGrant& grant);
// Makes the account a site administrator (who creates processes and appoints secretariats).
Status SetSiteAdmin(storage::Database& db, int64_t user_id, bool admin);
// The account with this email, if any (roles loaded).
Result<std::optional<Principal>> FindAccount(storage::Database& db, std::string_view email);
Result<std::optional<Principal>> FindAccount(storage::Connection& db, int64_t user_id);

// Sets a new password (checked like a new account's) and ends every session of the account.
Status SetPassword(storage::Database& db, const AccountsConfig& config, int64_t user_id,
                   std::string_view password);
// Checks `current` first: kUnauthenticated when it is wrong. Ends the account's other sessions
// (the one named by `keep_session`, if any, stays open).
Status ChangePassword(storage::Database& db, const AccountsConfig& config, int64_t user_id,
                      std::string_view current, std::string_view replacement,
                      std::string_view keep_session);

// Checks the password and opens a new session (a fresh token every time, so a session id
// planted before sign-in is never used). kUnauthenticated for a wrong email or password (the
// same message for both); kResourceExhausted after too many failures for the account or the
// address within the window.
Result<Session> SignIn(storage::Database& db, const Clock& clock, const AccountsConfig& config,
                       std::string_view email, std::string_view password, std::string_view address);
// The session for a cookie token, if it exists and has not expired.
Result<std::optional<Session>> FindSession(storage::Database& db, const Clock& clock,
                                           std::string_view token);
Status SignOut(storage::Database& db, std::string_view token);
// Ends every session of the account (after a password change, or on request).
Status SignOutEverywhere(storage::Database& db, int64_t user_id);

}  // namespace plenary::auth
