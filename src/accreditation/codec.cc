#include "accreditation/codec.h"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <string_view>

#include <fmt/format.h>

#include "accreditation/letter.h"
#include "core/text.h"
#include "http/json_fields.h"

namespace plenary::accreditation {
namespace {

using nlohmann::json;

json OrNull(const std::optional<int64_t>& value) {
  return value ? json(*value) : json(nullptr);
}

json OrNull(const std::string& value) {
  return value.empty() ? json(nullptr) : json(value);
}

using http::CheckKnownFields;

// An optional string field (null reads as absent); its length is checked by the use case.
Status ReadText(const json& body, std::string_view field, std::string& out) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    return Status::Ok();
  }
  if (!it->is_string()) {
    return InvalidArgument(fmt::format("'{}' must be a string", field));
  }
  out = it->get<std::string>();
  return Status::Ok();
}

}  // namespace

json ToJson(const Request& r) {
  json letter = nullptr;
  if (r.letter_bytes > 0) {
    letter = {{"filename", r.letter_filename}, {"bytes", r.letter_bytes}};
  }
  return {{"id", r.id},
          {"process_id", r.process_id},
          {"user_id", r.user_id},
          {"capacity", Code(r.capacity)},
          {"member_id", OrNull(r.member_id)},
          {"delegation_role", Code(r.delegation_role)},
          {"organisation", r.organisation},
          {"note", r.note},
          {"letter", letter},
          {"status", Code(r.status)},
          {"reason", r.reason},
          {"decided_by", OrNull(r.decided_by)},
          {"decided_at", OrNull(r.decided_at)},
          {"created_at", r.created_at}};
}

json ToJson(const QueueEntry& entry) {
  json out = ToJson(entry.request);
  out["requester"] = {{"name", entry.requester_name}, {"email", entry.requester_email}};
  out["seat_label"] = OrNull(entry.seat_label);
  if (out["letter"].is_object()) {
    out["letter"]["url"] = fmt::format("/api/processes/{}/accreditations/{}/letter",
                                       entry.request.process_id, entry.request.id);
  }
  return out;
}

Result<NewRequest> NewRequestFromJson(const json& body) {
  RETURN_IF_ERROR(
      CheckKnownFields(body, {"capacity", "member_id", "delegation_role", "organisation", "note",
                              "letter_pdf_base64", "letter_filename"}));
  NewRequest out;
  RETURN_IF_ERROR(ReadText(body, "capacity", out.capacity));
  RETURN_IF_ERROR(ReadText(body, "delegation_role", out.delegation_role));
  RETURN_IF_ERROR(ReadText(body, "organisation", out.organisation));
  RETURN_IF_ERROR(ReadText(body, "note", out.note));
  RETURN_IF_ERROR(ReadText(body, "letter_filename", out.letter_filename));
  if (auto it = body.find("member_id"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer()) {
      return Error(InvalidArgument("'member_id' must be a whole number: the id of a seat"));
    }
    out.member_id = it->get<int64_t>();
  }
  std::string base64;
  RETURN_IF_ERROR(ReadText(body, "letter_pdf_base64", base64));
  ASSIGN_OR_RETURN(out.letter, DecodeBase64(base64, "letter_pdf_base64"));
  return out;
}

Result<NewRequest> NewRequestFromForm(const http::Form& form) {
  NewRequest out;
  out.capacity = form.Field("capacity").value_or("");
  out.organisation = form.Field("organisation").value_or("");
  out.note = form.Field("note").value_or("");
  if (Trim(out.capacity) != Code(Capacity::kObserver)) {
    out.delegation_role = form.Field("delegation_role").value_or("");
    std::string_view seat = Trim(form.Field("member_id").value_or(""));
    if (!seat.empty()) {
      int64_t id = 0;
      auto [end, error] = std::from_chars(seat.data(), seat.data() + seat.size(), id);
      if (error != std::errc() || end != seat.data() + seat.size() || id <= 0) {
        return Error(InvalidArgument("'member_id' must be the id of a seat"));
      }
      out.member_id = id;
    }
  }
  if (const http::FormFile* letter = form.File("letter")) {
    out.letter = letter->data;
    out.letter_filename = letter->filename;
  }
  return out;
}

Result<Decision> DecisionFromJson(const json& body) {
  RETURN_IF_ERROR(CheckKnownFields(body, {"decision", "reason"}));
  Decision out;
  RETURN_IF_ERROR(ReadText(body, "decision", out.decision));
  RETURN_IF_ERROR(ReadText(body, "reason", out.reason));
  return out;
}

}  // namespace plenary::accreditation
