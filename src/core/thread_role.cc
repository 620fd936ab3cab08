#include "core/thread_role.h"

#include <string>

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

namespace plenary {

void SetThreadRole(std::string_view name, ThreadPriority priority) {
  std::string kept(name.substr(0, 15));  // the kernel's limit, without the terminator
  pthread_setname_np(pthread_self(), kept.c_str());
  // On Linux the nice value belongs to the thread: PRIO_PROCESS with a thread id sets it alone.
  int nice = priority == ThreadPriority::kBackground ? 10 : 0;
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice);
}

}  // namespace plenary
