#include "consultation/views.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "core/encoding.h"
#include "i18n/time_zone.h"
#include "process/views.h"
#include "web/markdown.h"

namespace plenary::consultation {
namespace {

using nlohmann::json;

constexpr std::pair<std::string_view, std::string_view> kUnLanguages[] = {
    {"ar", "العربية"},  {"zh", "中文"},    {"en", "English"},
    {"fr", "Français"}, {"ru", "Русский"}, {"es", "Español"}};

std::string CountryName(const process::CountryMap& countries, std::string_view iso3) {
  auto it = countries.find(std::string(iso3));
  return it == countries.end() ? std::string(iso3) : it->second.name;
}

// The words of a Markdown text without its markup ("**", "- ", "#"), on one line: the Markdown
// rendered, its tags dropped, its whitespace collapsed and the entities it escapes decoded.
std::string PlainText(std::string_view markdown) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
  std::string html = web::RenderMarkdown(markdown);
  std::string out;
  bool in_tag = false;
  for (size_t i = 0; i < html.size(); ++i) {
    char ch = html[i];
    if (in_tag || ch == '<') {
      in_tag = ch != '>';
      continue;
    }
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
      if (!out.empty() && out.back() != ' ') {
        out += ' ';
      }
      continue;
    }
    if (ch == '&') {
      bool decoded = false;
      for (const auto& [entity, plain] : kEntities) {
        if (std::string_view(html).substr(i).starts_with(entity)) {
          out += plain;
          i += entity.size() - 1;
          decoded = true;
          break;
        }
      }
      if (decoded) {
        continue;
      }
    }
    out += ch;
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

std::string Excerpt(const Contribution& c) {
  std::string plain =
      PlainText(c.body.empty() && !c.answers.empty() ? c.answers.front().text : c.body);
  std::string_view text = plain;
  if (text.size() <= 200) {
    return std::string(text);
  }
  size_t cut = text.rfind(' ', 200);
  std::string out(text.substr(0, cut == std::string_view::npos ? 200 : cut));
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) {
    out.pop_back();  // never end inside a UTF-8 sequence
  }
  if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) {
    out.pop_back();
  }
  return out + "…";
}

// A key that sorts names as a reader expects: ASCII letters without case, and the accented Latin
// letters of U+00C0..U+00FF beside their base letter ("Åland Islands" with the A's).
std::string SortKey(std::string_view name) {
  static constexpr std::string_view kBase =  // U+00C0..U+00FF
      "aaaaaaaceeeeiiiidnooooo*ouuuuyts"
      "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
  std::string key;
  for (size_t i = 0; i < name.size(); ++i) {
    auto ch = static_cast<unsigned char>(name[i]);
    if (ch == 0xC3 && i + 1 < name.size()) {
      auto next = static_cast<unsigned char>(name[i + 1]);
      if (next >= 0x80 && next <= 0xBF) {
        key += kBase[next - 0x80];
        ++i;
        continue;
      }
    }
    key += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : static_cast<char>(ch);
  }
  return key;
}

json Options(const std::vector<std::pair<std::string, int64_t>>& counts, std::string_view chosen,
             const std::function<std::string(std::string_view)>& label) {
  json out = json::array();
  for (const auto& [value, n] : counts) {
    if (!value.empty()) {
      out.push_back({{"value", value},
                     {"label", fmt::format("{} ({})", label(value), n)},
                     {"selected", value == chosen}});
    }
  }
  return out;
}

}  // namespace

std::string LocalMoment(std::string_view iso, std::string_view time_zone, const Translate& t) {
  auto moment = ParseIso8601(iso);
  if (!moment) {
    return std::string(iso);
  }
  i18n::LocalTime local = i18n::ToLocalTime(*moment, time_zone);
  return fmt::format("{}, {} ({})", process::FormatDayRange(local.date, "", t), local.time,
                     local.offset);
}

std::string StateLabel(CallState state, const Translate& t) {
  return t(fmt::format("consultation.state.{}", Code(state)), {});
}

std::string GroupLabel(std::string_view code, const Translate& t) {
  return code.empty() ? std::string() : t(fmt::format("stakeholder_group.{}", code), {});
}

std::string LanguageName(std::string_view code) {
  for (const auto& [c, name] : kUnLanguages) {
    if (c == code) {
      return std::string(name);
    }
  }
  return code.empty() ? "?" : std::string(code);
}

json CallView(const Call& call, CallState state, std::string_view time_zone,
              std::string_view process_title, int64_t published,
              const process::CountryMap& countries, const NewContribution* values,
              const Translate& t) {
  std::string who;
  for (Contributor c : call.contributors) {
    who += who.empty() ? "" : ", ";
    who += t(fmt::format("consultation.contributor.{}", Code(c)), {});
  }
  std::string languages;
  for (const std::string& code : call.languages) {
    languages += languages.empty() ? "" : ", ";
    languages += LanguageName(code);
  }
  json groups = json::array();
  for (process::StakeholderGroup g : process::kAllStakeholderGroups) {
    std::string code(process::Code(g));
    groups.push_back({{"code", code},
                      {"label", GroupLabel(code, t)},
                      {"selected", values && values->stakeholder_group == code}});
  }
  // In the order of their names, as a person looks for them (the map is in the order of codes).
  std::vector<std::pair<std::string, std::string>> by_name;  // sort key, code
  for (const auto& [iso3, country] : countries) {
    by_name.emplace_back(SortKey(country.name), iso3);
  }
  std::sort(by_name.begin(), by_name.end());
  json country_options = json::array();
  for (const auto& [key, iso3] : by_name) {
    country_options.push_back({{"code", iso3},
                               {"name", countries.at(iso3).name},
                               {"selected", values && values->country == iso3}});
  }
  json language_options = json::array();
  for (const auto& [code, name] : kUnLanguages) {
    if (call.AcceptsLanguage(code)) {
      language_options.push_back(
          {{"code", code}, {"name", name}, {"selected", values && values->language == code}});
    }
  }
  json answers = json::array();
  for (const Question& q : call.questions) {
    std::string value;
    for (const Answer& a : values ? values->answers : std::vector<Answer>{}) {
      if (a.question == q.number) {
        value = a.text;
      }
    }
    answers.push_back({{"number", q.number}, {"text", q.text}, {"value", value}});
  }
  json kept = values ? json{{"author_name", values->author_name},
                            {"publish_name", values->publish_name},
                            {"organisation", values->organisation},
                            {"body", values->body}}
                     : json{{"publish_name", true}};
  std::string closes = LocalMoment(call.closes_at, time_zone, t);
  std::string opens = LocalMoment(call.opens_at, time_zone, t);
  return {{"call", ToJson(call, state)},
          {"process_title", process_title},
          {"state_label", StateLabel(state, t)},
          {"opens", opens},
          {"closes", closes},
          {"who", who},
          {"languages", languages.empty() ? t("consultation.call.any_language", {}) : languages},
          {"publication", t(fmt::format("consultation.moderation.{}", Code(call.moderation)), {})},
          {"description_html", web::RenderMarkdown(call.description)},
          {"published", published},
          {"open", state == CallState::kOpen},
          {"closed_note", state == CallState::kScheduled
                              ? t("consultation.call.not_yet", {{"opens", opens}})
                              : t("consultation.call.closed", {{"closes", closes}})},
          {"groups", groups},
          {"countries", country_options},
          {"language_options", language_options},
          {"answers", answers},
          {"values", kept}};
}

json ContributionView(const Contribution& c, const Call& call, const process::CountryMap& countries,
                      std::string_view time_zone, const Translate& t) {
  json answers = json::array();
  for (const Answer& a : c.answers) {
    std::string question;
    for (const Question& q : call.questions) {
      if (q.number == a.question) {
        question = q.text;
      }
    }
    answers.push_back(
        {{"number", a.question}, {"question", question}, {"html", web::RenderMarkdown(a.text)}});
  }
  json files = json::array();
  for (const Attachment& f : c.attachments) {
    files.push_back({{"filename", f.filename},
                     {"size", FormatBytes(f.bytes)},
                     {"pages", f.pages},
                     {"url", fmt::format("/contributions/{}/files/{}", c.id, f.id)}});
  }
  std::string language = LanguageName(c.language);
  if (c.language_detected) {
    language = t("consultation.contribution.detected", {{"language", language}});
  }
  return {{"c", ToJson(c)},
          {"call_title", call.title},
          {"withheld", c.status == ContributionStatus::kWithheld},
          {"author", c.publish_name ? c.author_name : t("consultation.contribution.anonymous", {})},
          {"group", GroupLabel(c.stakeholder_group, t)},
          {"country", c.country_iso3.empty() ? "" : CountryName(countries, c.country_iso3)},
          {"language", language},
          {"received", LocalMoment(c.submitted_at, time_zone, t)},
          {"answers", answers},
          {"body_html", c.body.empty() ? "" : web::RenderMarkdown(c.body)},
          {"files", files},
          {"licence", call.licence}};
}

json ListingView(const Call& call, const Listing& listing, const store::ListFilter& filter,
                 const process::CountryMap& countries, const Translate& t) {
  json items = json::array();
  for (const Contribution& c : listing.items) {
    items.push_back(
        {{"id", c.id},
         {"author", c.publish_name ? c.author_name : t("consultation.contribution.anonymous", {})},
         {"group", GroupLabel(c.stakeholder_group, t)},
         {"country", c.country_iso3.empty() ? "" : CountryName(countries, c.country_iso3)},
         {"language", LanguageName(c.language)},
         {"language_code", c.language},
         {"excerpt", Excerpt(c)}});
    for (const store::CampaignBadge& badge : listing.campaigns) {
      if (badge.contribution_id == c.id) {
        items.back()["campaign"] = {{"url", fmt::format("/campaigns/{}", badge.campaign_id)},
                                    {"count", badge.members}};
      }
    }
  }
  json question_options = json::array();
  for (const Question& q : call.questions) {
    question_options.push_back({{"value", std::to_string(q.number)},
                                {"label", fmt::format("{}. {}", q.number, q.text)},
                                {"selected", filter.question == q.number}});
  }
  json filters = json::array(
      {{{"name", "question"},
        {"label", t("consultation.list.question", {})},
        {"options", question_options}},
       {{"name", "stakeholder_group"},
        {"label", t("consultation.list.group", {})},
        {"options", Options(listing.by_group, filter.stakeholder_group,
                            [&](std::string_view v) { return GroupLabel(v, t); })}},
       {{"name", "country"},
        {"label", t("consultation.list.country", {})},
        {"options", Options(listing.by_country, filter.country,
                            [&](std::string_view v) { return CountryName(countries, v); })}},
       {{"name", "language"},
        {"label", t("consultation.list.language", {})},
        {"options", Options(listing.by_language, filter.language,
                            [](std::string_view v) { return LanguageName(v); })}}});
  json withheld = json::array();
  for (const auto& [reason, n] : listing.withheld) {
    withheld.push_back(
        {{"reason", reason.empty() ? t("consultation.list.awaiting", {}) : reason}, {"count", n}});
  }
  bool more = static_cast<int64_t>(listing.items.size()) == filter.limit;
  std::string collapse = filter.collapse_campaigns ? "collapse=campaigns&" : "";
  return {{"call", ToJson(call, CallState::kOpen)},
          {"collapsed", filter.collapse_campaigns},
          {"campaigns_url", fmt::format("/calls/{}/campaigns", call.id)},
          {"filters", filters},
          {"matching", listing.matching},
          {"withheld", withheld},
          {"items", items},
          {"next_url", more ? fmt::format("/calls/{}/contributions?{}after={}", call.id, collapse,
                                          listing.items.back().id)
                            : ""},
          {"open_data_url", fmt::format("/api/calls/{}/contributions", call.id)}};
}

}  // namespace plenary::consultation
