#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// An accreditation request: a person asking to join a process as a member delegate (for a seat
// of the membership) or as an observer (for an organisation), with a nomination letter.
namespace plenary::accreditation {

enum class Capacity { kMember, kObserver };
// A member delegate's place in the delegation; kNone for observers.
enum class DelegationRole { kNone, kHead, kDelegate, kAdviser };
enum class RequestStatus { kPending, kApproved, kRefused };

inline constexpr Capacity kAllCapacities[] = {Capacity::kMember, Capacity::kObserver};
inline constexpr DelegationRole kDelegationRoles[] = {
    DelegationRole::kHead, DelegationRole::kDelegate, DelegationRole::kAdviser};
inline constexpr RequestStatus kAllStatuses[] = {RequestStatus::kPending, RequestStatus::kApproved,
                                                 RequestStatus::kRefused};

// Stable codes for the API, the database and message keys: "member", "head", "pending".
// DelegationRole::kNone is "".
std::string_view Code(Capacity capacity);
std::string_view Code(DelegationRole role);
std::string_view Code(RequestStatus status);
std::optional<Capacity> ParseCapacity(std::string_view code);
std::optional<DelegationRole> ParseDelegationRole(std::string_view code);  // "" -> kNone
std::optional<RequestStatus> ParseStatus(std::string_view code);

// One request as stored, without the letter's bytes (ReadLetter serves them).
struct Request {
  int64_t id = 0;
  int64_t process_id = 0;
  int64_t user_id = 0;  // the requester
  Capacity capacity = Capacity::kObserver;
  std::optional<int64_t> member_id;  // the seat, for member delegates
  DelegationRole delegation_role = DelegationRole::kNone;
  std::string organisation;     // the government or organisation represented
  std::string note;             // the requester's note to the secretariat
  std::string letter_filename;  // "" once erased
  int64_t letter_bytes = 0;     // 0 once erased
  RequestStatus status = RequestStatus::kPending;
  std::string reason;  // the secretariat's reason ("" when none was given)
  std::optional<int64_t> decided_by;
  std::string decided_at;  // ISO 8601, "" while pending
  std::string created_at;
};

// The letter itself, for the secretariat.
struct Letter {
  std::string filename;
  std::string bytes;
};

}  // namespace plenary::accreditation
