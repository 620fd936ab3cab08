#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

// Accounts for end-to-end tests: created with the real `plenary` command line, signed in over
// HTTP like any client.
namespace plenary::e2e {

// Runs `plenary <args>` with `input` on standard input; returns the exit code.
inline int RunPlenary(const std::string& args, const std::string& input = "") {
  std::string command = std::string(PLENARY_BINARY) + " " + args + " > /dev/null 2>&1";
  FILE* pipe = popen(command.c_str(), "w");
  if (pipe == nullptr) {
    return -1;
  }
  fputs(input.c_str(), pipe);
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// `plenary ARGS`: its exit code and what it printed (stdout and stderr).
struct CommandRun {
  int exit_code = -1;
  std::string out;
};
inline CommandRun RunPlenaryOutput(const std::string& args) {
  CommandRun run;
  FILE* pipe = popen((std::string(PLENARY_BINARY) + " " + args + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    return run;
  }
  char buffer[4096];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) {
    run.out += buffer;
  }
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// `plenary user add --db URL --password-stdin <extra>`.
inline int AddUser(const std::string& db_url, const std::string& extra,
                   const std::string& password) {
  return RunPlenary("user add --db '" + db_url + "' --password-stdin " + extra, password + "\n");
}

// A signed-in session: its cookie and CSRF token, sent with every request.
struct SignedIn {
  std::string cookie;  // "plenary_session=..."
  std::string csrf;
  httplib::Headers Headers() const { return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}; }
};

inline std::optional<SignedIn> SignIn(httplib::Client& client, const std::string& email,
                                      const std::string& password) {
  auto r =
      client.Post("/api/session", nlohmann::json{{"email", email}, {"password", password}}.dump(),
                  "application/json");
  if (!r || r->status != 200) {
    return std::nullopt;
  }
  std::string cookie = r->get_header_value("set-cookie");
  return SignedIn{cookie.substr(0, cookie.find(';')),
                  nlohmann::json::parse(r->body)["csrf_token"].get<std::string>()};
}

// Sends `body` (JSON text, or none) with `method` to `path`.
inline httplib::Result Send(httplib::Client& client, const std::string& method,
                            const std::string& path, const httplib::Headers& headers,
                            const std::string& body = "") {
  const char* type = "application/json";
  if (method == "GET") {
    return client.Get(path.c_str(), headers);
  }
  if (method == "POST") {
    return client.Post(path.c_str(), headers, body, type);
  }
  if (method == "PATCH") {
    return client.Patch(path.c_str(), headers, body, type);
  }
  if (method == "PUT") {
    return client.Put(path.c_str(), headers, body, type);
  }
  return client.Delete(path.c_str(), headers, body, type);
}

}  // namespace plenary::e2e
