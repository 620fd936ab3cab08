#include "outbox/module.h"

namespace plenary::outbox {
namespace {

using enum auth::Role;
using http::Method;

// clang-format off
constexpr auth::Action kActions[] = {
  {"outbox.read_all", "Read every mail the site has sent or holds", Method::kGet, "/api/outbox",
   {kAdmin}},
  {"outbox.read", "Read the mail about a process", Method::kGet,
   "/api/processes/{id}/outbox", {kSecretariat}},
};
// clang-format on

}  // namespace

std::span<const auth::Action> Actions() {
  return kActions;
}

}  // namespace plenary::outbox
