// Measures analysis speed on the WGEC draft report (../shared/seeds), in CPU time so that other
// work on a shared machine matters less. Prints, never asserts on time: machines and sanitizer
// builds differ.
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "engines/text/analyzer.h"
#include "engines/text/language.h"

namespace plenary::text {
namespace {

std::string ReadReport() {
  std::ifstream in(std::string(PLENARY_SHARED_DIR) + "/seeds/wgec-draft-report-2017-11-11.txt",
                   std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

template <typename F>
double SecondsPerCall(int calls, F&& f) {
  const std::clock_t start = std::clock();
  for (int i = 0; i < calls; ++i) {
    f();
  }
  return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC / calls;
}

TEST(AnalyzerSpeed, PrintsTermsPerSecondOnTheWgecReport) {
  const std::string report = ReadReport();
  if (report.empty()) {
    GTEST_SKIP() << "the WGEC report is not in " << PLENARY_SHARED_DIR;
  }
  const Analyzer english("en");
  const size_t terms = english.Terms(report).size();
  ASSERT_GT(terms, 3000u);
  constexpr int kCalls = 100;
  size_t sink = 0;
  const double term_string =
      SecondsPerCall(kCalls, [&] { sink += english.TermString(report).size(); });
  const double terms_vector = SecondsPerCall(kCalls, [&] { sink += english.Terms(report).size(); });
  const double detect = SecondsPerCall(kCalls, [&] { sink += DetectLanguage(report).percent; });
  const double create =
      SecondsPerCall(kCalls, [&] { sink += Analyzer("fr").TermString("a").size(); });
  std::printf(
      "WGEC report: %zu bytes, %zu terms (CPU time)\n"
      "  TermString  %8.0f terms/s  %6.1f MB/s\n"
      "  Terms       %8.0f terms/s  %6.1f MB/s\n"
      "  DetectLanguage %.1f us/report; new Analyzer + first call %.1f us (sink %zu)\n",
      report.size(), terms, terms / term_string, report.size() / term_string / 1e6,
      terms / terms_vector, report.size() / terms_vector / 1e6, detect * 1e6, create * 1e6,
      sink % 10);
}

}  // namespace
}  // namespace plenary::text
