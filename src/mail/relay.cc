#include "mail/relay.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <utility>

#include <curl/curl.h>
#include <fmt/format.h>

#include "core/text.h"
#include "mail/render.h"

namespace plenary::mail {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

bool HasControl(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      return true;
    }
  }
  return false;
}

// `url` with any credentials in it replaced by "***", for messages.
std::string Redacted(std::string_view url) {
  size_t scheme_end = url.find("://");
  size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  size_t end = url.find_first_of("/?#", start);
  size_t at = url.substr(0, end).rfind('@');
  if (at == std::string_view::npos || at < start) {
    return Printable(url);
  }
  return Printable(std::string(url.substr(0, start)) + "***" + std::string(url.substr(at)));
}

Status ValidateUrl(std::string_view url) {
  auto refuse = [&](std::string_view why) {
    return InvalidArgument(fmt::format("PLENARY_SMTP_URL '{}': {}", Redacted(url), why));
  };
  if (HasControl(url) || url.find(' ') != std::string_view::npos) {
    return refuse("spaces and control characters are not allowed");
  }
  std::string lower = AsciiLower(url);
  size_t scheme = lower.starts_with("smtp://") ? 7 : lower.starts_with("smtps://") ? 8 : 0;
  if (scheme == 0) {
    return refuse("must start with smtp:// or smtps://");
  }
  std::string_view authority = url.substr(scheme);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    // Kept out of the URL so that it can be shown in messages and logs.
    return refuse("put the credentials in PLENARY_SMTP_USER and PLENARY_SMTP_PASSWORD");
  }
  if (authority.empty() || authority.front() == ':') {
    return refuse("no host");
  }
  return Status::Ok();
}

// Read callback state: the message, and how much of it curl has taken.
struct Upload {
  std::string_view text;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) noexcept {
  auto* upload = static_cast<Upload*>(user);
  size_t n = std::min(size * count, upload->text.size() - upload->offset);
  std::memcpy(buffer, upload->text.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyCleanup {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListCleanup {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

class SmtpTransport final : public Transport {
 public:
  explicit SmtpTransport(RelayConfig config) : config_(std::move(config)) {}

  Status Send(const RenderedMessage& message) override {
    RETURN_IF_ERROR(ValidateAddress(message.sender, "sender"));
    RETURN_IF_ERROR(ValidateAddress(message.recipient, "recipient"));
    InitCurlOnce();
    std::unique_ptr<CURL, EasyCleanup> curl(curl_easy_init());
    std::string rcpt = "<" + message.recipient + ">";
    std::unique_ptr<curl_slist, ListCleanup> recipients(curl_slist_append(nullptr, rcpt.c_str()));
    if (!curl || !recipients) {
      return Internal("smtp relay: libcurl could not be initialised");
    }
    char error[CURL_ERROR_SIZE] = {};
    std::string sender = "<" + message.sender + ">";
    Upload upload{message.text};
    CURL* c = curl.get();
    CURLcode rc = CURLE_OK;
    auto set = [&](CURLoption option, auto value) {
      if (rc == CURLE_OK) {
        rc = curl_easy_setopt(c, option, value);
      }
    };
    set(CURLOPT_ERRORBUFFER, error);
    set(CURLOPT_URL, config_.url.c_str());
    set(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    set(CURLOPT_NOSIGNAL, 1L);
    set(CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout.count() * 1000));
    set(CURLOPT_MAIL_FROM, sender.c_str());
    set(CURLOPT_MAIL_RCPT, recipients.get());
    set(CURLOPT_READFUNCTION, &ReadUpload);
    set(CURLOPT_READDATA, static_cast<void*>(&upload));
    set(CURLOPT_UPLOAD, 1L);
    set(CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.text.size()));
    if (!config_.username.empty()) {
      set(CURLOPT_USERNAME, config_.username.c_str());
      set(CURLOPT_PASSWORD, config_.password.c_str());
      set(CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));  // never send a password in clear
    }
    if (rc != CURLE_OK) {
      return Internal(
          fmt::format("smtp relay: libcurl refused an option: {}", curl_easy_strerror(rc)));
    }
    rc = curl_easy_perform(c);
    if (rc == CURLE_OK) {
      return Status::Ok();
    }
    long reply = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
    std::string what = error[0] != '\0' ? std::string(error) : curl_easy_strerror(rc);
    if (reply > 0 && what.find(std::to_string(reply)) == std::string::npos) {
      what += fmt::format(" (last reply {})", reply);
    }
    return Unavailable(fmt::format("smtp relay: {}", Printable(what, 400)));
  }

 private:
  RelayConfig config_;
};

}  // namespace

RelayConfig RelayConfig::FromEnvironment() {
  RelayConfig config;
  config.url = Env("PLENARY_SMTP_URL");
  config.from = Env("PLENARY_SMTP_FROM");
  config.username = Env("PLENARY_SMTP_USER");
  config.password = Env("PLENARY_SMTP_PASSWORD");
  return config;
}

Result<std::unique_ptr<Transport>> OpenSmtpTransport(const RelayConfig& config) {
  RETURN_IF_ERROR(ValidateUrl(config.url));
  if (HasControl(config.username) || HasControl(config.password)) {
    return Error(InvalidArgument(
        "PLENARY_SMTP_USER and PLENARY_SMTP_PASSWORD must not contain control characters"));
  }
  if (config.timeout.count() <= 0) {
    return Error(InvalidArgument("the SMTP timeout must be positive"));
  }
  return std::unique_ptr<Transport>(std::make_unique<SmtpTransport>(config));
}

Relay::Relay(Mailbox from, std::unique_ptr<Transport> transport, std::chrono::seconds timeout)
    : from_(std::move(from)), transport_(std::move(transport)), timeout_(timeout) {}

Result<std::unique_ptr<Relay>> Relay::Open(const RelayConfig& config) {
  if (!config.configured()) {
    return std::unique_ptr<Relay>();
  }
  if (Trim(config.from).empty()) {
    return Error(InvalidArgument("PLENARY_SMTP_FROM must be set when PLENARY_SMTP_URL is"));
  }
  ASSIGN_OR_RETURN(Mailbox from, ParseMailbox(config.from, "PLENARY_SMTP_FROM"));
  ASSIGN_OR_RETURN(std::unique_ptr<Transport> transport, OpenSmtpTransport(config));
  return std::make_unique<Relay>(std::move(from), std::move(transport), config.timeout);
}

Status Relay::Send(const StoredMessage& message) {
  ASSIGN_OR_RETURN(RenderedMessage rendered, RenderMessage(message, from_));
  return transport_->Send(rendered);
}

}  // namespace plenary::mail
