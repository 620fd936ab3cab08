// Votes ingest (issue 5: >= 50,000 votes/s sustained into SQLite on 2 cores).
//
//   opinion_ingest --plenary PATH [--votes N] [--batch N] [--baseline N] [--clients N]
//
// Three measurements on fresh SQLite databases (synchronous=FULL, as the server runs):
// - store: conversation::IngestVotes, one transaction per batch (the batch route's path);
// - http: batches POSTed as JSON to a real `plenary serve` by --clients threads (parsing,
//   the gate and the store together);
// - baseline: a conventional Polis-like server's write, one INSERT ... ON CONFLICT per vote in
//   its own transaction.
// Prints one JSON line with votes/s for each and the ratios to the baseline.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "conversation/commands.h"
#include "process/commands.h"
#include "process/demo.h"
#include "process/module.h"
#include "storage/database.h"
#include "storage/migrator.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using plenary::conversation::Vote;
using plenary::conversation::VoteValue;
using Clock = std::chrono::steady_clock;

constexpr int kStatements = 200;

struct Options {
  std::string plenary;
  int64_t votes = 1'000'000;
  int64_t batch = 10'000;
  int64_t baseline = 2'000;
  int clients = 2;
};

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Batch `b` of the synthetic stream: size/100 new participants, each voting on 100 distinct
// statements of the 200 in random order (so every vote is a cell of its own).
std::vector<Vote> MakeBatch(int64_t b, int64_t size) {
  std::mt19937_64 random(static_cast<uint64_t>(b) * 7919 + 1);
  std::vector<Vote> out;
  out.reserve(static_cast<size_t>(size));
  constexpr int64_t kPerParticipant = 100;
  std::vector<int64_t> order(kStatements);
  for (int64_t i = 0; i < size; ++i) {
    if (i % kPerParticipant == 0) {
      std::iota(order.begin(), order.end(), 1);
      std::shuffle(order.begin(), order.end(), random);
    }
    int64_t participant = b * (size / kPerParticipant) + i / kPerParticipant + 1;
    out.push_back({participant, order[i % kPerParticipant],
                   static_cast<VoteValue>(static_cast<int>(random() % 3) - 1), 0});
  }
  return out;
}

struct Setup {
  std::unique_ptr<plenary::storage::Database> db;
  std::shared_ptr<const plenary::process::CountryMap> countries;
  int64_t conversation = 0;
};

plenary::Result<Setup> Prepare(const fs::path& dir, const plenary::Clock& clock) {
  Setup s;
  fs::create_directories(dir);
  ASSIGN_OR_RETURN(s.db, plenary::storage::OpenDatabase("sqlite:" + (dir / "db.sqlite").string()));
  RETURN_IF_ERROR(plenary::detail::ToStatus(
      plenary::storage::Migrate(*s.db, plenary::storage::BuiltinMigrations())));
  RETURN_IF_ERROR(plenary::process::LoadReferenceData(*s.db));
  ASSIGN_OR_RETURN(s.countries, plenary::process::LoadCountryMap(*s.db));
  plenary::process::Context pctx{*s.db, clock, s.countries};
  plenary::audit::Actor bench{0, "bench"};
  ASSIGN_OR_RETURN(
      auto p,
      plenary::process::CreateProcess(
          pctx, bench, {{"short_name", "Bench"}, {"title", "Bench"}, {"status", "active"}}));
  plenary::conversation::Context ctx{*s.db, clock, s.countries};
  ASSIGN_OR_RETURN(
      auto c, plenary::conversation::CreateConversation(ctx, bench, p.id, {{"topic", "Ingest"}}));
  s.conversation = c.id;
  std::vector<plenary::conversation::NewStatement> seeds(kStatements, {"A statement", "", false});
  RETURN_IF_ERROR(
      plenary::detail::ToStatus(plenary::conversation::SeedStatements(ctx, bench, c.id, seeds)));
  return s;
}

plenary::Result<double> StorePath(const Options& o, const fs::path& dir) {
  plenary::SystemClock clock;
  ASSIGN_OR_RETURN(Setup s, Prepare(dir, clock));
  plenary::conversation::Context ctx{*s.db, clock, s.countries};
  std::vector<std::vector<Vote>> batches;
  for (int64_t b = 0; b < o.votes / o.batch; ++b) {
    batches.push_back(MakeBatch(b, o.batch));
  }
  auto start = Clock::now();
  for (auto& batch : batches) {
    RETURN_IF_ERROR(plenary::detail::ToStatus(
        plenary::conversation::IngestVotes(ctx, {0, "bench"}, s.conversation, std::move(batch))));
  }
  return static_cast<double>(o.votes) / Seconds(start);
}

// One upsert per vote, each in its own transaction (what a server without batching does).
plenary::Result<double> Baseline(const Options& o, const fs::path& dir) {
  plenary::SystemClock clock;
  ASSIGN_OR_RETURN(Setup s, Prepare(dir, clock));
  std::vector<Vote> votes = MakeBatch(0, o.baseline);
  constexpr std::string_view kUpsert =
      "INSERT INTO conversation_votes (conversation_id, participant, statement, vote, voted_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (conversation_id, participant, statement) DO UPDATE "
      "SET vote = excluded.vote, voted_at = excluded.voted_at";
  auto start = Clock::now();
  for (const Vote& v : votes) {
    RETURN_IF_ERROR(s.db->Transaction([&](plenary::storage::Connection& c) {
      plenary::storage::Value params[] = {s.conversation, v.participant, v.statement,
                                          int64_t{static_cast<int8_t>(v.value)}, int64_t{1}};
      return plenary::detail::ToStatus(c.Execute(kUpsert, params));
    }));
  }
  return static_cast<double>(votes.size()) / Seconds(start);
}

int Run(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Batches over HTTP to a real server (started here on the prepared database).
plenary::Result<double> HttpPath(const Options& o, const fs::path& dir) {
  {
    plenary::SystemClock clock;
    ASSIGN_OR_RETURN(Setup s, Prepare(dir, clock));
  }
  std::string db = "sqlite:" + (dir / "db.sqlite").string();
  if (Run(fmt::format("echo 'bench passphrase' | {} user add --db '{}' --password-stdin --email "
                      "b@bench.test --name Bench --process 1 --role secretariat >/dev/null",
                      o.plenary, db)) != 0) {
    return plenary::Error(plenary::Internal("cannot add the bench user"));
  }
  int port = 18000 + static_cast<int>(getpid() % 1000);
  pid_t server = fork();
  if (server == 0) {
    execl(o.plenary.c_str(), o.plenary.c_str(), "serve", "--db", db.c_str(), "--port",
          std::to_string(port).c_str(), "--no-access-log", "--max-body-bytes", "67108864",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  httplib::Client client("127.0.0.1", port);
  auto sign_in = [&] {
    return client.Post("/api/session",
                       R"({"email": "b@bench.test", "password": "bench passphrase"})",
                       "application/json");
  };
  auto session = sign_in();
  for (int i = 0; i < 100 && !session; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    session = sign_in();
  }
  if (!session || session->status != 200) {
    kill(server, SIGTERM);
    waitpid(server, nullptr, 0);
    return plenary::Error(plenary::Internal("cannot sign in to the bench server"));
  }
  std::string cookie = session->get_header_value("set-cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  std::string csrf = json::parse(session->body)["csrf_token"];
  int64_t batches = o.votes / o.batch;
  std::vector<std::string> bodies;
  for (int64_t b = 0; b < batches; ++b) {
    json items = json::array();
    for (const Vote& v : MakeBatch(b, o.batch)) {
      items.push_back({{"participant", v.participant},
                       {"statement", v.statement},
                       {"vote", static_cast<int>(v.value)}});
    }
    bodies.push_back(items.dump());
  }
  std::atomic<int64_t> next{0};
  std::atomic<int> failures{0};
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < o.clients; ++t) {
    threads.emplace_back([&] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(120, 0);
      httplib::Headers headers = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
      for (int64_t b; (b = next++) < batches;) {
        auto r = c.Post("/api/conversations/1/votes/batch", headers, bodies[b], "application/json");
        if (!r || r->status != 201) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  double rate = static_cast<double>(o.votes) / Seconds(start);
  kill(server, SIGTERM);
  waitpid(server, nullptr, 0);
  if (failures > 0) {
    return plenary::Error(plenary::Internal(fmt::format("{} batches failed", failures.load())));
  }
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    std::string value = argv[i + 1];
    if (flag == "--plenary") {
      o.plenary = value;
    } else if (flag == "--votes") {
      o.votes = std::stoll(value);
    } else if (flag == "--batch") {
      o.batch = std::stoll(value);
    } else if (flag == "--baseline") {
      o.baseline = std::stoll(value);
    } else if (flag == "--clients") {
      o.clients = std::stoi(value);
    }
  }
  fs::path dir = fs::temp_directory_path() / fmt::format("plenary-ingest-{}", getpid());
  auto store = StorePath(o, dir / "store");
  auto baseline = Baseline(o, dir / "baseline");
  plenary::Result<double> http = plenary::Error(plenary::Internal("no --plenary given"));
  if (!o.plenary.empty()) {
    http = HttpPath(o, dir / "http");
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (!store || !baseline) {
    std::cerr << (!store ? store.error() : baseline.error()).ToString() << "\n";
    return 1;
  }
  json out = {{"votes", o.votes},
              {"batch", o.batch},
              {"store_votes_per_second", static_cast<int64_t>(*store)},
              {"baseline_votes_per_second", static_cast<int64_t>(*baseline)},
              {"store_ratio", *store / *baseline}};
  if (http) {
    out["http_votes_per_second"] = static_cast<int64_t>(*http);
    out["http_ratio"] = *http / *baseline;
    out["http_clients"] = o.clients;
  } else {
    out["http_error"] = http.error().ToString();
  }
  std::cout << out.dump() << "\n";
  return 0;
}
