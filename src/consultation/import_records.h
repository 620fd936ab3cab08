#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "consultation/commands.h"
#include "consultation/import.h"
#include "consultation/search_entry.h"
#include "core/result.h"
#include "formats/csv.h"

// The records of a bulk import (import.h): read from CSV or JSON Lines, then each made ready for
// writing, or refused with the reason. Internal to the module: import.cc runs these on its
// threads.
namespace plenary::consultation {

// One record as read: its line, and the API's JSON form of it (or why it could not be read).
// A line of JSON Lines is kept as text and parsed by the thread that prepares it (ReadFields):
// the reader, which runs alone, only finds where lines end.
struct Record {
  int64_t line = 0;
  nlohmann::json fields;
  std::string error;
  std::string_view json_line;  // not parsed yet when not empty
};

// Reads up to `limit` records from the text at a time; false at its end. One thread at a time.
class Reader {
 public:
  Reader(std::string_view text, ImportFormat format) : text_(text), format_(format), csv_(text) {}

  // Reads a CSV file's header row; nothing for JSON Lines.
  Status Start();
  Result<bool> Next(std::vector<Record>& out, size_t limit);
  size_t position() const { return format_ == ImportFormat::kCsv ? csv_.offset() : pos_; }

 private:
  Result<bool> NextCsv(std::vector<Record>& out);
  Result<bool> NextLine(std::vector<Record>& out);

  std::string_view text_;
  ImportFormat format_;
  formats::CsvReader csv_;
  std::vector<std::string_view> header_views_;
  std::vector<std::string> header_;
  std::vector<std::string_view> values_;
  size_t pos_ = 0;
  int64_t line_ = 0;
};

// A record made ready for writing, or refused.
struct Ready {
  int64_t line = 0;
  std::string error;
  Contribution contribution;
  SearchEntry entry;
  std::string key;
};

// Parses `record` (a JSON line is parsed here, on the calling thread), validates it as the API
// does and analyses it; `now` is its submission time when it gives none. Thread-safe.
Ready PrepareRecord(Context& ctx, const Call& call, Record& record, const std::string& now);

}  // namespace plenary::consultation
