// Calls for contributions end to end on each backend: intake by JSON and form, receipts and
// idempotency, deadlines, bad input naming the field, language detection, listing filters,
// moderation, full-text search with stemming, and concurrent submissions sharing commits.
#include <chrono>
#include <cstdio>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "accounts.h"
#include "server_fixture.h"

namespace plenary {
namespace {

using nlohmann::json;

constexpr char kPassword[] = "consultation passphrase";

class ConsultationTest : public e2e::ServerTest {
 protected:
  void BeforeServerStarts() override {
    const std::string& url = db_->url();
    ASSERT_EQ(e2e::RunPlenary("demo --db '" + url + "'"), 0);
    ASSERT_EQ(e2e::AddUser(url, "--email sec@c.test --name Sec --process 1 --role secretariat",
                           kPassword),
              0);
    ASSERT_EQ(
        e2e::AddUser(url, "--email obs@c.test --name Obs --process 1 --role observer", kPassword),
        0);
    ASSERT_EQ(
        e2e::AddUser(url, "--email mem@c.test --name Mem --process 1 --role member", kPassword), 0);
  }
  void SetUp() override {
    e2e::ServerTest::SetUp();
    auto sec = e2e::SignIn(*client_, "sec@c.test", kPassword);
    ASSERT_TRUE(sec);
    sec_ = *sec;
    call_ = CreateCall({{"title", "Enhanced cooperation"},
                        {"questions", {"What are the characteristics?", "How to implement?"}},
                        {"opens_at", "2020-01-01T00:00:00Z"},
                        {"closes_at", "2100-01-01T00:00:00Z"}});
  }
  int CreateCall(json body) {
    auto r =
        client_->Post("/api/processes/1/calls", sec_.Headers(), body.dump(), "application/json");
    EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "");
    return r && r->status == 201 ? json::parse(r->body)["id"].get<int>() : 0;
  }
  std::string Path(int call, const std::string& rest = "/contributions") {
    return "/api/calls/" + std::to_string(call) + rest;
  }
  httplib::Result Submit(const json& body, const httplib::Headers& headers = {}) {
    return client_->Post(Path(call_).c_str(), headers, body.dump(), "application/json");
  }
  json Get(const std::string& path) {
    auto r = client_->Get(path.c_str());
    EXPECT_TRUE(r && r->status == 200) << path << ": " << (r ? r->body : "");
    return r && r->status == 200 ? json::parse(r->body) : json();
  }
  int Count() { return Get(Path(call_))["matching"].get<int>(); }
  // Stops the server (if it still runs) and starts it again on the same database, searches
  // answered by the database's own index.
  void StartWithoutMemoryIndex() {
    client_.reset();
    server_.reset();
    auto restarted = e2e::ServerProcess::Start(PLENARY_BINARY, db_->url(), {"--no-memory-search"});
    ASSERT_TRUE(restarted) << restarted.error().ToString();
    server_.emplace(std::move(*restarted));
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  // `clients` clients at once, each submitting `each` contributions whose body is `text` and
  // their number; the receipts each client was given.
  std::vector<std::vector<std::string>> SubmitAtOnce(int clients, int each,
                                                     const std::string& text) {
    std::vector<std::vector<std::string>> receipts(static_cast<size_t>(clients));
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t) {
      threads.emplace_back([&, t] {
        httplib::Client client("127.0.0.1", server_->port());
        for (int i = 0; i < each; ++i) {
          json body = {{"author_name", "T" + std::to_string(t)},
                       {"body", text + " " + std::to_string(i)}};
          auto r = client.Post(Path(call_).c_str(), body.dump(), "application/json");
          if (r && r->status == 201) {
            receipts[static_cast<size_t>(t)].push_back(json::parse(r->body)["receipt"]);
          }
        }
      });
    }
    for (std::thread& thread : threads) {
      thread.join();
    }
    return receipts;
  }
  static void ExpectError(const httplib::Result& r, int status, const std::string& mentions) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_NE(r->body.find(mentions), std::string::npos)
        << "should mention " << mentions << ": " << r->body;
  }

  e2e::SignedIn sec_;
  int call_ = 0;
};

TEST_P(ConsultationTest, ReceivesPublishesAndKeepsTheDeclaredOrDetectedLanguage) {
  auto r = Submit({{"author_name", "Ana Diaz"},
                   {"organisation", "Internet Society Chapter"},
                   {"stakeholder_group", "civil_society"},
                   {"country", "BR"},
                   {"answers", {{"1", "Transparency and the participation of all stakeholders."}}},
                   {"body",
                    "Enhanced cooperation needs governments to negotiate openly, with "
                    "every stakeholder able to follow the negotiations."}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  json receipt = json::parse(r->body);
  EXPECT_EQ(receipt["receipt"].get<std::string>().rfind("R-", 0), 0u);
  json c = Get("/api/contributions/" + std::to_string(receipt["id"].get<int>()));
  EXPECT_EQ(c["author"], "Ana Diaz");
  EXPECT_EQ(c["country"], "BRA");
  EXPECT_EQ(c["language"], "en");
  EXPECT_TRUE(c["language_detected"].get<bool>());
  EXPECT_EQ(c["answers"][0]["question"], 1);

  auto fr = Submit({{"author_name", "Jean"},
                    {"publish_name", false},
                    {"language", "fr"},
                    {"body", "La coopération renforcée."}});
  ASSERT_EQ(fr->status, 201) << fr->body;
  json french = Get("/api/contributions/" + std::to_string(json::parse(fr->body)["id"].get<int>()));
  EXPECT_EQ(french["language"], "fr");
  EXPECT_FALSE(french["language_detected"].get<bool>());
  EXPECT_TRUE(french["author"].is_null()) << "the name is not published";

  json list = Get(Path(call_) + "?stakeholder_group=civil_society&country=BRA&question=1");
  EXPECT_EQ(list["matching"], 1);
  EXPECT_EQ(Get(Path(call_) + "?language=fr")["matching"], 1);
  EXPECT_EQ(Get(Path(call_) + "?region=Americas&development=ldc")["matching"], 0);
  EXPECT_EQ(Get(Path(call_) + "?region=Americas")["matching"], 1);
  bool counted = false;
  for (const json& g : list["by_stakeholder_group"]) {
    counted = counted || (g["key"] == "civil_society" && g["count"] == 1);
  }
  EXPECT_TRUE(counted) << list["by_stakeholder_group"].dump();

  auto page = client_->Get(("/contributions/" + std::to_string(receipt["id"].get<int>())).c_str(),
                           httplib::Headers{{"Accept", "text/html"}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Transparency and the participation"), std::string::npos);
}

TEST_P(ConsultationTest, AnIdempotencyKeyMakesARetryLandOnce) {
  json body = {{"author_name", "Retry"}, {"body", "Sent twice over a bad line."}};
  auto first = Submit(body, {{"Idempotency-Key", "client-42"}});
  auto again = Submit(body, {{"Idempotency-Key", "client-42"}});
  ASSERT_TRUE(first && again);
  EXPECT_EQ(first->status, 201);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(again->get_header_value("idempotent-replayed"), "true");
  EXPECT_EQ(json::parse(first->body)["receipt"], json::parse(again->body)["receipt"]);
  EXPECT_EQ(Count(), 1);
}

TEST_P(ConsultationTest, BadInputNamesTheFieldAndChangesNothing) {
  int closed = CreateCall({{"title", "Closed"},
                           {"opens_at", "2016-09-30T00:00:00Z"},
                           {"closes_at", "2016-12-07T23:59:00+01:00"}});
  ExpectError(client_->Post(Path(closed).c_str(),
                            json{{"author_name", "Late"}, {"body", "Too late."}}.dump(),
                            "application/json"),
              422, "closed at 2016-12-07T22:59:00");
  ExpectError(Submit({{"author_name", "A"}, {"answers", {{"7", "x"}}}}), 400, "no question 7");
  ExpectError(Submit({{"author_name", "A"}, {"body", "x"}, {"country", "XX"}}), 400,
              "unknown country code 'XX'");
  ExpectError(Submit({{"body", "x"}}), 400, "author_name");
  ExpectError(Submit({{"author_name", "A"}, {"body", "x"}, {"colour", "red"}}), 400,
              "unknown field 'colour'");
  // "%PDF-" named .docx, invalid UTF-8 in a .txt, a truncated PDF, a DOCX that is no zip.
  const std::pair<std::string, std::string> files[] = {
      {"paper.docx", "JVBERi0xLjQKJSVFT0YK"},  // "%PDF-1.4\n%%EOF\n"
      {"notes.txt", "/w=="},                   // 0xFF
      {"report.pdf", "JVBERi0xLjQK"},          // "%PDF-1.4\n", cut short
      {"contribution.docx", "aGVsbG8="},       // "hello"
  };
  for (const auto& [name, base64] : files) {
    ExpectError(Submit({{"author_name", "A"},
                        {"attachments", {{{"filename", name}, {"content_base64", base64}}}}}),
                400, name);
  }
  auto bad_utf8 = client_->Post(Path(call_).c_str(), "{\"author_name\": \"\xff\", \"body\": \"x\"}",
                                "application/json");
  ExpectError(bad_utf8, 400, "UTF-8");
  EXPECT_EQ(Count(), 0) << "nothing was received";
}

TEST_P(ConsultationTest, AttachmentsAreKeptByteForByteAndSearchable) {
  std::string text = "Capacity building for developing countries.\r\nSecond line.\n";
  httplib::MultipartFormDataItems form = {
      {"author_name", "Form user", "", ""},
      {"publish_name", "1", "", ""},
      {"body", "See the attached note.", "", ""},
      {"attachments", text, "note.txt", "text/plain"},
  };
  auto r = client_->Post(Path(call_).c_str(), form);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  int id = json::parse(r->body)["id"];
  json c = Get("/api/contributions/" + std::to_string(id));
  ASSERT_EQ(c["attachments"].size(), 1u);
  EXPECT_EQ(c["attachments"][0]["media_type"].get<std::string>().rfind("text/plain", 0), 0u);
  auto file = client_->Get(c["attachments"][0]["url"].get<std::string>().c_str());
  ASSERT_TRUE(file);
  EXPECT_EQ(file->status, 200);
  EXPECT_EQ(file->body, text) << "the original, byte for byte";
  EXPECT_EQ(file->get_header_value("x-content-type-options"), "nosniff");

  json hits = Get("/api/search?process=1&q=capacity%20build");
  ASSERT_EQ(hits["count"], 1) << hits.dump();
  EXPECT_EQ(hits["hits"][0]["id"], id);
  EXPECT_NE(hits["hits"][0]["snippet_html"].get<std::string>().find("<mark>"), std::string::npos);
}

// Snippets show the text as a reader sees it, not the Markdown it was written in.
TEST_P(ConsultationTest, SnippetsLeaveOutMarkdownMarks) {
  ASSERT_EQ(Submit({{"author_name", "A"},
                    {"body", "**Enhanced** cooperation needs a [shared](https://x.org) *agenda*."}})
                ->status,
            201);
  json hits = Get("/api/search?process=1&q=agenda");
  ASSERT_EQ(hits["count"], 1) << hits.dump();
  EXPECT_EQ(hits["hits"][0]["snippet"], "Enhanced cooperation needs a shared agenda.");
  EXPECT_NE(hits["hits"][0]["snippet_html"].get<std::string>().find("<mark>agenda</mark>."),
            std::string::npos)
      << hits.dump();
}

TEST_P(ConsultationTest, SearchStemsRanksAndFilters) {
  ASSERT_EQ(Submit({{"author_name", "A"},
                    {"stakeholder_group", "government"},
                    {"body",
                     "Negotiations on enhanced cooperation stalled; governments "
                     "negotiated the mandate again."}})
                ->status,
            201);
  ASSERT_EQ(Submit({{"author_name", "B"},
                    {"stakeholder_group", "civil_society"},
                    {"body", "Cooperation among stakeholders is enhanced by open data."}})
                ->status,
            201);
  ASSERT_EQ(Submit({{"author_name", "C"},
                    {"language", "fr"},
                    {"body", "Les négociations sur la coopération renforcée."}})
                ->status,
            201);
  // "negotiating" finds "negotiations" and "negotiated" through the English stem; every word
  // is required, so B (no negotiation) is not a hit.
  json stemmed = Get("/api/search?process=1&q=negotiating%20cooperation");
  ASSERT_EQ(stemmed["count"], 1) << stemmed.dump();
  EXPECT_EQ(stemmed["hits"][0]["author"], "A");
  EXPECT_NE(stemmed["hits"][0]["snippet_html"].get<std::string>().find("<mark>Negotiations</mark>"),
            std::string::npos)
      << stemmed.dump();
  json any = Get("/api/search?process=1&q=cooperation");
  // The query word is also stemmed as French, whose stem of "coopération" it shares.
  EXPECT_EQ(any["count"], 3) << any.dump();
  json one = Get("/api/search?process=1&q=cooperation&stakeholder_group=civil_society");
  ASSERT_EQ(one["count"], 1);
  EXPECT_EQ(one["hits"][0]["author"], "B");
  // The list's other filters apply too.
  ASSERT_EQ(Submit({{"author_name", "D"},
                    {"country", "FJI"},
                    {"language", "en"},
                    {"body", "From the Pacific."},
                    {"answers", {{"1", "Cooperation reaches small island states."}}}})
                ->status,
            201);
  EXPECT_EQ(Get("/api/search?process=1&q=cooperation&region=Europe")["count"], 0);
  for (std::string filter : {"region=Oceania", "development=sids", "question=1", "country=FJI",
                             "region=Oceania&development=sids&question=1&language=en"}) {
    json hits = Get("/api/search?process=1&q=cooperation&" + filter);
    ASSERT_EQ(hits["count"], 1) << filter << ": " << hits.dump();
    EXPECT_EQ(hits["hits"][0]["author"], "D") << filter;
  }
  EXPECT_EQ(Get("/api/search?process=1&q=cooperation&development=ldc")["count"], 0);
  json in_french = Get("/api/search?process=1&q=cooperation&language=fr");
  ASSERT_EQ(in_french["count"], 1) << in_french.dump();
  EXPECT_EQ(in_french["hits"][0]["author"], "C");
  json french = Get("/api/search?process=1&q=n%C3%A9gociation");
  EXPECT_EQ(french["count"], 1) << french.dump();
  auto empty = client_->Get("/api/search?process=1&q=%20%21");
  ExpectError(empty, 400, "no word");
  EXPECT_EQ(Get("/api/search?process=1&q=cooperation&page=2")["count"], 0);
  ExpectError(client_->Get("/api/search?process=1&q=cooperation&page=0"), 400, "'page'");
  ExpectError(client_->Get("/api/search?process=1&q=cooperation&page=9223372036854775807"), 400,
              "'page'");
}

TEST_P(ConsultationTest, ModerationWithholdsWithAReasonAndDeletesNothing) {
  auto r = Submit({{"author_name", "Spammer"}, {"body", "Buy cheap watches cooperation"}});
  ASSERT_EQ(r->status, 201);
  int id = json::parse(r->body)["id"];
  EXPECT_EQ(Get("/api/search?process=1&q=watches")["count"], 1);
  std::string moderation = "/api/contributions/" + std::to_string(id) + "/moderation";
  ExpectError(
      client_->Post(moderation.c_str(), json{{"decision", "withhold"}}.dump(), "application/json"),
      401, "sign in");
  auto obs = e2e::SignIn(*client_, "obs@c.test", kPassword);
  ExpectError(
      client_->Post(moderation.c_str(), obs->Headers(),
                    json{{"decision", "withhold"}, {"reason", "spam"}}.dump(), "application/json"),
      403, "contribution.moderate");
  ExpectError(client_->Post(moderation.c_str(), sec_.Headers(),
                            json{{"decision", "withhold"}}.dump(), "application/json"),
              400, "reason");
  auto withheld =
      client_->Post(moderation.c_str(), sec_.Headers(),
                    json{{"decision", "withhold"}, {"reason", "spam"}}.dump(), "application/json");
  ASSERT_EQ(withheld->status, 200) << withheld->body;
  auto hidden = client_->Get(("/api/contributions/" + std::to_string(id)).c_str());
  EXPECT_EQ(hidden->status, 404);
  auto seen = client_->Get(("/api/contributions/" + std::to_string(id)).c_str(), sec_.Headers());
  EXPECT_EQ(seen->status, 200) << "the secretariat still sees it";
  json list = Get(Path(call_));
  EXPECT_EQ(list["matching"], 0);
  EXPECT_EQ(list["not_published"][0]["reason"], "spam");
  EXPECT_EQ(list["not_published"][0]["count"], 1);
  EXPECT_EQ(Get("/api/search?process=1&q=watches")["count"], 0);
  json history = Get("/api/audit?object_type=contribution&object_id=" + std::to_string(id));
  EXPECT_EQ(history["entries"].size(), 2u) << "submitted, then withheld";
  auto published = client_->Post(moderation.c_str(), sec_.Headers(),
                                 json{{"decision", "publish"}}.dump(), "application/json");
  ASSERT_EQ(published->status, 200) << published->body;
  EXPECT_EQ(Get("/api/search?process=1&q=watches")["count"], 1) << "found again once published";

  // Before publication, a contribution to a moderated call is not found either.
  int moderated = CreateCall({{"title", "Moderated"},
                              {"moderation", "before_publication"},
                              {"opens_at", "2020-01-01T00:00:00Z"},
                              {"closes_at", "2100-01-01T00:00:00Z"}});
  auto pending = client_->Post(Path(moderated).c_str(),
                               json{{"author_name", "P"}, {"body", "Pending hovercraft"}}.dump(),
                               "application/json");
  ASSERT_EQ(pending->status, 201) << pending->body;
  EXPECT_EQ(Get("/api/search?process=1&q=hovercraft")["count"], 0);
  std::string release =
      "/api/contributions/" + json::parse(pending->body)["id"].dump() + "/moderation";
  ASSERT_EQ(client_
                ->Post(release.c_str(), sec_.Headers(), json{{"decision", "publish"}}.dump(),
                       "application/json")
                ->status,
            200);
  EXPECT_EQ(Get("/api/search?process=1&q=hovercraft")["count"], 1);
}

TEST_P(ConsultationTest, WhoMayContributeIsTheCallsRule) {
  int members_only = CreateCall({{"title", "Members"},
                                 {"contributors", {"members"}},
                                 {"opens_at", "2020-01-01T00:00:00Z"},
                                 {"closes_at", "2100-01-01T00:00:00Z"}});
  std::string path = Path(members_only);
  json body = {{"author_name", "X"}, {"body", "Members only."}};
  ExpectError(client_->Post(path.c_str(), body.dump(), "application/json"), 401, "members only");
  auto obs = e2e::SignIn(*client_, "obs@c.test", kPassword);
  ExpectError(client_->Post(path.c_str(), obs->Headers(), body.dump(), "application/json"), 403,
              "members only");
  auto mem = e2e::SignIn(*client_, "mem@c.test", kPassword);
  auto ok = client_->Post(path.c_str(), mem->Headers(), body.dump(), "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201) << ok->body;
}

// A crash right after a burst of submissions: every acknowledged one is there after a restart,
// and in the database's own search index (read here, with the in-memory index off), whose
// terms the crashed server had perhaps not written yet (consultation/index_backlog.h).
TEST_P(ConsultationTest, WhatACrashLeavesIsKeptAndIndexedAtTheNextStart) {
  constexpr int kThreads = 8;
  constexpr int kEach = 10;
  size_t acknowledged = 0;
  for (const auto& list : SubmitAtOnce(kThreads, kEach, "Hovercraft sighting number")) {
    acknowledged += list.size();
  }
  ASSERT_EQ(acknowledged, static_cast<size_t>(kThreads * kEach));
  server_->Kill();
  ASSERT_NO_FATAL_FAILURE(StartWithoutMemoryIndex());
  EXPECT_EQ(Count(), kThreads * kEach);
  auto found = [&] {
    int n = 0;
    for (int page = 1;; ++page) {
      int on_page = Get("/api/search?process=1&q=hovercraft&page=" + std::to_string(page))["count"];
      n += on_page;
      if (on_page == 0) {
        return n;
      }
    }
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (found() < kThreads * kEach && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(found(), kThreads * kEach) << server_->ReadLog();
}

// With the in-memory index off, searches read the database's index: a submission is in it
// once its receipt is given (its answer waits for the backlog's pass, which writes the terms
// into SQLite's derived file).
TEST_P(ConsultationTest, WithoutTheMemoryIndexASubmissionIsFoundOnceAcknowledged) {
  ASSERT_NO_FATAL_FAILURE(StartWithoutMemoryIndex());
  for (int i = 1; i <= 3; ++i) {
    auto acknowledged = SubmitAtOnce(1, 1, "Okapi sighting");
    ASSERT_EQ(acknowledged.front().size(), 1u);
    EXPECT_EQ(Get("/api/search?process=1&q=okapi")["count"], i) << server_->ReadLog();
  }
}

TEST_P(ConsultationTest, ConcurrentSubmissionsAllLandWithDistinctReceipts) {
  constexpr int kThreads = 16;
  constexpr int kEach = 25;
  auto receipts = SubmitAtOnce(kThreads, kEach, "Concurrent contribution");
  std::set<std::string> distinct;
  for (const auto& list : receipts) {
    EXPECT_EQ(list.size(), static_cast<size_t>(kEach));
    distinct.insert(list.begin(), list.end());
  }
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(Count(), kThreads * kEach);
}

// On either backend, --search-snapshot names the in-memory index's file: written at a clean
// stop, read at the next start (only what came since is analysed), and the searches the same.
TEST_P(ConsultationTest, TheSearchIndexSnapshotIsWrittenAtStopAndReadAtStart) {
  for (const auto& list : SubmitAtOnce(2, 5, "Zeppelin landing permit")) {
    ASSERT_EQ(list.size(), 5u);
  }
  const std::string file = ::testing::TempDir() + "/e2e-search-index-" + GetParam();
  std::remove(file.c_str());
  auto restart = [&] {
    client_.reset();
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << server_->ReadLog();
      server_.reset();
    }
    auto started =
        e2e::ServerProcess::Start(PLENARY_BINARY, db_->url(), {"--search-snapshot", file});
    ASSERT_TRUE(started) << started.error().ToString();
    server_.emplace(std::move(*started));
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  };
  auto wait_ready = [&] {
    for (int i = 0; i < 300 && Get("/healthz")["search"] != "memory"; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  };
  ASSERT_NO_FATAL_FAILURE(restart());  // the first start with the option: no file yet
  wait_ready();
  EXPECT_EQ(Get("/api/search?process=1&q=zeppelin")["count"], 10);
  ASSERT_NO_FATAL_FAILURE(restart());  // stopped cleanly: the file is written
  wait_ready();
  EXPECT_NE(server_->ReadLog().find("search_index_snapshot_read contributions=10"),
            std::string::npos)
      << server_->ReadLog();
  EXPECT_EQ(Get("/api/search?process=1&q=zeppelin")["count"], 10);
  std::remove(file.c_str());
}

TEST_P(ConsultationTest, TheDemoHoldsTheWgecCallAndInventsNoContribution) {
  json calls = Get("/api/processes/1/calls");
  ASSERT_GE(calls["count"].get<int>(), 1);
  json wgec = calls["calls"][0];
  EXPECT_EQ(wgec["title"], "Call for inputs on the two guiding questions");
  EXPECT_EQ(wgec["opens_at"], "2016-09-29T22:00:00Z");  // 30 September 2016 in Geneva
  EXPECT_EQ(wgec["closes_at"], "2016-12-07T22:59:00Z");
  EXPECT_EQ(wgec["state"], "closed");
  EXPECT_EQ(wgec["questions"].size(), 2u);
  EXPECT_NE(wgec["record_note"].get<std::string>().find("37 contributions"), std::string::npos);
  EXPECT_EQ(Get(Path(wgec["id"].get<int>()))["matching"], 0);
  auto page = client_->Get("/calls/1", httplib::Headers{{"Accept", "text/html"}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("7 December 2016, 23:59 (UTC+01:00)"), std::string::npos);
  EXPECT_EQ(page->body.find("<form method=\"post\""), std::string::npos) << "closed: no form";
}

// Idempotency keys in a bulk import: a key twice in the file lands once, and importing the file
// again lands nothing (the keys are looked up a batch at a time).
TEST_P(ConsultationTest, BulkImportLandsEachIdempotencyKeyOnce) {
  char dir[] = "/tmp/plenary-import-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string file = std::string(dir) + "/inputs.jsonl";
  {
    FILE* f = fopen(file.c_str(), "w");
    fputs(R"({"author_name": "A", "body": "First.", "idempotency_key": "k1"})"
          "\n",
          f);
    fputs(R"({"author_name": "A", "body": "First, sent twice.", "idempotency_key": "k1"})"
          "\n",
          f);
    fputs(R"({"author_name": "B", "body": "Second.", "idempotency_key": "k2"})"
          "\n",
          f);
    fputs(R"({"author_name": "C", "body": "Third, without a key."})"
          "\n",
          f);
    fclose(f);
  }
  auto import = [&] {
    e2e::CommandRun run = e2e::RunPlenaryOutput("import contributions --db '" + db_->url() +
                                                "' --call " + std::to_string(call_) + " " + file);
    EXPECT_EQ(run.exit_code, 0) << run.out;
    return run.out;
  };
  std::string first = import();
  EXPECT_NE(first.find("Imported 3 contributions"), std::string::npos) << first;
  EXPECT_NE(first.find("4 read, 0 refused, 1 already there"), std::string::npos) << first;
  std::string again = import();
  EXPECT_NE(again.find("Imported 1 contributions"), std::string::npos) << "only the keyless one";
  EXPECT_NE(again.find("4 read, 0 refused, 3 already there"), std::string::npos) << again;
  EXPECT_EQ(Count(), 4);
  std::remove(file.c_str());
  rmdir(dir);
}

TEST_P(ConsultationTest, BulkImportReportsWhatItRefusedAndWhy) {
  char dir[] = "/tmp/plenary-import-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string csv = std::string(dir) + "/inputs.csv";
  {
    FILE* f = fopen(csv.c_str(), "w");
    fputs("author_name,organisation,stakeholder_group,country,answer_1,body,submitted_at\n", f);
    fputs("Ana,ISOC,civil_society,BRA,\"Openness, first.\",,2016-10-01T09:00:00Z\n", f);
    fputs("Bo,,government,SWE,,Sweden's input on enhanced cooperation.,\n", f);
    fputs("Cy,,,,,,\n", f);                // nothing said
    fputs(",,,,,No name given.,\n", f);    // author_name missing
    fputs("Di,,,XX,,Bad country.,\n", f);  // unknown country
    fputs("Ed,,,,,\"Quoted, multi\nline text.\",\n", f);
    fclose(f);
  }
  e2e::CommandRun run = e2e::RunPlenaryOutput("import contributions --db '" + db_->url() +
                                              "' --call " + std::to_string(call_) + " " + csv);
  const std::string& out = run.out;
  EXPECT_EQ(run.exit_code, 0) << out;
  EXPECT_NE(out.find("Imported 3 contributions"), std::string::npos) << out;
  EXPECT_NE(out.find("6 read, 3 refused"), std::string::npos) << out;
  EXPECT_NE(out.find("line 4: a contribution needs a 'body'"), std::string::npos) << out;
  EXPECT_NE(out.find("line 5: 'author_name' is required"), std::string::npos) << out;
  EXPECT_NE(out.find("line 6: unknown country code 'XX'"), std::string::npos) << out;
  EXPECT_EQ(Count(), 3);
  int ana_id = Get(Path(call_) + "?country=BRA")["contributions"][0]["id"];
  json ana = Get("/api/contributions/" + std::to_string(ana_id));
  EXPECT_EQ(ana["submitted_at"], "2016-10-01T09:00:00Z");
  EXPECT_EQ(ana["answers"][0]["text"], "Openness, first.");
  EXPECT_EQ(Get("/api/search?process=1&q=sweden")["count"], 1);
  std::remove(csv.c_str());
  rmdir(dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, ConsultationTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary
