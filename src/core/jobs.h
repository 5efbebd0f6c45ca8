// core: long analyses as rows any server can work on — a job (a stress sweep or a scenario, with the
// request that started it) split into parts (slices of the sweep's nodes) and one final part that
// assembles their results. A server claims one part at a time under a lease it renews; a part whose lease
// runs out (its server died) is claimed again by another. Plain data; store.h keeps it, server/jobs.h
// runs it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace chainscope {

inline constexpr std::string_view kJobIdPrefix = "JB";

enum class JobState { kQueued, kRunning, kDone, kCancelled, kFailed };
std::string_view ToString(JobState s);

struct Job {
  std::string id;                    // JB00001, …
  std::string kind;                  // "stress", "scenario"
  std::string owner;                 // the account that started it (its email), or "local operator"
  std::string request;               // the request's JSON, as any server re-reads it
  std::uint64_t chain_revision = 0;  // the chain it is computed on; a part is run only on that chain
  JobState state = JobState::kQueued;
  int parts = 1;                     // parts 0 … parts-1 do the work; part `parts` assembles
  std::int64_t done = 0, total = 0;  // progress, summed over the parts (nodes)
  std::string result;                // the result's JSON (done only)
  std::string error;                 // why it failed
  std::string created_at, finished_at;
};

/// A part claimed by a server: which job, which slice [first, last) of its nodes (the assembling part has
/// part == job.parts), and the job as stored.
struct JobClaim {
  Job job;
  int part = 0;
  std::int64_t first = 0, last = 0;
  int attempt = 1;  // 2 or more: another server held it before and its lease ran out
};

/// What renewing a lease found.
enum class JobLease { kHeld, kLost };  // kLost: cancelled, finished or taken over — stop working on it

}  // namespace chainscope
