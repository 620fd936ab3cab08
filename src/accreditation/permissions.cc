#include "accreditation/module.h"

namespace plenary::accreditation {
namespace {

using enum auth::Role;
using http::Method;

// The request example carries "%PDF-1.4\n%%EOF\n" as its letter.
// clang-format off
constexpr auth::Action kActions[] = {
  {"accreditation.request", "Ask to join a process as a member delegate or an observer",
   Method::kPost, "/api/processes/{id}/accreditations", {kAccount},
   R"({"capacity": "observer", "organisation": "Matrix Organisation {n}",
       "letter_filename": "note-verbale-{n}.pdf", "letter_pdf_base64": "JVBERi0xLjQKJSVFT0YK"})"},
  {"accreditation.list", "List a process's accreditation requests (?status=pending)",
   Method::kGet, "/api/processes/{id}/accreditations", {kSecretariat, kChair}},
  {"accreditation.letter", "Download the nomination letter of an accreditation request",
   Method::kGet, "/api/processes/{id}/accreditations/{request}/letter", {kSecretariat, kChair}},
  {"accreditation.decide", "Approve or refuse an accreditation request (a reason to refuse)",
   Method::kPost, "/api/processes/{id}/accreditations/{request}/decision", {kSecretariat},
   R"({"decision": "refuse", "reason": "Matrix check {n}"})"},
};
// clang-format on

}  // namespace

std::span<const auth::Action> Actions() {
  return kActions;
}

const auth::Action& Row(std::string_view id) {
  return auth::RowOf(kActions, id);
}

}  // namespace plenary::accreditation
