// The permission table, proved cell by cell over HTTP: for every action the server serves
// (GET /api/permissions) and every role including the public, the action's own route is
// called with the row's example, as a caller holding just that role. Allowed cells must
// succeed (2xx); refused cells must get 401 (the public) or 403. A module that adds a row is
// covered with no change here, unless its route names a new kind of object (then add a
// fixture to Fill()).
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "accounts.h"
#include "server_fixture.h"

namespace plenary {
namespace {

using nlohmann::json;

constexpr char kPassword[] = "matrix passphrase";
const std::vector<std::string> kProcessRoles = {"observer", "member", "secretariat", "vice_chair",
                                                "chair"};

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Output of `plenary <args>`.
std::string Capture(const std::string& args) {
  std::string out;
  FILE* pipe = popen((std::string(PLENARY_BINARY) + " " + args).c_str(), "r");
  char buffer[4096];
  while (pipe != nullptr && fgets(buffer, sizeof buffer, pipe) != nullptr) {
    out += buffer;
  }
  if (pipe != nullptr) {
    pclose(pipe);
  }
  return out;
}

class PermissionMatrixTest : public e2e::ServerTest {
 protected:
  void BeforeServerStarts() override {
    const std::string& url = db_->url();
    ASSERT_EQ(e2e::RunPlenary("demo --db '" + url + "'"), 0);
    for (const std::string& role : kProcessRoles) {
      ASSERT_EQ(e2e::AddUser(url,
                             "--email " + role + "@matrix.test --name " + role +
                                 " --process 1 --role " + role,
                             kPassword),
                0);
    }
    ASSERT_EQ(e2e::AddUser(url, "--email account@matrix.test --name account", kPassword), 0);
    ASSERT_EQ(e2e::AddUser(url, "--email admin@matrix.test --name admin --admin", kPassword), 0);
    ASSERT_EQ(e2e::AddUser(url, "--email grantee@example.org --name grantee", kPassword), 0);
  }

  // The session of a caller holding just `role` (none for the public).
  httplib::Headers HeadersFor(const std::string& role) {
    if (role == "public") {
      return {};
    }
    auto it = sessions_.find(role);
    if (it == sessions_.end()) {
      auto session = e2e::SignIn(*client_, role + "@matrix.test", kPassword);
      EXPECT_TRUE(session) << "could not sign in as " << role;
      it = sessions_.emplace(role, session.value_or(e2e::SignedIn{})).first;
    }
    return it->second.Headers();
  }

  // An API token of the caller's own (the public's request is refused before it matters).
  std::string OwnToken(const std::string& role) {
    std::string owner = role == "public" ? "account" : role;
    auto r = client_->Post("/api/tokens", HeadersFor(owner),
                           json{{"process_id", 1}, {"scope", "read"}}.dump(), "application/json");
    EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "no response");
    return r && r->status == 201 ? std::to_string(json::parse(r->body)["id"].get<int>()) : "0";
  }

  // An open call of process 1, made once by the secretariat.
  std::string OpenCall() {
    if (call_.empty()) {
      auto r = client_->Post("/api/processes/1/calls", HeadersFor("secretariat"),
                             json{{"title", "Matrix call"},
                                  {"questions", {"Why?"}},
                                  {"opens_at", "2020-01-01T00:00:00Z"},
                                  {"closes_at", "2100-01-01T00:00:00Z"}}
                                 .dump(),
                             "application/json");
      EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "no response");
      call_ = r && r->status == 201 ? std::to_string(json::parse(r->body)["id"].get<int>()) : "0";
    }
    return call_;
  }

  // What the row's {id} stands for: process 1, or an object inside it.
  std::string IdFor(const json& action) {
    std::string kind = action["id_names"].is_string() ? action["id_names"].get<std::string>() : "";
    if (kind == "call") {
      return OpenCall();
    }
    if (kind == "contribution") {
      auto r = client_->Post(
          ("/api/calls/" + OpenCall() + "/contributions").c_str(),
          json{{"author_name", "Fixture"}, {"body", "A fixture contribution."}}.dump(),
          "application/json");
      EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "no response");
      return r && r->status == 201 ? std::to_string(json::parse(r->body)["id"].get<int>()) : "0";
    }
    if (kind == "conversation") {
      return OpenConversation();
    }
    EXPECT_TRUE(kind.empty() || kind == "process") << action["id"] << ": no fixture for " << kind;
    return "1";
  }

  // An open conversation of process 1 with statement 1, made once by the secretariat.
  std::string OpenConversation() {
    if (conversation_.empty()) {
      auto r = client_->Post("/api/processes/1/conversations", HeadersFor("secretariat"),
                             json{{"topic", "Matrix conversation"}}.dump(), "application/json");
      EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "no response");
      conversation_ =
          r && r->status == 201 ? std::to_string(json::parse(r->body)["id"].get<int>()) : "0";
      auto seeded = client_->Post(("/api/conversations/" + conversation_ + "/seeds").c_str(),
                                  HeadersFor("secretariat"),
                                  json{{"text", "Matrix statement"}}.dump(), "application/json");
      EXPECT_TRUE(seeded && seeded->status == 201) << (seeded ? seeded->body : "no response");
    }
    return conversation_;
  }

  // The row's route and example with their placeholders filled for one request.
  std::pair<std::string, std::string> Fill(const json& action, const std::string& role) {
    std::string path = Replace(action["path"].get<std::string>(), "{id}", IdFor(action));
    path = Replace(path, "{statement}", "1");  // the fixture conversation's statement
    if (path.find("{token}") != std::string::npos) {
      path = Replace(path, "{token}", OwnToken(role));
    }
    if (path.find("{request}") != std::string::npos) {
      // A fresh pending accreditation request by "account" for each cell. An account may hold
      // one pending request per capacity, so the secretariat first refuses any left pending.
      auto listed =
          client_->Get("/api/processes/1/accreditations?status=pending", HeadersFor("secretariat"));
      EXPECT_TRUE(listed && listed->status == 200) << (listed ? listed->body : "");
      json pending = listed && listed->status == 200 ? json::parse(listed->body) : json::object();
      for (const json& r : pending.value("requests", json::array())) {
        if (r["requester"]["email"] == "account@matrix.test") {
          std::string decide =
              "/api/processes/1/accreditations/" + std::to_string(r["id"].get<int>()) + "/decision";
          client_->Post(decide.c_str(), HeadersFor("secretariat"),
                        json{{"decision", "refuse"}, {"reason", "matrix fixture"}}.dump(),
                        "application/json");
        }
      }
      auto members = client_->Get("/api/processes/1/members");
      json roster = members ? json::parse(members->body) : json::object();
      int seat = 0;
      for (const json& m : roster.value("members", json::array())) {
        if (seat == 0 && m["role"] == "member") {
          seat = m["id"].get<int>();
        }
      }
      json request = {{"capacity", "member"},
                      {"member_id", seat},
                      {"delegation_role", "delegate"},
                      {"letter_filename", "matrix.pdf"},
                      {"letter_pdf_base64", "JVBERi0xLjQKJSVFT0YK"}};
      auto created = client_->Post("/api/processes/1/accreditations", HeadersFor("account"),
                                   request.dump(), "application/json");
      EXPECT_TRUE(created && created->status == 201) << (created ? created->body : "");
      path = Replace(path, "{request}",
                     created && created->status == 201
                         ? std::to_string(json::parse(created->body)["id"].get<int>())
                         : "0");
    }
    EXPECT_EQ(path.find('{'), std::string::npos)
        << action["id"] << ": no fixture for a placeholder in " << path << "; add one to Fill()";
    std::string body = action["example"].is_string() ? action["example"].get<std::string>() : "";
    body = Replace(body, "{n}", std::to_string(++counter_));
    body = Replace(body, "{process}", "1");
    body = Replace(body, "{password}", kPassword);
    return {path, body};
  }

  std::map<std::string, e2e::SignedIn> sessions_;
  std::string call_;
  std::string conversation_;
  int counter_ = 0;
};

TEST_P(PermissionMatrixTest, EveryCellHoldsOverHttp) {
  auto listed = client_->Get("/api/permissions");
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->status, 200);
  json table = json::parse(listed->body);
  ASSERT_GE(table["actions"].size(), 8u);
  ASSERT_EQ(table["roles"].size(), 8u);
  int allowed = 0;
  int refused = 0;
  for (const json& action : table["actions"]) {
    for (const json& role_code : table["roles"]) {
      std::string role = role_code.get<std::string>();
      bool may = false;
      for (const json& r : action["allowed"]) {
        may = may || r == role;
      }
      auto [path, body] = Fill(action, role);
      std::string method = action["method"].get<std::string>();
      auto r = e2e::Send(*client_, method, path, HeadersFor(role), body);
      ASSERT_TRUE(r) << method << " " << path;
      std::string cell = action["id"].get<std::string>() + " as " + role + " (" + method + " " +
                         path + "): " + std::to_string(r->status) + " " + r->body;
      if (may) {
        EXPECT_EQ(r->status / 100, 2) << cell;
        ++allowed;
      } else {
        EXPECT_EQ(r->status, role == "public" ? 401 : 403) << cell;
        ++refused;
      }
    }
  }
  std::cout << "[ matrix ] " << table["actions"].size() << " actions x " << table["roles"].size()
            << " roles: " << allowed << " allowed and " << refused << " refused cells checked\n";
  EXPECT_GT(allowed, 0);
  EXPECT_GT(refused, 0);
}

TEST_P(PermissionMatrixTest, ServedTableIsTheCommandLinesAndTheDocsPage) {
  auto listed = client_->Get("/api/permissions");
  ASSERT_TRUE(listed);
  EXPECT_EQ(json::parse(listed->body), json::parse(Capture("permissions")));
  EXPECT_EQ(ReadFile(std::string(PLENARY_SOURCE_DIR) + "/docs/permissions.md"),
            Capture("permissions --markdown"))
      << "docs/permissions.md is stale: run `build/src/cli/plenary permissions --markdown > "
         "docs/permissions.md`";
}

INSTANTIATE_TEST_SUITE_P(Backends, PermissionMatrixTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary
