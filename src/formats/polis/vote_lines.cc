// The quote-free fast path of ParseVoteLines. A votes.csv line is short and regular
// ("1403054214196,Wed Jun 18 08:16:54 WIB 2014,0,7,1"), so instead of a byte at a time:
// - with SSE2, the separators of a whole line are found at once (a bit mask of 64 bytes), so
//   its fields, and the next line, do not wait on one another's ends;
// - digits are checked and converted 8 at a time in a 64-bit word (SWAR);
// - otherwise (no SSE2, the text's last bytes, lines over 64 bytes) a field-by-field path with
//   the same word tricks; whatever it refuses goes to the general path, which names the error.
#include "formats/polis/vote_lines.h"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace plenary::polis::detail {
namespace {

// Words are read little-endian: byte 0 is the first character.
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;
constexpr uint64_t kPowersOfTen[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

inline uint64_t LoadWord(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, 8);
  if constexpr (std::endian::native == std::endian::big) {
    word = std::byteswap(word);
  }
  return word;
}

// The 8 bytes at p, zero-padded past `end` (a zero byte is neither a digit nor a separator).
inline uint64_t LoadWord(const char* p, const char* end) {
  if (end - p >= 8) [[likely]] {
    return LoadWord(p);
  }
  uint64_t word = 0;
  for (int i = 0; i < end - p; ++i) {
    word |= uint64_t{static_cast<uint8_t>(p[i])} << (8 * i);
  }
  return word;
}

// How many leading bytes of `word` are digits (0-8); `values` gets each byte - '0'.
inline int LeadingDigits(uint64_t word, uint64_t& values) {
  values = word ^ (kOnes * '0');  // digits become 0-9, every other byte >= 10
  // The high bit of each byte >= 10: adding 118 to its low 7 bits carries into bit 7 for
  // 10..127 (and never into the next byte); bytes >= 128 have it already.
  const uint64_t above_nine = (values | ((values & ~kHighBits) + kOnes * 118)) & kHighBits;
  return above_nine == 0 ? 8 : std::countr_zero(above_nine) / 8;
}

// The number written by the first n (1-8) digit values of `values`, the first most significant.
inline uint64_t DigitsValue(uint64_t values, int n) {
  uint64_t v = values << (8 * (8 - n));             // the digits right-aligned, zeros ahead of them
  v = (v * 10 + (v >> 8)) & 0x00ff00ff00ff00ffULL;  // pairs of digits
  v = (v * 100 + (v >> 16)) & 0x0000ffff0000ffffULL;       // groups of 4
  return (v * 10000 + (v >> 32)) & 0x00000000ffffffffULL;  // all 8
}

// Reads an optional '-' and 1-18 digits at p; false otherwise (the general path also takes 19
// digits, and names the error).
inline bool ReadInteger(const char*& p, const char* end, int64_t& value) {
  const bool negative = p < end && *p == '-';
  p += negative ? 1 : 0;
  uint64_t values = 0;
  int n = LeadingDigits(LoadWord(p, end), values);
  if (n == 0) {
    return false;
  }
  uint64_t v = DigitsValue(values, n);
  p += n;
  for (int total = n; n == 8;) {  // long numbers (timestamps): 8 more digits at a time
    n = LeadingDigits(LoadWord(p, end), values);
    total += n;
    if (n == 0) {
      break;
    }
    if (total > 18) {
      return false;
    }
    v = v * kPowersOfTen[n] + DigitsValue(values, n);
    p += n;
  }
  value = negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
  return true;
}

// The high bit of each byte of `word` equal to `c`; the lowest one is exact (a borrow can only
// mark bytes above a true match).
inline uint64_t BytesEqual(uint64_t word, char c) {
  const uint64_t x = word ^ (kOnes * static_cast<uint8_t>(c));
  return (x - kOnes) & ~x & kHighBits;
}

// The first ',' or '\n' at or after p, or end.
inline const char* FieldEnd(const char* p, const char* end) {
  for (; end - p >= 8; p += 8) {
    const uint64_t word = LoadWord(p);
    const uint64_t found = BytesEqual(word, ',') | BytesEqual(word, '\n');
    if (found != 0) {
      return p + std::countr_zero(found) / 8;
    }
  }
  while (p < end && *p != ',' && *p != '\n') {
    ++p;
  }
  return p;
}

// What each column holds: one of the record's fields, or nothing (skipped unparsed).
enum Slot : uint8_t { kTimestampSlot, kCommentSlot, kVoterSlot, kVoteSlot, kSkipSlot };

std::vector<uint8_t> ColumnSlots(const VotesCsvLayout& layout) {
  std::vector<uint8_t> slots(layout.columns, kSkipSlot);
  for (const auto& [column, slot] : {std::pair{layout.timestamp, kTimestampSlot},
                                     {layout.comment, kCommentSlot},
                                     {layout.voter, kVoterSlot},
                                     {layout.vote, kVoteSlot}}) {
    if (column >= 0 && static_cast<size_t>(column) < slots.size()) {
      slots[column] = slot;
    }
  }
  return slots;
}

// Fields land in locals chosen by selection rather than in an array indexed by slot: an array
// written field by field and then read back whole stalls on store forwarding.
struct LineValues {
  int64_t timestamp = 0, comment = 0, voter = 0, vote = 0;

  void Set(uint8_t slot, int64_t value) {
    timestamp = slot == kTimestampSlot ? value : timestamp;
    comment = slot == kCommentSlot ? value : comment;
    voter = slot == kVoterSlot ? value : voter;
    vote = slot == kVoteSlot ? value : vote;
  }
  bool Store(VoteRecord& record) const {
    if (vote < -1 || vote > 1) {
      return false;
    }
    record.timestamp_ms = timestamp;
    record.comment_id = comment;
    record.voter_id = voter;
    record.vote = static_cast<int8_t>(vote);
    return true;
  }
};

// One quote-free, non-blank line field by field, advancing p past it; false on anything
// unusual (p is then meaningless).
bool ParseLineByFields(const char*& p, const char* end, const uint8_t* column_slots, size_t columns,
                       VoteRecord& record) {
  LineValues values;
  for (size_t column = 0; column < columns; ++column) {
    if (column > 0) {
      if (p == end || *p != ',') {
        return false;
      }
      ++p;
    }
    int64_t value = 0;
    if (column_slots[column] == kSkipSlot) {
      p = FieldEnd(p, end);
    } else if (!ReadInteger(p, end, value)) {
      return false;
    }
    values.Set(column_slots[column], value);
  }
  if (p < end && *p == '\r') {
    ++p;
  }
  if (p < end) {
    if (*p != '\n') {
      return false;
    }
    ++p;
  }
  return columns > 0 && values.Store(record);
}

// A column pattern known at compile time: Polis's own layout, with or without its timestamp
// read. The window path then unrolls its loop over the columns (~10% faster).
template <uint8_t... kSlots>
struct FixedColumns {
  static constexpr bool kFixed = true;
  static constexpr uint8_t kColumnSlots[] = {kSlots...};
  static constexpr size_t kCount = sizeof...(kSlots);

  static bool Matches(const std::vector<uint8_t>& column_slots) {
    return std::equal(column_slots.begin(), column_slots.end(), kColumnSlots,
                      kColumnSlots + kCount);
  }
};
using PolisColumns = FixedColumns<kTimestampSlot, kSkipSlot, kCommentSlot, kVoterSlot, kVoteSlot>;
using PolisColumnsUntimed = FixedColumns<kSkipSlot, kSkipSlot, kCommentSlot, kVoterSlot, kVoteSlot>;
struct AnyColumns {  // the pattern is read at run time
  static constexpr bool kFixed = false;
  static constexpr uint8_t kColumnSlots[] = {kSkipSlot};
  static constexpr size_t kCount = 0;
};

#if defined(__SSE2__)
// The window path reads this many bytes from the start of a line (64 + ReadField's overrun).
constexpr ptrdiff_t kWindowBytes = 96;

// Bits of the 64 bytes at p: commas and newlines (`separators`), and newlines alone.
inline void SeparatorMasks(const char* p, uint64_t& separators, uint64_t& newlines) {
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i newline = _mm_set1_epi8('\n');
  separators = 0;
  newlines = 0;
  for (int i = 0; i < 4; ++i) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    const __m128i is_newline = _mm_cmpeq_epi8(bytes, newline);
    const __m128i is_separator = _mm_or_si128(is_newline, _mm_cmpeq_epi8(bytes, comma));
    newlines |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(is_newline))} << (16 * i);
    separators |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(is_separator))} << (16 * i);
  }
}

// Reads the integer that is exactly the `length` bytes at s (optional '-', 1-18 digits); 25
// bytes from s must be readable.
inline bool ReadField(const char* s, int length, int64_t& value) {
  const bool negative = length > 0 && *s == '-';
  s += negative ? 1 : 0;
  length -= negative ? 1 : 0;
  if (length <= 0 || length > 18) {
    return false;
  }
  uint64_t values = 0;
  const int first = std::min(length, 8);
  if (LeadingDigits(LoadWord(s), values) < first) {
    return false;
  }
  uint64_t v = DigitsValue(values, first);
  for (int done = 8; done < length; done += 8) {
    const int more = std::min(length - done, 8);
    if (LeadingDigits(LoadWord(s + done), values) < more) {
      return false;
    }
    v = v * kPowersOfTen[more] + DigitsValue(values, more);
  }
  value = negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
  return true;
}

// Reads a vote that is exactly "0", "1", "-1" or "-0" (the `length` bytes at s; 2 readable),
// without branches: which of them comes next is unpredictable. Other spellings ("01") are
// left to the general path.
inline bool ReadVote(const char* s, int length, int64_t& value) {
  const bool two = length == 2;
  const int digit = (two ? s[1] : s[0]) - '0';
  value = two ? -digit : digit;
  return (length == 1 || (two && s[0] == '-')) && (digit == 0 || digit == 1);
}

// One line that ends within the 64 bytes at p (kWindowBytes must be readable): sets `length`
// to its length with the '\n'. False for anything else, with nothing consumed. The column
// pattern is `Pattern`'s when it is fixed, else `column_slots`.
template <class Pattern>
inline bool ParseWindowLine(const char* p, const uint8_t* column_slots, size_t columns,
                            VoteRecord& record, size_t& length) {
  if constexpr (Pattern::kFixed) {
    column_slots = Pattern::kColumnSlots;
    columns = Pattern::kCount;
  }
  uint64_t separators = 0, newlines = 0;
  SeparatorMasks(p, separators, newlines);
  if (newlines == 0) {
    return false;
  }
  separators &= newlines ^ (newlines - 1);  // those up to the first newline
  const int eol = std::countr_zero(newlines);
  LineValues values;
  bool ok = true;
  int start = 0;
  int stop = 0;
#pragma GCC unroll 8
  for (size_t column = 0; column < columns; ++column) {
    stop = std::countr_zero(separators);  // 64 when there are too few: refused below
    separators &= separators - 1;
    const uint8_t slot = column_slots[column];
    if (slot != kSkipSlot) {
      const bool cr = column + 1 == columns && stop > start && p[stop - 1] == '\r';
      const int length = stop - start - (cr ? 1 : 0);
      int64_t value = 0;
      ok &= slot == kVoteSlot ? ReadVote(p + start, length, value)
                              : ReadField(p + start, length, value);
      values.Set(slot, value);
    }
    start = stop + 1;
  }
  if (!ok || stop != eol || !values.Store(record)) {
    return false;
  }
  length = static_cast<size_t>(eol) + 1;
  return true;
}
#endif

// A line the window path did not take: field by field, else the general path and its message.
// Advances p past the line.
[[gnu::noinline]] Status ParseLineSlowly(const char*& p, const char* end,
                                         const uint8_t* column_slots, const VotesCsvLayout& layout,
                                         int64_t line, VoteRecord& record) {
  const char* start = p;
  if (ParseLineByFields(p, end, column_slots, layout.columns, record)) {
    return Status::Ok();
  }
  const char* eol = static_cast<const char*>(std::memchr(start, '\n', end - start));
  std::string_view line_text(start, (eol == nullptr ? end : eol) - start);
  if (!line_text.empty() && line_text.back() == '\r') {
    line_text.remove_suffix(1);
  }
  p = eol == nullptr ? end : eol + 1;
  record = VoteRecord();
  return ParseVoteLineWithMessages(line_text, layout, line, record);
}

template <class Pattern>
Status ParseLines(std::string_view text, const VotesCsvLayout& layout,
                  const std::vector<uint8_t>& column_slots, int64_t first_line,
                  std::vector<VoteRecord>& out) {
  const char* p = text.data();
  const char* const end = p + text.size();
  // Records are parsed straight into a local batch and appended a batch at a time (one call
  // and one copy per batch rather than per line).
  constexpr size_t kBatch = 256;
  VoteRecord batch[kBatch];
  size_t batched = 0;
  for (int64_t line = first_line; p < end; ++line) {
    if (*p == '\n' || *p == '\r') {  // a blank line
      p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
      continue;
    }
#if defined(__SSE2__)
    size_t length = 0;
    if (end - p >= kWindowBytes && layout.columns <= 64 &&
        ParseWindowLine<Pattern>(p, column_slots.data(), layout.columns, batch[batched], length)) {
      p += length;
    } else
#endif
    {
      RETURN_IF_ERROR(ParseLineSlowly(p, end, column_slots.data(), layout, line, batch[batched]));
    }
    if (++batched == kBatch) {
      out.insert(out.end(), batch, batch + kBatch);
      batched = 0;
    }
  }
  out.insert(out.end(), batch, batch + batched);
  return Status::Ok();
}

}  // namespace

Status ParseUnquotedVoteLines(std::string_view text, const VotesCsvLayout& layout,
                              int64_t first_line, std::vector<VoteRecord>& out) {
  const std::vector<uint8_t> slots = ColumnSlots(layout);
  if (PolisColumns::Matches(slots)) {
    return ParseLines<PolisColumns>(text, layout, slots, first_line, out);
  }
  if (PolisColumnsUntimed::Matches(slots)) {
    return ParseLines<PolisColumnsUntimed>(text, layout, slots, first_line, out);
  }
  return ParseLines<AnyColumns>(text, layout, slots, first_line, out);
}

Status ParseVoteLinesOneByOne(std::string_view text, const VotesCsvLayout& layout,
                              int64_t first_line, std::vector<VoteRecord>& out) {
  int64_t line = first_line;
  for (size_t pos = 0; pos < text.size(); ++line) {
    if (text[pos] == '\n' || text[pos] == '\r') {
      pos += text.substr(pos, 2) == "\r\n" ? 2 : 1;
      continue;
    }
    const size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view line_text = text.substr(pos, eol - pos);
    if (!line_text.empty() && line_text.back() == '\r') {
      line_text.remove_suffix(1);
    }
    VoteRecord record;
    RETURN_IF_ERROR(ParseVoteLineWithMessages(line_text, layout, line, record));
    out.push_back(record);
    pos = eol + 1;
  }
  return Status::Ok();
}

}  // namespace plenary::polis::detail
