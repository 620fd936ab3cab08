#include "consultation/import.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "audit/trail.h"
#include "consultation/prepare.h"
#include "consultation/search_entry.h"
#include "consultation/store.h"
#include "core/text.h"
#include "formats/csv.h"

namespace plenary::consultation {
namespace {

using nlohmann::json;

constexpr size_t kBatch = 4000;

// One record as read: its line, and the API's JSON form of it (or why it could not be read).
struct Record {
  int64_t line = 0;
  json fields;
  std::string error;
};

// The record's own fields that the API does not take.
struct Extras {
  std::string submitted_at;
  std::string idempotency_key;
};

Result<Extras> TakeExtras(json& fields) {
  Extras out;
  for (auto [key, target] : {std::pair{"submitted_at", &out.submitted_at},
                             std::pair{"idempotency_key", &out.idempotency_key}}) {
    auto it = fields.find(key);
    if (it != fields.end()) {
      if (!it->is_string()) {
        return Error(InvalidArgument(fmt::format("'{}' must be a string", key)));
      }
      *target = it->get<std::string>();
      fields.erase(it);
    }
  }
  if (!out.submitted_at.empty()) {
    auto t = ParseIso8601(out.submitted_at);
    if (!t) {
      return Error(InvalidArgument(fmt::format(
          "'submitted_at' must be ISO 8601 (2016-12-07T10:00:00Z), not '{}'", out.submitted_at)));
    }
    out.submitted_at = FormatIso8601(*t);
  }
  return out;
}

// A CSV record as the JSON the API takes: answer_N columns become answers, publish_name a bool.
json CsvFields(const std::vector<std::string_view>& header,
               const std::vector<std::string_view>& values) {
  json out = json::object();
  for (size_t i = 0; i < header.size() && i < values.size(); ++i) {
    std::string_view name = header[i];
    std::string value(values[i]);
    if (value.empty()) {
      continue;
    }
    if (name.starts_with("answer_")) {
      out["answers"][std::string(name.substr(7))] = value;
    } else if (name == "publish_name") {
      std::string v = AsciiLower(value);
      out[std::string(name)] = v == "1" || v == "true" || v == "yes";
    } else {
      out[std::string(name)] = value;
    }
  }
  return out;
}

// Reads up to kBatch records from the text; false at its end.
class Reader {
 public:
  Reader(std::string_view text, ImportFormat format) : text_(text), format_(format), csv_(text) {}

  Status Start() {
    if (format_ == ImportFormat::kCsv) {
      RETURN_IF_ERROR(formats::ReadHeader(csv_, header_views_, "the file"));
      for (std::string_view h : header_views_) {
        header_.emplace_back(Trim(h));
      }
    }
    return Status::Ok();
  }

  Result<bool> Next(std::vector<Record>& out) {
    out.clear();
    while (out.size() < kBatch) {
      ASSIGN_OR_RETURN(bool more, format_ == ImportFormat::kCsv ? NextCsv(out) : NextLine(out));
      if (!more) {
        return !out.empty();
      }
    }
    return true;
  }

  size_t position() const { return format_ == ImportFormat::kCsv ? csv_.offset() : pos_; }

 private:
  Result<bool> NextCsv(std::vector<Record>& out) {
    ASSIGN_OR_RETURN(bool more, csv_.NextRecord(values_));
    if (!more) {
      return false;
    }
    std::vector<std::string_view> header(header_.begin(), header_.end());
    out.push_back({csv_.record_line(), CsvFields(header, values_), ""});
    return true;
  }

  Result<bool> NextLine(std::vector<Record>& out) {
    while (pos_ < text_.size()) {
      size_t end = text_.find('\n', pos_);
      end = end == std::string_view::npos ? text_.size() : end;
      std::string_view line = Trim(text_.substr(pos_, end - pos_));
      pos_ = end + 1;
      ++line_;
      if (line.empty()) {
        continue;
      }
      Record r{line_, json(), ""};
      if (!IsValidUtf8(line)) {
        r.error = "the line is not valid UTF-8";
      } else {
        r.fields = json::parse(line, nullptr, false);
        if (r.fields.is_discarded() || !r.fields.is_object()) {
          r.error = "the line is not a JSON object";
        }
      }
      out.push_back(std::move(r));
      return true;
    }
    return false;
  }

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

Ready PrepareRecord(Context& ctx, const Call& call, Record& record, const std::string& now) {
  Ready out;
  out.line = record.line;
  if (!record.error.empty()) {
    out.error = record.error;
    return out;
  }
  auto extras = TakeExtras(record.fields);
  auto input =
      extras ? ContributionFromJson(record.fields) : Result<NewContribution>(Error(extras.error()));
  if (input) {
    for (const Answer& a : input->answers) {
      bool known = std::any_of(call.questions.begin(), call.questions.end(),
                               [&](const Question& q) { return q.number == a.question; });
      if (!known) {
        input = Error(InvalidArgument(fmt::format("the call has no question {}", a.question)));
        break;
      }
    }
  }
  auto prepared =
      input ? Prepare(ctx, call, std::nullopt, *input) : Result<Contribution>(Error(input.error()));
  if (!prepared) {
    out.error = prepared.error().message();
    return out;
  }
  out.contribution = std::move(*prepared);
  out.contribution.submitted_at = extras->submitted_at.empty() ? now : extras->submitted_at;
  out.entry = IndexEntry(out.contribution);
  out.key = std::move(extras->idempotency_key);
  return out;
}

// Prepares every record of a batch on `threads` threads.
std::vector<Ready> PrepareBatch(Context& ctx, const Call& call, std::vector<Record>& records,
                                const std::string& now, unsigned threads) {
  std::vector<Ready> out(records.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < records.size(); i = next++) {
      out[i] = PrepareRecord(ctx, call, records[i], now);
    }
  };
  std::vector<std::jthread> pool;
  for (unsigned t = 1; t < threads; ++t) {
    pool.emplace_back(work);
  }
  work();
  return out;
}

Status WriteBatch(Context& ctx, const audit::Actor& actor, const Call& call,
                  std::vector<Ready>& batch, ImportReport& report) {
  ImportReport delta;
  Status s = ctx.db.Transaction([&](storage::Connection& c) -> Status {
    delta = {};
    // One lookup for the batch's idempotency keys; a key twice in the batch lands once.
    std::vector<std::string> keys;
    for (const Ready& r : batch) {
      if (r.error.empty() && !r.key.empty()) {
        keys.push_back(r.key);
      }
    }
    ASSIGN_OR_RETURN(std::set<std::string> taken, store::TakenKeys(c, call.id, keys));
    std::vector<store::NewRow> rows;
    std::vector<const SearchEntry*> row_entries;
    rows.reserve(batch.size());
    for (Ready& r : batch) {
      if (!r.error.empty()) {
        continue;
      }
      if (!r.key.empty() && !taken.insert(r.key).second) {
        ++delta.replayed;
        continue;
      }
      rows.push_back({&r.contribution, r.key});
      row_entries.push_back(&r.entry);
    }
    ASSIGN_OR_RETURN(std::vector<int64_t> ids, store::InsertContributions(c, rows, NewReceipt));
    std::vector<std::pair<int64_t, const SearchEntry*>> entries;
    entries.reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
      entries.emplace_back(ids[i], row_entries[i]);
      delta.first_id = delta.first_id == 0 ? ids[i] : std::min(delta.first_id, ids[i]);
      delta.last_id = std::max(delta.last_id, ids[i]);
    }
    delta.imported = static_cast<int64_t>(ids.size());
    // Search terms are written after all the rows: on SQLite, a statement that opens a statement
    // savepoint (INSERT ... RETURNING does) makes FTS5 flush its pending terms to a new segment,
    // so interleaving the two inserts wrote one segment per contribution.
    RETURN_IF_ERROR(store::IndexContributions(c, entries));
    if (delta.imported == 0) {
      return Status::Ok();
    }
    return audit::Append(c, actor,
                         {"call", std::to_string(call.id), call.process_id, "import", nullptr,
                          json{{"contributions", delta.imported},
                               {"first_id", delta.first_id},
                               {"last_id", delta.last_id}}},
                         ctx.clock.Now());
  });
  RETURN_IF_ERROR(s);
  report.imported += delta.imported;
  report.replayed += delta.replayed;
  report.first_id = report.first_id == 0 ? delta.first_id : report.first_id;
  report.last_id = delta.last_id != 0 ? delta.last_id : report.last_id;
  return Status::Ok();
}

// A batch read and prepared; `ready` is empty at the end of the text.
struct PreparedBatch {
  std::vector<Ready> ready;
  size_t position = 0;  // the reader's position after the batch
};

Status ReadAndPrepare(Context& ctx, const Call& call, Reader& reader, const std::string& now,
                      unsigned threads, PreparedBatch& out) {
  std::vector<Record> records;
  ASSIGN_OR_RETURN(bool more, reader.Next(records));
  out.ready = more ? PrepareBatch(ctx, call, records, now, threads) : std::vector<Ready>();
  out.position = reader.position();
  return Status::Ok();
}

}  // namespace

Result<ImportReport> ImportContributions(Context& ctx, const audit::Actor& actor, int64_t call_id,
                                         std::string_view text, ImportFormat format,
                                         const ImportProgress& progress) {
  std::optional<Call> call;
  RETURN_IF_ERROR(ctx.db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(call, store::FindCall(c, call_id));
    return Status::Ok();
  }));
  if (!call) {
    return Error(NotFound(fmt::format("no call {}", call_id)));
  }
  ImportReport report;
  Reader reader(text, format);
  RETURN_IF_ERROR(reader.Start());
  std::string now = FormatIso8601(ctx.clock.Now());
  // Analysis takes every core but the one the writer needs: the writer is the critical path,
  // and a third thread on two cores would slow it by a third.
  const unsigned cores = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  const unsigned beside_writer = std::max(1u, cores - 1);
  PreparedBatch batch;
  RETURN_IF_ERROR(ReadAndPrepare(ctx, *call, reader, now, cores, batch));
  bool first = true;
  while (!batch.ready.empty()) {
    report.read += static_cast<int64_t>(batch.ready.size());
    for (const Ready& r : batch.ready) {
      if (!r.error.empty()) {
        report.refused.emplace_back(r.line, r.error);
      }
    }
    // The next batch is read and analysed while this one is written: analysis and the single
    // writer overlap instead of taking turns. Only the `ahead` thread touches the reader.
    PreparedBatch next;
    Status read;
    std::jthread ahead(
        [&] { read = ReadAndPrepare(ctx, *call, reader, now, beside_writer, next); });
    Status written = WriteBatch(ctx, actor, *call, batch.ready, report);
    if (written.ok() && first) {
      auto refresh = [](storage::Connection& c) { return store::RefreshStatistics(c); };
      written = ctx.db.Transaction(refresh);
      first = false;
    }
    ahead.join();
    RETURN_IF_ERROR(written);
    RETURN_IF_ERROR(read);
    if (progress) {
      progress(batch.position, text.size());
    }
    batch = std::move(next);
  }
  return report;
}

}  // namespace plenary::consultation
