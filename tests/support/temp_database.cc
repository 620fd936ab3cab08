#include "support/temp_database.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>

#include <unistd.h>

#include "storage/postgres/postgres_database.h"

namespace plenary {
namespace {

constexpr const char* kPgUrlVariable = "PLENARY_TEST_PG_URL";

std::string PgAdminUrl() {
  const char* url = std::getenv(kPgUrlVariable);
  return url == nullptr ? std::string() : std::string(url);
}

// The admin URL with its database name replaced by `name`.
std::string WithDatabase(const std::string& url, const std::string& name) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) {
    return url + " dbname=" + name;  // key=value form: a later keyword wins
  }
  size_t path = url.find('/', scheme + 3);
  size_t query = url.find('?', scheme + 3);
  if (path == std::string::npos || (query != std::string::npos && path > query)) {
    path = query == std::string::npos ? url.size() : query;
    return url.substr(0, path) + "/" + name + url.substr(path);
  }
  size_t end = query == std::string::npos ? url.size() : query;
  return url.substr(0, path) + "/" + name + url.substr(end);
}

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(random() % 1000000);
}

// Forwards to the real database and then removes it.
class OwningDatabase final : public storage::Database {
 public:
  OwningDatabase(std::unique_ptr<storage::Database> inner, TempDatabaseUrl temp)
      : inner_(std::move(inner)), temp_(std::move(temp)) {}
  ~OwningDatabase() override { inner_.reset(); }  // close connections before dropping

  storage::Backend backend() const override { return inner_->backend(); }
  Status Transaction(const std::function<Status(storage::Connection&)>& work) override {
    return inner_->Transaction(work);
  }
  Status EventualTransaction(const std::function<Status(storage::Connection&)>& work) override {
    return inner_->EventualTransaction(work);
  }
  Status DerivedTransaction(const std::function<Status(storage::Connection&)>& work) override {
    return inner_->DerivedTransaction(work);
  }
  Status Read(const std::function<Status(storage::Connection&)>& work) override {
    return inner_->Read(work);
  }

 private:
  std::unique_ptr<storage::Database> inner_;
  TempDatabaseUrl temp_;
};

}  // namespace

std::vector<std::string> TestBackends() {
  std::vector<std::string> backends = {"sqlite"};
  if (!PgAdminUrl().empty()) {
    backends.push_back("postgres");
  }
  return backends;
}

Result<TempDatabaseUrl> TempDatabaseUrl::Create(std::string_view backend) {
  TempDatabaseUrl temp;
  if (backend == "sqlite") {
    std::error_code ec;
    std::filesystem::path base = std::filesystem::temp_directory_path(ec);
    if (ec) {
      base = "/tmp";
    }
    std::string pattern = (base / "plenary-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return Error(Unavailable("cannot create a temporary folder in " + base.string()));
    }
    temp.folder_ = pattern;
    temp.url_ = "sqlite:" + pattern + "/test.db";
    return temp;
  }
  if (backend == "postgres") {
    std::string admin = PgAdminUrl();
    if (admin.empty()) {
      return Error(FailedPrecondition(std::string(kPgUrlVariable) + " is not set"));
    }
    std::string name = "plenary_test_" + UniqueSuffix();
    RETURN_IF_ERROR(storage::ExecuteOutsideTransaction(admin, "CREATE DATABASE " + name));
    temp.admin_url_ = admin;
    temp.name_ = name;
    temp.url_ = WithDatabase(admin, name);
    return temp;
  }
  return Error(InvalidArgument("unknown test backend " + std::string(backend)));
}

TempDatabaseUrl::TempDatabaseUrl(TempDatabaseUrl&& other) noexcept
    : url_(std::move(other.url_)),
      folder_(std::move(other.folder_)),
      admin_url_(std::move(other.admin_url_)),
      name_(std::move(other.name_)) {
  other.folder_.clear();
  other.name_.clear();
}

TempDatabaseUrl& TempDatabaseUrl::operator=(TempDatabaseUrl&& other) noexcept {
  if (this != &other) {
    Remove();
    url_ = std::move(other.url_);
    folder_ = std::move(other.folder_);
    admin_url_ = std::move(other.admin_url_);
    name_ = std::move(other.name_);
    other.folder_.clear();
    other.name_.clear();
  }
  return *this;
}

TempDatabaseUrl::~TempDatabaseUrl() {
  Remove();
}

void TempDatabaseUrl::Remove() {
  if (!folder_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
    folder_.clear();
  }
  if (!name_.empty()) {
    // FORCE ends sessions a crashed test or a still-running server left behind.
    (void)storage::ExecuteOutsideTransaction(admin_url_,
                                             "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    name_.clear();
  }
}

Result<std::unique_ptr<storage::Database>> OpenTempDatabase(std::string_view backend) {
  ASSIGN_OR_RETURN(TempDatabaseUrl temp, TempDatabaseUrl::Create(backend));
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Database> db, storage::OpenDatabase(temp.url()));
  return std::make_unique<OwningDatabase>(std::move(db), std::move(temp));
}

}  // namespace plenary
