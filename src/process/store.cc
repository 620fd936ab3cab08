#include "process/store.h"

#include <span>

#include "core/embedded.h"
#include "core/text.h"
#include "formats/csv.h"

namespace plenary::process {
std::span<const EmbeddedFile> EmbeddedReferenceData();  // generated from data/
}

namespace plenary::process::store {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kCountCountries = "SELECT COUNT(*) FROM countries";
constexpr std::string_view kUpsertCountry =
    "INSERT INTO countries (iso3, iso2, m49, name, region, subregion, ldc, lldc, sids, un_status, "
    "un_regional_group) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (iso3) DO UPDATE SET "
    "iso2 = excluded.iso2, m49 = excluded.m49, name = excluded.name, region = excluded.region, "
    "subregion = excluded.subregion, ldc = excluded.ldc, lldc = excluded.lldc, sids = "
    "excluded.sids, "
    "un_status = excluded.un_status, un_regional_group = excluded.un_regional_group";
constexpr std::string_view kSelectCountries =
    "SELECT iso3, iso2, m49, name, region, subregion, ldc, lldc, sids, un_status, "
    "un_regional_group "
    "FROM countries";
constexpr std::string_view kFindCountry =
    "SELECT iso3, iso2, m49, name, region, subregion, ldc, lldc, sids, un_status, "
    "un_regional_group "
    "FROM countries WHERE iso3 = ? OR iso2 = ? OR m49 = ?";

constexpr std::string_view kInsertProcess =
    "INSERT INTO processes (short_name, title, mandate, mandate_source, parent_body, starts_on, "
    "ends_on, status, methods_of_work, outcome, time_zone, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kProcessColumns =
    "SELECT id, short_name, title, mandate, mandate_source, parent_body, starts_on, ends_on, "
    "status, "
    "methods_of_work, outcome, time_zone, created_at, updated_at FROM processes";
constexpr std::string_view kUpdateProcess =
    "UPDATE processes SET short_name = ?, title = ?, mandate = ?, mandate_source = ?, parent_body "
    "= ?, "
    "starts_on = ?, ends_on = ?, status = ?, methods_of_work = ?, outcome = ?, time_zone = ?, "
    "updated_at = ? WHERE id = ?";
constexpr std::string_view kCountProcesses = "SELECT COUNT(*) FROM processes";
constexpr std::string_view kSelectQuestions =
    "SELECT text FROM guiding_questions WHERE process_id = ? ORDER BY position";
constexpr std::string_view kDeleteQuestions = "DELETE FROM guiding_questions WHERE process_id = ?";
constexpr std::string_view kInsertQuestion =
    "INSERT INTO guiding_questions (process_id, position, text) VALUES (?, ?, ?)";
constexpr std::string_view kSelectMilestones =
    "SELECT kind, starts_on, ends_on, title, note FROM milestones WHERE process_id = ? "
    "ORDER BY starts_on, id";
constexpr std::string_view kDeleteMilestones = "DELETE FROM milestones WHERE process_id = ?";
constexpr std::string_view kInsertMilestone =
    "INSERT INTO milestones (process_id, kind, starts_on, ends_on, title, note) "
    "VALUES (?, ?, ?, ?, ?, ?)";

constexpr std::string_view kInsertMember =
    "INSERT INTO members (process_id, seat_label, stakeholder_group, role, country_iso3, "
    "regional_group, organisation, person, starts_on, ends_on, note, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kSelectMembers =
    "SELECT id, process_id, seat_label, stakeholder_group, role, country_iso3, regional_group, "
    "organisation, person, starts_on, ends_on, note FROM members WHERE process_id = ? ORDER BY id";

Country CountryFromRow(const Row& row) {
  return Country{row.Text(0),     row.Text(1), row.Text(2),     row.Text(3),
                 row.Text(4),     row.Text(5), row.Int(6) != 0, row.Int(7) != 0,
                 row.Int(8) != 0, row.Text(9), row.Text(10)};
}

Process ProcessFromRow(const Row& row) {
  Process p;
  p.id = row.Int(0);
  p.short_name = row.Text(1);
  p.title = row.Text(2);
  p.mandate = row.Text(3);
  p.mandate_source = row.Text(4);
  p.parent_body = row.Text(5);
  p.starts_on = row.Text(6);
  p.ends_on = row.Text(7);
  p.status = ParseProcessStatus(row.Text(8)).value_or(ProcessStatus::kPlanned);
  p.methods_of_work = row.Text(9);
  p.outcome = row.Text(10);
  p.time_zone = row.Text(11);
  p.created_at = row.Text(12);
  p.updated_at = row.Text(13);
  return p;
}

Status LoadChildren(Connection& db, Process& p) {
  Value id = p.id;
  ASSIGN_OR_RETURN(auto questions, db.Query(kSelectQuestions, std::span(&id, 1)));
  for (const Row& row : questions.rows) {
    p.guiding_questions.push_back(row.Text(0));
  }
  ASSIGN_OR_RETURN(auto milestones, db.Query(kSelectMilestones, std::span(&id, 1)));
  for (const Row& row : milestones.rows) {
    p.milestones.push_back(
        Milestone{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4)});
  }
  return Status::Ok();
}

Status WriteChildren(Connection& db, const Process& p) {
  Value id = p.id;
  RETURN_IF_ERROR(detail::ToStatus(db.Execute(kDeleteQuestions, std::span(&id, 1))));
  RETURN_IF_ERROR(detail::ToStatus(db.Execute(kDeleteMilestones, std::span(&id, 1))));
  for (size_t i = 0; i < p.guiding_questions.size(); ++i) {
    Value params[] = {p.id, static_cast<int64_t>(i + 1), p.guiding_questions[i]};
    RETURN_IF_ERROR(detail::ToStatus(db.Execute(kInsertQuestion, params)));
  }
  for (const Milestone& m : p.milestones) {
    Value params[] = {p.id, m.kind, m.starts_on, m.ends_on, m.title, m.note};
    RETURN_IF_ERROR(detail::ToStatus(db.Execute(kInsertMilestone, params)));
  }
  return Status::Ok();
}

Value TextOrNull(const std::string& s) {
  return s.empty() ? Value{} : Value{s};
}

}  // namespace

Status LoadCountries(Connection& db) {
  std::string_view csv;
  for (const EmbeddedFile& f : EmbeddedReferenceData()) {
    if (f.name == "countries.csv") {
      csv = f.content;
    }
  }
  formats::CsvReader reader(csv);
  std::vector<std::string_view> fields;
  std::vector<std::vector<std::string>> records;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.NextRecord(fields));
    if (!more) {
      break;
    }
    if (fields.size() != 15) {
      return Internal("countries.csv line " + std::to_string(reader.record_line()) +
                      ": expected 15 fields");
    }
    if (fields[0] != "iso3") {
      records.emplace_back(fields.begin(), fields.end());
    }
  }
  ASSIGN_OR_RETURN(Row count, db.QueryOne(kCountCountries, {}, "countries"));
  if (count.Int(0) == static_cast<int64_t>(records.size())) {
    return Status::Ok();
  }
  for (const auto& f : records) {
    Value params[] = {f[0],
                      f[1],
                      f[2],
                      f[3],
                      f[5],
                      f[7],
                      int64_t{f[10] == "true"},
                      int64_t{f[11] == "true"},
                      int64_t{f[12] == "true"},
                      f[13],
                      f[14]};
    RETURN_IF_ERROR(detail::ToStatus(db.Execute(kUpsertCountry, params)));
  }
  return Status::Ok();
}

Result<std::vector<Country>> ListCountries(Connection& db) {
  ASSIGN_OR_RETURN(auto rows, db.Query(kSelectCountries));
  std::vector<Country> out;
  out.reserve(rows.rows.size());
  for (const Row& row : rows.rows) {
    out.push_back(CountryFromRow(row));
  }
  return out;
}

Result<std::optional<Country>> FindCountry(Connection& db, std::string_view code) {
  std::string upper(Trim(code));
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
  }
  Value params[] = {upper, upper, upper};
  ASSIGN_OR_RETURN(auto rows, db.Query(kFindCountry, params));
  if (rows.empty()) {
    return std::optional<Country>();
  }
  return std::optional<Country>(CountryFromRow(rows.rows.front()));
}

Result<int64_t> InsertProcess(Connection& db, const Process& p, std::string_view now) {
  Value params[] = {p.short_name,      p.title,     p.mandate,   p.mandate_source,
                    p.parent_body,     p.starts_on, p.ends_on,   std::string(Code(p.status)),
                    p.methods_of_work, p.outcome,   p.time_zone, std::string(now),
                    std::string(now)};
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kInsertProcess, params, "new process"));
  Process stored = p;
  stored.id = row.Int(0);
  RETURN_IF_ERROR(WriteChildren(db, stored));
  return stored.id;
}

Result<Process> GetProcess(Connection& db, int64_t id) {
  std::string sql = std::string(kProcessColumns) + " WHERE id = ?";
  Value param = id;
  ASSIGN_OR_RETURN(Row row,
                   db.QueryOne(sql, std::span(&param, 1), "process " + std::to_string(id)));
  Process p = ProcessFromRow(row);
  RETURN_IF_ERROR(LoadChildren(db, p));
  return p;
}

Result<std::vector<Process>> ListProcesses(Connection& db) {
  std::string sql = std::string(kProcessColumns) + " ORDER BY starts_on DESC, id DESC";
  ASSIGN_OR_RETURN(auto rows, db.Query(sql));
  std::vector<Process> out;
  for (const Row& row : rows.rows) {
    out.push_back(ProcessFromRow(row));
  }
  for (Process& p : out) {
    RETURN_IF_ERROR(LoadChildren(db, p));
  }
  return out;
}

Status UpdateProcess(Connection& db, const Process& p, std::string_view now) {
  Value params[] = {p.short_name,
                    p.title,
                    p.mandate,
                    p.mandate_source,
                    p.parent_body,
                    p.starts_on,
                    p.ends_on,
                    std::string(Code(p.status)),
                    p.methods_of_work,
                    p.outcome,
                    p.time_zone,
                    std::string(now),
                    p.id};
  ASSIGN_OR_RETURN(int64_t changed, db.Execute(kUpdateProcess, params));
  if (changed == 0) {
    return NotFound("process " + std::to_string(p.id));
  }
  return WriteChildren(db, p);
}

Result<int64_t> InsertMember(Connection& db, const Member& m, std::string_view now) {
  Value params[] = {m.process_id,
                    m.seat_label,
                    std::string(Code(m.stakeholder_group)),
                    std::string(Code(m.role)),
                    TextOrNull(m.country_iso3),
                    m.regional_group,
                    m.organisation,
                    m.person,
                    m.starts_on,
                    m.ends_on,
                    m.note,
                    std::string(now)};
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kInsertMember, params, "new member"));
  return row.Int(0);
}

Result<std::vector<Member>> ListMembers(Connection& db, int64_t process_id) {
  Value param = process_id;
  ASSIGN_OR_RETURN(auto rows, db.Query(kSelectMembers, std::span(&param, 1)));
  std::vector<Member> out;
  out.reserve(rows.rows.size());
  for (const Row& row : rows.rows) {
    Member m;
    m.id = row.Int(0);
    m.process_id = row.Int(1);
    m.seat_label = row.Text(2);
    m.stakeholder_group =
        ParseStakeholderGroup(row.Text(3)).value_or(StakeholderGroup::kGovernment);
    m.role = ParseRole(row.Text(4)).value_or(Role::kMember);
    m.country_iso3 = row.Text(5);
    m.regional_group = row.Text(6);
    m.organisation = row.Text(7);
    m.person = row.Text(8);
    m.starts_on = row.Text(9);
    m.ends_on = row.Text(10);
    m.note = row.Text(11);
    out.push_back(std::move(m));
  }
  return out;
}

Result<int64_t> CountProcesses(Connection& db) {
  ASSIGN_OR_RETURN(Row row, db.QueryOne(kCountProcesses, {}, "process count"));
  return row.Int(0);
}

}  // namespace plenary::process::store
