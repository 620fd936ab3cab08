#include "formats/json_line.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace plenary::formats {
namespace {

using nlohmann::json;

// ParseJsonLine must give what nlohmann gives: the same value, of the same types, or a refusal.
void ExpectAsNlohmann(std::string_view line) {
  const json expected = json::parse(line, nullptr, false);
  const json got = ParseJsonLine(line);
  ASSERT_EQ(got.is_discarded(), expected.is_discarded()) << line;
  if (!expected.is_discarded()) {
    ASSERT_EQ(got, expected) << line;
    ASSERT_EQ(got.dump(), expected.dump()) << line;  // types too: unsigned, integer, float
  }
}

const std::vector<std::string>& Lines() {
  static const std::vector<std::string> lines = {
      R"({"author_name":"Наталья Фёдоров","publish_name":true,"stakeholder_group":"technical_community","country":"IRN","language":"ru","body":"Рабочей группе вне её.","submitted_at":"2024-02-28T05:59:59Z","idempotency_key":"bench-2017-0000001"})",
      R"({"body":"x","answers":{"1":"a","2":"b"},"publish_name":false,"organisation":null})",
      R"({"body":"x","answers":[{"question":1,"text":"a"},{"question":-2,"text":"b"}]})",
      R"({"a":1,"a":2})",
      R"({"n":0,"m":-0,"f":1.5,"e":1e3,"big":18446744073709551615,"bigger":18446744073709551616,"neg":-9223372036854775808})",
      R"({"s":"tab\tquote\"slash\\\/ nl\n"})",
      R"({"u":"\u00e9\ud83d\ude00"})",
      R"({"lone":"\ud800"})",
      R"(  {"padded": [1, 2, [3, {"x": []}]]}  )",
      "\xEF\xBB\xBF{\"bom\":1}",
      R"([1,2,3])",
      R"("just a string")",
      R"(42)",
      R"(null)",
      R"({"unterminated":)",
      R"({"trailing":1},)",
      R"({"a":1} {"b":2})",
      R"({'single':1})",
      R"({"nan":NaN})",
      "{\"ctl\":\"a\x01b\"}",
      "{\"bad\":\"\xC3\x28\"}",
      "{\"bad\":\"\xED\xA0\x80\"}",
      "\xFF{}",
      R"({})",
      R"()",
      R"({"deep":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]})",
  };
  return lines;
}

TEST(ParseJsonLine, ReadsAsNlohmann) {
  for (const std::string& line : Lines()) {
    ExpectAsNlohmann(line);
  }
}

TEST(ParseJsonLine, ReadsDamagedLinesAsNlohmann) {
  std::mt19937_64 random(7);
  const std::string alphabet = "{}[]\":,0123456789-+.eE \\ntruefalsnul\x01\xC3\xA9\xFF";
  for (int trial = 0; trial < 100000; ++trial) {
    std::string line = Lines()[random() % Lines().size()];
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits && !line.empty(); ++e) {
      const size_t at = random() % line.size();
      switch (random() % 3) {
        case 0:
          line[at] = alphabet[random() % alphabet.size()];
          break;
        case 1:
          line.erase(at, 1);
          break;
        default:
          line.insert(at, 1, alphabet[random() % alphabet.size()]);
          break;
      }
    }
    ExpectAsNlohmann(line);
    if (::testing::Test::HasFatalFailure()) {
      return;
    }
  }
}

}  // namespace
}  // namespace plenary::formats
