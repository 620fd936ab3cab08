#include "cli/import_command.h"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/application.h"
#include "campaigns/detector.h"
#include "consultation/import.h"
#include "process/commands.h"

namespace plenary::cli {
namespace {

struct ImportOptions {
  std::string db_url = "sqlite:var/plenary.db";
  int64_t call_id = 0;
  std::string file;
  std::string format;  // csv, jsonl; "" = from the extension
  int min_campaign = 10;
};

// The file mapped read-only: a million contributions need not be copied into memory.
class MappedFile {
 public:
  static Result<std::unique_ptr<MappedFile>> Open(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return Error(NotFound(fmt::format("cannot open {}", path)));
    }
    struct stat st {};
    fstat(fd, &st);
    auto file = std::unique_ptr<MappedFile>(new MappedFile());
    file->size_ = static_cast<size_t>(st.st_size);
    if (file->size_ > 0) {
      file->data_ = mmap(nullptr, file->size_, PROT_READ, MAP_PRIVATE, fd, 0);
    }
    close(fd);
    if (file->data_ == MAP_FAILED) {
      return Error(Internal(fmt::format("cannot read {}", path)));
    }
    return file;
  }
  ~MappedFile() {
    if (data_ != nullptr && data_ != MAP_FAILED) {
      munmap(data_, size_);
    }
  }
  std::string_view text() const {
    return data_ ? std::string_view(static_cast<const char*>(data_), size_) : std::string_view();
  }

 private:
  MappedFile() = default;
  void* data_ = nullptr;
  size_t size_ = 0;
};

// "[########            ]  40%  1.2 MB of 3.0 MB" on a terminal; nothing otherwise.
void DrawProgress(size_t done, size_t total) {
  if (!isatty(STDERR_FILENO) || total == 0) {
    return;
  }
  constexpr int kWidth = 30;
  int filled = static_cast<int>(kWidth * done / total);
  std::cerr << fmt::format("\r[{}{}] {:3}%  {:.1f} of {:.1f} MB", std::string(filled, '#'),
                           std::string(kWidth - filled, ' '), 100 * done / total, done / 1e6,
                           total / 1e6)
            << std::flush;
}

// Runs campaign detection over what was imported (and anything else not yet indexed), so that
// imported form letters join their campaigns before the server's next pass.
Status DetectCampaigns(storage::Database& db, const Clock& clock, int min_campaign) {
  campaigns::DetectorOptions options;
  options.campaign.min_members = static_cast<size_t>(min_campaign);
  options.batch = 20000;
  ASSIGN_OR_RETURN(auto detector, campaigns::Detector::Create(db, clock, options));
  auto started = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(auto detected, detector->CatchUp([](int64_t done, int64_t total) {
    if (!isatty(STDERR_FILENO) || total <= 0) {
      return;
    }
    constexpr int kWidth = 30;
    int filled = static_cast<int>(kWidth * done / total);
    std::cerr << fmt::format("\rcampaigns [{}{}] {:3}%", std::string(filled, '#'),
                             std::string(kWidth - filled, ' '), 100 * done / total)
              << std::flush;
  }));
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (isatty(STDERR_FILENO) && detected.read > 0) {
    std::cerr << "\n";
  }
  std::cout << fmt::format(
      "Campaign detection: {} contributions indexed ({} re-read), {} clusters updated in {:.1f} "
      "s.\n",
      detected.read, detected.rebuilt, detected.clusters_written, seconds);
  return Status::Ok();
}

Status Import(const ImportOptions& o) {
  std::string format = o.format;
  if (format.empty()) {
    format = o.file.ends_with(".csv") ? "csv" : "jsonl";
  }
  if (format != "csv" && format != "jsonl") {
    return InvalidArgument(fmt::format("unknown --format '{}' (expected csv or jsonl)", format));
  }
  ASSIGN_OR_RETURN(auto file, MappedFile::Open(o.file));
  ASSIGN_OR_RETURN(auto db, app::OpenMigratedDatabase(o.db_url));
  ASSIGN_OR_RETURN(auto countries, process::LoadCountryMap(*db));
  SystemClock clock;
  consultation::Context ctx{*db, clock, countries};
  auto started = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(auto report,
                   consultation::ImportContributions(
                       ctx, audit::Actor{0, "command line import"}, o.call_id, file->text(),
                       format == "csv" ? consultation::ImportFormat::kCsv
                                       : consultation::ImportFormat::kJsonLines,
                       DrawProgress));
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (isatty(STDERR_FILENO)) {
    std::cerr << "\n";
  }
  constexpr size_t kShown = 20;
  for (size_t i = 0; i < report.refused.size() && i < kShown; ++i) {
    std::cerr << fmt::format("line {}: {}\n", report.refused[i].first, report.refused[i].second);
  }
  if (report.refused.size() > kShown) {
    std::cerr << fmt::format("... and {} more refused\n", report.refused.size() - kShown);
  }
  std::cout << fmt::format(
      "Imported {} contributions into call {} ({} read, {} refused, {} already there) in {:.1f} "
      "s: {:.0f} per second.\n",
      report.imported, o.call_id, report.read, report.refused.size(), report.replayed, seconds,
      seconds > 0 ? report.imported / seconds : 0.0);
  return DetectCampaigns(*db, clock, o.min_campaign);
}

}  // namespace

void AddImportCommand(CLI::App& app) {
  CLI::App* import = app.add_subcommand("import", "Load data in bulk");
  import->require_subcommand(1);
  auto options = std::make_shared<ImportOptions>();
  CLI::App* contributions = import->add_subcommand(
      "contributions", "Contributions received elsewhere, from CSV or JSON Lines (.jsonl)");
  contributions->add_option("--db", options->db_url, "Database URL")
      ->envname("PLENARY_DB")
      ->capture_default_str();
  contributions->add_option("--call", options->call_id, "The call they answer")->required();
  contributions->add_option("--format", options->format, "csv or jsonl (default: by extension)");
  contributions
      ->add_option("--min-campaign", options->min_campaign,
                   "Near-identical contributions that make a mass campaign")
      ->check(CLI::Range(2, 1 << 30))
      ->capture_default_str();
  contributions->add_option("FILE", options->file, "The file to read")->required();
  contributions->callback([options] {
    Status s = Import(*options);
    if (!s.ok()) {
      std::cerr << "plenary: " << s.ToString() << "\n";
    }
    std::exit(s.ok() ? 0 : 1);
  });
}

}  // namespace plenary::cli
