#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "http/request.h"
#include "http/response.h"

// How the module's cookies and private responses are made, in one place.
namespace plenary::auth {

// The form before sign-in has no session to carry a CSRF token, so it carries a random value
// that must match this cookie (double submit): a page elsewhere can neither read nor set it.
inline constexpr std::string_view kLoginCookie = "plenary_login";

// A Set-Cookie value: Path=/, HttpOnly, the given SameSite, Secure behind TLS
// (X-Forwarded-Proto: https). Max-Age 0 deletes the cookie.
std::string CookieHeader(const http::Request& request, std::string_view name,
                         std::string_view value, int64_t max_age, std::string_view same_site);

// Marks a response personal: never shared by the micro-cache, never stored by a browser or proxy.
http::Response Private(http::Response response);

// Whether a form's double-submit value matches the request's login cookie.
bool LoginFormIsGenuine(const http::Request& request, std::string_view sent);

}  // namespace plenary::auth
