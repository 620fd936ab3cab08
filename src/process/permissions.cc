#include "process/module.h"

namespace plenary::process {
namespace {

using enum auth::Role;
using http::Method;

// clang-format off
constexpr auth::Action kActions[] = {
  {"process.create", "Open a new process", Method::kPost, "/api/processes", {kAdmin},
   R"({"short_name": "WG {n}", "title": "Working Group {n}", "status": "planned",
       "mandate": "To examine the matrix."})"},
  {"process.update", "Edit a process's mandate, dates and status", Method::kPatch,
   "/api/processes/{id}", {kSecretariat, kChair, kAdmin},
   R"({"methods_of_work": "Revised by the matrix test {n}."})"},
  {"member.add", "Record a seat of the membership", Method::kPost,
   "/api/processes/{id}/members", {kSecretariat},
   R"({"seat_label": "Matrix seat {n}", "stakeholder_group": "civil_society",
       "organisation": "Matrix Organisation {n}"})"},
};
// clang-format on

}  // namespace

std::span<const auth::Action> Actions() {
  return kActions;
}

}  // namespace plenary::process
