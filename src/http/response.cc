#include "http/response.h"

#include <nlohmann/json.hpp>

namespace plenary::http {

Response Response::Json(const nlohmann::json& value, int status) {
  Response r;
  r.status = status;
  r.headers.Set("content-type", "application/json");
  r.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::Html(std::string html, int status) {
  Response r;
  r.status = status;
  r.headers.Set("content-type", "text/html; charset=utf-8");
  r.body = std::move(html);
  return r;
}

Response Response::Text(std::string text, int status) {
  Response r;
  r.status = status;
  r.headers.Set("content-type", "text/plain; charset=utf-8");
  r.body = std::move(text);
  return r;
}

Response Response::Later(std::function<void(Reply)> start) {
  Response r;
  r.later = std::move(start);
  return r;
}

Response Response::Redirect(std::string_view location) {
  Response r;
  r.status = 303;
  r.headers.Set("location", std::string(location));
  return r;
}

Response Response::Error(const Status& status) {
  nlohmann::json body = {
      {"error",
       {{"code", std::string(StatusCodeName(status.code()))}, {"message", status.message()}}}};
  return Json(body, HttpStatusFor(status.code()));
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 422;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "";
  }
}

}  // namespace plenary::http
