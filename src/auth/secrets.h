#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

// Password hashing and session secrets, all through libsodium.
namespace plenary::auth {

// Argon2id cost. The defaults are libsodium's INTERACTIVE preset (64 MiB, 2 passes); tests
// use the minimum so they stay fast.
struct PasswordCost {
  unsigned long long ops = 2;
  size_t memory_bytes = 64u << 20;
  static PasswordCost MinimumForTest();
};

// A PHC string ("$argon2id$v=19$m=...") for `password`. kInvalidArgument for a password of
// fewer than 10 or more than 1,024 bytes; kResourceExhausted when memory runs out.
Result<std::string> HashPassword(std::string_view password, const PasswordCost& cost);
// Constant-time check of `password` against a PHC string.
bool VerifyPassword(std::string_view phc, std::string_view password);

// 32 random bytes as unpadded base64url: session tokens, CSRF tokens, API tokens.
std::string RandomToken();
// Hex SHA-256 of a token: what the database keeps, so a leaked table opens no session.
std::string HashToken(std::string_view token);
// Compares two strings in time independent of their contents.
bool EqualInConstantTime(std::string_view a, std::string_view b);

}  // namespace plenary::auth
