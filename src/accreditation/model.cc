#include "accreditation/model.h"

namespace plenary::accreditation {

std::string_view Code(Capacity capacity) {
  switch (capacity) {
    case Capacity::kMember:
      return "member";
    case Capacity::kObserver:
      return "observer";
  }
  return "observer";
}

std::string_view Code(DelegationRole role) {
  switch (role) {
    case DelegationRole::kNone:
      return "";
    case DelegationRole::kHead:
      return "head";
    case DelegationRole::kDelegate:
      return "delegate";
    case DelegationRole::kAdviser:
      return "adviser";
  }
  return "";
}

std::string_view Code(RequestStatus status) {
  switch (status) {
    case RequestStatus::kPending:
      return "pending";
    case RequestStatus::kApproved:
      return "approved";
    case RequestStatus::kRefused:
      return "refused";
  }
  return "pending";
}

std::optional<Capacity> ParseCapacity(std::string_view code) {
  for (Capacity c : kAllCapacities) {
    if (Code(c) == code) {
      return c;
    }
  }
  return std::nullopt;
}

std::optional<DelegationRole> ParseDelegationRole(std::string_view code) {
  if (code.empty()) {
    return DelegationRole::kNone;
  }
  for (DelegationRole r : kDelegationRoles) {
    if (Code(r) == code) {
      return r;
    }
  }
  return std::nullopt;
}

std::optional<RequestStatus> ParseStatus(std::string_view code) {
  for (RequestStatus s : kAllStatuses) {
    if (Code(s) == code) {
      return s;
    }
  }
  return std::nullopt;
}

}  // namespace plenary::accreditation
