#pragma once

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
    return std::string_view(chars_).substr(begin, ends_[i] - begin);
  }
  // True when most letters belong to scripts written without spaces between words (Chinese,
  // Japanese, Thai...): such texts are shingled by characters, not words.
  bool no_space_script() const { return no_space_script_; }
  void set_no_space_script(bool value) { no_space_script_ = value; }

  void Clear() {
    chars_.clear();
    ends_.clear();
    no_space_script_ = false;
  }
  // Appends bytes to the word being built; EndWord() closes it (empty words are dropped).
  void AppendToWord(std::string_view bytes) { chars_.append(bytes); }
  void AppendByteToWord(char byte) { chars_.push_back(byte); }
  void EndWord() {
    const uint32_t begin = ends_.empty() ? 0 : ends_.back();
    if (chars_.size() > begin) {
      ends_.push_back(static_cast<uint32_t>(chars_.size()));
    }
  }
  // Drops the bytes of a word that was started but not ended.
  void AbandonWord() { chars_.resize(ends_.empty() ? 0 : ends_.back()); }

  std::vector<std::string> ToStrings() const {
    std::vector<std::string> out;
    out.reserve(size());
    for (size_t i = 0; i < size(); ++i) {
      out.emplace_back((*this)[i]);
    }
    return out;
  }

 private:
  std::string chars_;
  std::vector<uint32_t> ends_;
  bool no_space_script_ = false;
};

}  // namespace plenary::dedup
