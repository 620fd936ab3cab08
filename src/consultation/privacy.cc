#include "consultation/privacy.h"

#include <fmt/format.h>

#include "consultation/codec.h"
#include "consultation/store.h"

namespace plenary::consultation {
namespace {

using nlohmann::json;

Result<json> Export(storage::Connection& c, int64_t user_id) {
  ASSIGN_OR_RETURN(auto own, store::ContributionsOf(c, user_id));
  json out = json::array();
  for (const Contribution& k : own) {
    json one = ToJson(k);
    one["author_name"] = k.author_name;  // the person's own, published or not
    one["publish_name"] = k.publish_name;
    out.push_back(std::move(one));
  }
  return json{{"contributions", out}};
}

Result<privacy::Erasure> Erase(storage::Connection& c, int64_t user_id,
                               std::string_view pseudonym) {
  ASSIGN_OR_RETURN(auto own, store::ContributionsOf(c, user_id));
  privacy::Erasure out;
  if (own.empty()) {
    return out;
  }
  ASSIGN_OR_RETURN(int64_t changed, store::PseudonymiseAuthor(c, user_id, pseudonym));
  for (const Contribution& k : own) {
    out.audit_objects.push_back({"contribution", std::to_string(k.id)});
  }
  out.done.push_back(
      fmt::format("replaced the author's name on {} contribution(s) by \"{}\", no longer published",
                  changed, pseudonym));
  out.kept.push_back(fmt::format(
      "the text, answers and attachments of {} contribution(s) stay as the consultation's record "
      "of what was contributed; the secretariat can withhold them on request",
      own.size()));
  return out;
}

}  // namespace

privacy::Holder ContributionPrivacy() {
  return {"consultation", Export, Erase};
}

}  // namespace plenary::consultation
