#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>

#include "server_process.h"
#include "support/temp_database.h"

namespace plenary::e2e {

// A test on each backend against a real `plenary serve` on an empty temporary database.
// Subclasses may prepare the database in BeforeServerStarts().
class ServerTest : public ::testing::TestWithParam<std::string> {
 protected:
  virtual std::vector<std::string> ServerFlags() const { return {}; }
  virtual void BeforeServerStarts() {}

  void SetUp() override {
    auto db = TempDatabaseUrl::Create(GetParam());
    ASSERT_TRUE(db) << db.error().ToString();
    db_.emplace(std::move(*db));
    BeforeServerStarts();
    auto server = ServerProcess::Start(PLENARY_BINARY, db_->url(), ServerFlags());
    ASSERT_TRUE(server) << server.error().ToString();
    server_.emplace(std::move(*server));
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  void TearDown() override {
    client_.reset();
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << server_->ReadLog();  // a clean, graceful exit
    }
  }

  std::optional<TempDatabaseUrl> db_;
  std::optional<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace plenary::e2e
