#pragma once

#include <chrono>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/request.h"
#include "http/response.h"

namespace plenary::http {

// A micro-cache of public responses (anonymous GETs that the handler marked `shared_cache`),
// served straight from the I/O thread. Entries are all dropped by Invalidate(), which the server
// calls after every successful write it serves, so this process's own writes are seen at once.
// An entry older than `ttl` (to pick up other processes' writes) is refreshed by one request
// while the others keep getting it, so an expiry does not send every client to the database
// at the same moment. Thread-safe.
class ResponseCache {
 public:
  ResponseCache(std::chrono::milliseconds ttl, size_t max_entries);

  bool enabled() const { return ttl_.count() > 0 && max_entries_ > 0; }
  // The cache key of a request, or nullopt when it must not be served from the cache
  // (not GET/HEAD, or it carries credentials: a cookie or an Authorization header).
  static std::optional<std::string> KeyFor(const Request& request);

  std::optional<Response> Find(const std::string& key);
  void Store(const std::string& key, const Response& response);
  void Invalidate();

 private:
  struct Entry {
    Response response;
    std::chrono::steady_clock::time_point stored;
    uint64_t generation;
    std::list<std::string>::iterator order;
    // When a request set out to refresh this expired entry; others are served it meanwhile.
    std::optional<std::chrono::steady_clock::time_point> refreshing;
  };
  std::chrono::milliseconds ttl_;
  size_t max_entries_;
  std::mutex mutex_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> order_;  // least recently stored first
};

}  // namespace plenary::http
