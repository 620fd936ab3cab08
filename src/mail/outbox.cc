#include "mail/outbox.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "core/text.h"
#include "mail/address.h"
#include "mail/store.h"

namespace plenary::mail {
namespace {

constexpr std::string_view kNames[] = {"pending", "sent", "held", "failed"};

// Why `text` cannot be a header value, or "" when it can.
std::string_view HeaderTextProblem(std::string_view text) {
  if (text.find_first_of("\r\n") != std::string_view::npos) {
    return "line breaks are not allowed";
  }
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7F) {
      return "control characters are not allowed";
    }
  }
  return IsValidUtf8(text) ? std::string_view() : "it is not valid UTF-8";
}

Status ValidateSubject(std::string_view subject) {
  if (Trim(subject).empty()) {
    return InvalidArgument("subject is empty");
  }
  if (subject.size() > kMaxSubjectBytes) {
    return InvalidArgument(fmt::format("subject is longer than {} bytes", kMaxSubjectBytes));
  }
  std::string_view problem = HeaderTextProblem(subject);
  return problem.empty() ? Status::Ok() : InvalidArgument(fmt::format("subject: {}", problem));
}

Status ValidateBody(std::string_view body) {
  if (body.size() > kMaxBodyBytes) {
    return InvalidArgument(fmt::format("body is longer than {} bytes", kMaxBodyBytes));
  }
  if (!IsValidUtf8(body)) {
    return InvalidArgument("body is not valid UTF-8");
  }
  for (char c : body) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F) {
      return InvalidArgument(
          fmt::format("body holds the control character \\x{:02X}; only tab and line breaks are "
                      "allowed",
                      u));
    }
  }
  return Status::Ok();
}

Status ValidateKind(std::string_view kind) {
  bool ok =
      !kind.empty() && kind.size() <= kMaxKindBytes &&
      std::all_of(kind.begin(), kind.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
      });
  return ok ? Status::Ok()
            : InvalidArgument(fmt::format("kind '{}' must be 1 to {} of a-z, 0-9, '_', '.', '-'",
                                          Printable(kind), kMaxKindBytes));
}

int64_t Millis(Timestamp t) {
  return t.time_since_epoch().count();
}

}  // namespace

std::string_view StatusName(MessageStatus status) {
  return kNames[static_cast<size_t>(status)];
}

std::optional<MessageStatus> ParseMessageStatus(std::string_view name) {
  for (size_t i = 0; i < std::size(kNames); ++i) {
    if (kNames[i] == name) {
      return static_cast<MessageStatus>(i);
    }
  }
  return std::nullopt;
}

Status ValidateMessage(const Message& message) {
  RETURN_IF_ERROR(ValidateAddress(message.to, "recipient"));
  RETURN_IF_ERROR(ValidateSubject(message.subject));
  RETURN_IF_ERROR(ValidateBody(message.body));
  RETURN_IF_ERROR(ValidateKind(message.kind));
  if (message.process_id && *message.process_id <= 0) {
    return InvalidArgument(fmt::format("process id {} is not positive", *message.process_id));
  }
  return Status::Ok();
}

Result<int64_t> Enqueue(storage::Connection& db, const Message& message, Timestamp now,
                        Delivery delivery) {
  RETURN_IF_ERROR(ValidateMessage(message));
  bool relay = delivery == Delivery::kRelay;
  return store::InsertMessage(db, message, FormatIso8601(now),
                              relay ? MessageStatus::kPending : MessageStatus::kHeld,
                              relay ? std::optional<int64_t>(Millis(now)) : std::nullopt);
}

Result<std::vector<StoredMessage>> List(storage::Database& db, const OutboxFilter& filter) {
  OutboxFilter page = filter;
  page.limit = std::clamp<int64_t>(filter.limit, 1, kMaxPageSize);
  std::vector<StoredMessage> out;
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(out, store::SelectMessages(c, page));
    return Status::Ok();
  }));
  return out;
}

Result<std::optional<StoredMessage>> Find(storage::Database& db, int64_t id) {
  std::optional<StoredMessage> out;
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(out, store::SelectMessage(c, id));
    return Status::Ok();
  }));
  return out;
}

nlohmann::json ToJson(const StoredMessage& message) {
  auto optional = [](const auto& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
  };
  nlohmann::json next = nullptr;
  if (message.next_attempt_ms) {
    next = FormatIso8601(Timestamp(std::chrono::milliseconds(*message.next_attempt_ms)));
  }
  return {
      {"id", message.id},
      {"process_id", optional(message.process_id)},
      {"to", message.to},
      {"subject", message.subject},
      {"body", message.body},
      {"kind", message.kind},
      {"created_at", message.created_at},
      {"status", StatusName(message.status)},
      {"attempts", message.attempts},
      {"last_error", optional(message.last_error)},
      {"next_attempt_at", next},
      {"sent_at", optional(message.sent_at)},
  };
}

Result<std::vector<StoredMessage>> MessagesTo(storage::Connection& db, std::string_view address) {
  return store::SelectToRecipient(db, address);
}

Result<int64_t> EraseMessagesTo(storage::Connection& db, std::string_view address,
                                std::string_view replacement) {
  return store::EraseRecipient(db, address, replacement,
                               "[erased at the request of the person it was sent to]");
}

}  // namespace plenary::mail
