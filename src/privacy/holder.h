#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/redact.h"
#include "core/result.h"
#include "storage/database.h"

// Data-protection requests (`plenary person export` / `erase`). Every module that keeps
// personal data registers one Holder; the privacy module runs them all in one transaction.
namespace plenary::privacy {

// What a module did when erasing one person, in words a data-protection officer can file.
struct Erasure {
  std::vector<std::string> done;  // "pseudonymised 2 accreditation requests; deleted 2 letters"
  std::vector<std::string> kept;  // what stays and why ("the official record of ...")
  // Objects whose audit payloads (before/after) name the person and are to be redacted.
  std::vector<audit::ObjectRef> audit_objects;
};

struct Holder {
  std::string_view module;  // "auth", "accreditation", ...
  // Everything the module holds about the account, as JSON (never secrets: no password or
  // token hashes).
  std::function<Result<nlohmann::json>(storage::Connection&, int64_t user_id)> export_data;
  // Pseudonymises or deletes it, inside the caller's transaction. `pseudonym` replaces the
  // person's name where a record must keep a name ("erased person 12").
  std::function<Result<Erasure>(storage::Connection&, int64_t user_id, std::string_view pseudonym)>
      erase;
};

}  // namespace plenary::privacy
