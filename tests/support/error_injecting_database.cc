#include "support/error_injecting_database.h"

#include <string>

namespace plenary {
namespace {

class ErrorInjectingConnection final : public storage::Connection {
 public:
  ErrorInjectingConnection(storage::Connection& inner, ErrorInjectingDatabase& owner)
      : inner_(inner), owner_(owner) {}

  storage::Backend backend() const override { return inner_.backend(); }
  Result<storage::Rows> Query(std::string_view sql,
                              std::span<const storage::Value> params) override {
    RETURN_IF_ERROR(owner_.Tick());
    return inner_.Query(sql, params);
  }
  Result<int64_t> Execute(std::string_view sql, std::span<const storage::Value> params) override {
    RETURN_IF_ERROR(owner_.Tick());
    return inner_.Execute(sql, params);
  }
  Status ExecuteScript(std::string_view sql) override {
    RETURN_IF_ERROR(owner_.Tick());
    return inner_.ExecuteScript(sql);
  }

 private:
  storage::Connection& inner_;
  ErrorInjectingDatabase& owner_;
};

}  // namespace

Status ErrorInjectingDatabase::Tick() {
  int n = ++count_;
  if (n == fail_at_) {
    return Unavailable("injected failure at statement " + std::to_string(n));
  }
  return Status::Ok();
}

Status ErrorInjectingDatabase::Transaction(
    const std::function<Status(storage::Connection&)>& work) {
  return inner_.Transaction([&](storage::Connection& c) {
    ErrorInjectingConnection wrapped(c, *this);
    return work(wrapped);
  });
}

Status ErrorInjectingDatabase::EventualTransaction(
    const std::function<Status(storage::Connection&)>& work) {
  return inner_.EventualTransaction([&](storage::Connection& c) {
    ErrorInjectingConnection wrapped(c, *this);
    return work(wrapped);
  });
}

Status ErrorInjectingDatabase::DerivedTransaction(
    const std::function<Status(storage::Connection&)>& work) {
  return inner_.DerivedTransaction([&](storage::Connection& c) {
    ErrorInjectingConnection wrapped(c, *this);
    return work(wrapped);
  });
}

Status ErrorInjectingDatabase::Read(const std::function<Status(storage::Connection&)>& work) {
  return inner_.Read([&](storage::Connection& c) {
    ErrorInjectingConnection wrapped(c, *this);
    return work(wrapped);
  });
}

}  // namespace plenary
