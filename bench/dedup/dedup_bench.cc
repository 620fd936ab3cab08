// Throughput, peak memory and accuracy of the near-duplicate engine on generated labelled corpora
// (issue 6). Usage:
//   dedup_bench [--quick] [--scale N]... [--sample N] [--threads T] [--seed S]
//   (--scale 0 runs no scale, --sample 0 no sample)
//   dedup_bench --write-corpus N FILE.jsonl   (the corpus the Python baseline and the CLI read)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/dedup/corpus.h"
#include "bench/dedup/metrics.h"
#include "bench/dedup/scale_run.h"
#include "core/clock.h"

namespace plenary::dedup::bench {
namespace {

struct Args {
  std::vector<size_t> scales;
  size_t sample = 20000;
  int threads = 2;
  uint64_t seed = 1;
  bool quick = false;
  size_t write_count = 0;
  std::string write_path;
};

bool ParseArgs(int argc, char** argv, Args* args) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--quick") {
      args->quick = true;
    } else if (arg == "--scale") {
      args->scales.push_back(std::strtoull(value(), nullptr, 10));
    } else if (arg == "--sample") {
      args->sample = std::strtoull(value(), nullptr, 10);
    } else if (arg == "--threads") {
      args->threads = std::atoi(value());
    } else if (arg == "--seed") {
      args->seed = std::strtoull(value(), nullptr, 10);
    } else if (arg == "--write-corpus") {
      args->write_count = std::strtoull(value(), nullptr, 10);
      args->write_path = value();
    } else {
      std::fprintf(stderr, "unknown argument %s\n", arg.c_str());
      return false;
    }
  }
  if (args->scales.empty()) {
    args->scales =
        args->quick ? std::vector<size_t>{1000000} : std::vector<size_t>{1000000, 10000000};
  }
  return true;
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

int WriteCorpus(const Args& args) {
  Corpus corpus({.comments = args.write_count, .seed = args.seed});
  std::ofstream out(args.write_path, std::ios::binary);
  for (size_t i = 0; i < corpus.size(); ++i) {
    const LabelledComment c = corpus.Generate(i);
    const Timestamp arrival{std::chrono::milliseconds(c.arrival_ms)};
    out << "{\"id\":\"c" << i << "\",\"text\":" << JsonString(c.text)
        << ",\"campaign\":" << c.campaign << ",\"arrival\":\"" << FormatIso8601(arrival) << "\"}\n";
  }
  out.close();
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", args.write_path.c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace plenary::dedup::bench

int main(int argc, char** argv) {
  namespace bench = plenary::dedup::bench;
  bench::Args args;
  if (!bench::ParseArgs(argc, argv, &args)) {
    return 2;
  }
  if (args.write_count > 0) {
    return bench::WriteCorpus(args);
  }
  for (size_t scale : args.scales) {
    if (scale > 0 && !bench::RunScale(scale, args.seed, args.threads)) {
      return 1;
    }
  }
  if (args.sample > 0 && !bench::RunSample(args.sample, args.seed, args.threads)) {
    return 1;
  }
  return 0;
}
