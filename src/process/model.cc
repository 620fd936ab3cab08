#include "process/model.h"

namespace plenary::process {

std::string_view Code(StakeholderGroup group) {
  switch (group) {
    case StakeholderGroup::kGovernment:
      return "government";
    case StakeholderGroup::kPrivateSector:
      return "private_sector";
    case StakeholderGroup::kCivilSociety:
      return "civil_society";
    case StakeholderGroup::kTechnicalCommunity:
      return "technical_community";
    case StakeholderGroup::kAcademicCommunity:
      return "academic_community";
    case StakeholderGroup::kIntergovernmental:
      return "intergovernmental";
  }
  return "government";
}

std::string_view Code(Role role) {
  switch (role) {
    case Role::kChair:
      return "chair";
    case Role::kViceChair:
      return "vice_chair";
    case Role::kMember:
      return "member";
    case Role::kObserver:
      return "observer";
    case Role::kSecretariat:
      return "secretariat";
  }
  return "member";
}

std::string_view Code(ProcessStatus status) {
  switch (status) {
    case ProcessStatus::kPlanned:
      return "planned";
    case ProcessStatus::kActive:
      return "active";
    case ProcessStatus::kConcluded:
      return "concluded";
  }
  return "planned";
}

std::optional<StakeholderGroup> ParseStakeholderGroup(std::string_view code) {
  for (StakeholderGroup g : kAllStakeholderGroups) {
    if (Code(g) == code) {
      return g;
    }
  }
  return std::nullopt;
}

std::optional<Role> ParseRole(std::string_view code) {
  for (Role r : kAllRoles) {
    if (Code(r) == code) {
      return r;
    }
  }
  return std::nullopt;
}

std::optional<ProcessStatus> ParseProcessStatus(std::string_view code) {
  for (ProcessStatus s :
       {ProcessStatus::kPlanned, ProcessStatus::kActive, ProcessStatus::kConcluded}) {
    if (Code(s) == code) {
      return s;
    }
  }
  return std::nullopt;
}

}  // namespace plenary::process
