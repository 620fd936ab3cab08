#include "synthetic.h"

#include <cstdio>
#include <random>
#include <stdexcept>

#include <fmt/format.h>

#include "formats/polis/comments_csv.h"
#include "formats/polis/votes_csv.h"

namespace plenary::bench {
namespace {

// Buffered CSV output, flushed in large blocks.
class Output {
 public:
  explicit Output(const std::filesystem::path& path) : file_(std::fopen(path.c_str(), "wb")) {
    if (file_ == nullptr) {
      throw std::runtime_error("cannot write " + path.string());
    }
    buffer_.reserve(kBlock + 4096);
  }
  ~Output() {
    Flush();
    std::fclose(file_);
  }
  std::string& buffer() { return buffer_; }
  void MaybeFlush() {
    if (buffer_.size() >= kBlock) {
      Flush();
    }
  }

 private:
  static constexpr size_t kBlock = 32 << 20;
  void Flush() {
    std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
    buffer_.clear();
  }
  std::FILE* file_;
  std::string buffer_;
};

}  // namespace

const std::vector<Shape>& Shapes() {
  static const std::vector<Shape> shapes = {
      {"2k_x_200", 2'000, 200, 120'000},
      {"7.9k_x_7.8k", 7'890, 7'753, 1'034'858},
      {"33k_x_783", 33'422, 783, 2'000'000},
      {"100k_x_2k", 100'000, 2'000, 10'000'000},
      {"1M_x_10k", 1'000'000, 10'000, 100'000'000},
  };
  return shapes;
}

const Shape* FindShape(const std::string& name) {
  for (const Shape& s : Shapes()) {
    if (s.name == name) {
      return &s;
    }
  }
  return nullptr;
}

int64_t WriteSyntheticConversation(const Shape& shape, const SyntheticOptions& options,
                                   const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::mt19937_64 random(options.seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<std::vector<int8_t>> stance(options.groups, std::vector<int8_t>(shape.comments));
  for (auto& s : stance) {
    for (int8_t& v : s) {
      v = unit(random) < 0.5 ? 1 : -1;
    }
  }
  std::vector<int64_t> agrees(shape.comments, 0), disagrees(shape.comments, 0);
  std::vector<int64_t> stamp(shape.comments, -1);
  const double mean = static_cast<double>(shape.votes) / shape.participants;
  const int64_t low = std::max<int64_t>(1, static_cast<int64_t>(mean * 0.5));
  const int64_t high = std::min<int64_t>(shape.comments, static_cast<int64_t>(mean * 1.5));
  int64_t written = 0;
  int64_t time_ms = 1'500'000'000'000;
  int64_t cached_second = -1;
  std::string datetime;
  {
    Output votes(dir / "votes.csv");
    votes.buffer() = "timestamp,datetime,comment-id,voter-id,vote\n";
    for (int64_t p = 0; p < shape.participants; ++p) {
      const int g = static_cast<int>(random() % options.groups);
      const int64_t want = low + static_cast<int64_t>(random() % (high - low + 1));
      for (int64_t k = 0; k < want; ++k) {
        int64_t c = static_cast<int64_t>(random() % shape.comments);
        while (stamp[c] == p) {
          c = static_cast<int64_t>(random() % shape.comments);
        }
        stamp[c] = p;
        const double u = unit(random);
        const int v = u < options.fidelity                  ? stance[g][c]
                      : u < options.fidelity + options.pass ? 0
                                                            : -stance[g][c];
        agrees[c] += v > 0;
        disagrees[c] += v < 0;
        time_ms += 37;
        if (time_ms / 1000 != cached_second) {
          cached_second = time_ms / 1000;
          datetime = polis::FormatPolisDatetime(time_ms);
        }
        fmt::format_to(std::back_inserter(votes.buffer()), "{},{},{},{},{}\n", time_ms, datetime, c,
                       p, v);
        votes.MaybeFlush();
        ++written;
      }
    }
  }
  std::vector<polis::CommentRecord> comments(shape.comments);
  for (int64_t c = 0; c < shape.comments; ++c) {
    comments[c].timestamp_ms = 1'500'000'000'000 - 1000 * (shape.comments - c);
    comments[c].datetime = polis::FormatPolisDatetime(comments[c].timestamp_ms);
    comments[c].comment_id = c;
    comments[c].author_id = c % shape.participants;
    comments[c].agrees = agrees[c];
    comments[c].disagrees = disagrees[c];
    comments[c].moderated = unit(random) < options.moderated_out ? -1 : 1;
    comments[c].body = fmt::format("Synthetic statement {}", c);
  }
  Output out(dir / "comments.csv");
  out.buffer() = polis::WriteCommentsCsv(comments, false);
  return written;
}

}  // namespace plenary::bench
