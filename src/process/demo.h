#pragma once

#include <string_view>

#include "process/commands.h"

namespace plenary::process {

// Loads a demo process from its JSON description (demo/wgec.json): {"process": {...},
// "members": [...]}, each member as the API takes it, or a run of seats with
// "seat_template": "... seat {n}", "count" and optionally "first". Everything goes through the
// same use cases, and the same validation, as the API. Returns the new process id.
Result<int64_t> LoadDemoProcess(Context& ctx, std::string_view demo_json);

}  // namespace plenary::process
