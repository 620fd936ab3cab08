#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "accreditation/model.h"
#include "accreditation/queries.h"
#include "i18n/catalog.h"

// Page contexts: plain JSON with every label already translated. The routes add who is asking
// (signed in, CSRF token, what they may do) and notices.
namespace plenary::accreditation {

using Translate = std::function<std::string(std::string_view key, const i18n::Args& args)>;

// What the request form shows: empty, or as sent when a post was refused.
struct FormValues {
  std::string capacity;
  std::string member_id;
  std::string delegation_role;
  std::string organisation;
  std::string note;
};

// process {id, short_name, title}, seats [{id, label, selected}], roles [{code, label,
// selected}], capacity_member / capacity_observer, organisation, note, own [{id,
// capacity_label, represents, created_at, received, status_label, reason}].
nlohmann::json RequestFormView(const ProcessSeats& process, const std::vector<Request>& own,
                               const FormValues& values, const Translate& t);

// process, pending and decided [{id, name, email, note, capacity_label, represents, letter_url,
// letter_name, letter_size, created_at, received, status_label, reason, decided_at,
// decided_on}].
nlohmann::json QueueView(const ProcessSeats& process, const std::vector<QueueEntry>& entries,
                         const Translate& t);

// "2026-01-02 03:04 UTC" from ISO 8601 text.
std::string HumanTime(std::string_view iso);

}  // namespace plenary::accreditation
