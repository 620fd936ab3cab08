#include "campaigns/module.h"

namespace plenary::campaigns {
namespace {

using enum auth::Role;
using http::Method;

// clang-format off
constexpr auth::Action kActions[] = {
  // Open to all: the person whose name was used may hold no account. Abuse is bounded by an
  // email address, one flag per contact and contribution, and allowances per address and
  // contact (commands.h); a flag deletes nothing.
  {"campaign.flag_consent", "Say a contribution was submitted in one's name without consent",
   Method::kPost, "/api/contributions/{id}/consent-flag", {kPublic},
   R"({"statement": "I did not write or send this (matrix {n}).",
       "contact": "matrix{n}@example.org", "name": "Matrix {n}"})",
   "contribution"},
  {"campaign.read_flags", "Read the consent flags on a call's contributions, with contacts",
   Method::kGet, "/api/calls/{id}/consent-flags", {kSecretariat}, "", "call"},
};
// clang-format on

}  // namespace

std::span<const auth::Action> Actions() {
  return kActions;
}

const auth::Action& Row(std::string_view id) {
  return auth::RowOf(kActions, id);
}

}  // namespace plenary::campaigns
