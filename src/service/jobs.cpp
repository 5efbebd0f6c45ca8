#include "service/jobs.h"

#include <fmt/format.h>
#include <unistd.h>

#include "core/inbox.h"
#include "core/number_text.h"
#include "io/json_text.h"
#include "service/errors.h"
#include "service/log.h"

namespace chainscope {
namespace json = boost::json;

JobWorkers::JobWorkers(std::shared_ptr<Platform> platform, JobStore& store,
                       std::map<std::string, JobKind> kinds, JobOptions options)
    : platform_(std::move(platform)), store_(store), kinds_(std::move(kinds)), options_(options) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  host_ = fmt::format("{}:{}", host, getpid());
  if (!options_.start) return;
  for (std::size_t w = 0; w < options_.workers; ++w)
    threads_.emplace_back([this, w](std::stop_token stop) {
      while (!stop.stop_requested()) {
        bool worked = false;
        try {
          worked = RunOnce(w);
        } catch (const std::exception& e) {
          LogEvent(LogLevel::kWarn, fmt::format("jobs: {}", e.what()));
        }
        if (worked) continue;
        std::unique_lock lock(wake_mutex_);
        wake_.wait_for(lock, stop, options_.poll, [] { return false; });
      }
    });
}

JobWorkers::~JobWorkers() {
  {
    std::lock_guard lock(active_mutex_);
    stopping_ = true;
    for (JobControl* c : active_) c->cancel = true;
  }
  for (auto& t : threads_) t.request_stop();
  wake_.notify_all();
  threads_.clear();  // joins
}

std::string JobWorkers::WorkerName(std::size_t worker) const {
  return fmt::format("{}/{}", host_, worker);
}

std::optional<Job> JobWorkers::Submit(const std::string& kind, const json::object& request,
                                      const AuditContext& by) {
  const JobKind& k = kinds_.at(kind);
  const std::shared_ptr<const PlatformState> state = platform_->state();
  Job job;
  job.kind = kind;
  job.owner = by.actor;
  job.request = JsonText(request, {.money_to_fen = false});
  job.chain_revision = state->revision.chain_revision;
  if (!store_.AddJob(job, k.split(*state, request), options_.max_unfinished, by)) return std::nullopt;
  wake_.notify_all();
  return job;
}

namespace {}  // namespace

std::string JobWorkers::JobError(const Job& job, const JobClaim& claim, const std::exception& e) {
  // What the user can act on is theirs to read; anything else (a solver or database failure) may name
  // internals, so it goes to the server log and the job says only where to look — as a 500 does.
  if (CodeOf(e) != ErrorCode::kInternal) return e.what();
  LogEvent(LogLevel::kError,
           fmt::format("jobs: {} part {}: internal error: {}", job.id, claim.part, e.what()));
  return fmt::format("{}; the server log has its detail under {}", kInternalJobError, job.id);
}

bool JobWorkers::RunOnce(std::size_t worker) {
  const std::string name = WorkerName(worker);
  const auto now = std::chrono::system_clock::now();
  const std::optional<JobClaim> claim =
      store_.ClaimJobPart(name, UtcMillis(now), UtcMillis(now + options_.lease));
  if (!claim) return false;
  const Job& job = claim->job;
  // Every part runs on the chain the job was submitted on: a server that has not seen that import yet
  // catches up; a chain re-imported since makes the job's parts incomparable, so it fails.
  std::shared_ptr<const PlatformState> state = platform_->state();
  if (state->revision.chain_revision < job.chain_revision) {
    platform_->Refresh();
    state = platform_->state();
  }
  if (state->revision.chain_revision != job.chain_revision) {
    store_.FailJob(job.id,
                   fmt::format("the chain was imported again while the job waited or ran (revision {}, now "
                               "{}); start it again",
                               job.chain_revision, state->revision.chain_revision));
    return true;
  }
  const auto kind = kinds_.find(job.kind);
  if (kind == kinds_.end()) {
    store_.FailJob(job.id, fmt::format("this server cannot run jobs of kind '{}'", job.kind));
    return true;
  }
  if (claim->attempt > 1)
    LogEvent(LogLevel::kInfo, fmt::format("jobs: {} part {} taken over (attempt {}): its lease ran out",
                                          job.id, claim->part, claim->attempt));

  JobControl control;
  {
    std::lock_guard lock(active_mutex_);
    if (stopping_) return false;
    active_.push_back(&control);
  }
  struct Inactive {
    JobWorkers& w;
    JobControl* c;
    ~Inactive() {
      std::lock_guard lock(w.active_mutex_);
      std::erase(w.active_, c);
    }
  } inactive{*this, &control};
  // Renews the lease, and reports progress, until the part ends; a lost lease (cancel, takeover) stops it,
  // and so does running past the run-time bound.
  const auto started = std::chrono::steady_clock::now();
  std::atomic<bool> overtime{false};
  std::jthread renewer([&](std::stop_token stop) {
    std::mutex m;
    std::condition_variable_any cv;
    while (!stop.stop_requested()) {
      {
        std::unique_lock lock(m);
        cv.wait_for(lock, stop, options_.renew, [] { return false; });
      }
      if (stop.stop_requested()) return;
      if (options_.max_part_run.count() > 0 &&
          std::chrono::steady_clock::now() - started > options_.max_part_run) {
        overtime = true;
        control.cancel = true;
        return;
      }
      try {
        const auto at = std::chrono::system_clock::now();
        const std::size_t total = control.total;
        if (store_.RenewJobPart(
                *claim, name, UtcMillis(at + options_.lease), static_cast<std::int64_t>(control.done),
                total ? static_cast<std::int64_t>(total) : claim->last - claim->first) == JobLease::kLost) {
          control.cancel = true;
          return;
        }
      } catch (const std::exception& e) {
        LogEvent(LogLevel::kWarn,
                 fmt::format("jobs: renewing {} part {}: {}", job.id, claim->part, e.what()));
      }
    }
  });
  try {
    const json::object request = json::parse(job.request).as_object();
    json::value result;
    if (claim->part < job.parts) {
      result = kind->second.run(*state, request, claim->first, claim->last, control);
    } else {
      std::vector<json::value> parts;
      for (const std::string& text : store_.JobPartResults(job.id)) parts.push_back(json::parse(text));
      result = kind->second.assemble(*state, request, std::move(parts), control);
    }
    renewer.request_stop();
    renewer.join();
    if (!control.cancel) store_.FinishJobPart(*claim, name, JsonText(result, {.money_to_fen = false}));
  } catch (const std::exception& e) {
    renewer.request_stop();
    renewer.join();
    if (!control.cancel) store_.FailJob(job.id, JobError(job, *claim, e));
  }
  if (overtime)
    store_.FailJob(job.id,
                   fmt::format("{} of {} s for one part (serve --max-job-seconds × 3); it was stopped",
                               kJobOverTime, PlainNumber(options_.max_part_run.count() / 1000.0)));
  bool stopping = false;
  {
    std::lock_guard lock(active_mutex_);
    stopping = stopping_;
  }
  if (stopping) {  // give the part up now rather than when its lease runs out
    try {
      store_.RenewJobPart(*claim, name, UtcMillis(std::chrono::system_clock::now() - std::chrono::seconds(1)),
                          0, 0);
    } catch (const std::exception&) {
    }
  }
  return true;
}

std::optional<Message> JobErrorReason(const Job& job) {
  if (job.state != JobState::kFailed || !job.error.starts_with(kInternalJobError)) return std::nullopt;
  return Message{"job.internal", {{"job", job.id}}, job.error};
}

}  // namespace chainscope
