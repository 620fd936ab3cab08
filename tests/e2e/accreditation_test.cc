// Accreditation end to end, on each backend: a person asks to join with a real PDF through the
// page's multipart form, the secretariat finds it in the JSON and HTML queues, downloads the
// letter byte for byte and approves, and the person's session then holds the role; an observer
// is refused with a reason; bad uploads are refused naming the limit; the queue is private.
#include <gtest/gtest.h>

#include "accounts.h"
#include "server_fixture.h"

namespace plenary {
namespace {

using nlohmann::json;

constexpr char kPassword[] = "accreditation passphrase";

// A minimal valid PDF (one empty A4 page) with a correct cross-reference table.
std::string MinimalPdf() {
  const std::string objects[] = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
  };
  std::string pdf = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < std::size(objects); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 4\n0000000000 65535 f \n";
  for (size_t offset : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    pdf += line;
  }
  pdf += "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string Base64(std::string_view bytes) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t group = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) {
      group |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    }
    if (i + 2 < bytes.size()) {
      group |= static_cast<unsigned char>(bytes[i + 2]);
    }
    out += kDigits[(group >> 18) & 63];
    out += kDigits[(group >> 12) & 63];
    out += i + 1 < bytes.size() ? kDigits[(group >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kDigits[group & 63] : '=';
  }
  return out;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class AccreditationServerTest : public e2e::ServerTest {
 protected:
  void BeforeServerStarts() override {
    const std::string& url = db_->url();
    ASSERT_EQ(e2e::RunPlenary("demo --db '" + url + "'"), 0);
    ASSERT_EQ(e2e::AddUser(url, "--email sec@acc.test --name Sam --process 1 --role secretariat",
                           kPassword),
              0);
    ASSERT_EQ(
        e2e::AddUser(url, "--email obs@acc.test --name Obi --process 1 --role observer", kPassword),
        0);
    ASSERT_EQ(e2e::AddUser(url, "--email ana@acc.test --name 'Ana Delegate'", kPassword), 0);
    ASSERT_EQ(e2e::AddUser(url, "--email olu@acc.test --name 'Olu Observer'", kPassword), 0);
  }

  e2e::SignedIn As(const std::string& who) {
    auto session = e2e::SignIn(*client_, who + "@acc.test", kPassword);
    EXPECT_TRUE(session) << who;
    return session.value_or(e2e::SignedIn{});
  }

  // The first seat of the membership of process 1.
  int Seat() {
    auto r = client_->Get("/api/processes/1/members");
    EXPECT_TRUE(r && r->status == 200);
    json members = json::parse(r->body);
    for (const json& m : members["members"]) {
      if (m["role"] == "member") {
        return m["id"].get<int>();
      }
    }
    return 0;
  }

  // The request form as a browser posts it: multipart, the CSRF token as a field.
  httplib::Result PostForm(const e2e::SignedIn& who,
                           std::vector<std::pair<std::string, std::string>> fields,
                           const std::string& letter, const std::string& filename) {
    httplib::MultipartFormDataItems items = {{"csrf_token", who.csrf, "", ""}};
    for (auto& [name, value] : fields) {
      items.push_back({name, value, "", ""});
    }
    items.push_back({"letter", letter, filename, "application/pdf"});
    return client_->Post("/processes/1/accreditation", {{"Cookie", who.cookie}}, items);
  }

  json Queue(const e2e::SignedIn& who, const std::string& status) {
    auto r =
        client_->Get(("/api/processes/1/accreditations?status=" + status).c_str(), who.Headers());
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "");
    return r && r->status == 200 ? json::parse(r->body) : json::object();
  }

  json Roles(const e2e::SignedIn& who) {
    auto r = client_->Get("/api/session", {{"Cookie", who.cookie}});
    EXPECT_TRUE(r && r->status == 200);
    return json::parse(r->body)["user"]["roles"];
  }
};

TEST_P(AccreditationServerTest, AMemberDelegateIsAccreditedThroughThePages) {
  const std::string pdf = MinimalPdf();
  e2e::SignedIn ana = As("ana");
  auto form = client_->Get("/processes/1/accreditation", {{"Cookie", ana.cookie}});
  ASSERT_TRUE(form);
  ASSERT_EQ(form->status, 200);
  EXPECT_TRUE(Contains(form->body, "enctype=\"multipart/form-data\""));
  EXPECT_TRUE(Contains(form->body, "value=\"" + ana.csrf + "\""));
  EXPECT_TRUE(Contains(form->body, "accept=\"application/pdf\""));
  EXPECT_EQ(form->get_header_value("cache-control"), "private, no-store");

  int seat = Seat();
  ASSERT_GT(seat, 0);
  auto sent = PostForm(ana,
                       {{"capacity", "member"},
                        {"member_id", std::to_string(seat)},
                        {"delegation_role", "head"},
                        {"organisation", "Republic of Testland"},
                        {"note", "Nominated by note verbale."}},
                       pdf, "Note verbale 12.pdf");
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->status, 303) << sent->body;
  std::string location = sent->get_header_value("location");
  EXPECT_TRUE(location.starts_with("/processes/1/accreditation?received=")) << location;
  auto received = client_->Get(location.c_str(), {{"Cookie", ana.cookie}});
  ASSERT_TRUE(received);
  EXPECT_TRUE(Contains(received->body, "has been received")) << received->body;
  // The same capacity again, while pending: refused, naming the pending request.
  auto twice = PostForm(
      ana,
      {{"capacity", "member"}, {"member_id", std::to_string(seat)}, {"delegation_role", "adviser"}},
      pdf, "again.pdf");
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice->status, 409);
  EXPECT_TRUE(Contains(twice->body, "role=\"alert\""));

  e2e::SignedIn sec = As("sec");
  json pending = Queue(sec, "pending");
  ASSERT_EQ(pending["count"], 1);
  const json& request = pending["requests"][0];
  int id = request["id"].get<int>();
  EXPECT_EQ(location, "/processes/1/accreditation?received=" + std::to_string(id));
  EXPECT_EQ(request["requester"]["email"], "ana@acc.test");
  EXPECT_EQ(request["capacity"], "member");
  EXPECT_EQ(request["member_id"], seat);
  EXPECT_EQ(request["delegation_role"], "head");
  EXPECT_EQ(request["letter"]["filename"], "Note verbale 12.pdf");
  EXPECT_EQ(request["letter"]["bytes"], pdf.size());

  auto page = client_->Get("/processes/1/accreditations",
                           {{"Cookie", sec.cookie}, {"Accept", "text/html"}});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_TRUE(Contains(page->body, "Ana Delegate"));
  EXPECT_TRUE(Contains(page->body, "ana@acc.test"));
  EXPECT_TRUE(Contains(page->body, "Approve request " + std::to_string(id) + " from Ana Delegate"));
  EXPECT_TRUE(Contains(page->body, "for=\"reason-" + std::to_string(id) + "\""));
  EXPECT_EQ(page->get_header_value("cache-control"), "private, no-store");

  std::string base = "/api/processes/1/accreditations/" + std::to_string(id);
  auto letter = client_->Get((base + "/letter").c_str(), sec.Headers());
  ASSERT_TRUE(letter);
  ASSERT_EQ(letter->status, 200);
  EXPECT_EQ(letter->body, pdf);
  EXPECT_EQ(letter->get_header_value("content-type"), "application/pdf");
  EXPECT_TRUE(letter->get_header_value("content-disposition").starts_with("attachment;"));
  EXPECT_TRUE(Contains(letter->get_header_value("content-disposition"), "Note verbale 12.pdf"));
  EXPECT_EQ(letter->get_header_value("x-content-type-options"), "nosniff");
  EXPECT_EQ(letter->get_header_value("cache-control"), "private, no-store");

  EXPECT_FALSE(Roles(ana).contains("1"));
  auto approve = client_->Post((base + "/decision").c_str(), sec.Headers(),
                               json{{"decision", "approve"}}.dump(), "application/json");
  ASSERT_TRUE(approve);
  ASSERT_EQ(approve->status, 200) << approve->body;
  EXPECT_EQ(json::parse(approve->body)["status"], "approved");
  auto again =
      client_->Post((base + "/decision").c_str(), sec.Headers(),
                    json{{"decision", "refuse"}, {"reason", "x"}}.dump(), "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409) << again->body;
  EXPECT_EQ(Roles(ana)["1"], json::array({"member"}));
  EXPECT_EQ(Queue(sec, "approved")["count"], 1);
}

TEST_P(AccreditationServerTest, AnObserverIsRefusedWithAReason) {
  e2e::SignedIn olu = As("olu");
  json body = {{"capacity", "observer"},
               {"organisation", "Internet Society"},
               {"letter_filename", "isoc.pdf"},
               {"letter_pdf_base64", Base64(MinimalPdf())}};
  auto created = client_->Post("/api/processes/1/accreditations", olu.Headers(), body.dump(),
                               "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  int id = json::parse(created->body)["id"].get<int>();

  e2e::SignedIn sec = As("sec");
  std::string decide = "/processes/1/accreditations/" + std::to_string(id) + "/decision";
  auto no_reason = client_->Post(("/api" + decide).c_str(), sec.Headers(),
                                 json{{"decision", "refuse"}}.dump(), "application/json");
  ASSERT_TRUE(no_reason);
  EXPECT_EQ(no_reason->status, 400);
  EXPECT_TRUE(Contains(no_reason->body, "'reason' is required")) << no_reason->body;
  // The queue page's refuse form.
  auto refused =
      client_->Post(decide.c_str(), {{"Cookie", sec.cookie}},
                    "csrf_token=" + sec.csrf + "&decision=refuse&reason=The+letter+is+not+signed.",
                    "application/x-www-form-urlencoded");
  ASSERT_TRUE(refused);
  ASSERT_EQ(refused->status, 303) << refused->body;
  std::string location = refused->get_header_value("location");
  EXPECT_EQ(location, "/processes/1/accreditations?decided=" + std::to_string(id));
  auto page = client_->Get(location.c_str(), {{"Cookie", sec.cookie}});
  ASSERT_TRUE(page);
  EXPECT_TRUE(Contains(page->body, "is refused")) << page->body;
  EXPECT_TRUE(Contains(page->body, "Refused: The letter is not signed."));
  EXPECT_FALSE(Roles(olu).contains("1"));
  auto own = client_->Get("/processes/1/accreditation", {{"Cookie", olu.cookie}});
  ASSERT_TRUE(own);
  EXPECT_TRUE(Contains(own->body, "The letter is not signed."));
}

TEST_P(AccreditationServerTest, UploadsTooLargeOrNotPdfAreRefusedNamingTheLimit) {
  e2e::SignedIn ana = As("ana");
  std::string big = MinimalPdf();
  big.resize(5 * 1024 * 1024 + 1, ' ');
  auto too_large =
      PostForm(ana, {{"capacity", "observer"}, {"organisation", "Big Org"}}, big, "big.pdf");
  ASSERT_TRUE(too_large);
  EXPECT_EQ(too_large->status, 400);
  EXPECT_TRUE(Contains(too_large->body, "the limit is 5 MiB")) << too_large->body.substr(0, 2000);
  EXPECT_TRUE(Contains(too_large->body, "value=\"Big Org\""));  // the entered values are kept

  auto not_pdf = PostForm(ana, {{"capacity", "observer"}, {"organisation", "GIF Org"}},
                          "GIF89a....", "picture.pdf");
  ASSERT_TRUE(not_pdf);
  EXPECT_EQ(not_pdf->status, 400);
  EXPECT_TRUE(Contains(not_pdf->body, "must be a PDF"));

  json body = {
      {"capacity", "observer"}, {"organisation", "Big Org"}, {"letter_pdf_base64", Base64(big)}};
  auto api = client_->Post("/api/processes/1/accreditations", ana.Headers(), body.dump(),
                           "application/json");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 400);
  EXPECT_TRUE(Contains(api->body, "the limit is 5 MiB")) << api->body;

  e2e::SignedIn sec = As("sec");
  EXPECT_EQ(Queue(sec, "pending")["count"], 0);
}

TEST_P(AccreditationServerTest, TheQueueIsForTheSecretariatAndChairOnly) {
  e2e::SignedIn obs = As("obs");
  for (const char* path : {"/api/processes/1/accreditations", "/processes/1/accreditations",
                           "/api/processes/1/accreditations/1/letter"}) {
    auto anonymous = client_->Get(path);
    ASSERT_TRUE(anonymous);
    EXPECT_EQ(anonymous->status, 401) << path;
    auto observer = client_->Get(path, obs.Headers());
    ASSERT_TRUE(observer);
    EXPECT_EQ(observer->status, 403) << path;
  }
  auto decide = client_->Post("/api/processes/1/accreditations/1/decision", obs.Headers(),
                              json{{"decision", "approve"}}.dump(), "application/json");
  ASSERT_TRUE(decide);
  EXPECT_EQ(decide->status, 403);
  // Signed out, the request form asks to sign in first.
  auto form = client_->Get("/processes/1/accreditation");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 200);
  EXPECT_TRUE(Contains(form->body, "href=\"/sign-in?next=/processes/1/accreditation\""));
  EXPECT_FALSE(Contains(form->body, "<form method=\"post\" action=\"/processes/1/accreditation\""));
  auto post = client_->Post("/api/processes/1/accreditations",
                            json{{"capacity", "observer"}}.dump(), "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 401);
  EXPECT_EQ(client_->Get("/processes/999/accreditation")->status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccreditationServerTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary
