#pragma once

#include <expected>
#include <utility>

#include "core/status.h"

namespace plenary {

// A value or the Status that explains why there is none. Never holds an ok Status.
template <typename T>
using Result = std::expected<T, Status>;

// Wraps a non-ok Status so that it converts to any Result<T>.
inline std::unexpected<Status> Error(Status status) {
  return std::unexpected(std::move(status));
}

namespace detail {
inline Status ToStatus(Status s) {
  return s;
}
template <typename T>
Status ToStatus(const Result<T>& r) {
  return r.has_value() ? Status::Ok() : r.error();
}
}  // namespace detail

}  // namespace plenary

#define PLENARY_CONCAT_INNER(a, b) a##b
#define PLENARY_CONCAT(a, b) PLENARY_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function when `expr` (a Status) is not ok.
// Works in functions returning Status or Result<T>.
#define RETURN_IF_ERROR(expr)                                    \
  do {                                                           \
    ::plenary::Status plenary_status_ = (expr);                  \
    if (!plenary_status_.ok()) {                                 \
      return ::plenary::ReturnValue(std::move(plenary_status_)); \
    }                                                            \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, Fallible());` binds the value or returns the error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(PLENARY_CONCAT(plenary_result_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)              \
  auto tmp = (expr);                                       \
  if (!tmp.has_value()) {                                  \
    return ::plenary::ReturnValue(std::move(tmp).error()); \
  }                                                        \
  lhs = std::move(tmp).value()

namespace plenary {
// Converts to either Status or Result<T>, so the macros serve both kinds of function.
struct ReturnValue {
  explicit ReturnValue(Status s) : status(std::move(s)) {}
  operator Status() && { return std::move(status); }  // NOLINT(google-explicit-constructor)
  template <typename T>
  operator Result<T>() && {  // NOLINT(google-explicit-constructor)
    return std::unexpected(std::move(status));
  }
  Status status;
};
}  // namespace plenary
