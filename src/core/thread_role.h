#pragma once

#include <string_view>

namespace plenary {

// How the calling thread shows to the kernel and to operators (`top -H`, `perf`, `ps -L`).
enum class ThreadPriority {
  kNormal,
  // Work that may fall behind for a while and catch up (search terms, campaign detection):
  // nice 10, so that while the cores are short the threads that acknowledge submissions run
  // first. Never for a thread that holds the main database's writer: everything waits on it.
  kBackground,
};

// Names the calling thread (at most 15 bytes are kept) and sets its priority. Best effort: a
// kernel that refuses either leaves the thread as it was.
void SetThreadRole(std::string_view name, ThreadPriority priority = ThreadPriority::kNormal);

}  // namespace plenary
