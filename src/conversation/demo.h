#pragma once

#include <nlohmann/json.hpp>

#include "conversation/commands.h"

namespace plenary::conversation {

// Creates the demo's conversations (the "conversations" array of demo/wgec.json: the API's
// conversation fields plus "statements", seeded with their sources) in `process_id`, recorded as
// made by the demo loader. No vote is invented. Returns how many.
Result<int> LoadDemoConversations(Context& ctx, const nlohmann::json& conversations,
                                  int64_t process_id);

}  // namespace plenary::conversation
