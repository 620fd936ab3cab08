#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/router.h"

namespace plenary::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port (tests)
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 16 * 1024 * 1024;
  // A client must send a whole request header within this time, and the body after it; an
  // idle keep-alive connection is closed after the same time.
  std::chrono::seconds read_timeout{15};
  std::chrono::seconds write_timeout{30};
  int worker_threads = 0;  // handlers' pool; 0 = number of cores (at least 2)
  bool access_log = true;
  std::chrono::seconds shutdown_grace{10};
  // Public responses are reused for this long (0 disables), and dropped after every write.
  std::chrono::milliseconds cache_ttl{1000};
  size_t cache_entries = 4096;
};

// An HTTP/1.1 server: one I/O thread running C++20 coroutines (Boost.Beast/Asio), handlers on
// a worker pool so a slow database call never stalls other connections. Beast stays inside
// server.cc; handlers see only Request and Response.
class Server {
 public:
  Server(const Router& router, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the port (useful with port 0). kUnavailable if it cannot bind.
  Result<uint16_t> Listen();
  // From now on SIGINT/SIGTERM stop the server gracefully (a signal that arrives before Run is
  // kept until Run). Call before announcing that the server is up, so that a stop request
  // sent at once is never the default, abrupt one. Idempotent.
  void CatchSignals();
  // Serves until Stop() or, when `handle_signals`, SIGINT/SIGTERM; then lets in-flight requests
  // finish (up to shutdown_grace) and returns. Call from one thread.
  void Run(bool handle_signals);
  // Thread-safe; may be called from a signal-handling context of Asio or another thread.
  void Stop();

  // Defined in server.cc; public only so the coroutines there can name it.
  struct State;

 private:
  // Shared with the replies of responses that come later (Response::Later), so that a reply
  // arriving after the server is gone still finds the loop it resumes (and is dropped there).
  std::shared_ptr<State> state_;
};

}  // namespace plenary::http
