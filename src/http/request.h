#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plenary::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view MethodName(Method method);

// Header names are stored lower-case.
class Headers {
 public:
  void Set(std::string_view name, std::string value);
  void Add(std::string_view name, std::string value);
  void Remove(std::string_view name);
  // The first value of `name` (case-insensitive), if any.
  std::optional<std::string_view> Get(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& all() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

// One HTTP request as the handlers see it: no sockets, no Beast types.
struct Request {
  Method method = Method::kGet;
  std::string target;  // as sent: "/api/processes?status=active"
  std::string path;    // percent-decoded path: "/api/processes"
  std::multimap<std::string, std::string, std::less<>> query;  // decoded query parameters
  Headers headers;
  std::string body;
  std::string remote_address;
  // Filled by the router: "{id}" in "/api/processes/{id}".
  std::map<std::string, std::string, std::less<>> path_params;

  std::optional<std::string_view> Query(std::string_view name) const;
  std::string_view PathParam(std::string_view name) const;
  // True when the client prefers HTML (a browser) over JSON.
  bool WantsHtml() const;
  // The value of cookie `name` from the Cookie header, if sent.
  std::optional<std::string_view> Cookie(std::string_view name) const;
};

// Splits "a=1&b=x%20y" into decoded pairs. Malformed escapes are kept literally.
std::multimap<std::string, std::string, std::less<>> ParseQuery(std::string_view query);

// Decodes %XX escapes (and '+' as space when `plus_is_space`); nullopt on invalid UTF-8 or NUL.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace plenary::http
