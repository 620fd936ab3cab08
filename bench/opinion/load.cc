#include "load.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

namespace plenary::bench {
namespace {

uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}

// Parses `text` (whole lines) on two threads, splitting at a line end near the middle.
Status ParseBlock(std::string_view text, const polis::VotesCsvLayout& layout, int64_t line,
                  std::vector<polis::VoteRecord>& first, std::vector<polis::VoteRecord>& second) {
  first.clear();
  second.clear();
  size_t middle = text.size() / 2;
  while (middle < text.size() && text[middle] != '\n') {
    ++middle;
  }
  middle = std::min(middle + 1, text.size());
  const std::string_view head = text.substr(0, middle);
  const int64_t head_lines = std::count(head.begin(), head.end(), '\n');
  Status second_status;
  std::thread helper([&] {
    second_status = polis::ParseVoteLines(text.substr(middle), layout, line + head_lines, second);
  });
  Status first_status = polis::ParseVoteLines(head, layout, line, first);
  helper.join();
  RETURN_IF_ERROR(first_status);
  return second_status;
}

}  // namespace

Result<LoadResult> LoadVotes(const std::filesystem::path& file, int hold_out_percent,
                             opinion::Conversation& conversation,
                             std::vector<polis::VoteRecord>& held) {
  const auto start = std::chrono::steady_clock::now();
  std::FILE* in = std::fopen(file.c_str(), "rb");
  if (in == nullptr) {
    return Error(NotFound("cannot open " + file.string()));
  }
  const uintmax_t size = std::filesystem::file_size(file);
  conversation.ReserveVotes(size / 50);
  constexpr size_t kBlock = 64 << 20;
  std::string buffer(kBlock, '\0');
  size_t filled = 0;
  bool header_done = false;
  polis::VotesCsvLayout layout;
  int64_t line = 1;
  uint64_t position = 0;
  LoadResult result;
  std::vector<polis::VoteRecord> first, second;
  while (true) {
    const size_t got = std::fread(buffer.data() + filled, 1, buffer.size() - filled, in);
    filled += got;
    const bool last = got == 0;
    size_t end = last ? filled : std::string_view(buffer.data(), filled).rfind('\n') + 1;
    if (!last && end == 0) {
      buffer.resize(buffer.size() * 2);  // a line longer than the block
      continue;
    }
    std::string_view text(buffer.data(), end);
    if (!header_done && !text.empty()) {
      const size_t eol = text.find('\n');
      auto parsed = polis::ParseVotesHeader(text.substr(0, eol));
      if (!parsed) {
        std::fclose(in);
        return Error(parsed.error());
      }
      layout = *parsed;
      header_done = true;
      text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
      ++line;
    }
    if (Status s = ParseBlock(text, layout, line, first, second); !s.ok()) {
      std::fclose(in);
      return Error(s);
    }
    line += std::count(text.begin(), text.end(), '\n');
    for (const auto* part : {&first, &second}) {
      for (const polis::VoteRecord& v : *part) {
        if (hold_out_percent > 0 &&
            Mix(position++) % 100 < static_cast<uint64_t>(hold_out_percent)) {
          held.push_back(v);
          continue;
        }
        result.votes +=
            conversation.AddVote(v.voter_id, v.comment_id, static_cast<opinion::Vote>(v.vote));
      }
    }
    if (last) {
      break;
    }
    std::memmove(buffer.data(), buffer.data() + end, filled - end);
    filled -= end;
  }
  std::fclose(in);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace plenary::bench
