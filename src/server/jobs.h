// server: long analyses as jobs — each runs on its own thread with a progress counter and a cancel flag;
// the API starts one (202 and an id), reports it (progress, then the result or the error) and cancels it.
// At most kMaxRunningJobs run at once; the last kKeptJobs finished ones are kept for reading.
#pragma once

#include <atomic>
#include <boost/json.hpp>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace chainscope {

inline constexpr std::size_t kMaxRunningJobs = 2;
inline constexpr std::size_t kKeptJobs = 20;

/// What a job's work sees: where to report progress and whether it was asked to stop.
struct JobControl {
  std::atomic<std::size_t> done{0}, total{0};
  std::atomic<bool> cancel{false};
};

enum class JobStatus { kRunning, kDone, kCancelled, kFailed };
std::string_view ToString(JobStatus s);

class JobRunner {
 public:
  JobRunner() = default;
  ~JobRunner();  // cancels and joins every running job
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  /// Starts `work` on a new thread; nullopt when kMaxRunningJobs are running. The work returns its result,
  /// or throws (the job fails with the message); when control.cancel is set it may return early.
  std::optional<std::string> Start(std::string kind, std::function<boost::json::value(JobControl&)> work);
  /// {"job", "kind", "status", "progress": {"done", "total"}, "result" | "error"}; nullopt for an unknown id.
  std::optional<boost::json::object> View(const std::string& id) const;
  /// Every job's view without its result, newest first.
  boost::json::array List() const;
  /// Asks a running job to stop, or forgets a finished one. False for an unknown id.
  bool Cancel(const std::string& id);

 private:
  struct Job {
    std::string id, kind;
    JobStatus status = JobStatus::kRunning;
    JobControl control;
    boost::json::value result;
    std::string error;
    std::thread thread;
  };
  boost::json::object ViewOf(const Job& job, bool with_result) const;
  void ForgetOldest();  // keeps kKeptJobs finished jobs; caller holds mutex_

  mutable std::mutex mutex_;
  std::map<std::uint64_t, std::unique_ptr<Job>> jobs_;  // by sequence number
  std::uint64_t next_ = 1;
};

}  // namespace chainscope
