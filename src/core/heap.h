#pragma once

namespace plenary {

// How the process keeps its memory. On a virtual machine a page fault costs ~10-18
// microseconds, and glibc's defaults make a loop that allocates and frees the same large arrays
// (an opinion update, a batch of votes) fault their pages in afresh every time: blocks above
// 128 KB are mapped anew (up to the largest freed so far), and the heap's free top above 128 KB
// goes back to the kernel.
//
// RetainFreedMemory keeps what the process frees for its next allocations: blocks up to 32 MB
// (glibc's limit) come from the heap, which keeps up to 1 GB free at its top and grows by 64 MB
// at least; every thread allocates from it (one arena). Call once, first thing in `main` (the
// CLI and the benchmarks do).
//
// heap.cc also replaces the global `operator new` (so every program linking the core has it):
// a block of 3 MB or more gets whole transparent huge pages of its own (2 MB-aligned, advised
// with madvise MADV_HUGEPAGE), and the heap's growth is advised as it comes, as glibc's own
// `glibc.malloc.hugetlb=1` does; a first touch then faults once per 2 MB instead of once per
// 4 KB. On 100k_x_2k, incremental updates had 300-900 faults and took 19-30 ms; with both,
// 0-1 fault and 17-20 ms. The 2 MB pages that malloc touched before their growth could be
// advised (at its start and at the new top) are collapsed into huge pages (MADV_COLLAPSE, Linux
// 6.1). Where the kernel has no transparent huge pages, nothing changes.
void RetainFreedMemory();

}  // namespace plenary
