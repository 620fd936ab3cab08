#include "core/random_bytes.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <sys/random.h>

namespace plenary {
namespace {

constexpr size_t kPoolBytes = 4096;

// Fills `out` whole; getrandom may return fewer bytes than asked when a signal interrupts it.
void FillFromKernel(std::span<unsigned char> out) {
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      std::fprintf(stderr, "getrandom failed: %s\n", std::strerror(errno));
      std::abort();
    }
    done += static_cast<size_t>(n);
  }
}

}  // namespace

void RandomBytes(std::span<unsigned char> out) {
  thread_local std::array<unsigned char, kPoolBytes> pool{};
  thread_local size_t used = pool.size();
  if (out.size() > pool.size()) {
    FillFromKernel(out);
    return;
  }
  if (pool.size() - used < out.size()) {
    FillFromKernel(pool);
    used = 0;
  }
  unsigned char* bytes = pool.data() + used;
  used += out.size();
  std::memcpy(out.data(), bytes, out.size());
  explicit_bzero(bytes, out.size());
}

}  // namespace plenary
