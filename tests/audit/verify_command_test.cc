// `plenary audit verify --db URL` end to end: the built binary, run on a whole and on a tampered
// database, on every backend.
#include <array>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "audit/trail.h"
#include "storage/database.h"
#include "storage/migrator.h"
#include "support/temp_database.h"

namespace plenary::audit {
namespace {

struct CommandRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

std::string ShellQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

CommandRun RunVerify(const std::string& url) {
  std::string command =
      std::string(PLENARY_BINARY) + " audit verify --db " + ShellQuote(url) + " 2>&1";
  CommandRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return run;
  }
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    run.output.append(buffer.data(), n);
  }
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class VerifyCommandTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto url = TempDatabaseUrl::Create(GetParam());
    ASSERT_TRUE(url) << url.error().ToString();
    url_.emplace(std::move(*url));
    auto db = storage::OpenDatabase(url_->url());
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, storage::BuiltinMigrations()));
  }
  void TearDown() override { db_.reset(); }  // before the database is dropped

  void AppendEntries(int count) {
    Status s = db_->Transaction([&](storage::Connection& c) -> Status {
      for (int i = 1; i <= count; ++i) {
        Change change{"process", "1", 1, i == 1 ? "create" : "update", i - 1, i};
        RETURN_IF_ERROR(Append(c, {0, "test"}, change, *ParseIso8601("2026-01-02T03:04:05Z")));
      }
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  void Execute(std::string_view sql) {
    Status s =
        db_->Transaction([&](storage::Connection& c) { return detail::ToStatus(c.Execute(sql)); });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  std::optional<TempDatabaseUrl> url_;
  std::unique_ptr<storage::Database> db_;
};

TEST_P(VerifyCommandTest, AWholeChainExitsZero) {
  AppendEntries(3);
  CommandRun run = RunVerify(url_->url());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output.rfind("3 entries, chain intact", 0), 0u) << run.output;
}

TEST_P(VerifyCommandTest, AnEmptyLogIsIntact) {
  CommandRun run = RunVerify(url_->url());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "0 entries, chain intact\n");
}

TEST_P(VerifyCommandTest, AnAlteredRowExitsOneNamingIt) {
  AppendEntries(3);
  Execute(R"(UPDATE audit_log SET after_json = '{"forged":true}' WHERE id = 2)");
  CommandRun run = RunVerify(url_->url());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_EQ(run.output.rfind("entry 2: hash mismatch", 0), 0u) << run.output;
}

TEST_P(VerifyCommandTest, ADeletedRowExitsOneNamingIt) {
  AppendEntries(4);
  Execute("DELETE FROM audit_log WHERE id = 3");
  CommandRun run = RunVerify(url_->url());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_EQ(run.output.rfind("entry 3: missing", 0), 0u) << run.output;
}

TEST_P(VerifyCommandTest, AnUnmigratedDatabaseCannotBeVerified) {
  Execute("DROP TABLE audit_log");
  CommandRun run = RunVerify(url_->url());
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("cannot read the audit trail"), std::string::npos) << run.output;
}

INSTANTIATE_TEST_SUITE_P(Backends, VerifyCommandTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::audit
