#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/dedup/lexicon.h"

// A labelled corpus of public comments for measuring the near-duplicate engine: campaign
// templates sent with realistic edits, unique comments on the same topics that quote the
// templates, in English, French, Spanish and Chinese. Seeded and random-access: comment i is the
// same whatever else is generated, so ten million comments never need to be held at once.
namespace plenary::dedup::bench {

struct CorpusOptions {
  size_t comments = 10000;
  uint64_t seed = 1;
  double campaign_share = 0.7;       // comments sent from a campaign template
  size_t mean_campaign_size = 2000;  // sizes are Zipf-distributed around this
  double sibling_share = 0.2;        // templates rewritten from another one (half the sentences)
  double bot_share = 0.2;            // campaigns submitted by software, in bursts
};

struct LabelledComment {
  std::string text;
  int64_t campaign = -1;   // the template it came from; -1 for a unique comment
  int64_t arrival_ms = 0;  // milliseconds since the Unix epoch
};

class Corpus {
 public:
  explicit Corpus(const CorpusOptions& options);

  size_t size() const { return options_.comments; }
  size_t campaign_count() const { return templates_.size(); }
  // The template of comment i, or -1; cheap (no text built).
  int64_t CampaignOf(size_t i) const;
  LabelledComment Generate(size_t i) const;
  bool IsBotCampaign(int64_t campaign) const { return templates_[campaign].bot; }

 private:
  struct Template {
    int language = 0;
    int topic = 0;
    std::vector<std::vector<std::string>> paragraphs;  // sentences
    int64_t start_ms = 0;
    bool bot = false;
  };

  Template MakeTemplate(size_t index, uint64_t seed) const;
  std::string MemberText(const Template& t, uint64_t seed) const;
  std::string UniqueText(uint64_t seed) const;
  int64_t ArrivalOf(int64_t campaign, uint64_t seed) const;

  CorpusOptions options_;
  std::vector<Template> templates_;
  std::vector<double> cumulative_weight_;  // Zipf over templates
};

}  // namespace plenary::dedup::bench
