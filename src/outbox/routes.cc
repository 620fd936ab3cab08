#include <charconv>

#include <fmt/format.h>

#include "core/embedded.h"
#include "mail/outbox.h"
#include "outbox/module.h"

namespace plenary::outbox {

std::span<const EmbeddedFile> EmbeddedOutboxTemplates();  // generated

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

const auth::Action& Row(std::string_view id) {
  return auth::RowOf(Actions(), id);
}

Result<mail::OutboxFilter> FilterOf(const Request& request, std::optional<int64_t> process) {
  mail::OutboxFilter filter;
  filter.process_id = process;
  if (auto status = request.Query("status")) {
    filter.status = mail::ParseMessageStatus(*status);
    if (!filter.status) {
      return Error(InvalidArgument(
          fmt::format("unknown status '{}' (expected held, pending, sent or failed)", *status)));
    }
  }
  if (auto after = request.Query("after")) {
    auto [ptr, ec] = std::from_chars(after->data(), after->data() + after->size(), filter.after_id);
    if (ec != std::errc() || ptr != after->data() + after->size() || filter.after_id < 0) {
      return Error(InvalidArgument(fmt::format("'after' must be a message id, not '{}'", *after)));
    }
  }
  return filter;
}

// The page after `messages`, if it was full.
std::string NextUrl(std::string_view base, const std::vector<mail::StoredMessage>& messages,
                    const mail::OutboxFilter& filter) {
  if (static_cast<int64_t>(messages.size()) < filter.limit) {
    return "";
  }
  return fmt::format("{}?after={}", base, messages.back().id);
}

class Views {
 public:
  Views(const web::Site& site, storage::Database& db) : site_(site), db_(db) {}

  Response Json(const Request& request, std::optional<int64_t> process) const {
    auto filter = FilterOf(request, process);
    auto messages = filter ? mail::List(db_, *filter)
                           : Result<std::vector<mail::StoredMessage>>(Error(filter.error()));
    if (!messages) {
      return Response::Error(messages.error());
    }
    json items = json::array();
    for (const auto& m : *messages) {
      items.push_back(mail::ToJson(m));
    }
    json out = {{"messages", items}, {"count", items.size()}};
    std::string next = NextUrl(request.path, *messages, *filter);
    out["next"] = next.empty() ? json() : json(next);
    return Response::Json(out);
  }

  Response Page(const Request& request, std::optional<int64_t> process) const {
    auto filter = FilterOf(request, process);
    auto messages = filter ? mail::List(db_, *filter)
                           : Result<std::vector<mail::StoredMessage>>(Error(filter.error()));
    if (!messages) {
      return site_.RespondError(request, messages.error());
    }
    json items = json::array();
    for (const auto& m : *messages) {
      json item = {
          {"id", m.id},
          {"to", m.to},
          {"subject", m.subject},
          {"body", m.body},
          {"created_at", m.created_at},
          {"status_label",
           site_.Message(request, fmt::format("outbox.status.{}", mail::StatusName(m.status)))}};
      if (m.last_error) {
        item["last_error"] = *m.last_error;
      }
      items.push_back(item);
    }
    std::string heading = process ? site_.Message(request, "outbox.process_heading",
                                                  {{"id", std::to_string(*process)}})
                                  : site_.Message(request, "outbox.heading");
    json context = {{"heading", heading},
                    {"messages", items},
                    {"next_url", NextUrl(request.path, *messages, *filter)},
                    {"open_data_url", process ? fmt::format("/api/processes/{}/outbox", *process)
                                              : std::string("/api/outbox")}};
    Response r = site_.Page(request, "outbox/outbox.html", context, heading);
    r.shared_cache = false;
    r.headers.Set("cache-control", "private, no-store");
    return r;
  }

 private:
  const web::Site& site_;
  storage::Database& db_;
};

}  // namespace

Status Install(http::Router& router, web::Site& site, auth::Gate& gate, storage::Database& db) {
  RETURN_IF_ERROR(site.AddTemplates(EmbeddedOutboxTemplates(), "outbox/"));
  auto views = std::make_shared<Views>(site, db);
  gate.Handle(router, Row("outbox.read_all"),
              [views](Request& r, const auth::Caller&) { return views->Json(r, std::nullopt); });
  gate.HandleAt(router, Row("outbox.read_all"), http::Method::kGet, "/admin/outbox",
                [views](Request& r, const auth::Caller&) { return views->Page(r, std::nullopt); });
  gate.Handle(router, Row("outbox.read"), [views](Request& r, const auth::Caller& caller) {
    return views->Json(r, caller.process_id);
  });
  gate.HandleAt(router, Row("outbox.read"), http::Method::kGet, "/processes/{id}/outbox",
                [views](Request& r, const auth::Caller& caller) {
                  return views->Page(r, caller.process_id);
                });
  return Status::Ok();
}

}  // namespace plenary::outbox
