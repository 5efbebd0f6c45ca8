// store: the SQL of jobs and their leased parts (JobStore).
#include <fmt/format.h>

#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace chainscope {
using namespace store_sql;

// ---- jobs ----

namespace {

/// A job's columns, then its progress summed over the working parts (and its result when asked).
constexpr std::string_view kJobColumns =
    "id, kind, owner, request, chain_revision, state, parts, error, created_at, finished_at, "
    "(SELECT COALESCE(SUM(p.done), 0) FROM job_parts p WHERE p.job = jobs.id AND p.part < jobs.parts), "
    "(SELECT COALESCE(SUM(p.total), 0) FROM job_parts p WHERE p.job = jobs.id AND p.part < jobs.parts)";

Job ReadJob(const SqlRow& r, bool with_result) {
  Job j;
  j.id = r.Text(0);
  j.kind = r.Text(1);
  j.owner = r.Text(2);
  j.request = r.Text(3);
  j.chain_revision = static_cast<std::uint64_t>(r.Int(4));
  const std::string state = r.Text(5);
  for (JobState s :
       {JobState::kQueued, JobState::kRunning, JobState::kDone, JobState::kCancelled, JobState::kFailed})
    if (ToString(s) == state) j.state = s;
  j.parts = static_cast<int>(r.Int(6));
  j.error = r.Text(7);
  j.created_at = r.Text(8);
  j.finished_at = r.Text(9);
  j.done = r.Int(10);
  j.total = r.Int(11);
  if (with_result) j.result = r.Text(12);
  return j;
}

std::optional<Job> FindJobIn(SqlSession& s, std::string_view id, bool with_result) {
  std::optional<Job> out;
  s.Run(fmt::format("SELECT {}{} FROM jobs WHERE id = ?1", kJobColumns, with_result ? ", result" : ""), {id},
        [&](const SqlRow& r) { out = ReadJob(r, with_result); });
  return out;
}

std::string JobJson(const Job& j) {
  return fmt::format(R"({{"id":{},"kind":{},"state":{},"parts":{}}})", JsonQuote(j.id), JsonQuote(j.kind),
                     JsonQuote(ToString(j.state)), j.parts);
}

/// A job that can still be worked on: the SQL condition on `jobs` (alias j).
constexpr std::string_view kJobLive = "j.state IN ('queued', 'running')";

}  // namespace

bool SqlStore::AddJob(Job& job, const std::vector<std::pair<std::int64_t, std::int64_t>>& ranges,
                      std::size_t max_unfinished, const AuditContext& by) {
  if (ranges.empty()) throw Error("a job needs at least one part");
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    std::int64_t unfinished = 0;
    s->Run("SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')", {},
           [&](const SqlRow& r) { unfinished = r.Int(0); });
    if (unfinished >= static_cast<std::int64_t>(max_unfinished)) return false;
    job.id = NextId(*s, "jobs", "jobs", kJobIdPrefix);
    job.state = JobState::kQueued;
    job.parts = static_cast<int>(ranges.size());
    job.created_at = NowUtc();
    job.done = job.total = 0;
    s->Run(
        "INSERT INTO jobs (id, kind, owner, request, chain_revision, state, parts, result, error, "
        "created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, NULL, '', ?7)",
        {job.id, job.kind, job.owner, job.request, static_cast<std::int64_t>(job.chain_revision),
         std::int64_t{job.parts}, job.created_at});
    for (std::size_t i = 0; i <= ranges.size(); ++i) {
      const auto [first, last] = i < ranges.size() ? ranges[i] : std::pair<std::int64_t, std::int64_t>{0, 0};
      job.total += last - first;
      s->Run(
          "INSERT INTO job_parts (job, part, node_first, node_last, done, total, finished, worker, "
          "lease_until, "
          "attempts, result) VALUES (?1, ?2, ?3, ?4, 0, ?5, FALSE, '', NULL, 0, NULL)",
          {job.id, static_cast<std::int64_t>(i), first, last, last - first});
    }
    s->Run(
        "DELETE FROM jobs WHERE state IN ('done', 'cancelled', 'failed') AND id NOT IN (SELECT id FROM jobs "
        "WHERE state IN ('done', 'cancelled', 'failed') ORDER BY id DESC LIMIT ?1)",
        {static_cast<std::int64_t>(kKeptFinishedJobs)});
    Audit(*s, by, "job.create", "job:" + job.id, "null", JobJson(job));
    return true;
  });
}

std::optional<Job> SqlStore::FindJob(std::string_view id, bool with_result) {
  auto s = Session();
  return FindJobIn(*s, id, with_result);
}

std::vector<Job> SqlStore::Jobs(std::size_t limit) {
  auto s = Session();
  std::vector<Job> out;
  s->Run(fmt::format("SELECT {} FROM jobs ORDER BY id DESC LIMIT ?1", kJobColumns),
         {static_cast<std::int64_t>(limit)}, [&](const SqlRow& r) { out.push_back(ReadJob(r, false)); });
  return out;
}

std::optional<JobClaim> SqlStore::ClaimJobPart(std::string_view worker, std::string_view now,
                                               std::string_view lease_until) {
  auto s = Session();
  return InTransaction(*s, &SqlSession::BeginClaim, [&] {
    std::optional<JobClaim> claim;
    std::string job;
    s->Run(
        fmt::format(
            "SELECT job, part, node_first, node_last, attempts FROM job_parts p WHERE finished = FALSE AND "
            "(lease_until IS NULL OR lease_until < ?1) AND EXISTS (SELECT 1 FROM jobs j WHERE j.id = p.job "
            "AND "
            "{} AND (p.part < j.parts OR NOT EXISTS (SELECT 1 FROM job_parts q WHERE q.job = p.job AND "
            "q.part < j.parts AND q.finished = FALSE))) ORDER BY job, part LIMIT 1{}",
            kJobLive, s->SkipLocked()),
        {now}, [&](const SqlRow& r) {
          claim.emplace();
          job = r.Text(0);
          claim->part = static_cast<int>(r.Int(1));
          claim->first = r.Int(2);
          claim->last = r.Int(3);
          claim->attempt = static_cast<int>(r.Int(4)) + 1;
        });
    if (claim) {
      s->Run(
          "UPDATE job_parts SET worker = ?3, lease_until = ?4, attempts = attempts + 1 WHERE job = ?1 AND "
          "part = ?2",
          {job, std::int64_t{claim->part}, worker, lease_until});
      s->Run("UPDATE jobs SET state = 'running' WHERE id = ?1 AND state = 'queued'", {job});
      claim->job = FindJobIn(*s, job, false).value();
    }
    return claim;
  });
}

JobLease SqlStore::RenewJobPart(const JobClaim& claim, std::string_view worker, std::string_view lease_until,
                                std::int64_t done, std::int64_t total) {
  auto s = Session();
  const std::int64_t changed = s->Run(
      fmt::format(
          "UPDATE job_parts SET lease_until = ?4, done = ?5, total = ?6 WHERE job = ?1 AND part = ?2 AND "
          "worker = ?3 AND finished = FALSE AND EXISTS (SELECT 1 FROM jobs j WHERE j.id = job_parts.job "
          "AND {})",
          kJobLive),
      {claim.job.id, std::int64_t{claim.part}, worker, lease_until, done, total});
  return changed > 0 ? JobLease::kHeld : JobLease::kLost;
}

bool SqlStore::FinishJobPart(const JobClaim& claim, std::string_view worker, std::string_view result) {
  auto s = Session();
  return InTransaction(*s, &SqlSession::BeginClaim, [&] {
    const std::int64_t changed = s->Run(
        fmt::format(
            "UPDATE job_parts SET finished = TRUE, done = total, lease_until = NULL, result = ?4 WHERE "
            "job = ?1 AND part = ?2 AND worker = ?3 AND finished = FALSE AND EXISTS (SELECT 1 FROM jobs j "
            "WHERE j.id = job_parts.job AND {})",
            kJobLive),
        {claim.job.id, std::int64_t{claim.part}, worker, result});
    if (changed > 0 && claim.part == claim.job.parts)
      s->Run("UPDATE jobs SET state = 'done', result = ?2, finished_at = ?3 WHERE id = ?1",
             {claim.job.id, result, NowUtc()});
    return changed > 0;
  });
}

std::vector<std::string> SqlStore::JobPartResults(std::string_view job) {
  auto s = Session();
  std::vector<std::string> out;
  s->Run(
      "SELECT result FROM job_parts WHERE job = ?1 AND part < (SELECT parts FROM jobs WHERE id = ?1) ORDER "
      "BY part",
      {job}, [&](const SqlRow& r) { out.push_back(r.Text(0)); });
  return out;
}

void SqlStore::FailJob(std::string_view job, std::string_view error) {
  auto s = Session();
  s->Run(
      "UPDATE jobs SET state = 'failed', error = ?2, finished_at = ?3 WHERE id = ?1 AND state IN ('queued', "
      "'running')",
      {job, error, NowUtc()});
}

bool SqlStore::CancelJob(std::string_view id, const AuditContext& by) {
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    const std::optional<Job> job = FindJobIn(*s, id, false);
    if (!job) throw NotFound(fmt::format("no job '{}'", id));
    if (job->state == JobState::kQueued || job->state == JobState::kRunning) {
      s->Run("UPDATE jobs SET state = 'cancelled', finished_at = ?2 WHERE id = ?1", {id, NowUtc()});
      Job after = *job;
      after.state = JobState::kCancelled;
      Audit(*s, by, "job.cancel", "job:" + job->id, JobJson(*job), JobJson(after));
      return true;
    }
    s->Run("DELETE FROM jobs WHERE id = ?1", {id});
    Audit(*s, by, "job.delete", "job:" + job->id, JobJson(*job), "null");
    return false;
  });
}

}  // namespace chainscope

namespace chainscope {

void SqlStore::UpdateBucket(
    std::string_view key,
    const std::function<std::optional<StoredBucket>(std::optional<StoredBucket>)>& update) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    std::optional<StoredBucket> stored;
    s->Run("SELECT tokens, at_ms FROM rate_limits WHERE key = ?1", {key}, [&](const SqlRow& r) {
      stored = StoredBucket{r.Real(0), r.Int(1)};
    });
    const std::optional<StoredBucket> next = update(stored);
    if (!next)
      s->Run("DELETE FROM rate_limits WHERE key = ?1", {key});
    else
      s->Run(
          "INSERT INTO rate_limits (key, tokens, at_ms) VALUES (?1, ?2, ?3) "
          "ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, at_ms = excluded.at_ms",
          {key, next->tokens, next->at_ms});
    return 0;
  });
}

}  // namespace chainscope
