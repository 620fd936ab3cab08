#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "storage/database.h"

namespace plenary::app {

// An account made for the demo, with the password it was given. The password exists only in
// this value: it is printed once at the first start and never stored or committed.
struct DemoAccount {
  std::string role;  // "admin", "chair", "secretariat"
  std::string email;
  std::string password;
};

// Creates the demo's site administrator and the chair and secretariat of `process_id`, each
// with a fresh random password.
Result<std::vector<DemoAccount>> CreateDemoAccounts(storage::Database& db, const Clock& clock,
                                                    int64_t process_id);

// The block printed at the first start: who can sign in, with which password.
std::string DescribeDemoAccounts(const std::vector<DemoAccount>& accounts);

}  // namespace plenary::app
