#include "conversation/demo.h"

#include <fmt/format.h>

namespace plenary::conversation {

Result<int> LoadDemoConversations(Context& ctx, const nlohmann::json& conversations,
                                  int64_t process_id) {
  if (!conversations.is_array()) {
    return Error(InvalidArgument("the demo's 'conversations' must be an array"));
  }
  audit::Actor demo{0, "demo"};
  int count = 0;
  for (const nlohmann::json& body : conversations) {
    auto made = CreateConversation(ctx, demo, process_id, body);
    auto seeds =
        made ? SeedsFromJson(body) : Result<std::vector<NewStatement>>(Error(made.error()));
    auto seeded = seeds ? SeedStatements(ctx, demo, made->id, *seeds)
                        : Result<std::vector<Statement>>(Error(seeds.error()));
    if (!seeded) {
      return Error(seeded.error().WithContext(fmt::format("demo conversation {}", count + 1)));
    }
    ++count;
  }
  return count;
}

}  // namespace plenary::conversation
