#pragma once

#include <cstdint>
#include <string>

namespace plenary::audit {

// Who makes a change: a signed-in account (user_id > 0), or the system itself (user_id 0:
// migrations, the demo loader, the command line), named by `label` ("cli", "demo").
struct Actor {
  int64_t user_id = 0;
  std::string label = "system";
};

}  // namespace plenary::audit
