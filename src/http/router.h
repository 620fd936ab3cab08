#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace plenary::http {

// Handlers run on a worker thread (they may block on the database) and never see a socket.
using Handler = std::function<Response(Request&)>;
// Turns a refusal into a response: JSON for the API, a readable page for browsers.
using ErrorResponder = std::function<Response(const Request&, const Status&)>;

// Maps (method, path pattern) to a handler. Patterns are literal segments and `{name}`
// parameters: "/api/processes/{id}/members". Matching is exact per segment; no regexes.
// Built at start-up, then read-only (thread-safe for concurrent Dispatch).
class Router {
 public:
  void Add(Method method, std::string_view pattern, Handler handler);
  void Get(std::string_view pattern, Handler h) { Add(Method::kGet, pattern, std::move(h)); }
  void Post(std::string_view pattern, Handler h) { Add(Method::kPost, pattern, std::move(h)); }
  void Patch(std::string_view pattern, Handler h) { Add(Method::kPatch, pattern, std::move(h)); }
  void Delete(std::string_view pattern, Handler h) { Add(Method::kDelete, pattern, std::move(h)); }

  void SetErrorResponder(ErrorResponder responder) { error_responder_ = std::move(responder); }

  // Finds the handler and runs it; 404 or 405 (with Allow) when nothing matches. HEAD is
  // served by the GET handler with the body dropped by the server.
  Response Dispatch(Request& request) const;

  // The response for a refusal, via the error responder (JSON by default).
  Response RespondError(const Request& request, const Status& status) const;

  // Every route as (method, pattern), in registration order.
  std::vector<std::pair<Method, std::string>> Routes() const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;  // "{id}" marks a parameter
    Handler handler;
  };
  static bool MatchSegments(const Route& route, const std::vector<std::string_view>& path,
                            Request& request);

  std::vector<Route> routes_;
  ErrorResponder error_responder_;
};

// "/a/b/" -> {"a", "b"}; "/" -> {}.
std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace plenary::http
