#include "http/router.h"

#include <string>

namespace plenary::http {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') {
      ++i;
    }
    size_t end = path.find('/', i);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    if (end > i) {
      out.push_back(path.substr(i, end - i));
    }
    i = end;
  }
  return out;
}

void Router::Add(Method method, std::string_view pattern, Handler handler) {
  Route route{method, std::string(pattern), {}, std::move(handler)};
  for (std::string_view seg : SplitPath(pattern)) {
    route.segments.emplace_back(seg);
  }
  routes_.push_back(std::move(route));
}

std::vector<std::pair<Method, std::string>> Router::Routes() const {
  std::vector<std::pair<Method, std::string>> out;
  for (const Route& route : routes_) {
    out.emplace_back(route.method, route.pattern);
  }
  return out;
}

bool Router::MatchSegments(const Route& route, const std::vector<std::string_view>& path,
                           Request& request) {
  if (route.segments.size() != path.size()) {
    return false;
  }
  for (size_t i = 0; i < path.size(); ++i) {
    const std::string& seg = route.segments[i];
    bool is_param = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
    if (!is_param && seg != path[i]) {
      return false;
    }
  }
  request.path_params.clear();
  for (size_t i = 0; i < path.size(); ++i) {
    const std::string& seg = route.segments[i];
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      request.path_params.emplace(seg.substr(1, seg.size() - 2), std::string(path[i]));
    }
  }
  return true;
}

Response Router::Dispatch(Request& request) const {
  auto path = SplitPath(request.path);
  Method wanted = request.method == Method::kHead ? Method::kGet : request.method;
  std::string allow;
  for (const Route& route : routes_) {
    if (!MatchSegments(route, path, request)) {
      continue;
    }
    if (route.method == wanted) {
      return route.handler(request);
    }
    if (!allow.empty()) {
      allow += ", ";
    }
    allow += MethodName(route.method);
  }
  if (allow.empty()) {
    return RespondError(request, NotFound("no page or resource at " + request.path));
  }
  Response r = RespondError(
      request, Status(StatusCode::kInvalidArgument, std::string(MethodName(request.method)) +
                                                        " is not allowed on " + request.path));
  r.status = 405;
  r.headers.Set("allow", allow);
  return r;
}

Response Router::RespondError(const Request& request, const Status& status) const {
  if (error_responder_) {
    return error_responder_(request, status);
  }
  return Response::Error(status);
}

}  // namespace plenary::http
