#include "cli/opinion_command.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "app/application.h"
#include "conversation/polis_exchange.h"
#include "core/clock.h"
#include "core/result.h"
#include "engines/opinion/conversation.h"
#include "formats/csv.h"
#include "formats/polis/comments_csv.h"
#include "formats/polis/participants_votes_csv.h"
#include "formats/polis/votes_csv.h"
#include "process/commands.h"

namespace plenary::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using opinion::Conversation;

struct AnalyzeArgs {
  std::string dir;
  bool json = false;
  std::string groups;
};

struct LoadedExport {
  std::unique_ptr<Conversation> conversation;
  std::optional<polis::ParticipantVotesTable> participants_votes;
};

Result<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error(NotFound("cannot open " + path.string()));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<polis::ParticipantVotesTable> ReadParticipantsVotes(const fs::path& dir) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(dir / "participants-votes.csv"));
  auto table = polis::ParseParticipantsVotesCsv(text);
  if (!table) {
    return Error(table.error().WithContext((dir / "participants-votes.csv").string()));
  }
  return std::move(*table);
}

Status LoadVotes(const fs::path& dir, Conversation& conversation) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(dir / "votes.csv"));
  auto votes = polis::ParseVotesCsv(text);
  if (!votes) {
    return votes.error().WithContext((dir / "votes.csv").string());
  }
  // The latest vote wins: apply in time order (stable, so file order breaks ties).
  std::stable_sort(votes->begin(), votes->end(),
                   [](const auto& a, const auto& b) { return a.timestamp_ms < b.timestamp_ms; });
  for (const polis::VoteRecord& v : *votes) {
    conversation.AddVote(v.voter_id, v.comment_id, static_cast<opinion::Vote>(v.vote));
  }
  return Status::Ok();
}

void LoadTableVotes(const polis::ParticipantVotesTable& table, Conversation& conversation) {
  for (const polis::ParticipantVotesRow& row : table.rows) {
    for (size_t j = 0; j < table.comment_ids.size(); ++j) {
      if (row.votes[j] != polis::kNoVote) {
        conversation.AddVote(row.participant, table.comment_ids[j],
                             static_cast<opinion::Vote>(row.votes[j]));
      }
    }
  }
}

Result<LoadedExport> LoadExport(const fs::path& dir, bool need_table) {
  LoadedExport loaded;
  loaded.conversation = std::make_unique<Conversation>();
  const bool has_votes = fs::exists(dir / "votes.csv");
  if (!has_votes && !fs::exists(dir / "participants-votes.csv")) {
    return Error(NotFound(dir.string() + " holds neither votes.csv nor participants-votes.csv"));
  }
  if (!has_votes || need_table) {
    ASSIGN_OR_RETURN(loaded.participants_votes, ReadParticipantsVotes(dir));
  }
  if (has_votes) {
    RETURN_IF_ERROR(LoadVotes(dir, *loaded.conversation));
  } else {
    LoadTableVotes(*loaded.participants_votes, *loaded.conversation);
  }
  if (fs::exists(dir / "comments.csv")) {
    ASSIGN_OR_RETURN(std::string text, ReadFile(dir / "comments.csv"));
    auto comments = polis::ParseCommentsCsv(text);
    if (!comments) {
      return Error(comments.error().WithContext((dir / "comments.csv").string()));
    }
    for (const polis::CommentRecord& c : *comments) {
      loaded.conversation->SetModeration(c.comment_id, c.moderated, c.is_meta);
    }
  }
  return loaded;
}

// Reads a participant,group CSV (a header line is allowed). Group labels are numbered in
// ascending order (numerically when all are integers).
Result<std::map<int64_t, std::string>> ReadGroupFile(const fs::path& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  formats::CsvReader reader(text);
  std::vector<std::string_view> fields;
  std::map<int64_t, std::string> groups;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.NextRecord(fields));
    if (!more) {
      break;
    }
    if (fields.size() == 1 && fields[0].empty()) {
      continue;
    }
    int64_t participant = 0;
    if (fields.size() != 2 || !formats::ParseInt64(fields[0], participant)) {
      if (reader.record_line() == 1) {
        continue;  // The header.
      }
      return Error(InvalidArgument(path.string() + " line " + std::to_string(reader.record_line()) +
                                   ": expected participant,group"));
    }
    groups[participant] = std::string(fields[1]);
  }
  return groups;
}

// Numbers the labels and builds group_of per participant index.
int IndexGroups(const std::map<int64_t, std::string>& labels, const Conversation& conversation,
                std::vector<int32_t>& group_of) {
  std::vector<std::string> distinct;
  for (const auto& [_, label] : labels) {
    distinct.push_back(label);
  }
  auto less = [](const std::string& a, const std::string& b) {
    int64_t x = 0, y = 0;
    if (formats::ParseInt64(a, x) && formats::ParseInt64(b, y)) {
      return x < y;
    }
    return a < b;
  };
  std::sort(distinct.begin(), distinct.end(), less);
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  group_of.assign(conversation.matrix().rows, -1);
  for (const auto& [participant, label] : labels) {
    const int32_t row = conversation.participants().Find(participant);
    if (row >= 0 && row < conversation.matrix().rows) {
      group_of[row] = static_cast<int32_t>(
          std::lower_bound(distinct.begin(), distinct.end(), label, less) - distinct.begin());
    }
  }
  return static_cast<int>(distinct.size());
}

json StatisticsJson(const opinion::GroupStatistics& stats, const std::vector<int64_t>& ids) {
  json out;
  json repness = json::object();
  for (size_t g = 0; g < stats.repness.size(); ++g) {
    json list = json::array();
    for (const opinion::RepComment& r : stats.repness[g]) {
      list.push_back({{"comment", ids[r.col]},
                      {"side", r.agree ? "agree" : "disagree"},
                      {"n_success", r.n_success},
                      {"n_trials", r.n_trials},
                      {"p_success", r.p_success},
                      {"p_test", r.p_test},
                      {"repness", r.repness},
                      {"repness_test", r.repness_test},
                      {"best_agree", r.best_agree}});
    }
    repness[std::to_string(g)] = std::move(list);
  }
  out["repness"] = std::move(repness);
  json consensus = json::object();
  for (const bool agree : {true, false}) {
    json list = json::array();
    for (const auto& c : agree ? stats.consensus.agree : stats.consensus.disagree) {
      list.push_back({{"comment", ids[c.col]},
                      {"n_success", c.n_success},
                      {"n_trials", c.n_trials},
                      {"p_success", c.p_success},
                      {"p_test", c.p_test}});
    }
    consensus[agree ? "agree" : "disagree"] = std::move(list);
  }
  out["consensus"] = std::move(consensus);
  json gic = json::object();
  for (size_t c = 0; c < stats.gic.size(); ++c) {
    gic[std::to_string(ids[c])] = stats.gic[c];
  }
  out["gic"] = std::move(gic);
  return out;
}

json GroupsJson(const std::vector<int32_t>& group_of, const std::vector<int64_t>& ids) {
  json groups = json::object();
  for (size_t r = 0; r < group_of.size(); ++r) {
    if (group_of[r] >= 0) {
      groups[std::to_string(ids[r])] = group_of[r];
    }
  }
  return groups;
}

Result<json> Analyze(const AnalyzeArgs& args) {
  const bool polis_groups = args.groups == "polis";
  ASSIGN_OR_RETURN(LoadedExport loaded, LoadExport(args.dir, polis_groups));
  Conversation& conversation = *loaded.conversation;
  if (args.groups.empty()) {
    const opinion::Analysis& analysis = conversation.Update();
    json out = StatisticsJson(analysis.statistics, analysis.comment_ids);
    out["k"] = analysis.k;
    out["groups"] = GroupsJson(analysis.group_of, analysis.participant_ids);
    out["seconds"] = analysis.seconds;
    out["in_conv"] = std::count(analysis.in_conv.begin(), analysis.in_conv.end(), 1);
    return out;
  }
  std::map<int64_t, std::string> labels;
  if (polis_groups) {
    for (const polis::ParticipantVotesRow& row : loaded.participants_votes->rows) {
      if (row.group_id) {
        labels[row.participant] = std::to_string(*row.group_id);
      }
    }
  } else {
    ASSIGN_OR_RETURN(labels, ReadGroupFile(args.groups));
  }
  const auto start = std::chrono::steady_clock::now();
  conversation.ApplyVotes();
  std::vector<int32_t> group_of;
  const int k = IndexGroups(labels, conversation, group_of);
  const opinion::GroupStatistics stats = conversation.AnalyzeGroups(group_of, k);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  json out = StatisticsJson(stats, conversation.comments().ids());
  out["k"] = k;
  out["groups"] = GroupsJson(group_of, conversation.participants().ids());
  out["seconds"] = seconds;
  return out;
}

struct ExchangeArgs {
  std::string db_url;
  int64_t process_id = 0;
  int64_t conversation_id = 0;
  std::string dir;
  std::string votes;
  std::string comments;
  std::string participants;
  std::string topic;
};

// Reads the export's files: --votes/--comments/--participants, or those found in DIR.
Result<conversation::PolisExport> ReadExport(const ExchangeArgs& args) {
  auto path = [&](const std::string& given, const char* name) -> std::string {
    if (!given.empty()) {
      return given;
    }
    if (!args.dir.empty() && fs::exists(fs::path(args.dir) / name)) {
      return (fs::path(args.dir) / name).string();
    }
    return "";
  };
  std::string votes = path(args.votes, "votes.csv");
  std::string comments = path(args.comments, "comments.csv");
  std::string participants = path(args.participants, "participants-votes.csv");
  if (votes.empty() && participants.empty()) {
    return Error(InvalidArgument(
        "give --votes votes.csv (or --participants participants-votes.csv, or a folder)"));
  }
  conversation::PolisExport in;
  if (!votes.empty()) {
    ASSIGN_OR_RETURN(std::string text, ReadFile(votes));
    auto parsed = polis::ParseVotesCsv(text);
    if (!parsed) {
      return Error(parsed.error().WithContext(votes));
    }
    in.votes = std::move(*parsed);
  }
  if (!comments.empty()) {
    ASSIGN_OR_RETURN(std::string text, ReadFile(comments));
    auto parsed = polis::ParseCommentsCsv(text);
    if (!parsed) {
      return Error(parsed.error().WithContext(comments));
    }
    in.comments = std::move(*parsed);
  }
  if (!participants.empty()) {
    ASSIGN_OR_RETURN(std::string text, ReadFile(participants));
    auto parsed = polis::ParseParticipantsVotesCsv(text);
    if (!parsed) {
      return Error(parsed.error().WithContext(participants));
    }
    in.participants = std::move(*parsed);
  }
  return in;
}

Result<std::string> Import(const ExchangeArgs& args) {
  ASSIGN_OR_RETURN(conversation::PolisExport in, ReadExport(args));
  ASSIGN_OR_RETURN(auto db, app::OpenMigratedDatabase(args.db_url));
  ASSIGN_OR_RETURN(auto countries, process::LoadCountryMap(*db));
  SystemClock clock;
  conversation::Context ctx{*db, clock, countries};
  std::string topic = args.topic.empty() ? "Imported Polis conversation" : args.topic;
  ASSIGN_OR_RETURN(
      conversation::Imported done,
      conversation::ImportPolis(ctx, audit::Actor{0, "cli"}, args.process_id, topic, in));
  return "Imported conversation " + std::to_string(done.conversation_id) + ": " +
         std::to_string(done.statements) + " statements, " + std::to_string(done.participants) +
         " participants, " + std::to_string(done.votes) + " votes\n";
}

Status WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return out ? Status::Ok() : Internal("cannot write " + path.string());
}

Result<std::string> Export(const ExchangeArgs& args) {
  ASSIGN_OR_RETURN(auto db, app::OpenMigratedDatabase(args.db_url));
  ASSIGN_OR_RETURN(auto countries, process::LoadCountryMap(*db));
  SystemClock clock;
  conversation::Context ctx{*db, clock, countries};
  ASSIGN_OR_RETURN(conversation::PolisExport out,
                   conversation::ExportPolis(ctx, args.conversation_id));
  std::error_code ec;
  fs::create_directories(args.dir, ec);
  RETURN_IF_ERROR(WriteText(fs::path(args.dir) / "votes.csv", polis::WriteVotesCsv(out.votes)));
  RETURN_IF_ERROR(
      WriteText(fs::path(args.dir) / "comments.csv", polis::WriteCommentsCsv(out.comments, true)));
  RETURN_IF_ERROR(WriteText(fs::path(args.dir) / "participants-votes.csv",
                            polis::WriteParticipantsVotesCsv(*out.participants)));
  return "Exported " + std::to_string(out.votes.size()) + " votes and " +
         std::to_string(out.comments.size()) + " statements to " + args.dir + "\n";
}

void AddExchangeCommands(CLI::App* opinion) {
  auto args = std::make_shared<ExchangeArgs>();
  CLI::App* import = opinion->add_subcommand(
      "import", "Create a conversation in a process from a Polis export (keeps group-id)");
  import->add_option("--db", args->db_url, "Database URL")->required();
  import->add_option("--process", args->process_id, "Process id")->required();
  import->add_option("DIR", args->dir, "Folder with the export's CSV files");
  import->add_option("--votes", args->votes, "votes.csv");
  import->add_option("--comments", args->comments, "comments.csv");
  import->add_option("--participants", args->participants, "participants-votes.csv");
  import->add_option("--topic", args->topic, "The conversation's topic");
  import->callback([args] {
    auto done = Import(*args);
  if (!done) {
    std::cerr << "plenary opinion import: " << done.error().ToString() << "\n";
    throw CLI::RuntimeError(1);
  }
  std::cout << *done;
});
auto out_args = std::make_shared<ExchangeArgs>();
CLI::App* exporter = opinion->add_subcommand(
    "export", "Write a conversation as a Polis export (votes, comments, participants-votes)");
exporter->add_option("--db", out_args->db_url, "Database URL")->required();
exporter->add_option("--conversation,--consultation", out_args->conversation_id, "Conversation id")
    ->required();
exporter->add_option("--out,DIR", out_args->dir, "Folder to write")->required();
exporter->callback([out_args] {
  auto done = Export(*out_args);
  if (!done) {
    std::cerr << "plenary opinion export: " << done.error().ToString() << "\n";
    throw CLI::RuntimeError(1);
  }
  std::cout << *done;
});
}  // namespace

}  // namespace plenary::cli

void AddOpinionCommand(CLI::App& app) {
  CLI::App* opinion = app.add_subcommand("opinion", "Opinion mapping (Polis-compatible)");
  opinion->require_subcommand(1);
  AddExchangeCommands(opinion);
  auto args = std::make_shared<AnalyzeArgs>();
  CLI::App* analyze =
      opinion->add_subcommand("analyze", "Analyse a Polis export folder and print the results");
  analyze
      ->add_option("DIR", args->dir,
                   "Folder with votes.csv (+ comments.csv) or "
                   "participants-votes.csv")
      ->required();
  analyze->add_flag("--json", args->json, "Print the results as one JSON object");
  analyze->add_option("--groups", args->groups,
                      "Use given groups instead of the clustering: a participant,group CSV, or "
                      "'polis' for the export's group-id column");
  analyze->callback([args] {
    const Result<json> out = Analyze(*args);
    if (!out) {
      std::cerr << "plenary opinion analyze: " << out.error().ToString() << "\n";
      throw CLI::RuntimeError(1);
    }
    // JSON is the only output format so far; --json states it explicitly.
    std::cout << out->dump() << "\n";
  });
}

}  // namespace plenary::cli
