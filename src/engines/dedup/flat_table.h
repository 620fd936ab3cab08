#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "engines/dedup/hash.h"

namespace plenary::dedup {

// An open-addressing hash table (linear probing, power-of-two capacity, at most 70% full) from
// integer keys that are already hashes to small values. Key 0 marks an empty slot, so callers
// remap a zero key (ToTableKey). Flat arrays only: no per-entry allocation. Not thread-safe.
template <typename Key, typename Value>
class FlatTable {
 public:
  static Key ToTableKey(Key key) { return key == 0 ? Key{1} : key; }

  size_t size() const { return size_; }
  size_t capacity() const { return keys_.size(); }
  size_t MemoryBytes() const { return keys_.capacity() * (sizeof(Key) + sizeof(Value)); }

  // Starts loading the slot of `key` into the cache (lookups of many tables can then overlap).
  void Prefetch(Key key) const {
    if (!keys_.empty()) {
      const size_t i = SlotOf(key);
      __builtin_prefetch(&keys_[i]);
      __builtin_prefetch(&values_[i]);
    }
  }

  // The value of `key`, or nullptr. `key` must be non-zero.
  Value* Find(Key key) {
    if (keys_.empty()) {
      return nullptr;
    }
    for (size_t i = SlotOf(key);; i = (i + 1) & mask_) {
      if (keys_[i] == key) {
        return &values_[i];
      }
      if (keys_[i] == 0) {
        return nullptr;
      }
    }
  }

  // The value of `key`, inserting `fresh` first when absent; second is true when inserted. The
  // pointer is valid until the next insertion. `key` must be non-zero.
  std::pair<Value*, bool> FindOrInsert(Key key, const Value& fresh) {
    if ((size_ + 1) * 10 > keys_.size() * 7) {
      Grow();
    }
    size_t i = SlotOf(key);
    for (; keys_[i] != 0; i = (i + 1) & mask_) {
      if (keys_[i] == key) {
        return {&values_[i], false};
      }
    }
    keys_[i] = key;
    values_[i] = fresh;
    ++size_;
    return {&values_[i], true};
  }

 private:
  size_t SlotOf(Key key) const {
    return static_cast<size_t>(Mix64(static_cast<uint64_t>(key)) >> shift_) & mask_;
  }

  void Grow() {
    const size_t capacity = keys_.empty() ? 1024 : keys_.size() * 2;
    std::vector<Key> old_keys(capacity, Key{0});
    std::vector<Value> old_values(capacity);
    old_keys.swap(keys_);
    old_values.swap(values_);
    mask_ = capacity - 1;
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(capacity));
    for (size_t i = 0; i < old_keys.size(); ++i) {
      if (old_keys[i] != 0) {
        size_t j = SlotOf(old_keys[i]);
        while (keys_[j] != 0) {
          j = (j + 1) & mask_;
        }
        keys_[j] = old_keys[i];
        values_[j] = old_values[i];
      }
    }
  }

  std::vector<Key> keys_;
  std::vector<Value> values_;
  size_t size_ = 0;
  size_t mask_ = 0;
  unsigned shift_ = 64;
};

}  // namespace plenary::dedup
