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
  Entry& entry = it->second;
  auto now = std::chrono::steady_clock::now();
  if (entry.generation != generation_) {
    order_.erase(entry.order);
    entries_.erase(it);
    return std::nullopt;
  }
  if (now - entry.stored <= ttl_) {
    return entry.response;
  }
  // Expired: the first caller refreshes it; the rest get it until the refresh lands. A refresh
  // that never lands (the handler failed) gives way to the next caller after another ttl.
  if (!entry.refreshing || now - *entry.refreshing > ttl_) {
    entry.refreshing = now;
    return std::nullopt;
  }
  return entry.response;
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
