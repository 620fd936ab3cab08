#include "consultation/queries.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "consultation/search_index.h"
#include "core/text.h"
#include "engines/text/analyzer.h"
#include "engines/text/snippet.h"
#include "web/html.h"
#include "web/markdown.h"

namespace plenary::consultation {
namespace {

template <typename T>
Result<T> Required(std::optional<T> found, std::string_view what, int64_t id) {
  if (!found) {
    return Error(NotFound(fmt::format("no {} {}", what, id)));
  }
  return std::move(*found);
}

// Per query word, the alternatives that match it: its stem and its exact (folded) form.
std::vector<std::vector<std::string>> QueryTerms(std::string_view q) {
  std::vector<std::vector<std::string>> out;
  const text::Analyzer& neutral = text::SharedAnalyzer("");
  std::vector<text::Term> exact = neutral.Terms(q);
  for (const text::Term& t : exact) {
    std::vector<std::string> alternatives = {t.folded};
    // The word's stem in each language with a stemmer, so "negotiations" finds "negotiated", and
    // a document in any language is found by the stem it was indexed with (the index holds the
    // stems alone: text::TermString).
    for (std::string_view language : {"en", "fr", "es", "ru", "ar"}) {
      for (const text::Term& s :
           text::SharedAnalyzer(language).Terms(q.substr(t.begin, t.end - t.begin))) {
        if (std::find(alternatives.begin(), alternatives.end(), s.text) == alternatives.end()) {
          alternatives.push_back(s.text);
        }
      }
    }
    out.push_back(std::move(alternatives));
  }
  return out;
}

// The text a snippet is cut from: body, answers and attachments' text, in that order.
// What a snippet is cut from: the text as a reader sees it (the body and answers are Markdown,
// whose marks a snippet would show raw), then the attachments' extracted text.
std::string SearchableText(const Contribution& c) {
  std::string text = web::MarkdownText(c.body);
  for (const Answer& a : c.answers) {
    text += "\n\n" + web::MarkdownText(a.text);
  }
  for (const Attachment& f : c.attachments) {
    text += "\n\n" + f.text;
  }
  return text;
}

}  // namespace

Result<Call> ReadCall(Context& ctx, int64_t call_id) {
  std::optional<Call> call;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(call, store::FindCall(c, call_id));
    return Status::Ok();
  }));
  return Required(std::move(call), "call", call_id);
}

Result<std::vector<Call>> ReadCalls(Context& ctx, int64_t process_id) {
  std::vector<Call> calls;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(calls, store::CallsOf(c, process_id));
    return Status::Ok();
  }));
  return calls;
}

Result<Contribution> ReadContribution(Context& ctx, int64_t id, bool moderator) {
  std::optional<Contribution> found;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(found, store::FindContribution(c, id));
    return Status::Ok();
  }));
  if (found && found->status != ContributionStatus::kPublished && !moderator) {
    found.reset();  // withheld and pending contributions are not public
  }
  return Required(std::move(found), "contribution", id);
}

Result<Attachment> ReadFile(Context& ctx, int64_t contribution_id, int64_t file_id,
                            bool moderator) {
  auto contribution = ReadContribution(ctx, contribution_id, moderator);
  if (!contribution) {
    return Error(contribution.error());
  }
  std::optional<Attachment> file;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(file, store::FindFile(c, contribution_id, file_id));
    return Status::Ok();
  }));
  return Required(std::move(file), "attachment", file_id);
}

Result<int64_t> ProcessOfCall(Context& ctx, int64_t call_id) {
  std::optional<int64_t> process;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(process, store::ProcessOfCall(c, call_id));
    return Status::Ok();
  }));
  return Required(process, "call", call_id);
}

Result<int64_t> ProcessOfContribution(Context& ctx, int64_t contribution_id) {
  std::optional<int64_t> process;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(process, store::ProcessOfContribution(c, contribution_id));
    return Status::Ok();
  }));
  return Required(process, "contribution", contribution_id);
}

Result<Listing> ListContributions(Context& ctx, const store::ListFilter& filter) {
  Listing out;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto call, store::FindCall(c, filter.call_id));
    if (!call) {
      return NotFound(fmt::format("no call {}", filter.call_id));
    }
    ASSIGN_OR_RETURN(out.items, store::ListPublished(c, filter));
    ASSIGN_OR_RETURN(out.matching, store::CountPublished(c, filter));
    ASSIGN_OR_RETURN(out.by_group, store::CountBy(c, filter.call_id, "stakeholder_group"));
    ASSIGN_OR_RETURN(out.by_language, store::CountBy(c, filter.call_id, "language"));
    ASSIGN_OR_RETURN(out.by_country, store::CountBy(c, filter.call_id, "country_iso3"));
    ASSIGN_OR_RETURN(out.withheld, store::CountNotPublished(c, filter.call_id));
    if (filter.collapse_campaigns) {
      std::vector<int64_t> ids;
      for (const Contribution& item : out.items) {
        ids.push_back(item.id);
      }
      ASSIGN_OR_RETURN(out.campaigns, store::CampaignBadges(c, ids));
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<SearchHit>> Search(Context& ctx, std::string_view q,
                                      const store::SearchFilter& filter) {
  if (q.size() > 500 || !IsValidUtf8(q)) {
    return Error(InvalidArgument("'q' must be valid UTF-8 of at most 500 bytes"));
  }
  auto query = QueryTerms(q);
  if (query.empty()) {
    return Error(InvalidArgument("'q' holds no word to search for"));
  }
  std::optional<std::vector<store::Hit>> found;
  if (ctx.search_index) {
    ASSIGN_OR_RETURN(found, ctx.search_index->Search(query, filter));
  }
  std::vector<SearchHit> hits;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    if (!found) {
      ASSIGN_OR_RETURN(found, store::Search(c, query, filter));
    }
    std::vector<int64_t> ids;
    std::unordered_map<int64_t, double> scores;
    for (const store::Hit& hit : *found) {
      ids.push_back(hit.id);
      scores[hit.id] = hit.score;
    }
    ASSIGN_OR_RETURN(auto contributions, store::FindContributions(c, ids));
    std::vector<std::string> words;
    for (const auto& alternatives : query) {
      words.insert(words.end(), alternatives.begin(), alternatives.end());
    }
    for (const Contribution& item : contributions) {
      text::Snippet snippet = text::MakeSnippet(SearchableText(item), item.language, words);
      hits.push_back({item.id, item.call_id, item.receipt, item.PublicAuthor(), item.organisation,
                      item.language, scores.at(item.id),
                      text::MarkSnippet(snippet, "<mark>", "</mark>",
                                        [](std::string_view s) { return web::Escape(s); }),
                      text::MarkSnippet(snippet, "", "")});
    }
    return Status::Ok();
  }));
  return hits;
}

}  // namespace plenary::consultation
