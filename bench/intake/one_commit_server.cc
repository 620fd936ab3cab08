// The peer of bench/intake's HTTP intake: a conventional server that commits each submission on
// its own, as a well-written server without group commit does. Not Plenary code: like nginx in
// bench/http, it is the yardstick.
//
//   one_commit_server --db FILE [--port P] [--threads T]
//
// POST /contributions with a JSON object holding at least "body" -> 201 {"id": N} once the row
// is committed. SQLite in WAL mode with synchronous=FULL (the WAL is synced at every commit, as
// Plenary's writer does); one connection, taken under a mutex, so writers queue in the process
// instead of spinning on SQLITE_BUSY; each request runs BEGIN IMMEDIATE, one INSERT into the
// table, one into an FTS5 index of the body, COMMIT. No text analysis and no audit trail: it does
// less per row than Plenary, so its rate is an upper bound for one commit per submission.
// Prints "listening on PORT" once it accepts connections; stops on SIGINT or SIGTERM.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

namespace {

constexpr const char* kSchema =
    "PRAGMA journal_mode=WAL;"
    "CREATE TABLE IF NOT EXISTS contributions (id INTEGER PRIMARY KEY, author_name TEXT NOT NULL,"
    " organisation TEXT NOT NULL, stakeholder_group TEXT NOT NULL, country TEXT NOT NULL,"
    " language TEXT NOT NULL, body TEXT NOT NULL, answers TEXT NOT NULL,"
    " submitted_at TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS contributions_by_group ON contributions (stakeholder_group);"
    "CREATE INDEX IF NOT EXISTS contributions_by_country ON contributions (country);"
    "CREATE VIRTUAL TABLE IF NOT EXISTS contribution_terms USING fts5(body);";
constexpr const char* kInsert =
    "INSERT INTO contributions (author_name, organisation, stakeholder_group, country, language,"
    " body, answers, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ'))";
constexpr const char* kIndex = "INSERT INTO contribution_terms (rowid, body) VALUES (?, ?)";

httplib::Server* server_to_stop = nullptr;

// The single writer: a connection and its prepared statements, used under `mutex`.
struct Writer {
  std::mutex mutex;
  sqlite3* db = nullptr;
  sqlite3_stmt* begin = nullptr;
  sqlite3_stmt* insert = nullptr;
  sqlite3_stmt* index = nullptr;
  sqlite3_stmt* commit = nullptr;
  sqlite3_stmt* rollback = nullptr;
};

bool Prepare(sqlite3* db, const char* sql, sqlite3_stmt** out) {
  if (sqlite3_prepare_v2(db, sql, -1, out, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "prepare %s: %s\n", sql, sqlite3_errmsg(db));
    return false;
  }
  return true;
}

bool Open(const std::string& path, Writer& w) {
  if (sqlite3_open(path.c_str(), &w.db) != SQLITE_OK ||
      sqlite3_exec(w.db, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK ||
      sqlite3_exec(w.db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "open %s: %s\n", path.c_str(), sqlite3_errmsg(w.db));
    return false;
  }
  return Prepare(w.db, "BEGIN IMMEDIATE", &w.begin) && Prepare(w.db, kInsert, &w.insert) &&
         Prepare(w.db, kIndex, &w.index) && Prepare(w.db, "COMMIT", &w.commit) &&
         Prepare(w.db, "ROLLBACK", &w.rollback);
}

bool Step(sqlite3_stmt* statement) {
  int rc = sqlite3_step(statement);
  sqlite3_reset(statement);
  return rc == SQLITE_DONE;
}

std::string Text(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// One transaction, one commit: returns the new id, or 0 on failure.
int64_t Insert(Writer& w, const nlohmann::json& body) {
  std::string fields[] = {Text(body, "author_name"),       Text(body, "organisation"),
                          Text(body, "stakeholder_group"), Text(body, "country"),
                          Text(body, "language"),          Text(body, "body")};
  std::string answers = body.contains("answers") ? body["answers"].dump() : "{}";
  std::lock_guard lock(w.mutex);
  if (!Step(w.begin)) {
    return 0;
  }
  for (int i = 0; i < 6; ++i) {
    sqlite3_bind_text(w.insert, i + 1, fields[i].data(), static_cast<int>(fields[i].size()),
                      SQLITE_STATIC);
  }
  sqlite3_bind_text(w.insert, 7, answers.data(), static_cast<int>(answers.size()), SQLITE_STATIC);
  bool ok = Step(w.insert);
  int64_t id = sqlite3_last_insert_rowid(w.db);
  sqlite3_bind_int64(w.index, 1, id);
  sqlite3_bind_text(w.index, 2, fields[5].data(), static_cast<int>(fields[5].size()),
                    SQLITE_STATIC);
  ok = ok && Step(w.index) && Step(w.commit);
  if (!ok) {
    Step(w.rollback);
    return 0;
  }
  return id;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path;
  int port = 0;
  int threads = 64;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string arg = argv[i];
    if (arg == "--db") {
      db_path = argv[i + 1];
    } else if (arg == "--port") {
      port = std::atoi(argv[i + 1]);
    } else if (arg == "--threads") {
      threads = std::atoi(argv[i + 1]);
    }
  }
  if (db_path.empty() || threads < 1) {
    std::fprintf(stderr, "usage: one_commit_server --db FILE [--port P] [--threads T]\n");
    return 2;
  }
  Writer writer;
  if (!Open(db_path, writer)) {
    return 1;
  }
  httplib::Server server;
  // A thread per kept-alive connection, as httplib serves them: at least as many as clients.
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_keep_alive_max_count(1000000);
  server.Post("/contributions", [&writer](const httplib::Request& req, httplib::Response& res) {
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object() || Text(body, "body").empty()) {
      res.status = 400;
      res.set_content(R"({"error": "a JSON object with a 'body'"})", "application/json");
      return;
    }
    int64_t id = Insert(writer, body);
    res.status = id != 0 ? 201 : 500;
    res.set_content(id != 0 ? "{\"id\": " + std::to_string(id) + "}" : R"({"error": "db"})",
                    "application/json");
  });
  server_to_stop = &server;
  std::signal(SIGINT, [](int) { server_to_stop->stop(); });
  std::signal(SIGTERM, [](int) { server_to_stop->stop(); });
  int bound = port > 0 ? (server.bind_to_port("127.0.0.1", port) ? port : -1)
                       : server.bind_to_any_port("127.0.0.1");
  if (bound <= 0) {
    std::fprintf(stderr, "cannot listen on port %d\n", port);
    return 1;
  }
  std::printf("listening on %d\n", bound);
  std::fflush(stdout);
  server.listen_after_bind();
  sqlite3_close_v2(writer.db);
  return 0;
}
