#include <cstdint>
#include <string>

#include "http/json_body.h"
#include "process/codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  plenary::http::Request request;
  request.headers.Set("content-type", "application/json");
  request.body.assign(reinterpret_cast<const char*>(data), size);
  auto body = plenary::http::ParseJsonBody(request);
  if (!body) {
    return 0;
  }
  auto process = plenary::process::ProcessFromJson(*body, nullptr);
  if (process && (process->title.empty() || process->short_name.empty())) {
    __builtin_trap();  // a valid process always has its required fields
  }
  (void)plenary::process::MemberFromJson(*body);
  return 0;
}
