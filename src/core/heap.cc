#include "core/heap.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

namespace plenary {
namespace {

// The heap's end when last seen: what the heap grew by since is advised (glibc's main heap grows
// by brk, and blocks below kOwnHugePagesFrom are carved from that growth).
std::atomic<uintptr_t> heap_end_seen{0};

}  // namespace

void RetainFreedMemory() {
#if defined(__GLIBC__)
  constexpr int kLargestFromHeap = 32 << 20;  // glibc's M_MMAP_THRESHOLD maximum on 64 bits
  constexpr int kFreeTopKept = 1 << 30;
  // The heap grows by 64 MB at least, so that each growth holds whole huge pages to advise
  // (untouched, it costs address space only).
  constexpr int kGrowth = 64 << 20;
  ::mallopt(M_MMAP_THRESHOLD, kLargestFromHeap);
  ::mallopt(M_TRIM_THRESHOLD, kFreeTopKept);
  ::mallopt(M_TOP_PAD, kGrowth);
  // One arena: the other threads' blocks come from this heap too, kept and advised as above.
  // (Another thread's arena is a mapping of its own, neither kept nor advised: 1M_x_10k's helper
  // thread faulted 150-330 small pages into each incremental update, ~15 microseconds each.)
  // Threads still take small blocks from their own caches without the arena's lock.
  ::mallopt(M_ARENA_MAX, 1);
  // The heap's end now, before its first growth: that growth is advised too. (Unseen, the first
  // growth only set the mark, and a process whose heap stays within it, as 7.9k_x_7.8k's
  // benchmark does, kept it in small pages: its first update faulted in 150-540 of them, 2-8 ms.)
  uintptr_t unseen = 0;
  heap_end_seen.compare_exchange_strong(unseen, reinterpret_cast<uintptr_t>(::sbrk(0)));
#endif
}

namespace {

constexpr size_t kHugePage = size_t{2} << 20;
// Blocks from 3 MB get whole huge pages of their own (rounding up wastes a quarter at most): a
// million-entry array of 4-byte values (3.8 MB) among them. Below, a block comes from the heap,
// whose growth is advised only once malloc has returned it: by then malloc has written the
// header of the heap's new top, and the 2 MB page that header lies in is faulted in small pages
// (512 faults, ~8 ms on a virtual machine). 1M_x_10k's first incremental update after a full
// one had 840-4,000 faults with 4 MB and 170-810 with 3 MB (bench/opinion/README.md round 15).
constexpr size_t kOwnHugePagesFrom = 3 * (kHugePage / 2);
constexpr size_t kWatchHeapFrom = 64 << 10;

// Advises the whole huge pages inside [p, p + n). Best effort: a kernel without transparent huge
// pages refuses, and the memory stays in small pages.
void AdviseHugePages(void* p, size_t n) {
#if defined(MADV_HUGEPAGE)
  const auto at = reinterpret_cast<uintptr_t>(p);
  const uintptr_t begin = (at + kHugePage - 1) & ~(kHugePage - 1);
  const uintptr_t end = (at + n) & ~(kHugePage - 1);
  if (end > begin) {
    ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  }
#endif
}

// MADV_COLLAPSE (Linux 6.1), which Debian 12's C library does not name yet. Older kernels refuse
// it, and nothing changes.
#if defined(MADV_COLLAPSE)
constexpr int kCollapse = MADV_COLLAPSE;
#else
constexpr int kCollapse = 25;
#endif

// Advises what the heap grew by since last seen. `touched`: where malloc, growing the heap for
// the block it just returned, wrote the header of the heap's new top (the block's end), before
// the growth could be advised: that 2 MB page would fault in small pages, 512 of them, so it is
// collapsed into a huge page now, while it holds that header alone (best effort).
void AdviseHeapGrowth(uintptr_t touched) {
  const auto end = reinterpret_cast<uintptr_t>(::sbrk(0));
  uintptr_t seen = heap_end_seen.load(std::memory_order_relaxed);
  if (end > seen && heap_end_seen.compare_exchange_strong(seen, end) && seen != 0) {
    AdviseHugePages(reinterpret_cast<void*>(seen), end - seen);
    // So is the 2 MB page the growth started in, which the last growth's advice left out (it
    // was not whole then): part old heap, part new.
    for (const uintptr_t page : {seen & ~(kHugePage - 1), touched & ~(kHugePage - 1)}) {
      if (page + kHugePage <= end && page + kHugePage > seen) {
        ::madvise(reinterpret_cast<void*>(page), kHugePage, kCollapse);
      }
    }
  }
}

void* Allocate(size_t n) {
  for (;;) {
    if (n >= kOwnHugePagesFrom) {
      // Huge pages of its own, whole: aligned and rounded up to 2 MB.
      const size_t whole = (n + kHugePage - 1) & ~(kHugePage - 1);
      if (void* p = std::aligned_alloc(kHugePage, whole)) {
        AdviseHugePages(p, whole);
        // (The heap may have grown beyond the block, for the next ones.)
        AdviseHeapGrowth(reinterpret_cast<uintptr_t>(p) + whole);
        return p;
      }
    } else if (void* p = std::malloc(n == 0 ? 1 : n)) {
      if (n >= kWatchHeapFrom) {
        AdviseHeapGrowth(reinterpret_cast<uintptr_t>(p) + n);
      }
      return p;
    }
    const std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) {
      throw std::bad_alloc();
    }
    handler();
  }
}

void* AllocateOrNull(size_t n) noexcept {
  try {
    return Allocate(n);
  } catch (...) {
    return nullptr;
  }
}

}  // namespace
}  // namespace plenary

// The replaceable global allocation functions ([new.delete]); the aligned forms keep the
// library's own. Every block is malloc's (or aligned_alloc's), so free releases it.
void* operator new(size_t n) {
  return plenary::Allocate(n);
}
void* operator new[](size_t n) {
  return plenary::Allocate(n);
}
void* operator new(size_t n, const std::nothrow_t&) noexcept {
  return plenary::AllocateOrNull(n);
}
void* operator new[](size_t n, const std::nothrow_t&) noexcept {
  return plenary::AllocateOrNull(n);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
