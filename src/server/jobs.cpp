#include "server/jobs.h"

#include <fmt/format.h>
#include <vector>

namespace chainscope {
namespace json = boost::json;

std::string_view ToString(JobStatus s) {
  switch (s) {
    case JobStatus::kRunning:
      return "running";
    case JobStatus::kDone:
      return "done";
    case JobStatus::kCancelled:
      return "cancelled";
    case JobStatus::kFailed:
      return "failed";
  }
  return "failed";
}

JobRunner::~JobRunner() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    for (auto& [n, job] : jobs_) {
      job->control.cancel = true;
      if (job->thread.joinable()) threads.push_back(std::move(job->thread));
    }
  }
  for (auto& t : threads) t.join();
}

std::optional<std::string> JobRunner::Start(std::string kind, std::function<json::value(JobControl&)> work) {
  std::lock_guard lock(mutex_);
  std::size_t running = 0;
  for (const auto& [n, job] : jobs_) running += job->status == JobStatus::kRunning;
  if (running >= kMaxRunningJobs) return std::nullopt;
  const std::uint64_t n = next_++;
  auto job = std::make_unique<Job>();
  job->id = fmt::format("J{}", n);
  job->kind = std::move(kind);
  Job* raw = job.get();
  jobs_[n] = std::move(job);
  raw->thread = std::thread([this, raw, work = std::move(work)] {
    json::value result;
    std::string error;
    JobStatus status = JobStatus::kDone;
    try {
      result = work(raw->control);
      if (raw->control.cancel) status = JobStatus::kCancelled;
    } catch (const std::exception& e) {
      error = e.what();
      status = raw->control.cancel ? JobStatus::kCancelled : JobStatus::kFailed;
    }
    std::lock_guard done_lock(mutex_);
    raw->result = status == JobStatus::kDone ? std::move(result) : json::value(nullptr);
    raw->error = std::move(error);
    raw->status = status;
  });
  ForgetOldest();
  return raw->id;
}

json::object JobRunner::ViewOf(const Job& job, bool with_result) const {
  json::object o{
      {"job", job.id},
      {"kind", job.kind},
      {"status", ToString(job.status)},
      {"progress", json::object{{"done", job.control.done.load()}, {"total", job.control.total.load()}}},
      {"href", "/api/v1/stress/" + job.id}};
  if (job.status == JobStatus::kFailed) o["error"] = job.error;
  if (with_result && job.status == JobStatus::kDone) o["result"] = job.result;
  return o;
}

std::optional<json::object> JobRunner::View(const std::string& id) const {
  std::lock_guard lock(mutex_);
  for (const auto& [n, job] : jobs_)
    if (job->id == id) return ViewOf(*job, true);
  return std::nullopt;
}

json::array JobRunner::List() const {
  std::lock_guard lock(mutex_);
  json::array out;
  for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it) out.push_back(ViewOf(*it->second, false));
  return out;
}

bool JobRunner::Cancel(const std::string& id) {
  std::unique_ptr<Job> finished;
  {
    std::lock_guard lock(mutex_);
    for (auto it = jobs_.begin(); it != jobs_.end(); ++it) {
      if (it->second->id != id) continue;
      if (it->second->status == JobStatus::kRunning) {
        it->second->control.cancel = true;
        return true;
      }
      finished = std::move(it->second);
      jobs_.erase(it);
      break;
    }
  }
  if (!finished) return false;
  if (finished->thread.joinable()) finished->thread.join();  // already past its last lock
  return true;
}

void JobRunner::ForgetOldest() {
  std::size_t finished = 0;
  for (const auto& [n, job] : jobs_) finished += job->status != JobStatus::kRunning;
  for (auto it = jobs_.begin(); it != jobs_.end() && finished > kKeptJobs;) {
    if (it->second->status == JobStatus::kRunning) {
      ++it;
      continue;
    }
    if (it->second->thread.joinable()) it->second->thread.detach();  // it has finished its work
    it = jobs_.erase(it);
    --finished;
  }
}

}  // namespace chainscope
