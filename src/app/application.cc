#include "app/application.h"

#include <algorithm>
#include <cstdio>
#include <span>

#include <fmt/format.h>

#include "accreditation/module.h"
#include "app/demo_accounts.h"
#include "app/sandboxed_extraction.h"
#include "audit/module.h"
#include "auth/gate.h"
#include "auth/module.h"
#include "campaigns/background.h"
#include "campaigns/module.h"
#include "consultation/demo.h"
#include "consultation/index_backlog.h"
#include "consultation/module.h"
#include "consultation/search_index.h"
#include "conversation/analyst.h"
#include "conversation/demo.h"
#include "conversation/module.h"
#include "core/clock.h"
#include "core/embedded.h"
#include "core/log.h"
#include "http/server.h"
#include "mail/courier.h"
#include "mail/mailer.h"
#include "mail/relay.h"
#include "outbox/module.h"
#include "process/demo.h"
#include "process/module.h"
#include "process/queries.h"
#include "process/store.h"
#include "storage/group_commit.h"
#include "storage/migrator.h"
#include "web/site.h"

namespace plenary::app {

std::span<const EmbeddedFile> EmbeddedDemo();  // generated from demo/

namespace {

Result<std::unique_ptr<storage::Database>> OpenAndMigrate(const std::string& url, int& applied) {
  ASSIGN_OR_RETURN(auto db, storage::OpenDatabase(url));
  ASSIGN_OR_RETURN(applied, storage::Migrate(*db, storage::BuiltinMigrations()));
  RETURN_IF_ERROR(process::LoadReferenceData(*db));
  return db;
}

std::string_view DemoJson() {
  for (const EmbeddedFile& f : EmbeddedDemo()) {
    if (f.name == "wgec.json") {
      return f.content;
    }
  }
  return {};
}

Result<int64_t> LoadDemoInto(storage::Database& db) {
  SystemClock clock;
  process::Context ctx{db, clock};
  int64_t count = 0;
  RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    ASSIGN_OR_RETURN(count, process::store::CountProcesses(c));
    return Status::Ok();
  }));
  if (count > 0) {
    return Error(FailedPrecondition(
        "the database already holds processes; the demo loads only into an empty one"));
  }
  ASSIGN_OR_RETURN(int64_t process_id, process::LoadDemoProcess(ctx, DemoJson()));
  ASSIGN_OR_RETURN(auto countries, process::LoadCountryMap(db));
  consultation::Context consultation_ctx{db, clock, countries};
  nlohmann::json demo = nlohmann::json::parse(DemoJson(), nullptr, false);
  RETURN_IF_ERROR(detail::ToStatus(consultation::LoadDemoCalls(
      consultation_ctx, demo.value("calls", nlohmann::json::array()), process_id)));
  conversation::Context conversation_ctx{db, clock, countries};
  RETURN_IF_ERROR(detail::ToStatus(conversation::LoadDemoConversations(
      conversation_ctx, demo.value("conversations", nlohmann::json::array()), process_id)));
  return process_id;
}

// Every row of the table was registered, and nothing else.
Status CheckTableMatches(const auth::Gate& gate) {
  std::vector<const auth::Action*> table = PermissionTable();
  std::vector<const auth::Action*> registered = gate.actions();
  std::sort(table.begin(), table.end());
  std::sort(registered.begin(), registered.end());
  if (table != registered) {
    return Internal(
        "the permission table and the gated routes differ: a module's rows are "
        "missing from app::PermissionTable() or a row has no route");
  }
  return Status::Ok();
}

}  // namespace

std::vector<const auth::Action*> PermissionTable() {
  std::vector<const auth::Action*> out;
  for (auto rows :
       {auth::AuthActions(), process::Actions(), accreditation::Actions(), consultation::Actions(),
        campaigns::Actions(), conversation::Actions(), outbox::Actions()}) {
    for (const auth::Action& a : rows) {
      out.push_back(&a);
    }
  }
  return out;
}

Result<std::unique_ptr<storage::Database>> OpenMigratedDatabase(const std::string& db_url) {
  int applied = 0;
  return OpenAndMigrate(db_url, applied);
}

Result<int> MigrateDatabase(const std::string& db_url) {
  int applied = 0;
  ASSIGN_OR_RETURN(auto db, OpenAndMigrate(db_url, applied));
  return applied;
}

Result<int64_t> LoadDemo(const std::string& db_url) {
  int applied = 0;
  ASSIGN_OR_RETURN(auto db, OpenAndMigrate(db_url, applied));
  return LoadDemoInto(*db);
}

Status Serve(const Config& config, const std::function<void(uint16_t)>& on_listening) {
  int applied = 0;
  ASSIGN_OR_RETURN(auto db, OpenAndMigrate(config.db_url, applied));
  log::Info("database_ready",
            {{"url", config.db_url}, {"migrations_applied", std::to_string(applied)}});
  if (config.load_demo_if_empty) {
    auto demo = LoadDemoInto(*db);
    if (demo) {
      log::Info("demo_loaded", {{"process", std::to_string(*demo)}});
      SystemClock clock;
      ASSIGN_OR_RETURN(auto accounts, CreateDemoAccounts(*db, clock, *demo));
      fmt::print("{}", DescribeDemoAccounts(accounts));
      std::fflush(stdout);
    } else if (demo.error().code() != StatusCode::kFailedPrecondition) {
      return demo.error().WithContext("loading the demo");
    }
  }
  ASSIGN_OR_RETURN(auto site, web::Site::Load());
  SystemClock clock;
  ASSIGN_OR_RETURN(auto countries, process::LoadCountryMap(*db));
  process::Context process_ctx{*db, clock, countries};
  http::Router router;
  router.SetErrorResponder(
      [&site](const http::Request& r, const Status& s) { return site->RespondError(r, s); });

  site->RegisterStatic(router);
  mail::RelayConfig relay_config = mail::RelayConfig::FromEnvironment();
  ASSIGN_OR_RETURN(std::unique_ptr<mail::Relay> relay, mail::Relay::Open(relay_config));
  mail::Courier courier(*db, relay.get(), clock);
  courier.Start();
  mail::Mailer mailer{relay_config.delivery(), [&courier] { courier.Notify(); },
                      config.base_url.empty()
                          ? fmt::format("http://{}:{}", config.host, config.port)
                          : config.base_url};
  while (mailer.base_url.ends_with('/')) {
    mailer.base_url.pop_back();
  }
  auth::AccountsConfig accounts;
  accounts.cost.ops = static_cast<unsigned long long>(config.argon2_ops);
  accounts.cost.memory_bytes = static_cast<size_t>(config.argon2_memory_mib) << 20;
  auth::Gate gate(*db, clock);
  RETURN_IF_ERROR(auth::Install(router, *site, gate, *db, clock, accounts, mailer));
  RETURN_IF_ERROR(process::Install(router, *site, process_ctx, gate));
  RETURN_IF_ERROR(
      accreditation::Install(router, *site, gate, accreditation::Context{*db, clock, mailer}));
  storage::GroupCommit intake(*db);
  consultation::Context consultation_ctx{*db, clock, countries, &intake};
  // Searches are answered from memory (consultation/search_index.h).
  std::optional<consultation::SearchIndex> search_index;
  if (config.memory_search) {
    consultation::SearchIndexOptions options;
    // Beside the database file unless given, so that a restart does not analyse every text
    // again.
    std::string file = storage::SqliteFilePath(config.db_url).value_or("");
    if (!config.search_snapshot.empty()) {
      options.snapshot_path = config.search_snapshot;
    } else if (!file.empty() && file.find(":memory:") == std::string::npos) {
      options.snapshot_path = file + ".search-index";
    }
    search_index.emplace(*db, options);
    consultation_ctx.search_index = &*search_index;
    search_index->Start();
  }
  // Search terms thousands at a time; what a crash left in the backlog is indexed now. Without
  // the in-memory index a submission's answer waits for its terms (commands.h).
  consultation::IndexBacklog index_backlog(*db);
  consultation_ctx.index_backlog = &index_backlog;
  consultation_ctx.terms_before_answer = !search_index;
  index_backlog.Start();
  consultation_ctx.extract = [limits = consultation_ctx.limits](std::string_view name,
                                                                std::string_view bytes) {
    return ExtractInChild(name, bytes, limits);
  };
  // "search": where searches are answered: "memory", "catching up" (from the database until
  // the in-memory index has read what the database holds), or "database".
  router.Get("/healthz", [&db, &search_index](http::Request&) {
    Status s =
        db->Read([](storage::Connection& c) { return detail::ToStatus(c.Query("SELECT 1")); });
    std::string search = !search_index           ? "database"
                         : search_index->ready() ? "memory"
                                                 : "catching up";
    return s.ok() ? http::Response::Json({{"status", "ok"}, {"search", search}})
                  : http::Response::Json({{"status", "unavailable"}, {"error", s.message()}}, 503);
  });
  RETURN_IF_ERROR(consultation::Install(router, *site, gate, consultation_ctx));
  campaigns::DetectorOptions detection;
  detection.campaign.min_members = static_cast<size_t>(config.min_campaign);
  ASSIGN_OR_RETURN(auto detector, campaigns::Detector::Create(*db, clock, detection));
  campaigns::BackgroundDetection campaign_detection(std::move(detector));
  campaigns::FlagAllowance flag_allowance;
  campaigns::Context campaigns_ctx{*db, clock, consultation_ctx, config.min_campaign,
                                   &flag_allowance};
  RETURN_IF_ERROR(campaigns::Install(router, *site, gate, campaigns_ctx));
  campaign_detection.Start();
  storage::GroupCommit votes(*db);
  conversation::Context conversation_ctx{*db, clock, countries, &votes};
  conversation_ctx.base_url = config.base_url.empty() ? "" : mailer.base_url;  // cited links
  conversation::Analyst analyst(conversation_ctx);
  conversation_ctx.changed = [&analyst](int64_t id) { analyst.NoteChange(id); };
  RETURN_IF_ERROR(conversation::Install(router, *site, gate, conversation_ctx, analyst));
  RETURN_IF_ERROR(analyst.Start());
  RETURN_IF_ERROR(audit::Install(router, *site, *db));
  RETURN_IF_ERROR(outbox::Install(router, *site, gate, *db));
  RETURN_IF_ERROR(gate.CheckEveryWriteIsGated(router));
  RETURN_IF_ERROR(CheckTableMatches(gate));

  http::ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.worker_threads = config.worker_threads;
  options.access_log = config.access_log;
  options.read_timeout = std::chrono::seconds(config.read_timeout_seconds);
  options.max_body_bytes = config.max_body_bytes;
  options.cache_ttl = std::chrono::milliseconds(config.cache_ttl_ms);
  http::Server server(router, options);
  ASSIGN_OR_RETURN(uint16_t port, server.Listen());
  server.CatchSignals();  // before anyone is told the port, so a prompt SIGTERM is graceful
  log::Info("listening", {{"url", fmt::format("http://{}:{}/", config.host, port)}});
  if (on_listening) {
    on_listening(port);
  }
  server.Run(/*handle_signals=*/true);
  // In order: submissions still queued are committed (their answers offer entries to the
  // backlog and the search index), then the backlog is emptied.
  intake.Close();
  votes.Close();
  index_backlog.Stop();
  storage::GroupCommitStats shared = intake.stats();
  log::Info("stopped", {{"intake_commits", std::to_string(shared.batches)},
                        {"intake_items", std::to_string(shared.items)},
                        {"intake_largest_batch", std::to_string(shared.largest_batch)}});
  return Status::Ok();
}

}  // namespace plenary::app
