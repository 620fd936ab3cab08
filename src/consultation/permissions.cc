#include "consultation/module.h"

namespace plenary::consultation {
namespace {

using enum auth::Role;
using http::Method;

// clang-format off
constexpr auth::Action kActions[] = {
  {"call.create", "Open a call for contributions", Method::kPost, "/api/processes/{id}/calls",
   {kSecretariat},
   R"({"title": "Call {n}", "questions": ["What should the matrix examine?"],
       "opens_at": "2020-01-01T00:00:00Z", "closes_at": "2100-01-01T00:00:00Z"})"},
  // Anyone may try; the call's own rule (members, observers, the public) then decides.
  {"contribution.submit", "Contribute to an open call", Method::kPost,
   "/api/calls/{id}/contributions", {kPublic},
   R"({"author_name": "Matrix {n}", "body": "A contribution from the matrix test, number {n}."})",
   "call"},
  {"contribution.moderate", "Withhold (with a reason) or publish a contribution", Method::kPost,
   "/api/contributions/{id}/moderation", {kSecretariat},
   R"({"decision": "withhold", "reason": "Matrix check {n}"})", "contribution"},
};
// clang-format on

}  // namespace

std::span<const auth::Action> Actions() {
  return kActions;
}

const auth::Action& Row(std::string_view id) {
  return auth::RowOf(kActions, id);
}

}  // namespace plenary::consultation
