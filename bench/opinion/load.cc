#include "load.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats/polis/comments_csv.h"

namespace plenary::bench {
namespace {

// Text per chunk: small enough that a chunk's votes are still in cache when they are set aside
// and added right after parsing, large enough that the hand-offs between threads cost nothing.
constexpr uint64_t kChunk = 4 << 20;

// A votes.csv mapped into memory: threads parse their chunks in place, with no copy.
class VotesFile {
 public:
  explicit VotesFile(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) {
      return;
    }
    struct stat info {};
    if (::fstat(fd, &info) == 0) {
      size_ = static_cast<size_t>(info.st_size);
      void* mapped = size_ == 0 ? nullptr : ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      ok_ = size_ == 0 || mapped != MAP_FAILED;
      data_ = ok_ && mapped != nullptr ? static_cast<const char*>(mapped) : "";
      if (size_ > 0 && ok_) {
        ::madvise(mapped, size_, MADV_SEQUENTIAL);  // read ahead far when the file is not cached
      }
    }
    ::close(fd);
  }
  ~VotesFile() {
    if (ok_ && size_ > 0) {
      ::munmap(const_cast<char*>(data_), size_);
    }
  }
  VotesFile(const VotesFile&) = delete;
  VotesFile& operator=(const VotesFile&) = delete;

  bool ok() const { return ok_; }
  std::string_view text() const { return {data_, size_}; }

  // The first position >= `position` at which a line starts (just after a '\n'), or the size.
  // `data_start` starts a line by definition.
  size_t LineStart(size_t position, size_t data_start) const {
    if (position <= data_start) {
      return data_start;
    }
    if (position > size_) {
      return size_;
    }
    const size_t eol = text().find('\n', position - 1);
    return eol == std::string_view::npos ? size_ : eol + 1;
  }

  // Unmaps the whole pages within [begin, end) from this process (the page cache keeps them,
  // and reading them again maps them back): the mapped file would otherwise count in the
  // process's resident memory, as if a 6 GB file were held in memory.
  void Release(size_t begin, size_t end) const {
    const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    const size_t from = (begin + page - 1) / page * page;
    const size_t to = end / page * page;
    if (from < to) {
      ::madvise(const_cast<char*>(data_) + from, to - from, MADV_DONTNEED);
    }
  }

  // The 1-based line number of the line starting at `position`.
  int64_t LineNumber(size_t position) const {
    return 1 + std::count(data_, data_ + position, '\n');
  }

 private:
  bool ok_ = false;
  const char* data_ = "";
  size_t size_ = 0;
};

// Chunks are parsed by two threads at once and added to the conversation one at a time in file
// order (it numbers participants and comments by first appearance): a thread parses a chunk,
// learns the position of its first vote once the chunk before it is parsed, sets its held-out
// votes aside, then waits for its turn to add the rest while the other thread parses the next
// chunk. Parsing is most of the work, so the serial adding hides behind it.
class ChunkPipeline {
 public:
  ChunkPipeline(const VotesFile& file, const polis::VotesCsvLayout& layout, size_t data_start,
                int hold_out_percent, opinion::Conversation& conversation,
                std::vector<polis::VoteRecord>& held)
      : file_(file),
        layout_(layout),
        data_start_(data_start),
        chunks_(static_cast<int64_t>((file.text().size() - data_start + kChunk - 1) / kChunk)),
        hold_out_percent_(static_cast<uint64_t>(hold_out_percent)),
        conversation_(conversation),
        held_(held) {}

  // Runs the pipeline on `threads` threads; the first error in file order, if any.
  Status Run(int threads) {
    std::vector<std::thread> helpers;
    for (int t = 1; t < threads; ++t) {
      helpers.emplace_back([this] { Work(); });
    }
    Work();
    for (std::thread& helper : helpers) {
      helper.join();
    }
    return status_;
  }

  int64_t added() const { return added_; }

 private:
  // One thread's chunk: its text and votes, reused from chunk to chunk.
  struct Chunk {
    size_t begin = 0;
    std::string_view text;
    std::vector<polis::VoteRecord> records, held;
    std::vector<int64_t> participants, comments;
    std::vector<opinion::Vote> votes;
  };

  void Work() {
    Chunk chunk;
    for (int64_t k = next_++; k < chunks_; k = next_++) {
      Status parsed = Status::Ok();
      chunk.records.clear();
      if (!failed_.load(std::memory_order_relaxed)) {  // else only pass the turns on
        parsed = Parse(k, chunk);
      }
      uint64_t first_position = 0;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        progress_.wait(lock, [&] { return counted_ == k; });
        first_position = position_;
        position_ += chunk.records.size();
        ++counted_;
      }
      progress_.notify_all();
      SetAside(first_position, chunk);
      {
        std::unique_lock<std::mutex> lock(mutex_);
        progress_.wait(lock, [&] { return turn_ == k; });
      }
      if (!failed_.load(std::memory_order_relaxed)) {
        Add(parsed, chunk);
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        ++turn_;
      }
      progress_.notify_all();
    }
  }

  // Parses chunk k: the lines that start within its kChunk bytes.
  Status Parse(int64_t k, Chunk& chunk) const {
    const size_t nominal = data_start_ + static_cast<size_t>(k) * kChunk;
    chunk.begin = file_.LineStart(nominal, data_start_);
    const size_t end = std::max(chunk.begin, file_.LineStart(nominal + kChunk, data_start_));
    chunk.text = file_.text().substr(chunk.begin, end - chunk.begin);
    Status parsed = polis::ParseVoteLines(chunk.text, layout_, 0, chunk.records);
    file_.Release(chunk.begin, end);
    return parsed;
  }

  // Splits the chunk's votes into held-out ones (by a hash of their position in the file) and
  // the rest, as columns for Conversation::AddVotes.
  void SetAside(uint64_t position, Chunk& chunk) const {
    const size_t count = chunk.records.size();
    chunk.held.clear();
    chunk.participants.resize(count);
    chunk.comments.resize(count);
    chunk.votes.resize(count);
    size_t kept = 0;
    for (const polis::VoteRecord& v : chunk.records) {
      if (hold_out_percent_ > 0 && HoldOutHash(position++) % 100 < hold_out_percent_) {
        chunk.held.push_back(v);
        continue;
      }
      chunk.participants[kept] = v.voter_id;
      chunk.comments[kept] = v.comment_id;
      chunk.votes[kept] = static_cast<opinion::Vote>(v.vote);
      ++kept;
    }
    chunk.participants.resize(kept);
    chunk.comments.resize(kept);
    chunk.votes.resize(kept);
  }

  // Adds a parsed chunk to the conversation, or records its error. Runs in file order.
  void Add(const Status& parsed, Chunk& chunk) {
    if (parsed.ok()) {
      held_.insert(held_.end(), chunk.held.begin(), chunk.held.end());
      added_ += static_cast<int64_t>(
          conversation_.AddVotes(chunk.participants, chunk.comments, chunk.votes));
      return;
    }
    // Only now is the chunk's first line number worth counting: parse again with it, for the
    // message.
    chunk.records.clear();
    status_ =
        polis::ParseVoteLines(chunk.text, layout_, file_.LineNumber(chunk.begin), chunk.records);
    failed_ = true;
  }

  const VotesFile& file_;
  const polis::VotesCsvLayout& layout_;
  const size_t data_start_;
  const int64_t chunks_;
  const uint64_t hold_out_percent_;
  std::atomic<int64_t> next_{0};
  std::mutex mutex_;
  std::condition_variable progress_;
  int64_t counted_ = 0;    // chunks whose votes have positions; guarded by mutex_
  uint64_t position_ = 0;  // the next vote's position in the file; guarded by mutex_
  int64_t turn_ = 0;       // the chunk to add next; guarded by mutex_
  // Touched only by the thread whose turn it is (the turn's hand-off orders them).
  opinion::Conversation& conversation_;
  std::vector<polis::VoteRecord>& held_;
  int64_t added_ = 0;
  Status status_ = Status::Ok();
  std::atomic<bool> failed_{false};
};

}  // namespace

Result<LoadResult> LoadVotes(const std::filesystem::path& file, int hold_out_percent,
                             opinion::Conversation& conversation,
                             std::vector<polis::VoteRecord>& held) {
  const auto start = std::chrono::steady_clock::now();
  const VotesFile votes(file);
  if (!votes.ok()) {
    return Error(NotFound("cannot open " + file.string()));
  }
  const size_t data_start = votes.LineStart(1, 0);
  std::string_view header = votes.text().substr(0, data_start);
  if (!header.empty() && header.back() == '\n') {
    header.remove_suffix(1);
  }
  ASSIGN_OR_RETURN(polis::VotesCsvLayout layout, polis::ParseVotesHeader(header));
  layout.timestamp = -1;  // the engine has no use for it; skipping it saves a fifth of parsing
  conversation.ReserveVotes(votes.text().size() / 50);
  ChunkPipeline pipeline(votes, layout, data_start, hold_out_percent, conversation, held);
  RETURN_IF_ERROR(pipeline.Run(2));
  LoadResult result;
  result.votes = pipeline.added();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

Status LoadModeration(const std::filesystem::path& file, opinion::Conversation& conversation) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return Status::Ok();  // optional
  }
  std::stringstream text;
  text << in.rdbuf();
  auto comments = polis::ParseCommentsCsv(text.str());
  if (!comments) {
    return comments.error();
  }
  for (const auto& c : *comments) {
    conversation.SetModeration(c.comment_id, c.moderated, c.is_meta);
  }
  return Status::Ok();
}

uint64_t HoldOutHash(uint64_t position) {
  uint64_t x = position;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}

Result<LoadResult> LoadConversation(const std::filesystem::path& dir, int hold_out_percent,
                                    opinion::Conversation& conversation,
                                    std::vector<polis::VoteRecord>& held) {
  ASSIGN_OR_RETURN(LoadResult loaded,
                   LoadVotes(dir / "votes.csv", hold_out_percent, conversation, held));
  RETURN_IF_ERROR(LoadModeration(dir / "comments.csv", conversation));
  return loaded;
}

}  // namespace plenary::bench
