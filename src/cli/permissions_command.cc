#include "cli/permissions_command.h"

#include <cstdlib>
#include <iostream>
#include <memory>

#include "app/application.h"
#include "auth/matrix.h"

namespace plenary::cli {

void AddPermissionsCommand(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      "permissions", "Print the permission table (role x action) that every request is held to");
  auto markdown = std::make_shared<bool>(false);
  command->add_flag("--markdown", *markdown,
                    "As the Markdown page docs/permissions.md (default: JSON)");
  command->callback([markdown] {
    std::vector<const auth::Action*> table = app::PermissionTable();
    if (*markdown) {
      std::cout << auth::MatrixMarkdown(table);
    } else {
      std::cout << auth::MatrixJson(table).dump(2) << "\n";
    }
    std::exit(0);
  });
}

}  // namespace plenary::cli
