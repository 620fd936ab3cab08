#include "app/demo_accounts.h"

#include <fmt/format.h>

#include "auth/accounts.h"
#include "auth/secrets.h"

namespace plenary::app {

Result<std::vector<DemoAccount>> CreateDemoAccounts(storage::Database& db, const Clock& clock,
                                                    int64_t process_id) {
  struct Seat {
    const char* role;
    const char* name;
  };
  const Seat seats[] = {{"admin", "Site administrator (demo)"},
                        {"chair", "Chair (demo)"},
                        {"secretariat", "Secretariat (demo)"}};
  auth::AccountsConfig config;
  std::vector<DemoAccount> out;
  for (const Seat& seat : seats) {
    // 20 characters of base64url: about 120 bits.
    DemoAccount account{seat.role, fmt::format("{}@plenary.invalid", seat.role),
                        auth::RandomToken().substr(0, 20)};
    ASSIGN_OR_RETURN(
        int64_t id,
        auth::CreateUser(db, clock, config, {account.email, seat.name, account.password, true}));
    if (account.role == "admin") {
      RETURN_IF_ERROR(auth::SetSiteAdmin(db, id, true));
    } else {
      RETURN_IF_ERROR(auth::GrantRole(db, clock, id, process_id, account.role));
    }
    out.push_back(std::move(account));
  }
  return out;
}

std::string DescribeDemoAccounts(const std::vector<DemoAccount>& accounts) {
  std::string out =
      "\nDemo accounts (the passwords are shown this once and stored only as hashes):\n";
  for (const DemoAccount& a : accounts) {
    out += fmt::format("  {:<12} {:<32} {}\n", a.role, a.email, a.password);
  }
  out += "Sign in at /sign-in. Change a password with POST /api/account/password.\n\n";
  return out;
}

}  // namespace plenary::app
