#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace plenary::dedup {

// The words of one normalised text: NFKC, case-folded, punctuation and white space removed.
// Stored flat (one byte buffer, one offset per word) so that a reused Tokens allocates nothing.
class Tokens {
 public:
  size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](size_t i) const {
    const uint32_t begin = i == 0 ? 0 : ends_[i - 1];
    return {chars_.data() + begin, ends_[i] - begin};
  }
  // True when most letters belong to scripts written without spaces between words (Chinese,
  // Japanese, Thai...): such texts are shingled by characters, not words.
  bool no_space_script() const { return no_space_script_; }
  void set_no_space_script(bool value) { no_space_script_ = value; }

  void Clear() {
    used_ = 0;
    ends_.clear();
    no_space_script_ = false;
  }
  // Room for `max_bytes` more bytes of the word being built: write them, then pass the end of
  // what was written to EndWord(), which closes the word (empty words are dropped).
  char* WordSpace(size_t max_bytes) {
    if (chars_.size() < used_ + max_bytes) {
      chars_.resize(std::max(chars_.size() * 2, used_ + max_bytes));
    }
    return chars_.data() + used_;
  }
  void EndWord(const char* end) {
    used_ = static_cast<size_t>(end - chars_.data());
    EndWord();
  }
  void AppendToWord(std::string_view bytes) {
    char* space = WordSpace(bytes.size());
    std::copy(bytes.begin(), bytes.end(), space);
    used_ += bytes.size();
  }
  void EndWord() {
    const uint32_t begin = ends_.empty() ? 0 : ends_.back();
    if (used_ > begin) {
      ends_.push_back(static_cast<uint32_t>(used_));
    }
  }

  std::vector<std::string> ToStrings() const {
    std::vector<std::string> out;
    out.reserve(size());
    for (size_t i = 0; i < size(); ++i) {
      out.emplace_back((*this)[i]);
    }
    return out;
  }

 private:
  std::string chars_;  // a buffer: only the first used_ bytes are words
  size_t used_ = 0;
  std::vector<uint32_t> ends_;
  bool no_space_script_ = false;
};

}  // namespace plenary::dedup
