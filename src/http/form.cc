#include "http/form.h"

#include <algorithm>
#include <functional>
#include <utility>

#include <fmt/format.h>

#include "core/text.h"

namespace plenary::http {
namespace {

constexpr auto kNpos = std::string_view::npos;

// Browsers send one or two short header lines per part; this bounds the search for their end.
constexpr size_t kMaxPartHeaderBytes = 16 * 1024;

// One place to change should a Status code come to map to HTTP 413 (see form.h).
Status LimitExceeded(std::string message) {
  return InvalidArgument(std::move(message));
}

char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) { return LowerAscii(x) == LowerAscii(y); });
}

bool IsSpaceOrTab(char c) {
  return c == ' ' || c == '\t';
}

bool IsText(std::string_view text) {
  return IsValidUtf8(text) && text.find('\0') == kNpos;
}

// RFC 2046 bchars.
bool IsBoundaryChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         std::string_view("'()+_,-./:=? ").find(c) != kNpos;
}

Status CheckBoundary(std::string_view boundary) {
  if (boundary.empty() || boundary.size() > 70) {
    return InvalidArgument("the multipart boundary must be 1 to 70 characters long (RFC 2046)");
  }
  if (!std::ranges::all_of(boundary, IsBoundaryChar) || boundary.back() == ' ') {
    return InvalidArgument("the multipart boundary has characters that RFC 2046 does not allow");
  }
  return Status::Ok();
}

using Parameters = std::vector<std::pair<std::string, std::string>>;

const std::string* FindParameter(const Parameters& parameters, std::string_view name) {
  auto it = std::ranges::find(parameters, name, &Parameters::value_type::first);
  return it == parameters.end() ? nullptr : &it->second;
}

// Reads a quoted-string whose opening quote is at text[i - 1]. A backslash escapes only the
// tspecials (RFC 2045), as in Go's mime package: browsers send other backslashes literally
// ("C:\Users\file.pdf" from old Windows browsers).
std::optional<std::string> ReadQuoted(std::string_view text, size_t& i) {
  std::string value;
  while (i < text.size()) {
    char c = text[i++];
    if (c == '"') {
      return value;
    }
    if (c == '\\' && i < text.size() && std::string_view("()<>@,;:\\\"/[]?=").contains(text[i])) {
      c = text[i++];
    }
    value += c;
  }
  return std::nullopt;
}

// Parses the parameters after a media or disposition type: `; name=token; other="quoted"`.
// Names are lower-cased. A repeated name is refused: parsers that keep different copies of it
// could be played against each other.
Result<Parameters> ParseParameters(std::string_view text) {
  Parameters out;
  size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && IsSpaceOrTab(text[i])) {
      ++i;
    }
  };
  while (true) {
    skip_space();
    if (i == text.size()) {
      return out;
    }
    if (text[i] != ';') {
      return Error(InvalidArgument(fmt::format("expected ';' at byte {}", i)));
    }
    ++i;
    skip_space();
    if (i == text.size()) {
      return out;
    }
    size_t name_start = i;
    while (i < text.size() && text[i] != '=' && text[i] != ';' && !IsSpaceOrTab(text[i])) {
      ++i;
    }
    std::string name = AsciiLower(text.substr(name_start, i - name_start));
    skip_space();
    if (name.empty() || i == text.size() || text[i] != '=') {
      return Error(InvalidArgument(fmt::format("parameter \"{}\" has no '=value'", name)));
    }
    ++i;
    skip_space();
    std::string value;
    if (i < text.size() && text[i] == '"') {
      ++i;
      auto quoted = ReadQuoted(text, i);
      if (!quoted) {
        return Error(InvalidArgument(fmt::format("parameter \"{}\" has no closing quote", name)));
      }
      value = std::move(*quoted);
    } else {
      size_t value_start = i;
      while (i < text.size() && text[i] != ';') {
        ++i;
      }
      value = std::string(Trim(text.substr(value_start, i - value_start)));
    }
    if (FindParameter(out, name) != nullptr) {
      return Error(InvalidArgument(fmt::format("parameter \"{}\" is repeated", name)));
    }
    out.emplace_back(std::move(name), std::move(value));
  }
}

struct Delimiter {
  size_t start = 0;  // the CRLF before "--boundary" (the "--" for the opening delimiter)
  size_t next = 0;   // the first byte of the following part (the body's end after the close)
  bool close = false;
};

// Finds delimiter lines: CRLF "--" boundary, then "--" (the close delimiter) or optional
// white space and CRLF (RFC 2046 5.1.1). "--boundary" followed by anything else is not a
// delimiter line, so a file may hold look-alikes. Not copyable: the searcher points into needle_.
class DelimiterScanner {
 public:
  DelimiterScanner(std::string_view body, std::string_view boundary)
      : body_(body),
        needle_("\r\n--" + std::string(boundary)),
        searcher_(needle_.begin(), needle_.end()) {}
  DelimiterScanner(const DelimiterScanner&) = delete;
  DelimiterScanner& operator=(const DelimiterScanner&) = delete;

  // The opening delimiter: at the start of the body, or after the preamble's last CRLF.
  std::optional<Delimiter> First() const {
    std::string_view dash_boundary = std::string_view(needle_).substr(2);
    if (body_.starts_with(dash_boundary)) {
      if (auto delimiter = Complete(0, dash_boundary.size())) {
        return delimiter;
      }
    }
    return Next(0);
  }

  // The first delimiter whose CRLF starts at or after `from`.
  std::optional<Delimiter> Next(size_t from) const {
    auto it = body_.begin() + static_cast<std::ptrdiff_t>(from);
    while (true) {
      auto match = searcher_(it, body_.end()).first;
      if (match == body_.end()) {
        return std::nullopt;
      }
      auto start = static_cast<size_t>(match - body_.begin());
      if (auto delimiter = Complete(start, start + needle_.size())) {
        return delimiter;
      }
      it = match + 1;
    }
  }

 private:
  // `after` follows "--boundary" of a candidate that begins at `start`.
  std::optional<Delimiter> Complete(size_t start, size_t after) const {
    if (body_.substr(after).starts_with("--")) {
      return Delimiter{.start = start, .next = body_.size(), .close = true};
    }
    while (after < body_.size() && IsSpaceOrTab(body_[after])) {
      ++after;
    }
    if (body_.substr(after).starts_with("\r\n")) {
      return Delimiter{.start = start, .next = after + 2, .close = false};
    }
    return std::nullopt;
  }

  std::string_view body_;
  std::string needle_;
  std::boyer_moore_horspool_searcher<std::string::const_iterator> searcher_;
};

struct Part {
  std::string name;
  std::optional<std::string> filename;  // as sent, before sanitising
  std::string_view content_type;
  std::string_view data;
};

Status ParseDisposition(std::string_view value, size_t index, Part& part) {
  size_t semi = value.find(';');
  std::string_view type = Trim(value.substr(0, semi));
  if (!EqualsIgnoreCase(type, "form-data")) {
    return InvalidArgument(
        fmt::format("part {} has Content-Disposition \"{}\", not form-data", index, type));
  }
  auto parameters = ParseParameters(semi == kNpos ? std::string_view() : value.substr(semi));
  if (!parameters) {
    return InvalidArgument(fmt::format("part {} has a malformed Content-Disposition header: {}",
                                       index, parameters.error().message()));
  }
  const std::string* name = FindParameter(*parameters, "name");
  if (name == nullptr || name->empty()) {
    return InvalidArgument(
        fmt::format("part {} has no name in its Content-Disposition header", index));
  }
  if (!IsText(*name)) {
    return InvalidArgument(fmt::format("the name of part {} is not valid UTF-8", index));
  }
  part.name = *name;
  // filename* (RFC 5987) is ignored: RFC 7578 4.2 forbids senders to use it.
  if (const std::string* filename = FindParameter(*parameters, "filename")) {
    part.filename = *filename;
  }
  return Status::Ok();
}

Status ParseHeaderLine(std::string_view line, size_t index, Part& part, bool& has_disposition,
                       bool& has_type) {
  auto malformed = [&](std::string_view what) {
    return InvalidArgument(fmt::format("part {} has malformed headers: {}", index, what));
  };
  for (char c : line) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) {
      return malformed("a control character");
    }
  }
  size_t colon = line.find(':');
  if (colon == kNpos || colon == 0 || IsSpaceOrTab(line[colon - 1])) {
    return malformed("a line that is not \"Name: value\"");
  }
  std::string_view name = line.substr(0, colon);
  std::string_view value = Trim(line.substr(colon + 1));
  if (EqualsIgnoreCase(name, "content-disposition")) {
    if (has_disposition) {
      return malformed("two Content-Disposition headers");
    }
    has_disposition = true;
    return ParseDisposition(value, index, part);
  }
  if (EqualsIgnoreCase(name, "content-type")) {
    if (has_type) {
      return malformed("two Content-Type headers");
    }
    has_type = true;
    part.content_type = value;
  }
  return Status::Ok();  // RFC 7578 4.8: other headers are ignored
}

// Splits one part (between delimiters) into its headers and data. Header lines end in CRLF or,
// leniently, a bare LF: the part's extent is already fixed by the delimiters, and on a
// well-formed part the first empty line is the same either way.
Result<Part> ParsePart(std::string_view text, size_t index) {
  std::vector<std::string_view> lines;  // all read before any is parsed, to see folds first
  std::string_view head = text.substr(0, kMaxPartHeaderBytes);
  size_t pos = 0;
  while (true) {
    size_t eol = head.find('\n', pos);
    if (eol == kNpos) {
      if (text.size() > head.size()) {
        return Error(InvalidArgument(fmt::format("the headers of part {} are longer than {} bytes",
                                                 index, kMaxPartHeaderBytes)));
      }
      return Error(InvalidArgument(
          fmt::format("the headers of part {} are truncated: no empty line ends them", index)));
    }
    std::string_view line = head.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.ends_with('\r')) {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      break;
    }
    if (IsSpaceOrTab(line.front())) {
      return Error(InvalidArgument(fmt::format(
          "part {} has malformed headers: folded header lines are not supported", index)));
    }
    lines.push_back(line);
  }
  Part part;
  bool has_disposition = false;
  bool has_type = false;
  for (std::string_view line : lines) {
    RETURN_IF_ERROR(ParseHeaderLine(line, index, part, has_disposition, has_type));
  }
  if (!has_disposition) {
    return Error(InvalidArgument(fmt::format("part {} has no Content-Disposition header", index)));
  }
  part.data = text.substr(pos);
  return part;
}

// C0 and C1 controls, DEL, and the bidi embeddings, overrides and isolates (U+202A..U+202E,
// U+2066..U+2069) that can disguise an extension. `ch` is one valid UTF-8 sequence.
bool IsControl(std::string_view ch) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(ch[i]); };
  if (ch.size() == 1) {
    return byte(0) < 0x20 || byte(0) == 0x7F;
  }
  if (ch.size() == 2) {
    return byte(0) == 0xC2 && byte(1) < 0xA0;
  }
  return ch.size() == 3 && byte(0) == 0xE2 &&
         ((byte(1) == 0x80 && byte(2) >= 0xAA && byte(2) <= 0xAE) ||
          (byte(1) == 0x81 && byte(2) >= 0xA6 && byte(2) <= 0xA9));
}

Result<std::string> SanitizeFilename(std::string_view raw, size_t index) {
  if (!IsValidUtf8(raw)) {
    return Error(InvalidArgument(fmt::format("the filename of part {} is not valid UTF-8", index)));
  }
  if (size_t separator = raw.find_last_of("/\\"); separator != kNpos) {
    raw.remove_prefix(separator + 1);
  }
  std::string kept;
  for (size_t i = 0; i < raw.size();) {
    auto lead = static_cast<unsigned char>(raw[i]);
    size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    std::string_view ch = raw.substr(i, length);
    i += length;
    if (!IsControl(ch)) {
      kept += ch;
    }
  }
  std::string_view name = Trim(kept);
  if (name.empty() || name == "." || name == "..") {
    return Error(
        InvalidArgument(fmt::format("the filename of part {} has no usable characters", index)));
  }
  return std::string(name);
}

Status AddFile(Part part, size_t index, const FormLimits& limits, Form& form) {
  if (part.filename->empty() && part.data.empty()) {
    return Status::Ok();  // a file input with no file chosen
  }
  if (form.files.size() >= limits.max_files) {
    return LimitExceeded(
        fmt::format("the form has more than {} files (max_files)", limits.max_files));
  }
  ASSIGN_OR_RETURN(std::string filename, SanitizeFilename(*part.filename, index));
  if (part.data.size() > limits.max_file_bytes) {
    return LimitExceeded(fmt::format("file \"{}\" is larger than {} bytes (max_file_bytes)",
                                     filename, limits.max_file_bytes));
  }
  form.files.push_back(FormFile{
      .field = std::move(part.name),
      .filename = std::move(filename),
      .content_type = part.content_type.empty() ? "text/plain" : std::string(part.content_type),
      .data = std::string(part.data),
  });
  return Status::Ok();
}

// Checks a text field against the limits before its value is copied.
Status CheckTextField(std::string_view name, size_t value_bytes, const FormLimits& limits,
                      const Form& form) {
  if (form.fields.size() >= limits.max_fields) {
    return LimitExceeded(
        fmt::format("the form has more than {} fields (max_fields)", limits.max_fields));
  }
  if (value_bytes > limits.max_field_bytes) {
    return LimitExceeded(fmt::format("field \"{}\" is longer than {} bytes (max_field_bytes)", name,
                                     limits.max_field_bytes));
  }
  return Status::Ok();
}

Status AddPart(std::string_view text, size_t index, const FormLimits& limits, Form& form) {
  ASSIGN_OR_RETURN(Part part, ParsePart(text, index));
  if (part.filename) {
    return AddFile(std::move(part), index, limits, form);
  }
  RETURN_IF_ERROR(CheckTextField(part.name, part.data.size(), limits, form));
  if (!IsText(part.data)) {
    return InvalidArgument(
        fmt::format("field \"{}\" is not valid UTF-8 text without NUL", part.name));
  }
  form.fields.emplace(std::move(part.name), std::string(part.data));
  return Status::Ok();
}

std::string_view CrlfHint(std::string_view body) {
  return body.find("\r\n") == kNpos && body.find('\n') != kNpos ? " (lines must end with CRLF)"
                                                                : "";
}

Result<Form> ParseUrlEncoded(std::string_view body, const FormLimits& limits) {
  Form form;
  size_t start = 0;
  while (start <= body.size()) {
    size_t amp = std::min(body.find('&', start), body.size());
    std::string_view pair = body.substr(start, amp - start);
    start = amp + 1;
    if (pair.empty()) {
      continue;
    }
    size_t eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq), true);
    if (!name) {
      return Error(InvalidArgument("a form field name is not valid UTF-8 text without NUL"));
    }
    auto value = PercentDecode(eq == kNpos ? std::string_view() : pair.substr(eq + 1), true);
    if (!value) {
      return Error(
          InvalidArgument(fmt::format("field \"{}\" is not valid UTF-8 text without NUL", *name)));
    }
    RETURN_IF_ERROR(CheckTextField(*name, value->size(), limits, form));
    form.fields.emplace(std::move(*name), std::move(*value));
  }
  return form;
}

}  // namespace

std::optional<std::string_view> Form::Field(std::string_view name) const {
  auto it = fields.lower_bound(name);  // the first of equal keys, in the order sent
  if (it == fields.end() || it->first != name) {
    return std::nullopt;
  }
  return std::string_view(it->second);
}

const FormFile* Form::File(std::string_view field) const {
  auto it = std::ranges::find(files, field, &FormFile::field);
  return it == files.end() ? nullptr : &*it;
}

Result<Form> ParseMultipart(std::string_view body, std::string_view boundary,
                            const FormLimits& limits) {
  RETURN_IF_ERROR(CheckBoundary(boundary));
  DelimiterScanner scanner(body, boundary);
  std::optional<Delimiter> delimiter = scanner.First();
  if (!delimiter) {
    return Error(InvalidArgument(fmt::format(
        "the body has no opening boundary delimiter \"--{}\"{}", boundary, CrlfHint(body))));
  }
  Form form;
  for (size_t index = 1; !delimiter->close; ++index) {
    std::optional<Delimiter> end = scanner.Next(delimiter->next);
    if (!end) {
      return Error(InvalidArgument(fmt::format(
          "part {} is not followed by a delimiter: missing closing delimiter \"--{}--\"{}", index,
          boundary, CrlfHint(body))));
    }
    RETURN_IF_ERROR(
        AddPart(body.substr(delimiter->next, end->start - delimiter->next), index, limits, form));
    delimiter = end;
  }
  return form;  // the epilogue after the close delimiter is ignored
}

Result<Form> ParseForm(const Request& request, const FormLimits& limits) {
  auto wrong_type = [] {
    return Error(InvalidArgument(
        "send the form as application/x-www-form-urlencoded or multipart/form-data"));
  };
  auto header = request.headers.Get("content-type");
  if (!header) {
    return wrong_type();
  }
  size_t semi = header->find(';');
  std::string_view type = Trim(header->substr(0, semi));
  if (EqualsIgnoreCase(type, "application/x-www-form-urlencoded")) {
    return ParseUrlEncoded(request.body, limits);
  }
  if (!EqualsIgnoreCase(type, "multipart/form-data")) {
    return wrong_type();
  }
  auto parameters = ParseParameters(semi == kNpos ? std::string_view() : header->substr(semi));
  if (!parameters) {
    return Error(InvalidArgument("malformed Content-Type header: " + parameters.error().message()));
  }
  const std::string* boundary = FindParameter(*parameters, "boundary");
  if (boundary == nullptr) {
    return Error(InvalidArgument("multipart/form-data needs a boundary parameter in Content-Type"));
  }
  return ParseMultipart(request.body, *boundary, limits);
}

}  // namespace plenary::http
