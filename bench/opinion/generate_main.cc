// opinion_generate --shape NAME --out DIR [--seed S]: writes a synthetic conversation with
// planted opinion groups (votes.csv + comments.csv, Polis layout).
#include <chrono>
#include <iostream>

#include <CLI/CLI.hpp>

#include "synthetic.h"

int main(int argc, char** argv) {
  CLI::App app{"Generates a synthetic Polis-style conversation with planted opinion groups"};
  std::string shape_name;
  std::string out;
  plenary::bench::SyntheticOptions options;
  std::string shapes;
  for (const auto& s : plenary::bench::Shapes()) {
    shapes += " " + s.name;
  }
  app.add_option("--shape", shape_name, "One of:" + shapes)->required();
  app.add_option("--out", out, "Output folder")->required();
  app.add_option("--seed", options.seed, "Random seed");
  app.add_option("--groups", options.groups, "Planted opinion groups");
  CLI11_PARSE(app, argc, argv);
  const plenary::bench::Shape* shape = plenary::bench::FindShape(shape_name);
  if (shape == nullptr) {
    std::cerr << "unknown shape " << shape_name << "; one of:" << shapes << "\n";
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  const int64_t votes = plenary::bench::WriteSyntheticConversation(*shape, options, out);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << "wrote " << votes << " votes of " << shape->participants << " x " << shape->comments
            << " to " << out << " in " << seconds << " s\n";
  return 0;
}
