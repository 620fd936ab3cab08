#include "process/demo.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace plenary::process {
namespace {

using nlohmann::json;

const audit::Actor kDemoActor{0, "demo"};

Status AddMembers(Context& ctx, int64_t process_id, const json& entry) {
  if (!entry.contains("seat_template")) {
    return detail::ToStatus(AddMember(ctx, kDemoActor, process_id, entry));
  }
  json member = entry;
  std::string pattern = member["seat_template"].get<std::string>();
  int count = member.value("count", 1);
  int first = member.value("first", 1);
  member.erase("seat_template");
  member.erase("count");
  member.erase("first");
  for (int n = first; n < first + count; ++n) {
    std::string label = pattern;
    size_t at = label.find("{n}");
    if (at != std::string::npos) {
      label.replace(at, 3, std::to_string(n));
    }
    member["seat_label"] = label;
    RETURN_IF_ERROR(detail::ToStatus(AddMember(ctx, kDemoActor, process_id, member)));
  }
  return Status::Ok();
}

}  // namespace

Result<int64_t> LoadDemoProcess(Context& ctx, std::string_view demo_json) {
  json demo = json::parse(demo_json, nullptr, /*allow_exceptions=*/false);
  if (demo.is_discarded() || !demo.is_object() || !demo.contains("process") ||
      !demo["members"].is_array()) {
    return Error(InvalidArgument("the demo file is not {\"process\": {...}, \"members\": [...]}"));
  }
  ASSIGN_OR_RETURN(Process process, CreateProcess(ctx, kDemoActor, demo["process"]));
  const json& members = demo["members"];
  for (size_t i = 0; i < members.size(); ++i) {
    Status s = AddMembers(ctx, process.id, members[i]);
    if (!s.ok()) {
      return Error(s.WithContext(fmt::format("demo members[{}]", i)));
    }
  }
  return process.id;
}

}  // namespace plenary::process
