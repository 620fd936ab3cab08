// Not a test: measures insert throughput through the storage interface.
// Usage: storage_bench [sqlite|postgres] [rows]   (postgres needs PLENARY_TEST_PG_URL)
#include <chrono>
#include <cstdio>
#include <string>

#include "storage/database.h"
#include "support/temp_database.h"

namespace plenary::storage {
namespace {

constexpr std::string_view kInsert = "INSERT INTO bench (n, body) VALUES (?, ?)";

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int Run(const std::string& backend, int rows) {
  auto db = OpenTempDatabase(backend);
  if (!db.has_value()) {
    std::fprintf(stderr, "%s\n", db.error().ToString().c_str());
    return 1;
  }
  std::string create = backend == "postgres"
                           ? "CREATE TABLE bench (id BIGSERIAL PRIMARY KEY, n BIGINT, body TEXT)"
                           : "CREATE TABLE bench (id INTEGER PRIMARY KEY, n INTEGER, body TEXT)";
  Status status = (*db)->Transaction([&](Connection& c) { return c.ExecuteScript(create); });
  const std::string body(1024, 'x');  // 1 KB rows, as in docs/stack.md

  auto start = std::chrono::steady_clock::now();
  status = (*db)->Transaction([&](Connection& c) -> Status {
    for (int i = 0; i < rows; ++i) {
      Value values[] = {int64_t{i}, body};
      ASSIGN_OR_RETURN(int64_t n, c.Execute(kInsert, values));
      (void)n;
    }
    return Status::Ok();
  });
  double batch = Seconds(start);
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }
  int per_row = rows / 5;
  start = std::chrono::steady_clock::now();
  for (int i = 0; i < per_row && status.ok(); ++i) {
    status = (*db)->Transaction([&](Connection& c) -> Status {
      Value values[] = {int64_t{i}, body};
      return c.Execute(kInsert, values).has_value() ? Status::Ok() : Internal("insert failed");
    });
  }
  double single = Seconds(start);
  std::printf("%s: one transaction of %d rows: %.0f rows/s; one commit per row (%d): %.0f rows/s\n",
              backend.c_str(), rows, rows / batch, per_row, per_row / single);
  return status.ok() ? 0 : 1;
}

}  // namespace
}  // namespace plenary::storage

int main(int argc, char** argv) {
  std::string backend = argc > 1 ? argv[1] : "sqlite";
  int rows = argc > 2 ? std::stoi(argv[2]) : 100000;
  return plenary::storage::Run(backend, rows);
}
