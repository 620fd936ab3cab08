#include "consultation/demo.h"

#include <fmt/format.h>

namespace plenary::consultation {

Result<int> LoadDemoCalls(Context& ctx, const nlohmann::json& calls, int64_t process_id) {
  if (!calls.is_array()) {
    return Error(InvalidArgument("the demo's 'calls' must be an array"));
  }
  int count = 0;
  for (const nlohmann::json& body : calls) {
    auto call = CreateCall(ctx, audit::Actor{0, "demo"}, process_id, body);
    if (!call) {
      return Error(call.error().WithContext(fmt::format("demo call {}", count + 1)));
    }
    ++count;
  }
  return count;
}

}  // namespace plenary::consultation
