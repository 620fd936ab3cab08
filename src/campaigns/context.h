#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "consultation/commands.h"
#include "core/clock.h"
#include "storage/database.h"

namespace plenary::campaigns {

// How many consent flags one network address may send, in memory (nothing about the address
// is stored): at most `max_per_hour` in any hour. Thread-safe.
class FlagAllowance {
 public:
  explicit FlagAllowance(int max_per_hour = 20) : max_per_hour_(max_per_hour) {}
  // Counts one flag from `address`; false when it is over its allowance.
  bool Take(const std::string& address, Timestamp now);

 private:
  int max_per_hour_;
  std::mutex mutex_;
  std::map<std::string, std::pair<Timestamp, int>> windows_;  // address -> (window start, count)
};

struct Context {
  storage::Database& db;
  const Clock& clock;
  consultation::Context& consultation;
  int64_t min_members = 10;  // the size of a campaign (the detector's)
  FlagAllowance* allowance = nullptr;
  // At most this many flags per contact address in a day.
  int max_flags_per_contact_per_day = 10;
};

}  // namespace plenary::campaigns
