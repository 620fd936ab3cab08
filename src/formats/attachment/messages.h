#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// The wording that error messages about attachments share.
namespace plenary::attachment {

// The file name without its directories ("C:\fakepath\report.pdf" -> "report.pdf"), as
// browsers and clients may send either.
std::string_view BaseName(std::string_view filename);

// "812 bytes", "3.4 KiB", "20.0 MiB", "1.5 GiB".
std::string FormatByteSize(uint64_t bytes);

// What the first bytes of a file look like, for "it starts like ..." in a message: "a PDF", "a
// ZIP archive", "a PNG image", ...; empty when no known signature matches.
std::string_view DescribeSignature(std::string_view bytes);

}  // namespace plenary::attachment
