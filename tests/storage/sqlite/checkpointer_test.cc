// The checkpointer copies the write-ahead log beside the writer; the writer restarts a log that
// outgrew it. On a real file: the log is SQLite's -wal file beside it.
#include "storage/sqlite/checkpointer.h"

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "sqlite_file_test.h"
#include "storage/sqlite/sqlite_connection.h"

namespace plenary::storage {
namespace {

class CheckpointerTest : public SqliteFileTest {
 protected:
  void SetUp() override {
    SqliteFileTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    auto writer = SqliteConnection::Open(path_, /*read_only=*/false);
    ASSERT_TRUE(writer.has_value()) << writer.error().ToString();
    writer_ = std::move(*writer);
    ASSERT_TRUE(Write("CREATE TABLE t (x BLOB NOT NULL)").ok());
  }

  Status Write(const std::string& sql) {
    return writer_->RunTransaction("BEGIN IMMEDIATE",
                                   [&](Connection& c) { return c.ExecuteScript(sql); });
  }
  // About 36 KiB of pages.
  Status WriteRows() {
    return Write(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12) "
        "INSERT INTO t SELECT randomblob(3000) FROM n");
  }

  // Reports each commit's log size, in bytes, to `checkpointer`; last_bytes_ and most_bytes_
  // keep them.
  void Report(Checkpointer& checkpointer) {
    auto page = writer_->Query("PRAGMA page_size");
    ASSERT_TRUE(page.has_value());
    page_bytes_ = page->rows.front().Int(0);
    writer_->OnCommit([&](int pages) {
      last_bytes_ = pages * page_bytes_;
      most_bytes_ = std::max(most_bytes_, last_bytes_);
      checkpointer.Committed(last_bytes_);
    });
  }

  static constexpr int64_t kKib = 1024;
  int64_t page_bytes_ = 0;
  int64_t last_bytes_ = 0;
  int64_t most_bytes_ = 0;
  std::unique_ptr<SqliteConnection> writer_;
};

TEST_F(CheckpointerTest, CopiesTheLogBesideTheWriterWhichThenStartsItAgain) {
  Checkpointer checkpointer(path_,
                            {.start_at_bytes = 160 * kKib, .restart_at_bytes = 400 * 1024 * kKib});
  Report(checkpointer);
  for (int i = 0; i < 60; ++i) {
    ASSERT_TRUE(WriteRows().ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  // 60 commits of ~36 KiB: over 2 MiB without checkpoints (SQLite's own are off: the
  // hook replaces them). Once the checkpointer has copied the whole log, the next commit starts
  // it again from its beginning.
  EXPECT_GE(most_bytes_, 160 * kKib);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_TRUE(WriteRows().ok());
  } while (last_bytes_ >= 120 * kKib && std::chrono::steady_clock::now() < deadline);
  EXPECT_LT(last_bytes_, 120 * kKib) << "the log was never copied";
  EXPECT_GT(checkpointer.checkpoints(), 0);
  EXPECT_FALSE(checkpointer.RestartDue());
  checkpointer.Stop();
  writer_->OnCommit(nullptr);
}

TEST_F(CheckpointerTest, WithoutCheckpointsTheLogGrowsAndTheWriterRestartsIt) {
  Checkpointer checkpointer(path_, {.start_at_bytes = 4096 * kKib, .restart_at_bytes = 400 * kKib});
  Report(checkpointer);
  for (int i = 0; i < 15; ++i) {
    ASSERT_TRUE(WriteRows().ok());
  }
  EXPECT_EQ(checkpointer.checkpoints(), 0);
  EXPECT_GE(last_bytes_, 400 * kKib);
  ASSERT_TRUE(checkpointer.RestartDue());
  auto restarted = writer_->Checkpoint(CheckpointMode::kRestart);
  ASSERT_TRUE(restarted.has_value()) << restarted.error().ToString();
  EXPECT_GE(restarted->log_pages * page_bytes_, 400 * kKib);
  EXPECT_EQ(restarted->copied_pages, restarted->log_pages);
  ASSERT_TRUE(WriteRows().ok());  // the first commit after a restart writes from the start
  EXPECT_LT(last_bytes_, 120 * kKib);
  EXPECT_FALSE(checkpointer.RestartDue());
  // Nothing was lost on the way.
  auto rows = writer_->Query("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(rows->rows.front().Int(0), 16 * 12);
  checkpointer.Stop();
  writer_->OnCommit(nullptr);
}

TEST_F(CheckpointerTest, StopsPromptlyAndTwice) {
  Checkpointer checkpointer(path_);
  auto start = std::chrono::steady_clock::now();
  checkpointer.Stop();
  checkpointer.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

}  // namespace
}  // namespace plenary::storage
