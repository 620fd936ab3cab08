#include "storage/sqlite/terms_tokenizer.h"

#include <cstring>

namespace plenary::storage {
namespace {

// The tokenizer keeps no state: every instance is this one.
Fts5Tokenizer* Instance() {
  static char instance;
  return reinterpret_cast<Fts5Tokenizer*>(&instance);
}

int Create(void*, const char**, int argc, Fts5Tokenizer** out) {
  if (argc != 0) {
    return SQLITE_ERROR;  // no options
  }
  *out = Instance();
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer*) {}

int Tokenize(Fts5Tokenizer*, void* context, int /*flags*/, const char* text, int size,
             int (*token)(void*, int, const char*, int, int, int)) {
  int at = 0;
  while (at < size) {
    if (text[at] == ' ') {
      ++at;
      continue;
    }
    const void* space = std::memchr(text + at, ' ', static_cast<size_t>(size - at));
    const int end =
        space == nullptr ? size : static_cast<int>(static_cast<const char*>(space) - text);
    const int rc = token(context, 0, text + at, end - at, at, end);
    if (rc != SQLITE_OK) {
      return rc;
    }
    at = end;
  }
  return SQLITE_OK;
}

}  // namespace

Status RegisterTermsTokenizer(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_bind_pointer(statement, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(statement);
  }
  sqlite3_finalize(statement);
  if (rc != SQLITE_OK || api == nullptr) {
    return Internal("this SQLite has no FTS5 (the plenary_terms tokenizer needs it)");
  }
  fts5_tokenizer tokenizer{Create, Delete, Tokenize};
  rc = api->xCreateTokenizer(api, "plenary_terms", nullptr, &tokenizer, nullptr);
  if (rc != SQLITE_OK) {
    return Internal("cannot register FTS5's plenary_terms tokenizer");
  }
  return Status::Ok();
}

}  // namespace plenary::storage
