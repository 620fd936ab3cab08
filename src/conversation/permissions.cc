#include "conversation/module.h"

namespace plenary::conversation {
namespace {

using enum auth::Role;
using http::Method;

// clang-format off
constexpr auth::Action kActions[] = {
  {"conversation.create", "Open an opinion conversation", Method::kPost,
   "/api/processes/{id}/conversations", {kSecretariat},
   R"({"topic": "Matrix conversation {n}", "description": "Opened by the matrix test."})"},
  {"conversation.update", "Open, close or change an opinion conversation", Method::kPatch,
   "/api/conversations/{id}", {kSecretariat}, R"({"open": true})", "conversation"},
  {"statement.seed", "Seed statements (from proposals or the record)", Method::kPost,
   "/api/conversations/{id}/seeds", {kSecretariat},
   R"({"text": "Seeded statement {n}", "source": "matrix test"})", "conversation"},
  {"statement.moderate", "Accept or reject (with a reason) a statement", Method::kPost,
   "/api/conversations/{id}/statements/{statement}/moderation", {kSecretariat},
   R"({"decision": "accept"})", "conversation"},
  {"vote.batch", "Record a batch of votes (integrations, bulk)", Method::kPost,
   "/api/conversations/{id}/votes/batch", {kSecretariat},
   R"([{"participant": {n}, "statement": 1, "vote": "agree"}])", "conversation"},
  {"conversation.analyse", "Recompute the opinion map now", Method::kPost,
   "/api/conversations/{id}/analysis", {kSecretariat}, "", "conversation"},
  // Anyone takes part, signed in or as an anonymous participant; the conversation's own state
  // (open, taking statements) then decides.
  {"participant.declare", "Declare a stakeholder group and country in a conversation",
   Method::kPost, "/api/conversations/{id}/participants", {kPublic},
   R"({"stakeholder_group": "civil_society", "country": "BR"})", "conversation"},
  {"statement.submit", "Submit a statement to an opinion conversation", Method::kPost,
   "/api/conversations/{id}/statements", {kPublic}, R"({"text": "Participant statement {n}"})",
   "conversation"},
  {"vote.cast", "Vote agree, disagree or pass on a statement", Method::kPost,
   "/api/conversations/{id}/votes", {kPublic}, R"({"statement": 1, "vote": "agree"})",
   "conversation"},
};
// clang-format on

}  // namespace

std::span<const auth::Action> Actions() {
  return kActions;
}

const auth::Action& Row(std::string_view id) {
  return auth::RowOf(kActions, id);
}

}  // namespace plenary::conversation
