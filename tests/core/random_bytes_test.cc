// RandomBytes: draws from a pool refilled by the kernel never hand out the same bytes twice,
// across refills, in draws larger than the pool, and on every thread.
#include "core/random_bytes.h"

#include <array>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace plenary {
namespace {

std::string Draw(size_t n) {
  std::string bytes(n, '\0');
  RandomBytes(std::span(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size()));
  return bytes;
}

TEST(RandomBytes, DrawsAcrossManyRefillsAreAllDifferent) {
  std::set<std::string> seen;
  for (int i = 0; i < 5000; ++i) {  // 80,000 bytes: the pool is refilled about 20 times
    EXPECT_TRUE(seen.insert(Draw(16)).second) << "draw " << i << " repeated an earlier one";
  }
}

TEST(RandomBytes, UnevenDrawsThatStraddleARefillAreFilledWhole) {
  // 4,096 is not a multiple of 28: draws keep landing at the pool's end.
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string bytes = Draw(28);
    ASSERT_EQ(bytes.size(), 28u);
    EXPECT_NE(bytes, std::string(28, '\0'));
    EXPECT_TRUE(seen.insert(bytes).second);
  }
}

TEST(RandomBytes, ADrawLargerThanThePoolIsFilled) {
  std::string big = Draw(10000);
  // Zero bytes appear about 39 times in 10,000 random ones; an unfilled tail would be all zero.
  EXPECT_NE(big.substr(9000), std::string(1000, '\0'));
  EXPECT_NE(big.substr(0, 5000), big.substr(5000));
}

TEST(RandomBytes, ThreadsDrawDifferentBytes) {
  std::array<std::vector<std::string>, 2> drawn;
  std::vector<std::thread> threads;
  for (auto& out : drawn) {
    threads.emplace_back([&out] {
      for (int i = 0; i < 300; ++i) {
        out.push_back(Draw(16));
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  std::set<std::string> seen;
  for (const auto& out : drawn) {
    for (const auto& bytes : out) {
      EXPECT_TRUE(seen.insert(bytes).second);
    }
  }
}

}  // namespace
}  // namespace plenary
