#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plenary::process {

// Tunis Agenda paras 35-36, with technical and academic communities kept apart.
enum class StakeholderGroup {
  kGovernment,
  kPrivateSector,
  kCivilSociety,
  kTechnicalCommunity,
  kAcademicCommunity,
  kIntergovernmental,  // intergovernmental or international organisation
};
inline constexpr StakeholderGroup kAllStakeholderGroups[] = {
    StakeholderGroup::kGovernment,        StakeholderGroup::kPrivateSector,
    StakeholderGroup::kCivilSociety,      StakeholderGroup::kTechnicalCommunity,
    StakeholderGroup::kAcademicCommunity, StakeholderGroup::kIntergovernmental};

enum class Role { kChair, kViceChair, kMember, kObserver, kSecretariat };
inline constexpr Role kAllRoles[] = {Role::kChair, Role::kViceChair, Role::kMember, Role::kObserver,
                                     Role::kSecretariat};

enum class ProcessStatus { kPlanned, kActive, kConcluded };

// Stable codes used in the API, the database and message keys ("civil_society").
std::string_view Code(StakeholderGroup group);
std::string_view Code(Role role);
std::string_view Code(ProcessStatus status);
std::optional<StakeholderGroup> ParseStakeholderGroup(std::string_view code);
std::optional<Role> ParseRole(std::string_view code);
std::optional<ProcessStatus> ParseProcessStatus(std::string_view code);

// A country or area of the UN M49 standard, with development-status flags.
struct Country {
  std::string iso3;
  std::string iso2;
  std::string m49;
  std::string name;
  std::string region;  // "Africa", "Americas", "Asia", "Europe", "Oceania" or ""
  std::string subregion;
  bool ldc = false;
  bool lldc = false;
  bool sids = false;
  std::string un_status;          // member_state, observer_state, non_member_area
  std::string un_regional_group;  // "African States", ... or ""
};

struct Milestone {
  std::string kind;  // meeting, deadline, decision, event
  std::string starts_on;
  std::string ends_on;  // "" for a single day
  std::string title;
  std::string note;
};

struct Process {
  int64_t id = 0;
  std::string short_name;
  std::string title;
  std::string mandate;
  std::string mandate_source;
  std::string parent_body;
  std::string starts_on;  // YYYY-MM-DD or ""
  std::string ends_on;
  ProcessStatus status = ProcessStatus::kPlanned;
  std::string methods_of_work;
  std::string outcome;
  std::string time_zone = "UTC";
  std::vector<std::string> guiding_questions;
  std::vector<Milestone> milestones;
  std::string created_at;
  std::string updated_at;
};

// A seat or a place in the process, and who holds it. A seat whose holder the record does not
// name keeps its label and leaves country/organisation/person empty: nothing is invented.
struct Member {
  int64_t id = 0;
  int64_t process_id = 0;
  std::string seat_label;
  StakeholderGroup stakeholder_group = StakeholderGroup::kGovernment;
  Role role = Role::kMember;
  std::string country_iso3;    // "" when none or not recorded
  std::string regional_group;  // the UN regional group the seat belongs to, if any
  std::string organisation;
  std::string person;
  std::string starts_on;
  std::string ends_on;
  std::string note;
  bool holder_recorded() const {
    return !country_iso3.empty() || !organisation.empty() || !person.empty();
  }
};

}  // namespace plenary::process
