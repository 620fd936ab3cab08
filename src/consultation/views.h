#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "consultation/codec.h"
#include "consultation/commands.h"
#include "consultation/queries.h"
#include "i18n/catalog.h"

// Page contexts for the consultation templates: plain JSON, labels already translated.
namespace plenary::consultation {

using Translate = std::function<std::string(std::string_view key, const i18n::Args& args)>;

// "7 December 2016, 23:59 (UTC+01:00)" in the process's time zone.
std::string LocalMoment(std::string_view iso, std::string_view time_zone, const Translate& t);
std::string StateLabel(CallState state, const Translate& t);
std::string GroupLabel(std::string_view code, const Translate& t);
// "English", "Français", ... for the UN languages; the code otherwise.
std::string LanguageName(std::string_view code);

// The call page: facts, questions, and the form (kept `values` and `error` after a refusal).
nlohmann::json CallView(const Call& call, CallState state, std::string_view time_zone,
                        std::string_view process_title, int64_t published,
                        const process::CountryMap& countries, const NewContribution* values,
                        const Translate& t);
nlohmann::json ContributionView(const Contribution& c, const Call& call,
                                const process::CountryMap& countries, std::string_view time_zone,
                                const Translate& t);
nlohmann::json ListingView(const Call& call, const Listing& listing,
                           const store::ListFilter& filter, const process::CountryMap& countries,
                           const Translate& t);

}  // namespace plenary::consultation
