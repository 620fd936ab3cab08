// GroupCommit on every backend from TestBackends(): what is acknowledged is committed, items fail
// alone, a failed commit reaches every item, and concurrent callers share commits.
#include "storage/group_commit.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "storage/sql_text.h"
#include "support/error_injecting_database.h"
#include "support/temp_database.h"

namespace plenary::storage {
namespace {

constexpr std::string_view kInsert = "INSERT INTO item (name) VALUES (?)";

Status Insert(Connection& c, const std::string& name) {
  Value value = name;
  auto changed = c.Execute(kInsert, {&value, 1});
  return changed.has_value() ? Status::Ok() : changed.error();
}

class GroupCommitTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto db = OpenTempDatabase(GetParam());
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    std::string schema =
        "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
        "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL "
        "REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);";
    if (db_->backend() == Backend::kPostgres) {
      schema = RewriteSchemaForPostgres(schema);
    }
    Status status = db_->Transaction([&](Connection& c) { return c.ExecuteScript(schema); });
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  std::set<std::string> Names() {
    std::set<std::string> names;
    Status status = db_->Read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(Rows rows, c.Query("SELECT name FROM item"));
      for (const Row& row : rows.rows) {
        names.insert(row.Text(0));
      }
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return names;
  }

  // Runs `works` as one batch: a first item holds the leader until every one of `works` has
  // queued behind it, so they all go into the next transaction together. Returns their answers.
  // `thens`, if given, are the items' deferred parts (GroupCommit::Run's `then`).
  std::vector<Status> RunAsOneBatch(GroupCommit& group,
                                    const std::vector<std::function<Status(Connection&)>>& works,
                                    std::vector<std::function<Status(Connection&)>> thens = {}) {
    thens.resize(works.size());
    std::vector<Status> answers(works.size());
    std::atomic<bool> holding{false};
    std::thread holder([&] {
      Status held = group.Run([&](Connection&) -> Status {
        holding = true;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (group.stats().waiting < static_cast<int64_t>(works.size())) {
          if (std::chrono::steady_clock::now() > deadline) {
            return Internal("the batch never filled");
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return Status::Ok();
      });
      EXPECT_TRUE(held.ok()) << held.ToString();
    });
    while (!holding) {
      std::this_thread::yield();  // the holder leads first
    }
    std::vector<std::thread> callers;
    for (size_t i = 0; i < works.size(); ++i) {
      callers.emplace_back([&, i] { answers[i] = group.Run(works[i], thens[i]); });
    }
    holder.join();
    for (std::thread& caller : callers) {
      caller.join();
    }
    return answers;
  }

  std::unique_ptr<Database> db_;
};

TEST_P(GroupCommitTest, EveryAcknowledgedRowIsCommittedAndCommitsAreShared) {
  constexpr int kThreads = 32;
  constexpr int kPerThread = 200;
  GroupCommit group(*db_);
  std::vector<std::vector<std::string>> acknowledged(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string name = std::to_string(t) + "-" + std::to_string(i);
        Status status = group.Run([&](Connection& c) { return Insert(c, name); });
        if (status.ok()) {
          acknowledged[t].push_back(name);
        } else {
          ++failures;
          ADD_FAILURE() << status.ToString();
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(failures.load(), 0);
  std::set<std::string> names = Names();
  EXPECT_EQ(names.size(), static_cast<size_t>(kThreads * kPerThread));
  for (const auto& list : acknowledged) {
    for (const std::string& name : list) {
      EXPECT_TRUE(names.contains(name)) << name << " was acknowledged but is missing";
    }
  }
  GroupCommitStats stats = group.stats();
  EXPECT_EQ(stats.items, kThreads * kPerThread);
  EXPECT_EQ(stats.failed_items, 0);
  EXPECT_EQ(stats.failed_batches, 0);
  EXPECT_EQ(stats.waiting, 0);
  EXPECT_LT(stats.batches, stats.items) << "no commit was shared";
  EXPECT_GT(stats.largest_batch, 1);
}

TEST_P(GroupCommitTest, FailingItemsFailAloneAndLeaveNothing) {
  ASSERT_TRUE(db_->Transaction([](Connection& c) { return Insert(c, "taken"); }).ok());
  GroupCommit group(*db_);
  std::vector<std::function<Status(Connection&)>> works = {
      [](Connection& c) { return Insert(c, "good-1"); },
      // A unique violation after a first insert: both are undone.
      [](Connection& c) -> Status {
        RETURN_IF_ERROR(Insert(c, "conflict-1"));
        return Insert(c, "taken");
      },
      [](Connection& c) { return Insert(c, "good-2"); },
      // A refusal returned after writing.
      [](Connection& c) -> Status {
        RETURN_IF_ERROR(Insert(c, "refused-1"));
        return InvalidArgument("refused");
      },
      // A failed statement whose error is ignored still fails the item.
      [](Connection& c) -> Status {
        RETURN_IF_ERROR(Insert(c, "ignored-1"));
        (void)Insert(c, "taken");
        return Status::Ok();
      },
      // An exception is an error of that item only.
      [](Connection& c) -> Status {
        RETURN_IF_ERROR(Insert(c, "thrown-1"));
        throw std::runtime_error("boom");
      },
      [](Connection& c) -> Status {
        RETURN_IF_ERROR(Insert(c, "good-3"));
        return Insert(c, "good-4");
      },
  };
  std::vector<Status> answers = RunAsOneBatch(group, works);
  ASSERT_EQ(answers.size(), works.size());
  EXPECT_TRUE(answers[0].ok()) << answers[0].ToString();
  EXPECT_EQ(answers[1].code(), StatusCode::kConflict) << answers[1].ToString();
  EXPECT_TRUE(answers[2].ok()) << answers[2].ToString();
  EXPECT_EQ(answers[3], InvalidArgument("refused"));
  EXPECT_EQ(answers[4].code(), StatusCode::kFailedPrecondition) << answers[4].ToString();
  EXPECT_EQ(answers[5].code(), StatusCode::kInternal) << answers[5].ToString();
  EXPECT_TRUE(answers[6].ok()) << answers[6].ToString();
  EXPECT_EQ(Names(), (std::set<std::string>{"taken", "good-1", "good-2", "good-3", "good-4"}));

  GroupCommitStats stats = group.stats();
  EXPECT_EQ(stats.batches, 2);  // the holder's, then all of `works` together
  EXPECT_EQ(stats.largest_batch, static_cast<int64_t>(works.size()));
  EXPECT_EQ(stats.failed_items, 4);
  EXPECT_EQ(stats.failed_batches, 0);
}

TEST_P(GroupCommitTest, FailedCommitReachesEveryItemOfTheBatch) {
  GroupCommit group(*db_);
  // The orphan child passes its statement (the key is deferred) and fails the COMMIT.
  std::vector<std::function<Status(Connection&)>> works = {
      [](Connection& c) { return Insert(c, "lost-1"); },
      [](Connection& c) -> Status {
        auto changed = c.Execute("INSERT INTO child (parent_id) VALUES (42)");
        return changed.has_value() ? Status::Ok() : changed.error();
      },
      [](Connection& c) { return Insert(c, "lost-2"); },
      [](Connection&) { return InvalidArgument("refused"); },
  };
  std::vector<Status> answers = RunAsOneBatch(group, works);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(answers[i].code(), StatusCode::kFailedPrecondition) << answers[i].ToString();
  }
  EXPECT_EQ(answers[3], InvalidArgument("refused"));  // its own error stays its answer
  EXPECT_EQ(Names(), std::set<std::string>{});
  GroupCommitStats stats = group.stats();
  EXPECT_EQ(stats.failed_batches, 1);
  EXPECT_EQ(stats.failed_items, 4);

  // The next batch commits normally.
  EXPECT_TRUE(group.Run([](Connection& c) { return Insert(c, "after"); }).ok());
  EXPECT_EQ(Names(), std::set<std::string>{"after"});
}

// The deferred parts run after every item's work, only for the items that succeeded, in the
// same transaction; one failing fails the batch.
TEST_P(GroupCommitTest, ThenRunsAfterEveryItemForTheItemsThatSucceeded) {
  GroupCommit group(*db_);
  std::vector<std::string> ran;  // written only by the committer's thread
  auto work = [&](std::string name, bool refuse) {
    return [&ran, name, refuse](Connection& c) -> Status {
      RETURN_IF_ERROR(Insert(c, name));
      ran.push_back(name);
      return refuse ? InvalidArgument("refused") : Status::Ok();
    };
  };
  auto then = [&](std::string name) {
    return [&ran, name](Connection& c) -> Status {
      ran.push_back(name);
      return Insert(c, name);
    };
  };
  std::vector<Status> answers =
      RunAsOneBatch(group, {work("a", false), work("b", true), work("c", false)},
                    {then("a-then"), then("b-then"), then("c-then")});
  EXPECT_TRUE(answers[0].ok()) << answers[0].ToString();
  EXPECT_EQ(answers[1], InvalidArgument("refused"));
  EXPECT_TRUE(answers[2].ok()) << answers[2].ToString();
  // b's failure rolled back the optimistic run (the works queued before b ran in it); the run
  // by savepoints runs all three, then the deferred parts of a and c, none for b.
  ASSERT_GE(ran.size(), 6u);
  EXPECT_EQ(std::set<std::string>(ran.end() - 5, ran.end() - 2),
            (std::set<std::string>{"a", "b", "c"}));
  EXPECT_EQ(std::set<std::string>(ran.end() - 2, ran.end()),
            (std::set<std::string>{"a-then", "c-then"}));
  EXPECT_EQ(std::count(ran.begin(), ran.end(), "b"), 2);  // once in each run
  EXPECT_EQ(Names(), (std::set<std::string>{"a", "a-then", "c", "c-then"}));

  ran.clear();
  answers = RunAsOneBatch(group, {work("d", false), work("e", false)},
                          {then("d-then"), [](Connection&) { return Internal("index failed"); }});
  EXPECT_EQ(answers[0], Internal("index failed"));
  EXPECT_EQ(answers[1], Internal("index failed"));
  // Nothing failed in the works: each ran once, not again. The deferred parts run in the
  // batch's order, which the callers' threads decide: d's may come before e's failing one.
  ASSERT_GE(ran.size(), 2u);
  ASSERT_LE(ran.size(), 3u);
  EXPECT_EQ(std::set<std::string>(ran.begin(), ran.begin() + 2), (std::set<std::string>{"d", "e"}));
  if (ran.size() == 3) {
    EXPECT_EQ(ran[2], "d-then");
  }
  EXPECT_EQ(Names(), (std::set<std::string>{"a", "a-then", "c", "c-then"}));
  EXPECT_EQ(group.stats().failed_batches, 1);
}

// Without a failure each work runs once, in one transaction, and nothing is run again.
TEST_P(GroupCommitTest, ABatchWithoutFailuresRunsEachWorkOnce) {
  GroupCommit group(*db_);
  std::atomic<int> runs{0};
  std::vector<std::function<Status(Connection&)>> works;
  for (int i = 0; i < 5; ++i) {
    works.push_back([&runs, i](Connection& c) {
      ++runs;
      return Insert(c, fmt::format("n{}", i));
    });
  }
  std::vector<Status> answers = RunAsOneBatch(group, works);
  for (const Status& answer : answers) {
    EXPECT_TRUE(answer.ok()) << answer.ToString();
  }
  EXPECT_EQ(runs.load(), 5);
  EXPECT_EQ(Names(), (std::set<std::string>{"n0", "n1", "n2", "n3", "n4"}));
  EXPECT_EQ(group.stats().batches, 2);
}

// Answers run on a thread of their own: a slow `done` does not hold up the next commit.
TEST_P(GroupCommitTest, TheNextBatchCommitsWhileAnAnswerIsStillRunning) {
  GroupCommit group(*db_);
  std::atomic<bool> answering{false};
  std::promise<bool> saw_b;
  group.Submit([](Connection& c) { return Insert(c, "a"); }, nullptr,
               [&](Status s) {
                 EXPECT_TRUE(s.ok()) << s.ToString();
                 answering = true;
                 auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
                 bool committed = false;
                 while (!committed && std::chrono::steady_clock::now() < deadline) {
                   committed = Names().contains("b");
                   std::this_thread::sleep_for(std::chrono::milliseconds(2));
                 }
                 saw_b.set_value(committed);
               });
  while (!answering) {
    std::this_thread::yield();
  }
  // Committed while a's answer runs; its own answer comes after a's.
  EXPECT_TRUE(group.Run([](Connection& c) { return Insert(c, "b"); }).ok());
  EXPECT_TRUE(saw_b.get_future().get()) << "b waited for a's answer to commit";
}

TEST_P(GroupCommitTest, AloneACallerCommitsAtOnce) {
  GroupCommit group(*db_);
  EXPECT_TRUE(group.Run([](Connection& c) { return Insert(c, "one"); }).ok());
  EXPECT_TRUE(group.Run([](Connection& c) { return Insert(c, "two"); }).ok());
  GroupCommitStats stats = group.stats();
  EXPECT_EQ(stats.batches, 2);
  EXPECT_EQ(stats.largest_batch, 1);
  EXPECT_EQ(Names(), (std::set<std::string>{"one", "two"}));
}

TEST_P(GroupCommitTest, MaxBatchBoundsATransaction) {
  GroupCommit group(*db_, {.max_batch = 2});
  std::vector<std::function<Status(Connection&)>> works;
  for (int i = 0; i < 5; ++i) {
    works.push_back([i](Connection& c) { return Insert(c, "n" + std::to_string(i)); });
  }
  for (const Status& answer : RunAsOneBatch(group, works)) {
    EXPECT_TRUE(answer.ok()) << answer.ToString();
  }
  GroupCommitStats stats = group.stats();
  EXPECT_EQ(stats.largest_batch, 2);
  EXPECT_EQ(stats.batches, 4);  // the holder, then 2 + 2 + 1
  EXPECT_EQ(Names().size(), 5u);
}

// Submit returns at once: one thread queues many items without waiting, every one is answered
// once committed, and they share commits (the batch is as large as the queue, not as the number
// of threads waiting).
TEST_P(GroupCommitTest, SubmittedItemsAreAnsweredOnceCommittedAndShareCommits) {
  constexpr int kItems = 2000;
  GroupCommit group(*db_);
  std::mutex mutex;
  std::condition_variable all_answered;
  std::vector<std::string> acknowledged;
  int answers = 0;
  for (int i = 0; i < kItems; ++i) {
    std::string name = "s" + std::to_string(i);
    group.Submit([name](Connection& c) { return Insert(c, name); }, nullptr,
                 [&, name](Status status) {
                   std::lock_guard lock(mutex);
                   EXPECT_TRUE(status.ok()) << status.ToString();
                   if (status.ok()) {
                     acknowledged.push_back(name);
                   }
                   if (++answers == kItems) {
                     all_answered.notify_one();
                   }
                 });
  }
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(
        all_answered.wait_for(lock, std::chrono::seconds(60), [&] { return answers == kItems; }));
  }
  std::set<std::string> names = Names();
  EXPECT_EQ(names.size(), static_cast<size_t>(kItems));
  for (const std::string& name : acknowledged) {
    EXPECT_TRUE(names.contains(name)) << name << " was acknowledged but is missing";
  }
  GroupCommitStats stats = group.stats();
  EXPECT_EQ(stats.items, kItems);
  EXPECT_LT(stats.batches, kItems / 10) << "commits were hardly shared";
}

// What is queued when the GroupCommit is destroyed is still committed and answered.
TEST_P(GroupCommitTest, DestructionCommitsAndAnswersWhatIsQueued) {
  constexpr int kItems = 300;
  std::atomic<int> ok_answers{0};
  {
    GroupCommit group(*db_);
    for (int i = 0; i < kItems; ++i) {
      group.Submit([i](Connection& c) { return Insert(c, "d" + std::to_string(i)); }, nullptr,
                   [&](Status status) { ok_answers += status.ok() ? 1 : 0; });
    }
  }
  EXPECT_EQ(ok_answers.load(), kItems);
  EXPECT_EQ(Names().size(), static_cast<size_t>(kItems));
}

// Through a wrapping Connection that does not override RunInSavepoint (so the portable default
// runs): fail each statement in turn, SAVEPOINT and RELEASE included; nothing of a failed item
// may remain, and the same GroupCommit keeps working.
TEST_P(GroupCommitTest, InjectedFailuresLeaveNoPartialItem) {
  ErrorInjectingDatabase faulty(*db_);
  GroupCommit group(faulty);
  int n = 1;
  for (;; ++n) {
    ASSERT_LT(n, 20) << "the item never succeeded";
    faulty.FailAt(n);
    Status status = group.Run([](Connection& c) -> Status {
      RETURN_IF_ERROR(Insert(c, "a"));
      return Insert(c, "b");
    });
    if (!faulty.injected()) {
      ASSERT_TRUE(status.ok()) << status.ToString();
      break;
    }
    EXPECT_EQ(status.code(), StatusCode::kUnavailable) << "N=" << n << ": " << status.ToString();
    EXPECT_EQ(Names(), std::set<std::string>{}) << "partial write at N=" << n;
  }
  EXPECT_EQ(n, 3);  // two inserts (alone in its batch, an item needs no savepoint); then success
  EXPECT_EQ(Names(), (std::set<std::string>{"a", "b"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, GroupCommitTest, ::testing::ValuesIn(TestBackends()));

}  // namespace
}  // namespace plenary::storage
