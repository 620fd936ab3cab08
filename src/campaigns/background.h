#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "campaigns/detector.h"

namespace plenary::campaigns {

// Runs Detector::CatchUp on a background thread of the server: a pass every `interval`, and
// another at once while a pass finds work, so a new contribution joins its campaign within
// about a second. The first pass after a start rebuilds the indexes of the calls that receive
// something. Errors are logged and retried on the next pass. Thread-safe.
class BackgroundDetection {
 public:
  BackgroundDetection(std::unique_ptr<Detector> detector,
                      std::chrono::milliseconds interval = std::chrono::milliseconds(500));
  ~BackgroundDetection();  // Stop()
  BackgroundDetection(const BackgroundDetection&) = delete;
  BackgroundDetection& operator=(const BackgroundDetection&) = delete;

  void Start();
  // Ends the thread after the pass in progress, if any. Idempotent.
  void Stop();

 private:
  void Run();

  std::unique_ptr<Detector> detector_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace plenary::campaigns
