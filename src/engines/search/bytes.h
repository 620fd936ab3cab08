#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

// Fixed-size values in and out of a byte string (an index's snapshot, index.h), in the
// machine's byte order: a snapshot is read back by the build that wrote it or refused.
namespace plenary::search::bytes {

template <typename T>
requires std::is_trivially_copyable_v<T>
void Put(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <typename T>
requires std::is_trivially_copyable_v<T>
void PutArray(std::string& out, const T* values, size_t count) {
  Put<uint64_t>(out, count);
  if (count > 0) {  // an empty vector's data() may be null
    out.append(reinterpret_cast<const char*>(values), count * sizeof(T));
  }
}

// Reads from the front of a byte string; every read checks what is left, so a truncated or
// corrupt snapshot fails instead of reading past its end.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  template <typename T>
  requires std::is_trivially_copyable_v<T> std::optional<T> Get() {
    if (in_.size() < sizeof(T)) {
      return std::nullopt;
    }
    T value;
    std::memcpy(&value, in_.data(), sizeof(T));
    in_.remove_prefix(sizeof(T));
    return value;
  }

  // An array written by PutArray, of at most `most` elements.
  template <typename T, typename Vector>
  bool GetArray(Vector& out, uint64_t most) {
    auto count = Get<uint64_t>();
    if (!count || *count > most || *count > in_.size() / sizeof(T)) {
      return false;
    }
    out.resize(*count);
    if (*count > 0) {  // memcpy with a null pointer is undefined even for no bytes
      std::memcpy(out.data(), in_.data(), *count * sizeof(T));
    }
    in_.remove_prefix(*count * sizeof(T));
    return true;
  }

  bool GetString(std::string& out, uint64_t most) { return GetArray<char>(out, most); }

  bool empty() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace plenary::search::bytes
