#include "http/response_cache.h"

namespace plenary::http {

ResponseCache::ResponseCache(std::chrono::milliseconds ttl, size_t max_entries)
    : ttl_(ttl), max_entries_(max_entries) {}

std::optional<std::string> ResponseCache::KeyFor(const Request& request) {
  if (request.method != Method::kGet && request.method != Method::kHead) {
    return std::nullopt;
  }
  if (request.headers.Get("cookie") || request.headers.Get("authorization")) {
    return std::nullopt;
  }
  std::string key = request.target;
  key += '\n';
  key += request.headers.Get("accept-language").value_or("");
  key += request.WantsHtml() ? "\nh" : "\nj";
  return key;
}

std::optional<Response> ResponseCache::Find(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    return std::nullopt;
  }
  auto age = std::chrono::steady_clock::now() - it->second.stored;
  if (it->second.generation != generation_ || age > ttl_) {
    order_.erase(it->second.order);
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.response;
}

void ResponseCache::Store(const std::string& key, const Response& response) {
  if (!enabled() || response.status != 200 || !response.shared_cache ||
      response.headers.Get("set-cookie")) {
    return;
  }
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    order_.erase(it->second.order);
    entries_.erase(it);
  }
  while (entries_.size() >= max_entries_ && !order_.empty()) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
  order_.push_back(key);
  entries_.emplace(
      key, Entry{response, std::chrono::steady_clock::now(), generation_, std::prev(order_.end())});
}

void ResponseCache::Invalidate() {
  std::lock_guard lock(mutex_);
  ++generation_;
  entries_.clear();
  order_.clear();
}

}  // namespace plenary::http
