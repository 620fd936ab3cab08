#include <CLI/CLI.hpp>

#include "cli/audit_command.h"
#include "cli/dedup_command.h"
#include "cli/import_command.h"
#include "cli/opinion_command.h"
#include "cli/permissions_command.h"
#include "cli/person_command.h"
#include "cli/server_commands.h"
#include "cli/user_command.h"
#include "core/heap.h"

int main(int argc, char** argv) {
  plenary::RetainFreedMemory();
  CLI::App app{"Plenary: multistakeholder policy processes from mandate to published outcome"};
  app.require_subcommand(1);
  plenary::cli::AddServerCommands(app);
  plenary::cli::AddUserCommand(app);
  AddOpinionCommand(app);
  AddDedupCommand(app);
  AddAuditCommand(app);
  plenary::cli::AddPermissionsCommand(app);
  plenary::cli::AddPersonCommand(app);
  plenary::cli::AddImportCommand(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
