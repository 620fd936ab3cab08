#include "bench/dedup/corpus.h"

#include <algorithm>
#include <cmath>

#include "bench/dedup/rng.h"
#include "bench/dedup/text_edits.h"

namespace plenary::dedup::bench {
namespace {

constexpr int64_t kEpochMs = 1767225600000;  // 2026-01-01T00:00:00Z
constexpr int64_t kDayMs = 86400000;
constexpr int64_t kWindowDays = 60;
constexpr uint64_t kStreamComment = 1;
constexpr uint64_t kStreamTemplate = 2;

int PickLanguage(Rng& rng) {
  const double u = rng.Uniform();
  return u < 0.55 ? 0 : u < 0.70 ? 1 : u < 0.85 ? 2 : 3;  // en, fr, es, zh
}

}  // namespace

Corpus::Corpus(const CorpusOptions& options) : options_(options) {
  const auto expected = static_cast<double>(options.comments) * options.campaign_share;
  const size_t count = std::max<size_t>(
      1, static_cast<size_t>(
             std::llround(expected / std::max<size_t>(options.mean_campaign_size, 1))));
  double total = 0.0;
  for (size_t c = 0; c < count; ++c) {
    templates_.push_back(MakeTemplate(c, SeedFor(options.seed, kStreamTemplate, c)));
    total += 1.0 / static_cast<double>(c + 1);  // Zipf, exponent 1
    cumulative_weight_.push_back(total);
  }
}

Corpus::Template Corpus::MakeTemplate(size_t index, uint64_t seed) const {
  Rng rng(seed);
  Template t;
  t.bot = rng.Chance(options_.bot_share);
  t.start_ms = kEpochMs + static_cast<int64_t>(rng.Below(kWindowDays * kDayMs / 2));
  if (index > 0 && rng.Chance(options_.sibling_share)) {
    const Template& base = templates_[rng.Below(index)];
    t.language = base.language;
    t.topic = base.topic;
    t.paragraphs = base.paragraphs;
    const Lexicon& lexicon = Lexicons()[t.language];
    for (auto& paragraph : t.paragraphs) {
      for (std::string& sentence : paragraph) {
        if (rng.Chance(0.5)) {
          sentence = MakeSentence(lexicon, t.topic, rng);
        }
      }
    }
    return t;
  }
  t.language = PickLanguage(rng);
  t.topic = static_cast<int>(rng.Below(kTopics));
  const size_t target = 1100 + rng.Below(800);
  t.paragraphs = MakeParagraphs(Lexicons()[t.language], t.topic, target, rng);
  return t;
}

int64_t Corpus::CampaignOf(size_t i) const {
  Rng rng(SeedFor(options_.seed, kStreamComment, i));
  if (!rng.Chance(options_.campaign_share)) {
    return -1;
  }
  const double u = rng.Uniform() * cumulative_weight_.back();
  const auto it = std::upper_bound(cumulative_weight_.begin(), cumulative_weight_.end(), u);
  return std::min<int64_t>(it - cumulative_weight_.begin(),
                           static_cast<int64_t>(templates_.size()) - 1);
}

LabelledComment Corpus::Generate(size_t i) const {
  LabelledComment comment;
  comment.campaign = CampaignOf(i);
  const uint64_t seed = SeedFor(options_.seed, kStreamComment + 10, i);
  if (comment.campaign >= 0) {
    comment.text = MemberText(templates_[comment.campaign], seed);
  } else {
    comment.text = UniqueText(seed);
  }
  comment.arrival_ms = ArrivalOf(comment.campaign, seed);
  return comment;
}

std::string Corpus::MemberText(const Template& t, uint64_t seed) const {
  Rng rng(seed);
  const Lexicon& lexicon = Lexicons()[t.language];
  if (rng.Chance(t.bot ? 0.6 : 0.35)) {
    return JoinParagraphs(lexicon, t.paragraphs);
  }
  return EditTemplate(lexicon, t.paragraphs, rng);
}

std::string Corpus::UniqueText(uint64_t seed) const {
  Rng rng(seed);
  const int language = PickLanguage(rng);
  const int topic = static_cast<int>(rng.Below(kTopics));
  const Lexicon& lexicon = Lexicons()[language];
  const size_t target = rng.Chance(0.2) ? 150 + rng.Below(350) : 900 + rng.Below(1100);
  auto paragraphs = MakeParagraphs(lexicon, topic, target, rng);
  // Near misses: quote sentences of a template on the same topic in the same language.
  for (int attempt = 0; attempt < 16 && rng.Chance(0.7); ++attempt) {
    const Template& t = templates_[rng.Below(templates_.size())];
    if (t.language != language || t.topic != topic) {
      continue;
    }
    const double share = rng.Chance(0.15) ? 0.4 + 0.2 * rng.Uniform() : 0.0;
    QuoteTemplate(t.paragraphs, share, rng, &paragraphs);
    break;
  }
  return Decorate(lexicon, JoinParagraphs(lexicon, paragraphs), 0.4, 0.4, rng);
}

int64_t Corpus::ArrivalOf(int64_t campaign, uint64_t seed) const {
  Rng rng(seed ^ 0xA11CE);
  if (campaign < 0) {
    return kEpochMs + static_cast<int64_t>(rng.Below(kWindowDays * kDayMs));
  }
  const Template& t = templates_[campaign];
  if (t.bot) {  // three bursts of two minutes
    const int64_t burst = static_cast<int64_t>(rng.Below(3)) * 7 * kDayMs;
    return t.start_ms + burst + static_cast<int64_t>(rng.Below(120000));
  }
  const double days = -std::log(1.0 - rng.Uniform()) * 3.0;
  return t.start_ms + static_cast<int64_t>(days * static_cast<double>(kDayMs));
}

}  // namespace plenary::dedup::bench
