#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "support/temp_database.h"

namespace plenary::storage {

// A test on an SQLite file of its own in a temporary folder (removed after): `path_` is where
// the file goes (not created yet).
class SqliteFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = TempDatabaseUrl::Create("sqlite");
    ASSERT_TRUE(url.has_value()) << url.error().ToString();
    url_ = std::make_unique<TempDatabaseUrl>(std::move(*url));
    path_ = url_->url().substr(std::string("sqlite:").size());
  }

  std::unique_ptr<TempDatabaseUrl> url_;
  std::string path_;
};

}  // namespace plenary::storage
