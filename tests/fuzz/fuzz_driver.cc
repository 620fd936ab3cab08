// Runs a libFuzzer-style target without libFuzzer, so every build (g++ included) exercises it:
//   <target>_fuzz CORPUS_DIR [--mutations N] [--seed S]
// Each corpus file is run as is (regressions), then N inputs are made by mutating the corpus with
// a seeded generator (flip, insert, delete, duplicate and splice), so a run is reproducible. A
// crash or an abort fails the test; the input that caused it is written to crash-input.
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Mutate(const std::vector<std::string>& corpus, std::mt19937_64& rng) {
  std::string input = corpus[rng() % corpus.size()];
  int steps = 1 + static_cast<int>(rng() % 8);
  for (int i = 0; i < steps; ++i) {
    size_t at = input.empty() ? 0 : rng() % (input.size() + 1);
    switch (rng() % 6) {
      case 0:
        if (!input.empty() && at < input.size()) {
          input[at] = static_cast<char>(input[at] ^ (1 << (rng() % 8)));
        }
        break;
      case 1:
        input.insert(at, 1, static_cast<char>(rng() % 256));
        break;
      case 2:
        if (at < input.size()) {
          input.erase(at, 1 + rng() % 8);
        }
        break;
      case 3: {
        static const char* kTokens[] = {"{{", "}}", "{{#",     "{{/",  "{{^", "{{{", "\"",
                                        ",",  "\n", "%",       "%C3",  "{",   "}",   "[",
                                        "]",  ":",  "\\u0000", "\xff", "\xc3"};
        input.insert(at, kTokens[rng() % (sizeof(kTokens) / sizeof(kTokens[0]))]);
        break;
      }
      case 4:
        if (!input.empty()) {
          size_t from = rng() % input.size();
          input.insert(at, input.substr(from, 1 + rng() % 16));
        }
        break;
      default: {
        const std::string& other = corpus[rng() % corpus.size()];
        if (!other.empty()) {
          input = input.substr(0, at) + other.substr(rng() % other.size());
        }
      }
    }
  }
  return input;
}

// The input being run, for the crash handler. Writing every input to disk first cost most of
// a run's time; now it is written only when the target dies.
const char* volatile current_data = nullptr;
volatile size_t current_size = 0;

extern "C" void OnCrash(int signal_number) {
  // Only async-signal-safe calls here: open, write, close, signal, raise.
  int fd = open("crash-input", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    const char* data = current_data;
    size_t left = current_size;
    while (data != nullptr && left > 0) {
      ssize_t n = write(fd, data, left);
      if (n <= 0) {
        break;
      }
      data += n;
      left -= static_cast<size_t>(n);
    }
    close(fd);
  }
  signal(signal_number, SIG_DFL);
  raise(signal_number);
}

void CatchCrashes() {
  for (int s : {SIGSEGV, SIGABRT, SIGILL, SIGFPE, SIGBUS}) {
    signal(s, OnCrash);
  }
}

void Run(const std::string& input) {
  current_data = input.data();
  current_size = input.size();
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " CORPUS_DIR [--mutations N] [--seed S]\n";
    return 2;
  }
  long mutations = 20000;
  uint64_t seed = 1;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--mutations") {
      mutations = std::atol(argv[i + 1]);
    } else if (flag == "--seed") {
      seed = std::strtoull(argv[i + 1], nullptr, 10);
    }
  }
  std::vector<std::string> corpus;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    if (entry.is_regular_file()) {
      corpus.push_back(ReadFile(entry.path()));
    }
  }
  if (corpus.empty()) {
    std::cerr << "no corpus files in " << argv[1] << "\n";
    return 2;
  }
  CatchCrashes();
  for (const std::string& input : corpus) {
    Run(input);
  }
  std::mt19937_64 rng(seed);
  for (long i = 0; i < mutations; ++i) {
    Run(Mutate(corpus, rng));
  }
  std::cout << corpus.size() << " corpus inputs and " << mutations << " mutations ran cleanly\n";
  return 0;
}
