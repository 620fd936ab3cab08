#include <cstdint>
#include <string>

#include "consultation/codec.h"
#include "core/text.h"
#include "http/json_body.h"

// Calls and contributions as the API receives them: any body either fails with a Status or
// yields a value that keeps the codec's promises.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  plenary::http::Request request;
  request.headers.Set("content-type", "application/json");
  request.body.assign(reinterpret_cast<const char*>(data), size);
  auto body = plenary::http::ParseJsonBody(request);
  if (!body) {
    return 0;
  }
  auto call = plenary::consultation::CallFromJson(*body);
  if (call &&
      (call->title.empty() || call->closes_at <= call->opens_at || call->contributors.empty())) {
    __builtin_trap();
  }
  auto contribution = plenary::consultation::ContributionFromJson(*body);
  if (contribution) {
    bool said = !contribution->body.empty() || !contribution->answers.empty() ||
                !contribution->files.empty();
    if (!said || contribution->author_name.empty() || !plenary::IsValidUtf8(contribution->body) ||
        contribution->body.size() > plenary::consultation::kMaxBodyBytes ||
        contribution->files.size() > plenary::consultation::kMaxFiles) {
      __builtin_trap();
    }
  }
  return 0;
}
