#include "consultation/model.h"

#include <algorithm>

namespace plenary::consultation {
namespace {

template <typename E, size_t N>
std::optional<E> ParseCode(std::string_view code, const E (&all)[N]) {
  for (E e : all) {
    if (Code(e) == code) {
      return e;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view Code(Contributor c) {
  switch (c) {
    case Contributor::kMembers:
      return "members";
    case Contributor::kObservers:
      return "observers";
    case Contributor::kPublic:
      return "public";
  }
  return "public";
}

std::optional<Contributor> ParseContributor(std::string_view code) {
  constexpr Contributor all[] = {Contributor::kMembers, Contributor::kObservers,
                                 Contributor::kPublic};
  return ParseCode(code, all);
}

std::string_view Code(Moderation m) {
  return m == Moderation::kNone ? "none" : "before_publication";
}

std::optional<Moderation> ParseModeration(std::string_view code) {
  constexpr Moderation all[] = {Moderation::kNone, Moderation::kBeforePublication};
  return ParseCode(code, all);
}

std::string_view Code(ContributionStatus s) {
  switch (s) {
    case ContributionStatus::kPublished:
      return "published";
    case ContributionStatus::kPending:
      return "pending";
    case ContributionStatus::kWithheld:
      return "withheld";
  }
  return "pending";
}

std::optional<ContributionStatus> ParseContributionStatus(std::string_view code) {
  return ParseCode(code, kAllContributionStatuses);
}

std::string_view Code(CallState s) {
  switch (s) {
    case CallState::kScheduled:
      return "scheduled";
    case CallState::kOpen:
      return "open";
    case CallState::kClosed:
      return "closed";
  }
  return "closed";
}

bool Call::Accepts(Contributor c) const {
  return std::find(contributors.begin(), contributors.end(), c) != contributors.end();
}

bool Call::AcceptsLanguage(std::string_view code) const {
  return languages.empty() ||
         std::find(languages.begin(), languages.end(), code) != languages.end();
}

std::string Contribution::PublicAuthor() const {
  return publish_name ? author_name : std::string();
}

}  // namespace plenary::consultation
