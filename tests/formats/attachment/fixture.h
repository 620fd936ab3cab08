#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace plenary::attachment::testing {

// The bytes of tests/formats/attachment/fixtures/<name> (made by fixtures/make_pdfs.py).
inline std::string ReadFixture(std::string_view name) {
  std::ifstream in(
      std::string(PLENARY_SOURCE_DIR "/tests/formats/attachment/fixtures/") + std::string(name),
      std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace plenary::attachment::testing
