#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "process/model.h"

namespace plenary::process {

// Who sits in a process, counted the ways the report's Annex I and the balance statistics need.
// Pure: computed from members and the countries they name.
struct Composition {
  struct Count {
    std::string key;   // a code ("civil_society") or a name ("Africa")
    int seats = 0;     // seats held by members
    int recorded = 0;  // seats whose holder the record names
  };
  int seats = 0;
  int recorded = 0;
  int observers = 0;
  int secretariat = 0;
  int officers = 0;  // chair and vice-chairs, listed apart: the record may not say whose seat
  std::vector<Count> by_stakeholder_group;  // in the Tunis Agenda order, all six listed
  std::vector<Count> by_region;             // M49 region of the holder's country; "" = none
  std::vector<Count> by_regional_group;     // UN regional group of government seats
  int ldc = 0;
  int lldc = 0;
  int sids = 0;
};

Composition ComputeComposition(const std::vector<Member>& members,
                               const std::map<std::string, Country>& countries);

nlohmann::json ToJson(const Composition& composition);

// True for the role that holds a seat (member). Officers, secretariat and observers do not.
bool HoldsSeat(Role role);

}  // namespace plenary::process
