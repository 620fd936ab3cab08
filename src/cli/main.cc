#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"Plenary: multistakeholder policy processes from mandate to published outcome"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
