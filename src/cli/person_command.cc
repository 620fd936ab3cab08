#include "cli/person_command.h"

#include <cstdlib>
#include <iostream>
#include <memory>

#include "app/application.h"
#include "auth/accounts.h"
#include "privacy/requests.h"

namespace plenary::cli {
namespace {

struct PersonOptions {
  std::string db_url = "sqlite:var/plenary.db";
  std::string email;
  int64_t user_id = 0;
  bool yes = false;
};

Result<int64_t> ResolvePerson(storage::Database& db, const PersonOptions& o) {
  if ((o.user_id != 0) == !o.email.empty()) {
    return Error(InvalidArgument("name the person with --email or --user-id (one of them)"));
  }
  if (o.user_id != 0) {
    return o.user_id;
  }
  ASSIGN_OR_RETURN(auto account, auth::FindAccount(db, o.email));
  if (!account) {
    return Error(NotFound("no account has the email " + o.email));
  }
  return account->user_id;
}

Status Export(const PersonOptions& o) {
  ASSIGN_OR_RETURN(auto db, app::OpenMigratedDatabase(o.db_url));
  ASSIGN_OR_RETURN(int64_t id, ResolvePerson(*db, o));
  ASSIGN_OR_RETURN(auto data, privacy::ExportPerson(*db, app::PersonalDataHolders(), id));
  std::cout << data.dump(2) << "\n";
  return Status::Ok();
}

Status Erase(const PersonOptions& o) {
  if (!o.yes) {
    return InvalidArgument(
        "erasure cannot be undone: run `plenary person export` first, then add --yes");
  }
  ASSIGN_OR_RETURN(auto db, app::OpenMigratedDatabase(o.db_url));
  ASSIGN_OR_RETURN(int64_t id, ResolvePerson(*db, o));
  SystemClock clock;
  ASSIGN_OR_RETURN(auto report, privacy::ErasePerson(*db, clock, app::PersonalDataHolders(), id,
                                                     audit::Actor{0, "data-protection request"}));
  std::cout << "Erased account " << id << ": it is now '" << report.pseudonym << "'.\nDone:\n";
  for (const std::string& line : report.done) {
    std::cout << "  - " << line << "\n";
  }
  std::cout << "  - " << report.audit_entries_redacted
            << " audit entries redacted; the erasure is audit entry " << report.erase_entry_id
            << " and the hash chain stays whole\nKept:\n";
  for (const std::string& line : report.kept) {
    std::cout << "  - " << line << "\n";
  }
  return Status::Ok();
}

void AddCommonOptions(CLI::App* command, PersonOptions& o) {
  command->add_option("--db", o.db_url, "Database URL")
      ->envname("PLENARY_DB")
      ->capture_default_str();
  command->add_option("--email", o.email, "The person's account email");
  command->add_option("--user-id", o.user_id, "The person's account id (after an erasure)");
}

void Finish(const Status& s) {
  if (!s.ok()) {
    std::cerr << "plenary: " << s.ToString() << "\n";
  }
  std::exit(s.ok() ? 0 : 1);
}

}  // namespace

void AddPersonCommand(CLI::App& app) {
  CLI::App* person = app.add_subcommand("person", "Answer data-protection requests");
  person->require_subcommand(1);
  auto options = std::make_shared<PersonOptions>();
  CLI::App* out = person->add_subcommand("export", "Print everything held about a person (JSON)");
  AddCommonOptions(out, *options);
  out->callback([options] { Finish(Export(*options)); });
  CLI::App* erase = person->add_subcommand(
      "erase", "Pseudonymise a person everywhere, keeping the official record of positions");
  AddCommonOptions(erase, *options);
  erase->add_flag("--yes", options->yes, "Confirm: the erasure cannot be undone");
  erase->callback([options] { Finish(Erase(*options)); });
}

}  // namespace plenary::cli
