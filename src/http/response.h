#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/status.h"
#include "http/request.h"

namespace plenary::http {

struct Response;
// Sends a response that was not ready when its handler returned. Call it once, from any thread.
using Reply = std::function<void(Response)>;

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // The same for every anonymous client, so the server may reuse it (http/response_cache.h).
  bool shared_cache = false;
  // Set by Later: the response comes when the work this starts calls its Reply.
  std::function<void(Reply)> later;

  // A response that comes later. The server calls `start(reply)` once the handler has returned,
  // off the handlers' pool, and frees the handler's thread: `start` should only hand `reply` to
  // work that is already queued (a shared commit) and return. The connection waits for the
  // reply; a Reply dropped without being called answers 500, so a lost reply never hangs it.
  static Response Later(std::function<void(Reply)> start);

  // 200 application/json from a JSON value.
  static Response Json(const nlohmann::json& value, int status = 200);
  // text/html; charset=utf-8. `html` must already be escaped (web/ renders it).
  static Response Html(std::string html, int status = 200);
  static Response Text(std::string text, int status = 200);
  // 303 See Other to `location` (after a form post).
  static Response Redirect(std::string_view location);
  // `{"error": {"code": "...", "message": "..."}}` with the HTTP status mapped from the code.
  static Response Error(const Status& status);
};

// The one mapping from Status codes to HTTP statuses.
int HttpStatusFor(StatusCode code);
std::string_view ReasonPhrase(int status);

}  // namespace plenary::http
