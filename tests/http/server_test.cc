#include "http/server.h"

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace plenary::http {
namespace {

// A blocking GET over a fresh connection; returns the body, or "" if anything failed.
std::string Get(uint16_t port, const std::string& path) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return "";
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  std::string answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    std::string request = "GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size())) {
      char buffer[4096];
      for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) {
        answer.append(buffer, static_cast<size_t>(n));
      }
    }
  }
  ::close(fd);
  size_t body = answer.find("\r\n\r\n");
  return body == std::string::npos ? "" : answer.substr(body + 4);
}

// A server on a free port, run on a thread of its own until the end of the scope.
class RunningServer {
 public:
  RunningServer(const Router& router, int workers) : server_(router, Options(workers)) {
    auto port = server_.Listen();
    EXPECT_TRUE(port.has_value()) << port.error().message();
    port_ = port.value_or(0);
    runner_ = std::thread([this] { server_.Run(/*handle_signals=*/false); });
  }
  ~RunningServer() {
    server_.Stop();
    runner_.join();
  }
  uint16_t port() const { return port_; }

 private:
  static ServerOptions Options(int workers) {
    ServerOptions options;
    options.port = 0;
    options.worker_threads = workers;
    options.access_log = false;
    options.cache_ttl = std::chrono::milliseconds(0);
    return options;
  }
  Server server_;
  uint16_t port_ = 0;
  std::thread runner_;
};

// Handlers run on the worker pool, several at once: a handler that waits for a second one to
// start is joined by it. Were handlers run on the I/O thread, one at a time, the first would
// wait out its timeout alone and every request behind it would queue.
TEST(ServerTest, HandlersRunConcurrentlyOnThePool) {
  std::mutex mutex;
  std::condition_variable cv;
  int inside = 0;
  Router router;
  router.Get("/meet", [&](Request&) {
    std::unique_lock lock(mutex);
    ++inside;
    cv.notify_all();
    bool met = cv.wait_for(lock, std::chrono::seconds(5), [&] { return inside >= 2; });
    return Response::Text(met ? "met" : "alone");
  });
  RunningServer server(router, 4);
  const uint16_t port = server.port();
  ASSERT_NE(port, 0);

  auto first = std::async(std::launch::async, [&] { return Get(port, "/meet"); });
  auto second = std::async(std::launch::async, [&] { return Get(port, "/meet"); });
  EXPECT_EQ(first.get(), "met");
  EXPECT_EQ(second.get(), "met");
}

// A response that comes later frees the handler's thread: with one worker, two requests are
// both waiting for their replies at once, and each gets the reply sent, from another thread,
// to it. A reply dropped without being sent answers 500 instead of hanging the connection.
TEST(ServerTest, LaterResponsesFreeTheWorkerAndArriveFromAnyThread) {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::pair<std::string, Reply>> waiting;
  Router router;
  router.Get("/later/{name}", [&](Request& request) {
    std::string name(request.PathParam("name"));
    return Response::Later([&, name](Reply reply) {
      std::lock_guard lock(mutex);
      waiting.emplace_back(name, std::move(reply));
      cv.notify_all();
    });
  });
  router.Get("/dropped", [](Request&) { return Response::Later([](Reply) {}); });
  RunningServer server(router, 1);
  const uint16_t port = server.port();
  ASSERT_NE(port, 0);

  auto first = std::async(std::launch::async, [&] { return Get(port, "/later/a"); });
  auto second = std::async(std::launch::async, [&] { return Get(port, "/later/b"); });
  std::thread replier([&] {
    std::unique_lock lock(mutex);
    if (cv.wait_for(lock, std::chrono::seconds(10), [&] { return waiting.size() == 2; })) {
      for (auto& [name, reply] : waiting) {
        reply(Response::Text("for " + name));
      }
    }
    waiting.clear();
  });
  EXPECT_EQ(first.get(), "for a");
  EXPECT_EQ(second.get(), "for b");
  replier.join();
  EXPECT_NE(Get(port, "/dropped").find("the response was lost"), std::string::npos);
}

}  // namespace
}  // namespace plenary::http
