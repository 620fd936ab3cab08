#pragma once

#include <nlohmann/json.hpp>

#include "consultation/commands.h"

namespace plenary::consultation {

// Creates the demo's calls (the "calls" array of demo/wgec.json, in the API's form) in
// `process_id`, recorded as made by the demo loader. Returns how many.
Result<int> LoadDemoCalls(Context& ctx, const nlohmann::json& calls, int64_t process_id);

}  // namespace plenary::consultation
