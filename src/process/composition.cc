#include "process/composition.h"

#include <algorithm>

namespace plenary::process {
namespace {

Composition::Count& Bucket(std::vector<Composition::Count>& counts, const std::string& key) {
  for (auto& c : counts) {
    if (c.key == key) {
      return c;
    }
  }
  counts.push_back({key});
  return counts.back();
}

void Tally(Composition::Count& count, bool recorded) {
  count.seats++;
  count.recorded += recorded ? 1 : 0;
}

}  // namespace

bool HoldsSeat(Role role) {
  return role == Role::kMember;
}

Composition ComputeComposition(const std::vector<Member>& members,
                               const std::map<std::string, Country>& countries) {
  Composition c;
  for (StakeholderGroup g : kAllStakeholderGroups) {
    c.by_stakeholder_group.push_back({std::string(Code(g))});
  }
  for (const Member& m : members) {
    if (m.role == Role::kObserver) {
      c.observers++;
      continue;
    }
    if (m.role == Role::kSecretariat) {
      c.secretariat++;
      continue;
    }
    if (m.role == Role::kChair || m.role == Role::kViceChair) {
      c.officers++;
      continue;
    }
    bool recorded = m.holder_recorded();
    c.seats++;
    c.recorded += recorded ? 1 : 0;
    Tally(Bucket(c.by_stakeholder_group, std::string(Code(m.stakeholder_group))), recorded);
    auto country = countries.find(m.country_iso3);
    const Country* holder = country == countries.end() ? nullptr : &country->second;
    Tally(Bucket(c.by_region, holder ? holder->region : ""), recorded);
    if (m.stakeholder_group == StakeholderGroup::kGovernment) {
      std::string group = !m.regional_group.empty() ? m.regional_group
                          : holder                  ? holder->un_regional_group
                                                    : "";
      Tally(Bucket(c.by_regional_group, group), recorded);
    }
    if (holder) {
      c.ldc += holder->ldc;
      c.lldc += holder->lldc;
      c.sids += holder->sids;
    }
  }
  // Named buckets alphabetically, the unnamed ("not recorded") one last.
  for (auto* list : {&c.by_region, &c.by_regional_group}) {
    std::ranges::sort(*list, [](const auto& a, const auto& b) {
      return a.key.empty() != b.key.empty() ? !a.key.empty() : a.key < b.key;
    });
  }
  return c;
}

nlohmann::json ToJson(const Composition& c) {
  auto list = [](const std::vector<Composition::Count>& counts) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& count : counts) {
      out.push_back({{"key", count.key}, {"seats", count.seats}, {"recorded", count.recorded}});
    }
    return out;
  };
  return {{"seats", c.seats},
          {"recorded", c.recorded},
          {"observers", c.observers},
          {"secretariat", c.secretariat},
          {"officers", c.officers},
          {"by_stakeholder_group", list(c.by_stakeholder_group)},
          {"by_region", list(c.by_region)},
          {"by_regional_group", list(c.by_regional_group)},
          {"ldc", c.ldc},
          {"lldc", c.lldc},
          {"sids", c.sids}};
}

}  // namespace plenary::process
