#include "core/heap.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sys/resource.h>

namespace plenary {
namespace {

long MinorFaults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

// Touches every page of a fresh 16 MB block and frees it; returns the faults that took.
long FaultsOfOneBlock() {
  constexpr size_t kBytes = 16 << 20;
  const long before = MinorFaults();
  auto* block = static_cast<char*>(std::malloc(kBytes));
  if (block == nullptr) {
    return -1;
  }
  std::memset(block, 1, kBytes);
  asm volatile("" : : "r"(block) : "memory");  // the writes are kept
  std::free(block);
  return MinorFaults() - before;
}

// A block freed and allocated again comes back without page faults: the first time its 4,096
// pages fault in, the second time none of them does.
TEST(RetainFreedMemory, AFreedBlockIsReusedWithoutFaults) {
  RetainFreedMemory();
  const long first = FaultsOfOneBlock();
  const long again = FaultsOfOneBlock();
  ASSERT_GE(first, 0);
  EXPECT_LT(again, 64) << "first time " << first;
}

// The smaps entry of the mapping that holds `p`, or "" when there is none.
std::string MappingOf(const void* p) {
  std::ifstream smaps("/proc/self/smaps");
  const auto at = reinterpret_cast<uintptr_t>(p);
  std::string line, entry;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> begin >> dash >> end && dash == '-') {
      if (inside) {
        return entry;
      }
      inside = at >= begin && at < end;
      entry.clear();
    }
    if (inside) {
      entry += line + "\n";
    }
  }
  return inside ? entry : "";
}

bool KernelAdvisesHugePages() {
  std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string text;
  std::getline(mode, text);
  return text.find("[madvise]") != std::string::npos || text.find("[always]") != std::string::npos;
}

// A block of 3 MB or more from `new` (here a million 4-byte values, 3.8 MB) starts on a 2 MB
// boundary and lies in memory advised for huge pages (smaps: the flag "hg" of MADV_HUGEPAGE).
TEST(OperatorNew, LargeBlocksGetHugePages) {
  constexpr size_t kBytes = 4'000'000;
  const auto block = std::make_unique<char[]>(kBytes);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(block.get()) % (2 << 20), 0u);
  if (!KernelAdvisesHugePages()) {
    GTEST_SKIP() << "this kernel gives no transparent huge pages on advice";
  }
  const std::string mapping = MappingOf(block.get() + (2 << 20));
  ASSERT_FALSE(mapping.empty());
  const size_t flags = mapping.find("VmFlags:");
  ASSERT_NE(flags, std::string::npos) << mapping;
  EXPECT_NE(mapping.find(" hg", flags), std::string::npos) << mapping;
}

// Whether the middle of any of the blocks lies in memory advised for huge pages (only whole,
// aligned 2 MB pages are advised: four blocks of 1 MB in a row hold one).
bool AnyAdvised(const std::vector<std::unique_ptr<char[]>>& blocks, size_t bytes) {
  for (const auto& block : blocks) {
    const std::string mapping = MappingOf(block.get() + bytes / 2);
    const size_t flags = mapping.find("VmFlags:");
    if (flags != std::string::npos && mapping.find(" hg", flags) != std::string::npos) {
      return true;
    }
  }
  return false;
}

constexpr size_t kMegabyte = 1 << 20;

// After RetainFreedMemory, the heap's first growth is advised too: of four blocks of 1 MB (from
// the heap, which grows by 64 MB for them), some lie in memory advised for huge pages. (Before,
// the first growth only set the heap's mark and stayed in small pages.)
TEST(RetainFreedMemory, TheHeapsFirstGrowthIsAdvised) {
  RetainFreedMemory();
  if (!KernelAdvisesHugePages()) {
    GTEST_SKIP() << "this kernel gives no transparent huge pages on advice";
  }
  std::vector<std::unique_ptr<char[]>> blocks;
  for (int i = 0; i < 4; ++i) {
    blocks.push_back(std::make_unique<char[]>(kMegabyte));
  }
  EXPECT_TRUE(AnyAdvised(blocks, kMegabyte));
}

// Another thread's blocks come from the same heap, advised as it grows.
TEST(RetainFreedMemory, AnotherThreadsBlocksComeFromTheAdvisedHeap) {
  RetainFreedMemory();
  if (!KernelAdvisesHugePages()) {
    GTEST_SKIP() << "this kernel gives no transparent huge pages on advice";
  }
  std::vector<std::unique_ptr<char[]>> blocks;
  std::thread([&] {
    for (int i = 0; i < 4; ++i) {
      blocks.push_back(std::make_unique<char[]>(kMegabyte));
    }
  }).join();
  EXPECT_TRUE(AnyAdvised(blocks, kMegabyte));
}

}  // namespace
}  // namespace plenary
