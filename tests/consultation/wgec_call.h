#pragma once

#include <cstdint>
#include <vector>

#include "consultation/model.h"
#include "consultation/store.h"
#include "process/store.h"

// Where the consultation tests start: the WGEC process and a call of its 2016 consultation
// (open 30 September to 7 December 2016, to the public), with `questions`.
namespace plenary::consultation {

struct WgecCall {
  int64_t process_id = 0;
  int64_t call_id = 0;
};

inline Result<WgecCall> InsertWgecCall(storage::Connection& c,
                                       std::vector<Question> questions = {{1, "Q1"}, {2, "Q2"}}) {
  process::Process p;
  p.short_name = "WGEC";
  p.title = "Working Group on Enhanced Cooperation";
  WgecCall out;
  ASSIGN_OR_RETURN(out.process_id, process::store::InsertProcess(c, p, "2017-01-01T00:00:00Z"));
  Call call;
  call.process_id = out.process_id;
  call.title = "Call";
  call.opens_at = "2016-09-30T00:00:00Z";
  call.closes_at = "2016-12-07T00:00:00Z";
  call.questions = std::move(questions);
  call.contributors = {Contributor::kPublic};
  ASSIGN_OR_RETURN(out.call_id, store::InsertCall(c, call, "2016-09-01T00:00:00Z"));
  return out;
}

}  // namespace plenary::consultation
