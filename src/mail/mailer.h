#pragma once

#include <functional>
#include <string>

#include "mail/outbox.h"

namespace plenary::mail {

// What a use case needs to send mail: how to record it (Enqueue with `delivery`, inside its
// transaction), whom to wake once that transaction has committed, and the site's address
// for links in the text.
struct Mailer {
  Delivery delivery = Delivery::kHold;
  std::function<void()> notify = [] {};
  std::string base_url = "http://127.0.0.1:8080";  // PLENARY_BASE_URL; no trailing slash
};

}  // namespace plenary::mail
