#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "formats/attachment/attachment.h"

namespace plenary::app {

// Extracting the text of an uploaded file runs third-party parsers (poppler, libzip) on
// untrusted bytes; a file built to decompress to gigabytes can hold poppler for minutes, and a
// parser bug could crash the server. So the server runs each extraction in a child process
// (`plenary extract-text`, this same binary) with a CPU-time and a memory limit, and treats a
// child that is killed or overruns as a refusal naming the file.
struct SandboxLimits {
  std::chrono::seconds cpu{20};
  size_t memory_bytes = size_t{2} << 30;
  std::chrono::seconds wall{30};
};

Result<attachment::ExtractedText> ExtractInChild(std::string_view filename, std::string_view bytes,
                                                 const attachment::AttachmentLimits& limits,
                                                 const SandboxLimits& sandbox = {});

// The child's side: reads the file from standard input, applies `sandbox` to itself, extracts,
// and writes one JSON object to standard output. Returns the exit code.
int RunExtractionChild(std::string_view filename, const SandboxLimits& sandbox);

}  // namespace plenary::app
