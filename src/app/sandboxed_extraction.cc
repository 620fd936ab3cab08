#include "app/sandboxed_extraction.h"

#include <cerrno>
#include <iostream>
#include <iterator>
#include <vector>

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace plenary::app {
namespace {

using nlohmann::json;

std::string SelfPath() {
  std::vector<char> buffer(4096);
  ssize_t n = readlink("/proc/self/exe", buffer.data(), buffer.size() - 1);
  return n > 0 ? std::string(buffer.data(), static_cast<size_t>(n)) : std::string();
}

// Writes `input` to `in_fd` and reads `out_fd` to the end, without deadlocking on full pipes.
Status Exchange(int in_fd, int out_fd, std::string_view input, std::string& output,
                std::chrono::steady_clock::time_point deadline) {
  size_t written = 0;
  bool in_open = true;
  char chunk[65536];
  while (true) {
    if (in_open && written == input.size()) {
      close(in_fd);
      in_open = false;
    }
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {in_open ? in_fd : -1, POLLOUT, 0}};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      break;
    }
    if (poll(fds, 2, static_cast<int>(left.count())) < 0 && errno != EINTR) {
      break;
    }
    if (in_open && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = write(in_fd, input.data() + written,
                        std::min<size_t>(input.size() - written, sizeof chunk));
      if (n <= 0) {
        close(in_fd);
        in_open = false;
      } else {
        written += static_cast<size_t>(n);
      }
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = read(out_fd, chunk, sizeof chunk);
      if (n <= 0) {
        if (in_open) {
          close(in_fd);
        }
        return Status::Ok();
      }
      output.append(chunk, static_cast<size_t>(n));
    }
  }
  if (in_open) {
    close(in_fd);
  }
  return Unavailable("the extraction ran out of time");
}

json ToJson(const Result<attachment::ExtractedText>& r) {
  if (!r) {
    return {{"error", r.error().message()}};
  }
  return {{"kind", static_cast<int>(r->kind)},
          {"media_type", r->media_type},
          {"text", r->text},
          {"pages", r->pages},
          {"truncated", r->truncated}};
}

}  // namespace

Result<attachment::ExtractedText> ExtractInChild(std::string_view filename, std::string_view bytes,
                                                 const attachment::AttachmentLimits& limits,
                                                 const SandboxLimits& sandbox) {
  // Refusals that need no parser (size, type) are cheap and safe here.
  if (bytes.size() > limits.max_bytes) {
    return attachment::ExtractText(filename, bytes, limits);
  }
  RETURN_IF_ERROR(detail::ToStatus(attachment::SniffKind(filename, bytes)));
  int to_child[2];
  int from_child[2];
  if (pipe2(to_child, O_CLOEXEC) != 0 || pipe2(from_child, O_CLOEXEC) != 0) {
    return Error(Unavailable("cannot start the text extraction"));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
  std::string self = SelfPath();
  std::string name(filename);
  std::string cpu = std::to_string(sandbox.cpu.count());
  std::string memory = std::to_string(sandbox.memory_bytes);
  std::vector<char*> argv = {self.data(),
                             const_cast<char*>("extract-text"),
                             const_cast<char*>("--name"),
                             name.data(),
                             const_cast<char*>("--cpu-seconds"),
                             cpu.data(),
                             const_cast<char*>("--memory-bytes"),
                             memory.data(),
                             nullptr};
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, self.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(to_child[0]);
  close(from_child[1]);
  if (spawned != 0) {
    close(to_child[1]);
    close(from_child[0]);
    return Error(Unavailable("cannot start the text extraction"));
  }
  std::string output;
  Status exchanged = Exchange(to_child[1], from_child[0], bytes, output,
                              std::chrono::steady_clock::now() + sandbox.wall);
  close(from_child[0]);
  if (!exchanged.ok()) {
    kill(pid, SIGKILL);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  json result = json::parse(output, nullptr, false);
  if (!exchanged.ok() || !WIFEXITED(status) || result.is_discarded() || !result.is_object()) {
    return Error(InvalidArgument(fmt::format(
        "{} could not be read within the limits ({} s of CPU, {} MB of memory): it may be "
        "damaged or built to exhaust the server",
        filename, sandbox.cpu.count(), sandbox.memory_bytes >> 20)));
  }
  if (result.contains("error")) {
    return Error(InvalidArgument(result["error"].get<std::string>()));
  }
  attachment::ExtractedText out;
  out.kind = static_cast<attachment::AttachmentKind>(result.value("kind", 2));
  out.media_type = result.value("media_type", "");
  out.text = result.value("text", "");
  out.pages = result.value("pages", 0);
  out.truncated = result.value("truncated", false);
  return out;
}

int RunExtractionChild(std::string_view filename, const SandboxLimits& sandbox) {
  rlimit cpu{static_cast<rlim_t>(sandbox.cpu.count()), static_cast<rlim_t>(sandbox.cpu.count())};
  rlimit memory{sandbox.memory_bytes, sandbox.memory_bytes};
  setrlimit(RLIMIT_CPU, &cpu);
  setrlimit(RLIMIT_AS, &memory);
  std::string bytes((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  std::cout << ToJson(attachment::ExtractText(filename, bytes))
                   .dump(-1, ' ', false, json::error_handler_t::replace)
            << std::flush;
  return 0;
}

}  // namespace plenary::app
