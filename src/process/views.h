#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "i18n/catalog.h"
#include "process/queries.h"

// Page contexts for the process templates: plain data, every label already translated.
namespace plenary::process {

using Translate = std::function<std::string(std::string_view key, const i18n::Args& args)>;

// "30 September 2016", "26–27 January 2017", "3 May 2016 – 31 January 2018"; "" for "".
std::string FormatDayRange(std::string_view from, std::string_view to, const Translate& t);

nlohmann::json ProcessListView(const std::vector<Process>& processes, const Translate& t);
nlohmann::json OverviewView(const Roster& roster, const Translate& t);
nlohmann::json CompositionView(const Roster& roster, const Translate& t);

}  // namespace plenary::process
