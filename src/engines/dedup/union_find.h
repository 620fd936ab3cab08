#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace plenary::dedup {

// Disjoint sets over dense ids 0..size()-1: union by size, path halving. Deterministic: of two
// roots of equal size the smaller id stays root. Not thread-safe (Find compresses paths).
class UnionFind {
 public:
  // Adds a singleton set and returns its id.
  uint32_t Add() {
    const auto id = static_cast<uint32_t>(parent_.size());
    parent_.push_back(id);
    size_.push_back(1);
    return id;
  }
  size_t size() const { return parent_.size(); }
  void Reserve(size_t n) {
    parent_.reserve(n);
    size_.reserve(n);
  }

  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  // The root without compressing (for const callers).
  uint32_t FindConst(uint32_t x) const {
    while (parent_[x] != x) {
      x = parent_[x];
    }
    return x;
  }

  // Merges the sets of a and b; returns the root of the merged set.
  uint32_t Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) {
      return a;
    }
    if (size_[a] < size_[b] || (size_[a] == size_[b] && b < a)) {
      std::swap(a, b);
    }
    parent_[b] = a;
    size_[a] += size_[b];
    return a;
  }

  // Number of members in the set whose root is `root`.
  uint32_t SetSize(uint32_t root) const { return size_[root]; }

  size_t MemoryBytes() const { return (parent_.capacity() + size_.capacity()) * sizeof(uint32_t); }

 private:
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> size_;
};

}  // namespace plenary::dedup
