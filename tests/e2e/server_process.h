#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <sys/types.h>

#include "core/result.h"

namespace plenary::e2e {

// A real `plenary serve` process on a free loopback port, for end-to-end tests.
class ServerProcess {
 public:
  // Starts `binary serve --port 0 --db <db_url> --no-access-log <extra>` and waits (up to 30 s)
  // for its "serving on port N" line. Its stderr goes to a log file kept for failures.
  static Result<ServerProcess> Start(const std::string& binary, const std::string& db_url,
                                     const std::vector<std::string>& extra = {});
  ServerProcess(ServerProcess&& other) noexcept;
  ServerProcess& operator=(ServerProcess&&) = delete;
  ~ServerProcess();

  uint16_t port() const { return port_; }
  // Sends SIGTERM and waits; returns the exit status (-1 on timeout, then SIGKILL).
  int Stop(std::chrono::seconds timeout = std::chrono::seconds(15));
  // A crash: SIGKILL, and waits for the process to be gone.
  void Kill();
  std::string ReadLog() const;
  // What the server printed on standard output before it was serving.
  const std::string& startup_output() const { return startup_output_; }

 private:
  ServerProcess() = default;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::string log_path_;
  std::string startup_output_;
};

}  // namespace plenary::e2e
