// Durable inserts from many threads: one Database::Transaction per row against GroupCommit.
// Usage: group_commit_bench [--rows N] [--threads T] [--runs R] [--max-batch B]
//                           [--backend sqlite|postgres]...
// Each run inserts N contribution-like rows (about 1 KB of text) into a fresh temporary database
// from T threads; a row counts once its call has returned ok, i.e. once it is committed. SQLite
// databases go to $TMPDIR (the writer syncs every commit: synchronous=FULL). PostgreSQL runs when
// PLENARY_TEST_PG_URL is set; its figures are only as durable as that server's fsync and
// synchronous_commit settings (tools/with-postgres turns both off).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <fmt/core.h>

#include "storage/database.h"
#include "storage/group_commit.h"
#include "storage/sql_text.h"
#include "support/temp_database.h"

namespace plenary::storage {
namespace {

constexpr std::string_view kSchema =
    "CREATE TABLE contribution (id INTEGER PRIMARY KEY, process_id INTEGER NOT NULL, "
    "author TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL)";
constexpr std::string_view kInsert =
    "INSERT INTO contribution (process_id, author, body, created_at) VALUES (?, ?, ?, ?)";
constexpr std::string_view kCount = "SELECT COUNT(*) FROM contribution";

struct Options {
  int rows = 20000;
  int threads = 64;
  int runs = 3;
  int max_batch = GroupCommitOptions().max_batch;
  std::vector<std::string> backends;
};

enum class Mode { kTransactionPerRow, kGroupCommit };

struct RunResult {
  double rows_per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  GroupCommitStats stats;
};

// About 1 KB of varied words, different for every row (as public comments are).
std::string Body(uint64_t seed) {
  static constexpr std::string_view kWords[] = {
      "governance", "internet",     "stakeholders", "multilateral", "access",    "rights",
      "community",  "transparency", "cooperation",  "developing",   "countries", "capacity",
      "the",        "of",           "and",          "to",           "should",    "we",
      "support",    "oppose",       "paragraph",    "amendment",    "consensus", "process"};
  std::string body;
  body.reserve(1100);
  uint64_t x = seed * 6364136223846793005ULL + 1442695040888963407ULL;
  while (body.size() < 1024) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    body += kWords[(x >> 33) % std::size(kWords)];
    body += (x >> 20) % 12 == 0 ? ". " : " ";
  }
  return body;
}

Status InsertRow(Connection& c, int64_t i, const std::string& body) {
  Value values[] = {int64_t{1 + i % 7}, "author-" + std::to_string(i % 5000), body,
                    std::string("2024-05-01T12:00:00Z")};
  auto changed = c.Execute(kInsert, values);
  return changed.has_value() ? Status::Ok() : changed.error();
}

double Percentile(std::vector<double>& values, double p) {
  if (values.empty()) {
    return 0;
  }
  size_t k =
      std::min(values.size() - 1, static_cast<size_t>(p * static_cast<double>(values.size())));
  std::nth_element(values.begin(), values.begin() + static_cast<ptrdiff_t>(k), values.end());
  return values[k];
}

Result<RunResult> RunOnce(const std::string& backend, Mode mode, const Options& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenTempDatabase(backend));
  std::string schema(kSchema);
  if (db->backend() == Backend::kPostgres) {
    schema = RewriteSchemaForPostgres(schema);
  }
  RETURN_IF_ERROR(db->Transaction([&](Connection& c) { return c.ExecuteScript(schema); }));
  // Bodies are made before the clock starts.
  std::vector<std::string> bodies(static_cast<size_t>(options.rows));
  for (size_t i = 0; i < bodies.size(); ++i) {
    bodies[i] = Body(i);
  }

  GroupCommit group(*db, {.max_batch = options.max_batch});
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> failures{0};
  std::vector<std::vector<double>> latencies(static_cast<size_t>(options.threads));
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < options.threads; ++t) {
    threads.emplace_back([&, t] {
      for (int64_t i = next++; i < options.rows; i = next++) {
        auto work = [&](Connection& c) { return InsertRow(c, i, bodies[static_cast<size_t>(i)]); };
        auto begun = std::chrono::steady_clock::now();
        Status status = mode == Mode::kGroupCommit ? group.Run(work) : db->Transaction(work);
        latencies[static_cast<size_t>(t)].push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begun)
                .count());
        if (!status.ok()) {
          ++failures;
          fmt::print(stderr, "insert {}: {}\n", i, status.ToString());
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (failures > 0) {
    return Error(Internal(std::to_string(failures.load()) + " inserts failed"));
  }
  int64_t count = 0;
  RETURN_IF_ERROR(db->Read([&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(Row row, c.QueryOne(kCount, {}, "count"));
    count = row.Int(0);
    return Status::Ok();
  }));
  if (count != options.rows) {
    return Error(Internal(fmt::format("{} rows acknowledged, {} found", options.rows, count)));
  }
  std::vector<double> all;
  for (const auto& list : latencies) {
    all.insert(all.end(), list.begin(), list.end());
  }
  RunResult result;
  result.rows_per_second = options.rows / seconds;
  result.p50_ms = Percentile(all, 0.50);
  result.p99_ms = Percentile(all, 0.99);
  result.stats = group.stats();
  return result;
}

// Runs `options.runs` times and prints each; returns the median rows/s, or a negative number.
double Measure(const std::string& backend, Mode mode, const Options& options) {
  const char* label = mode == Mode::kGroupCommit ? "GroupCommit" : "Transaction per row";
  std::vector<double> rates;
  for (int run = 1; run <= options.runs; ++run) {
    auto result = RunOnce(backend, mode, options);
    if (!result.has_value()) {
      fmt::print(stderr, "{} {} run {}: {}\n", backend, label, run, result.error().ToString());
      return -1;
    }
    rates.push_back(result->rows_per_second);
    fmt::print("{:<8} {:<19} run {}: {:>8.0f} rows/s  latency p50 {:>7.2f} ms  p99 {:>7.2f} ms",
               backend, label, run, result->rows_per_second, result->p50_ms, result->p99_ms);
    if (mode == Mode::kGroupCommit) {
      const GroupCommitStats& s = result->stats;
      fmt::print(
          "  {} commits, {:.1f} rows/commit, largest {}", s.batches,
          static_cast<double>(s.items) / static_cast<double>(std::max<int64_t>(1, s.batches)),
          s.largest_batch);
    }
    fmt::print("\n");
    std::fflush(stdout);
  }
  std::sort(rates.begin(), rates.end());
  return rates[rates.size() / 2];
}

int Main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto number = [&]() { return i + 1 < argc ? std::atoi(argv[++i]) : 0; };
    if (arg == "--rows") {
      options.rows = number();
    } else if (arg == "--threads") {
      options.threads = number();
    } else if (arg == "--runs") {
      options.runs = number();
    } else if (arg == "--max-batch") {
      options.max_batch = number();
    } else if (arg == "--backend" && i + 1 < argc) {
      options.backends.push_back(argv[++i]);
    } else {
      fmt::print(stderr,
                 "usage: group_commit_bench [--rows N] [--threads T] [--runs R] [--max-batch B] "
                 "[--backend sqlite|postgres]...\n");
      return 2;
    }
  }
  if (options.rows <= 0 || options.threads <= 0 || options.runs <= 0) {
    fmt::print(stderr, "--rows, --threads and --runs must be positive\n");
    return 2;
  }
  if (options.backends.empty()) {
    options.backends = TestBackends();  // sqlite, and postgres when PLENARY_TEST_PG_URL is set
  }
  fmt::print("{} rows of ~1 KB from {} threads, {} runs each, medians\n", options.rows,
             options.threads, options.runs);
  for (const std::string& backend : options.backends) {
    double per_row = Measure(backend, Mode::kTransactionPerRow, options);
    double grouped = Measure(backend, Mode::kGroupCommit, options);
    if (per_row < 0 || grouped < 0) {
      return 1;
    }
    fmt::print(
        "{:<8} median: Transaction per row {:.0f} rows/s, GroupCommit {:.0f} rows/s, "
        "ratio {:.1f}x\n\n",
        backend, per_row, grouped, grouped / per_row);
  }
  return 0;
}

}  // namespace
}  // namespace plenary::storage

int main(int argc, char** argv) {
  return plenary::storage::Main(argc, argv);
}
