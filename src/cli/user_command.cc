#include "cli/user_command.h"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "app/application.h"
#include "auth/accounts.h"

namespace plenary::cli {
namespace {

struct UserOptions {
  std::string db_url = "sqlite:var/plenary.db";
  std::string email;
  std::string name;
  int64_t process_id = 0;
  std::string role;
  bool password_stdin = false;
  bool hide_name = false;
  bool admin = false;
};

Status AddUser(const UserOptions& o) {
  if (!o.password_stdin) {
    return InvalidArgument("pass the password on standard input with --password-stdin");
  }
  if ((o.process_id != 0) != !o.role.empty()) {
    return InvalidArgument("--process and --role go together");
  }
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') {
    password.pop_back();
  }
  ASSIGN_OR_RETURN(auto db, app::OpenMigratedDatabase(o.db_url));
  SystemClock clock;
  auth::AccountsConfig config;
  ASSIGN_OR_RETURN(int64_t id,
                   auth::CreateUser(*db, clock, config, {o.email, o.name, password, !o.hide_name}));
  if (o.process_id != 0) {
    RETURN_IF_ERROR(auth::GrantRole(*db, clock, id, o.process_id, o.role));
  }
  if (o.admin) {
    RETURN_IF_ERROR(auth::SetSiteAdmin(*db, id, true));
  }
  std::cout << "Created account " << id << " for " << o.email;
  if (o.process_id != 0) {
    std::cout << " as " << o.role << " of process " << o.process_id;
  }
  if (o.admin) {
    std::cout << (o.process_id != 0 ? " and" : "") << " as site administrator";
  }
  std::cout << ".\n";
  return Status::Ok();
}

}  // namespace

void AddUserCommand(CLI::App& app) {
  CLI::App* user = app.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);
  auto options = std::make_shared<UserOptions>();
  CLI::App* add = user->add_subcommand("add", "Create an account, optionally with a role");
  add->add_option("--db", options->db_url, "Database URL")
      ->envname("PLENARY_DB")
      ->capture_default_str();
  add->add_option("--email", options->email, "Email address (the sign-in name)")->required();
  add->add_option("--name", options->name, "Name as shown to others")->required();
  add->add_option("--process", options->process_id, "Process to give a role in");
  add->add_option("--role", options->role,
                  "Role in that process: chair, vice_chair, secretariat, member or observer");
  add->add_flag("--password-stdin", options->password_stdin,
                "Read the password (10 characters or more) from standard input");
  add->add_flag("--hide-name", options->hide_name, "Do not publish the name with contributions");
  add->add_flag("--admin", options->admin,
                "Make the account a site administrator (opens processes, appoints secretariats)");
  add->callback([options] {
    Status s = AddUser(*options);
    if (!s.ok()) {
      std::cerr << "plenary: " << s.ToString() << "\n";
    }
    std::exit(s.ok() ? 0 : 1);
  });
}

}  // namespace plenary::cli
