#include "cli/dedup_command.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "core/clock.h"
#include "core/result.h"
#include "engines/dedup/campaign.h"
#include "engines/dedup/index.h"
#include "engines/dedup/personal_part.h"

namespace plenary::cli {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr size_t kProgressMinBytes = 16u << 20;
constexpr size_t kSlice = 1 << 16;

struct DedupArgs {
  std::string path;
  bool json = false;
  double threshold = 0.8;
  size_t min_campaign = 10;
  int threads = 2;
  bool personal = false;
};

struct Entry {
  size_t line = 0;
  std::string id_json;  // the id as it was written (string or number)
  std::string text;
  std::optional<Timestamp> arrival;
};

struct Input {
  std::vector<Entry> entries;
  std::vector<std::string> bad_lines;  // "line N: reason"
};

// A progress bar on stderr, drawn only when stderr is a terminal and the work is large.
class Progress {
 public:
  Progress(const char* label, size_t total, bool enabled)
      : label_(label), total_(std::max<size_t>(total, 1)), enabled_(enabled) {}
  void Update(size_t done) const {
    if (!enabled_) {
      return;
    }
    const int width = 40;
    const auto filled = static_cast<int>(static_cast<double>(done) * width / total_);
    std::fprintf(stderr, "\r%-8s [%s%s] %3d%%", label_, std::string(filled, '#').c_str(),
                 std::string(width - std::min(filled, width), ' ').c_str(),
                 static_cast<int>(100.0 * done / total_));
    if (done >= total_) {
      std::fprintf(stderr, "\n");
    }
  }

 private:
  const char* label_;
  size_t total_;
  bool enabled_;
};

Result<std::string> ReadWholeFile(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return Error(NotFound(path + " is not a readable file"));
  }
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    return Error(NotFound("cannot open " + path));
  }
  const std::streamoff size = in.tellg();
  if (size < 0) {
    return Error(InvalidArgument(path + " is not a readable file"));
  }
  std::string bytes(static_cast<size_t>(size), '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!in) {
    return Error(Unavailable("cannot read " + path));
  }
  return bytes;
}

std::optional<Timestamp> ParseArrival(const json& value) {
  if (value.is_string()) {
    return ParseIso8601(value.get<std::string>());
  }
  if (value.is_number()) {  // seconds since the Unix epoch
    return Timestamp(std::chrono::milliseconds(static_cast<int64_t>(value.get<double>() * 1000)));
  }
  return std::nullopt;
}

// Parses one line into `entry`, or explains why it cannot be used.
std::optional<std::string> ParseLine(std::string_view line, Entry* entry) {
  json object = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded()) {
    return "not valid JSON (or not valid UTF-8)";
  }
  if (!object.is_object()) {
    return "not a JSON object";
  }
  const auto id = object.find("id");
  if (id == object.end() || !(id->is_string() || id->is_number())) {
    return "\"id\" must be a string or a number";
  }
  const auto text = object.find("text");
  if (text == object.end() || !text->is_string()) {
    return "\"text\" must be a string";
  }
  entry->id_json = id->dump();
  entry->text = text->get<std::string>();
  if (const auto arrival = object.find("arrival"); arrival != object.end()) {
    entry->arrival = ParseArrival(*arrival);
    if (!entry->arrival) {
      return "\"arrival\" must be an ISO 8601 time or seconds since 1970";
    }
  }
  return std::nullopt;
}

// Splits `bytes` into lines and parses them on `threads` threads, keeping file order.
Input ParseJsonLines(const std::string& bytes, int threads, bool show_progress) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < bytes.size();) {
    size_t end = bytes.find('\n', start);
    end = end == std::string::npos ? bytes.size() : end;
    lines.emplace_back(bytes.data() + start, end - start);
    start = end + 1;
  }
  const Progress progress("reading", lines.size(), show_progress);
  std::vector<Entry> entries(lines.size());
  std::vector<std::optional<std::string>> errors(lines.size());
  {
    std::vector<std::jthread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        for (size_t i = t; i < lines.size(); i += static_cast<size_t>(threads)) {
          entries[i].line = i + 1;
          const std::string_view line = lines[i];
          const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
          errors[i] = blank ? std::optional<std::string>("blank") : ParseLine(line, &entries[i]);
          if (t == 0 && i % 4096 == 0) {
            progress.Update(i);
          }
        }
      });
    }
  }
  progress.Update(lines.size());
  Input input;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!errors[i]) {
      input.entries.push_back(std::move(entries[i]));
    } else if (*errors[i] != "blank") {
      input.bad_lines.push_back("line " + std::to_string(i + 1) + ": " + *errors[i]);
    }
  }
  return input;
}

std::string Quote(std::string_view text) {
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

template <typename List, typename Write>
void AppendList(std::string* out, const List& items, Write write) {
  out->push_back('[');
  bool first = true;
  for (const auto& item : items) {
    if (!first) {
      out->push_back(',');
    }
    first = false;
    write(item);
  }
  out->push_back(']');
}

// The "personal" list and "top_additions" of one campaign (with --personal).
void AppendPersonalParts(const dedup::Campaign& campaign, const std::vector<Entry>& entries,
                         const std::vector<size_t>& entry_of_doc, std::string* out) {
  auto tokenizer = dedup::Tokenizer::Create();
  if (!tokenizer) {
    return;
  }
  auto extractor = dedup::PersonalPartExtractor::Create(
      &*tokenizer, entries[entry_of_doc[campaign.representative]].text);
  if (!extractor) {
    return;
  }
  std::vector<dedup::PersonalPart> parts;
  std::string members;
  for (dedup::DocId doc : campaign.members) {
    auto part = extractor->Extract(entries[entry_of_doc[doc]].text);
    if (!part || part->AddedWords().empty()) {
      continue;
    }
    std::string phrases;
    for (const std::string& phrase : part->AddedPhrases()) {
      phrases += (phrases.empty() ? "" : " | ") + phrase;
    }
    members += std::string(members.empty() ? "" : ",") +
               "{\"id\":" + entries[entry_of_doc[doc]].id_json + ",\"added\":" + Quote(phrases) +
               "}";
    parts.push_back(std::move(*part));
  }
  *out += ",\"personal\":[" + members + "],\"top_additions\":";
  AppendList(out, dedup::SummarizeAdditions(parts, 10), [&](const auto& addition) {
    *out += "{\"text\":" + Quote(addition.first) + ",\"count\":" + std::to_string(addition.second) +
            "}";
  });
}

void AppendCampaign(const dedup::Campaign& campaign, const std::vector<Entry>& entries,
                    const std::vector<size_t>& entry_of_doc, bool personal, std::string* out) {
  const Entry& representative = entries[entry_of_doc[campaign.representative]];
  *out += "{\"ids\":";
  AppendList(out, campaign.members,
             [&](dedup::DocId doc) { *out += entries[entry_of_doc[doc]].id_json; });
  *out += ",\"representative\":" + representative.id_json +
          ",\"representative_text\":" + Quote(representative.text) +
          ",\"count\":" + std::to_string(campaign.count()) +
          ",\"variants\":" + std::to_string(campaign.variants);
  if (campaign.arrivals) {
    const dedup::ArrivalProfile& a = *campaign.arrivals;
    *out += ",\"first_arrival\":\"" + FormatIso8601(a.first) + "\",\"last_arrival\":\"" +
            FormatIso8601(a.last) +
            "\",\"peak_per_minute\":" + std::to_string(a.peak_window_count) +
            ",\"burst\":" + (a.burst ? "true" : "false");
  }
  if (personal) {
    AppendPersonalParts(campaign, entries, entry_of_doc, out);
  }
  out->push_back('}');
}

// What indexing produced: which entry each doc id is, and the refused entries as JSON.
struct Indexed {
  std::vector<size_t> entry_of_doc;
  std::string refused;  // JSON objects, comma-separated
};

Indexed IndexEntries(const std::vector<Entry>& entries, const Progress& progress,
                     dedup::Index* index) {
  Indexed indexed;
  for (size_t begin = 0; begin < entries.size(); begin += kSlice) {
    std::vector<dedup::Comment> comments;
    for (size_t i = begin; i < std::min(begin + kSlice, entries.size()); ++i) {
      comments.push_back({entries[i].text, entries[i].arrival});
    }
    const auto ids = index->AddBatch(comments);
    for (size_t k = 0; k < ids.size(); ++k) {
      const Entry& entry = entries[begin + k];
      if (ids[k]) {
        indexed.entry_of_doc.push_back(begin + k);
        continue;
      }
      std::fprintf(stderr, "plenary dedup: line %zu (id %s): %s (not deduplicated)\n", entry.line,
                   entry.id_json.c_str(), ids[k].error().message().c_str());
      indexed.refused += std::string(indexed.refused.empty() ? "" : ",") +
                         "{\"line\":" + std::to_string(entry.line) + ",\"id\":" + entry.id_json +
                         ",\"reason\":" + Quote(ids[k].error().message()) + "}";
    }
    progress.Update(begin + ids.size());
  }
  return indexed;
}

// The one JSON object of the contract, without "seconds" and the closing brace.
std::string RenderJson(const DedupArgs& args, const Input& input, const Indexed& indexed,
                       const std::vector<std::vector<dedup::DocId>>& clusters,
                       const std::vector<dedup::Campaign>& campaigns) {
  std::string out = "{\"comments\":" + std::to_string(input.entries.size()) + ",\"clusters\":";
  AppendList(&out, clusters, [&](const std::vector<dedup::DocId>& cluster) {
    AppendList(&out, cluster,
               [&](dedup::DocId doc) { out += input.entries[indexed.entry_of_doc[doc]].id_json; });
  });
  out += ",\"campaigns\":";
  AppendList(&out, campaigns, [&](const dedup::Campaign& campaign) {
    AppendCampaign(campaign, input.entries, indexed.entry_of_doc, args.personal, &out);
  });
  out += ",\"refused\":[" + indexed.refused + "],\"bad_lines\":";
  AppendList(&out, input.bad_lines, [&](const std::string& bad) { out += Quote(bad); });
  return out;
}

int RunDedup(const DedupArgs& args) {
  const auto start = SteadyClock::now();
  auto bytes = ReadWholeFile(args.path);
  if (!bytes) {
    std::fprintf(stderr, "plenary dedup: %s\n", bytes.error().ToString().c_str());
    return 1;
  }
  const bool show = isatty(STDERR_FILENO) == 1 && bytes->size() >= kProgressMinBytes;
  const Input input = ParseJsonLines(*bytes, args.threads, show);
  bytes->clear();
  bytes->shrink_to_fit();
  for (const std::string& bad : input.bad_lines) {
    std::fprintf(stderr, "plenary dedup: %s: %s (skipped)\n", args.path.c_str(), bad.c_str());
  }
  auto index = dedup::Index::Create({.threshold = args.threshold, .threads = args.threads});
  if (!index) {
    std::fprintf(stderr, "plenary dedup: %s\n", index.error().ToString().c_str());
    return 2;
  }
  index->Reserve(input.entries.size());
  const Indexed indexed =
      IndexEntries(input.entries, Progress("indexing", input.entries.size(), show), &*index);
  const auto clusters = index->Clusters(2);
  const auto campaigns = dedup::FindCampaigns(*index, {.min_members = args.min_campaign});
  std::string out = RenderJson(args, input, indexed, clusters, campaigns);
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  out += ",\"seconds\":" + std::to_string(seconds) + "}\n";
  if (args.json) {
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else {
    std::printf("%zu comments, %zu clusters, %zu campaigns, %zu refused, %zu bad lines, %.2f s\n",
                input.entries.size(), clusters.size(), campaigns.size(),
                input.entries.size() - indexed.entry_of_doc.size(), input.bad_lines.size(),
                seconds);
  }
  return 0;
}

}  // namespace

void AddDedupCommand(CLI::App& app) {
  auto args = std::make_shared<DedupArgs>();
  CLI::App* dedup = app.add_subcommand(
      "dedup", "Find near-duplicate comments and mass campaigns in a JSONL file");
  dedup->add_option("file", args->path, "JSONL: one {\"id\", \"text\"[, \"arrival\"]} per line")
      ->required();
  dedup->add_flag("--json", args->json, "Print one JSON object");
  dedup->add_option("--threshold", args->threshold, "Jaccard similarity of near-duplicates")
      ->check(CLI::Range(0.01, 1.0));
  dedup->add_option("--min-campaign", args->min_campaign, "Members that make a campaign")
      ->check(CLI::Range(2, 1 << 30));
  dedup->add_option("--threads", args->threads, "Worker threads")->check(CLI::Range(1, 64));
  dedup->add_flag("--personal", args->personal, "Include every member's personal additions");
  dedup->callback([args] {
    if (const int code = RunDedup(*args); code != 0) {
      throw CLI::RuntimeError(code);
    }
  });
}

}  // namespace plenary::cli
