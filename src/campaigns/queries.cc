#include "campaigns/queries.h"

#include <fmt/format.h>

#include "campaigns/store.h"
#include "consultation/queries.h"
#include "consultation/store.h"
#include "engines/dedup/tokenizer.h"

namespace plenary::campaigns {
namespace {

constexpr size_t kExcerptBytes = 240;

// The first `kExcerptBytes` of a text, cut at a space and never inside a UTF-8 sequence.
std::string Excerpt(std::string_view text) {
  std::string out(text.substr(0, std::min(text.size(), kExcerptBytes)));
  if (text.size() <= kExcerptBytes) {
    return out;
  }
  size_t cut = out.rfind(' ');
  if (cut != std::string::npos && cut > kExcerptBytes / 2) {
    out.resize(cut);
  }
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) {
    out.pop_back();
  }
  if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) {
    out.pop_back();
  }
  return out + "…";
}

// The text detection read (body and answers) of a published contribution, else "".
Result<std::string> PublicText(Context& ctx, int64_t contribution_id) {
  auto contribution = consultation::ReadContribution(ctx.consultation, contribution_id, false);
  if (!contribution) {
    if (contribution.error().code() == StatusCode::kNotFound) {
      return std::string();
    }
    return Error(contribution.error());
  }
  std::string text;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    int64_t id = contribution_id;
    ASSIGN_OR_RETURN(auto texts, consultation::store::ContributionTextsById(c, std::span(&id, 1)));
    if (!texts.empty()) {
      text = std::move(texts.front().text);
    }
    return Status::Ok();
  }));
  return text;
}

std::vector<std::string> NormalisedWords(std::string_view text) {
  thread_local auto tokenizer = dedup::Tokenizer::Create();
  dedup::Tokens tokens;
  if (!tokenizer || !tokenizer->Tokenize(text, &tokens).ok()) {
    return {};
  }
  return tokens.ToStrings();
}

}  // namespace

Result<CallCampaigns> ReadCallCampaigns(Context& ctx, int64_t call_id) {
  CallCampaigns out;
  ASSIGN_OR_RETURN(out.call, consultation::ReadCall(ctx.consultation, call_id));
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(out.statistics, store::Statistics(c, call_id));
    ASSIGN_OR_RETURN(out.detected_up_to, store::ReadWatermark(c));
    ASSIGN_OR_RETURN(auto clusters, store::ClustersOf(c, call_id, true));
    for (Cluster& k : clusters) {
      CampaignSummary s{std::move(k), "", 0};
      ASSIGN_OR_RETURN(s.consent_flags, store::CountFlagsOfCluster(c, s.cluster.id));
      out.campaigns.push_back(std::move(s));
    }
    return Status::Ok();
  }));
  for (CampaignSummary& s : out.campaigns) {
    ASSIGN_OR_RETURN(std::string text, PublicText(ctx, s.cluster.representative_id));
    s.representative_excerpt = Excerpt(text);
  }
  return out;
}

Result<CampaignPage> ReadCampaign(Context& ctx, int64_t cluster_id, int64_t after_id,
                                  int64_t limit) {
  CampaignPage out;
  std::optional<Cluster> found;
  std::vector<Member> members;
  std::vector<std::pair<int64_t, int64_t>> flags;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(found, store::FindCluster(c, cluster_id));
    if (!found) {
      return Status::Ok();
    }
    ASSIGN_OR_RETURN(members, store::MembersOf(c, cluster_id, after_id, limit + 1));
    out.more = static_cast<int64_t>(members.size()) > limit;
    members.resize(std::min<size_t>(members.size(), static_cast<size_t>(limit)));
    std::vector<int64_t> ids;
    for (const Member& m : members) {
      ids.push_back(m.contribution_id);
    }
    ASSIGN_OR_RETURN(flags, store::FlagCounts(c, ids));
    ASSIGN_OR_RETURN(out.top_additions, store::TopAdditions(c, cluster_id, 10));
    ASSIGN_OR_RETURN(out.consent_flags, store::CountFlagsOfCluster(c, cluster_id));
    return Status::Ok();
  }));
  if (!found) {
    return Error(NotFound(fmt::format("no campaign {}", cluster_id)));
  }
  out.cluster = std::move(*found);
  ASSIGN_OR_RETURN(out.call, consultation::ReadCall(ctx.consultation, out.cluster.call_id));
  ASSIGN_OR_RETURN(out.representative_text, PublicText(ctx, out.cluster.representative_id));
  if (out.representative_text.empty()) {
    // Not public: the personal parts are still shown against the words the engine compared.
    std::string text;
    RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
      int64_t id = out.cluster.representative_id;
      ASSIGN_OR_RETURN(auto texts,
                       consultation::store::ContributionTextsById(c, std::span(&id, 1)));
      text = texts.empty() ? "" : texts.front().text;
      return Status::Ok();
    }));
    out.representative_words = NormalisedWords(text);
  } else {
    out.representative_words = NormalisedWords(out.representative_text);
  }
  for (Member& m : members) {
    MemberView v;
    for (const auto& [id, n] : flags) {
      if (id == m.contribution_id) {
        v.consent_flags = n;
      }
    }
    auto contribution = consultation::ReadContribution(ctx.consultation, m.contribution_id, false);
    if (contribution) {
      v.published = true;
      v.author = contribution->PublicAuthor();
    }
    v.member = std::move(m);
    out.members.push_back(std::move(v));
  }
  return out;
}

Result<ContributionStanding> ReadStanding(Context& ctx, int64_t contribution_id) {
  ContributionStanding out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(out.member, store::MembershipOf(c, contribution_id));
    if (out.member) {
      ASSIGN_OR_RETURN(out.cluster, store::FindCluster(c, out.member->campaign_id));
    }
    ASSIGN_OR_RETURN(out.consent_flags, store::CountFlags(c, contribution_id));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<Member>> ReadMemberships(Context& ctx, int64_t call_id, int64_t after_id,
                                            int64_t limit) {
  std::vector<Member> out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(out, store::MembershipsOfCall(c, call_id, after_id, limit));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<ConsentFlag>> ReadFlags(Context& ctx, int64_t call_id) {
  std::vector<ConsentFlag> out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(out, store::FlagsOfCall(c, call_id));
    return Status::Ok();
  }));
  return out;
}

}  // namespace plenary::campaigns
