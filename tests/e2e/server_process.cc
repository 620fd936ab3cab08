#include "server_process.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace plenary::e2e {

Result<ServerProcess> ServerProcess::Start(const std::string& binary, const std::string& db_url,
                                           const std::vector<std::string>& extra) {
  char log_template[] = "/tmp/plenary-e2e-log-XXXXXX";
  int log_fd = mkstemp(log_template);
  int out[2];
  if (log_fd < 0 || pipe(out) != 0) {
    return Error(Internal("cannot create the server's log or pipe"));
  }
  std::vector<std::string> args = {binary, "serve", "--port",         "0",
                                   "--db", db_url,  "--no-access-log"};
  args.insert(args.end(), extra.begin(), extra.end());
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    close(out[0]);
    std::vector<char*> argv;
    for (auto& a : args) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  close(log_fd);
  ServerProcess server;
  server.pid_ = pid;
  server.log_path_ = log_template;
  std::string buffer;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) {
      continue;
    }
    char chunk[256];
    ssize_t n = read(out[0], chunk, sizeof(chunk));
    if (n <= 0) {
      break;
    }
    buffer.append(chunk, static_cast<size_t>(n));
    size_t at = buffer.find("serving on port ");
    if (at != std::string::npos && buffer.find('(', at) != std::string::npos) {
      server.port_ = static_cast<uint16_t>(std::atoi(buffer.c_str() + at + 16));
      break;
    }
  }
  close(out[0]);
  server.startup_output_ = buffer;
  if (server.port_ == 0) {
    std::string log = server.ReadLog();
    return Error(Unavailable("the server did not start: " + log));
  }
  return server;
}

ServerProcess::ServerProcess(ServerProcess&& other) noexcept
    : pid_(other.pid_),
      port_(other.port_),
      log_path_(std::move(other.log_path_)),
      startup_output_(std::move(other.startup_output_)) {
  other.pid_ = -1;
  other.log_path_.clear();
}

ServerProcess::~ServerProcess() {
  Stop();
  if (!log_path_.empty()) {
    unlink(log_path_.c_str());
  }
}

int ServerProcess::Stop(std::chrono::seconds timeout) {
  if (pid_ <= 0) {
    return -1;
  }
  kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

void ServerProcess::Kill() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
}

std::string ServerProcess::ReadLog() const {
  std::ifstream in(log_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace plenary::e2e
