#include "campaigns/background.h"

#include <string>

#include "core/log.h"
#include "core/thread_role.h"

namespace plenary::campaigns {

BackgroundDetection::BackgroundDetection(std::unique_ptr<Detector> detector,
                                         std::chrono::milliseconds interval)
    : detector_(std::move(detector)), interval_(interval) {}

BackgroundDetection::~BackgroundDetection() {
  Stop();
}

void BackgroundDetection::Start() {
  if (!thread_.joinable()) {
    thread_ = std::thread([this] { Run(); });
  }
}

void BackgroundDetection::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void BackgroundDetection::Run() {
  SetThreadRole("campaigns", ThreadPriority::kBackground);
  for (;;) {
    auto started = std::chrono::steady_clock::now();
    auto report = detector_->CatchUp();
    if (!report) {
      log::Warn("campaign_detection_failed", {{"error", report.error().ToString()}});
    } else if (report->read > 0) {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - started)
                    .count();
      log::Info("campaign_detection",
                {{"indexed", std::to_string(report->read)},
                 {"rebuilt", std::to_string(report->rebuilt)},
                 {"clusters_written", std::to_string(report->clusters_written)},
                 {"up_to", std::to_string(report->up_to_id)},
                 {"ms", std::to_string(ms)}});
    }
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
      return;
    }
  }
}

}  // namespace plenary::campaigns
