// The bytes that are hashed (README.md), pinned by tests/audit/canonical_test.cc. A format other
// than 1 is hashed as format 2: Verify refuses it before it hashes.
#include <array>
#include <initializer_list>
#include <string>
#include <string_view>

#include <sodium.h>

#include "audit/trail.h"
#include "core/encoding.h"

namespace plenary::audit {
namespace {

constexpr std::string_view kTagV1 = "plenary-audit-v1";
constexpr std::string_view kTagV2 = "plenary-audit-v2";

void AppendNetstring(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ',';
}

std::string Netstrings(std::initializer_list<std::string_view> fields) {
  std::string out;
  for (std::string_view field : fields) {
    AppendNetstring(out, field);
  }
  return out;
}

std::string Sha256Hex(std::string_view bytes) {
  // SHA-256 needs no initialisation, but libsodium asks for sodium_init() before any use.
  [[maybe_unused]] static const bool ready = sodium_init() >= 0;
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

}  // namespace

std::string CanonicalForm(const Entry& e) {
  const std::string id = std::to_string(e.id);
  const std::string user = std::to_string(e.actor.user_id);
  const std::string process = e.process_id ? std::to_string(*e.process_id) : "";
  if (e.format == kFormatV1) {
    return Netstrings({kTagV1, id, e.at, user, e.actor.label, process, e.object_type, e.object_id,
                       e.action, e.before_json, e.after_json, e.prev_hash});
  }
  return Netstrings({kTagV2, id, e.at, user, e.actor_digest, process, e.object_type, e.object_id,
                     e.action, e.payload_digest, e.prev_hash});
}

std::string ComputeHash(const Entry& entry) {
  return Sha256Hex(CanonicalForm(entry));
}

std::string ActorDigest(std::string_view salt, std::string_view label) {
  return Sha256Hex(Netstrings({salt, label}));
}

std::string PayloadDigest(std::string_view salt, std::string_view before_json,
                          std::string_view after_json) {
  return Sha256Hex(Netstrings({salt, before_json, after_json}));
}

}  // namespace plenary::audit
