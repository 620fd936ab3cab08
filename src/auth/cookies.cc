#include "auth/cookies.h"

#include <fmt/format.h>

#include "auth/secrets.h"

namespace plenary::auth {

std::string CookieHeader(const http::Request& request, std::string_view name,
                         std::string_view value, int64_t max_age, std::string_view same_site) {
  bool tls = request.headers.Get("x-forwarded-proto").value_or("") == "https";
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite={}; Max-Age={}{}", name, value, same_site,
                     max_age, tls ? "; Secure" : "");
}

http::Response Private(http::Response response) {
  response.shared_cache = false;
  response.headers.Set("cache-control", "private, no-store");
  return response;
}

bool LoginFormIsGenuine(const http::Request& request, std::string_view sent) {
  std::string_view expected = request.Cookie(kLoginCookie).value_or("");
  return !sent.empty() && EqualInConstantTime(sent, expected);
}

}  // namespace plenary::auth
