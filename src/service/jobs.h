// service: long analyses as jobs kept in the store (core/jobs.h), so that every server on one database
// sees the same jobs and any of them can finish one whose server died. Each server runs a few workers;
// a worker claims one part of a job, runs it on the server's chain snapshot while renewing the part's
// lease (and stops within a renewal when the job is cancelled or the lease was taken over), and stores the
// part's result; the job's last part assembles the others' results into the job's result. What a kind of
// job does — how it splits, runs a part and assembles — is a JobKind the API registers.
#pragma once

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/jobs.h"
#include "core/message.h"
#include "service/platform.h"
#include "store/store.h"

namespace chainscope {

/// What a part's work sees: where to report progress and whether it must stop.
struct JobControl {
  std::atomic<std::size_t> done{0}, total{0};
  std::atomic<bool> cancel{false};
};

/// A kind of job. `split` gives the parts' ranges ([first, last) of the kind's own items, e.g. the sweep's
/// nodes) when the job is submitted; `run` computes one part; `assemble` makes the job's result of the
/// parts' results (in part order). All three see the same chain snapshot (the job's chain revision) and
/// the request as submitted; they may throw (the job fails with the message) and must return soon after
/// `control.cancel` is set.
struct JobKind {
  std::function<std::vector<std::pair<std::int64_t, std::int64_t>>(const PlatformState&,
                                                                   const boost::json::object&)>
      split;
  std::function<boost::json::value(const PlatformState&, const boost::json::object& request,
                                   std::int64_t first, std::int64_t last, JobControl&)>
      run;
  std::function<boost::json::value(const PlatformState&, const boost::json::object& request,
                                   std::vector<boost::json::value> parts, JobControl&)>
      assemble;
};

struct JobOptions {
  unsigned workers = 2;                     // parts this server works on at once
  std::size_t max_unfinished = 8;           // jobs queued or running on the store; more: refused
  std::chrono::milliseconds lease{10'000};  // a part not renewed for this long is claimed again
  std::chrono::milliseconds renew{500};     // renewal (and progress) interval: how soon a cancel stops
  std::chrono::milliseconds poll{250};      // an idle worker looks for a part this often
  bool start = true;                        // false: no threads (tests call RunOnce)
  /// The longest one part may run (0: no bound): past it the part is stopped and its job fails with
  /// kJobOverTime. Serve sets it to 3 × --max-job-seconds (the cost model's stated accuracy).
  std::chrono::milliseconds max_part_run{0};
};

/// The start of the error of a job stopped at the run-time bound (JobOptions::max_part_run).
inline constexpr std::string_view kJobOverTime = "the job ran past this server's run-time bound";

/// The start of the error a job shows when it failed for a reason of the server's, not the request's.
inline constexpr std::string_view kInternalJobError = "internal error while running the job";
/// The coded text of a job's failure when it is the server's ("job.internal"; the others are the user's
/// errors in the words of the check that refused them, and stay as they are).
std::optional<Message> JobErrorReason(const Job& job);

class JobWorkers {
 public:
  /// `store`: where the jobs are (the platform's, or a private one for a platform without a store).
  JobWorkers(std::shared_ptr<Platform> platform, JobStore& store, std::map<std::string, JobKind> kinds,
             JobOptions options = {});
  /// Stops the workers: their running parts stop and their leases are given up, so another server (or
  /// this one, restarted) takes the parts over at once. The jobs stay queued or running.
  ~JobWorkers();
  JobWorkers(const JobWorkers&) = delete;
  JobWorkers& operator=(const JobWorkers&) = delete;

  /// Splits and adds a job of `kind` on the current chain; nullopt when max_unfinished jobs are queued or
  /// running. The request must have been validated. Wakes this server's idle workers.
  std::optional<Job> Submit(const std::string& kind, const boost::json::object& request,
                            const AuditContext& by);
  /// Claims and runs one part on the calling thread; false when no part was ready.
  bool RunOnce(std::size_t worker = 0);
  JobStore& store() const { return store_; }
  const JobOptions& options() const { return options_; }

 private:
  std::string WorkerName(std::size_t worker) const;
  /// The error a failed job shows its owner: the message of an error they can act on, else a generic one.
  static std::string JobError(const Job& job, const JobClaim& claim, const std::exception& e);
  std::shared_ptr<Platform> platform_;
  JobStore& store_;
  std::map<std::string, JobKind> kinds_;
  JobOptions options_;
  std::string host_;
  std::mutex active_mutex_;
  std::vector<JobControl*> active_;  // the parts running now (stopped when the server stops)
  bool stopping_ = false;            // under active_mutex_
  std::mutex wake_mutex_;
  std::condition_variable_any wake_;
  std::vector<std::jthread> threads_;
};

}  // namespace chainscope
