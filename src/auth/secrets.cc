#include "auth/secrets.h"

#include <cstdlib>

#include <sodium.h>

namespace plenary::auth {
namespace {

bool InitSodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

}  // namespace

PasswordCost PasswordCost::MinimumForTest() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Result<std::string> HashPassword(std::string_view password, const PasswordCost& cost) {
  if (password.size() < 10) {
    return Error(InvalidArgument("the password must have at least 10 characters"));
  }
  if (password.size() > 1024) {
    return Error(InvalidArgument("the password must have at most 1,024 characters"));
  }
  if (!InitSodium()) {
    return Error(Internal("libsodium could not be initialised"));
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error(ResourceExhausted("not enough memory to hash the password"));
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view phc, std::string_view password) {
  if (!InitSodium() || phc.empty() || phc.size() >= crypto_pwhash_STRBYTES) {
    return false;
  }
  std::string terminated(phc);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken() {
  InitSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof(bytes));
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof(out), bytes, sizeof(bytes),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string HashToken(std::string_view token) {
  InitSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
  return hex;
}

bool EqualInConstantTime(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace plenary::auth
