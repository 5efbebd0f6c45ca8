#include "service/notice_worker.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>
#include <condition_variable>
#include <mutex>

#include "core/inbox.h"
#include "service/accounts.h"
#include "service/inbox.h"
#include "service/log.h"

namespace chainscope {

NoticeWorker::NoticeWorker(std::shared_ptr<Platform> platform, NoticeWorkerOptions options)
    : platform_(std::move(platform)), options_(options) {
  if (options_.start && platform_->store())
    thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

NoticeWorker::~NoticeWorker() = default;  // the jthread asks the loop to stop and joins it

namespace {

/// The notices of one row of work over `state`, or nullopt when the state does not hold its record.
std::optional<std::vector<Notification>> NoticesOf(Platform& platform, const PlatformState& state,
                                                   const NoticeWork& work) {
  const std::string_view entity = work.entity;
  const std::string_view id = entity.substr(entity.find(':') + 1);
  if (work.event == kWorkDemandPosted) {
    const Demand* d = state.market->demands.FindRecord(id);
    if (!d) return std::nullopt;
    return DemandPostedNotices(platform, state, *d);
  }
  if (work.event == kWorkOfferPosted) {
    const Offer* o = state.market->offers.FindRecord(id);
    if (!o) return std::nullopt;
    return OfferPostedNotices(platform, state, *o);
  }
  return std::vector<Notification>{};  // a kind this version does not know: nothing to send
}

}  // namespace

std::size_t NoticeWorker::RunOnce() {
  Store* store = platform_->store();
  if (!store) return 0;
  const auto now = std::chrono::system_clock::now();
  const std::vector<NoticeWork> claimed =
      store->ClaimNoticeWork(UtcMillis(now), UtcMillis(now + options_.lease), options_.batch);
  if (claimed.empty()) return 0;
  std::vector<DoneNoticeWork> done;
  bool refreshed = false;
  for (const NoticeWork& work : claimed) {
    try {
      std::optional<std::vector<Notification>> notices = NoticesOf(*platform_, *platform_->state(), work);
      if (!notices && !refreshed) {
        // Written by another server (or just now, before this state): the record shows after a refresh.
        platform_->Refresh();
        refreshed = true;
        notices = NoticesOf(*platform_, *platform_->state(), work);
      }
      if (!notices) {
        if (work.created_at >= UtcTimestamp(now - options_.give_up)) continue;  // retried after the lease
        LogEvent(LogLevel::kWarn,
                 fmt::format("notices: {} of {} dropped: the record is gone", work.event, work.entity));
        notices.emplace();
      }
      done.push_back({work.id, std::move(*notices)});
    } catch (const std::exception& e) {
      // The row stays; its lease runs out and it is claimed again.
      LogEvent(LogLevel::kError, fmt::format("notices: {} of {}: {}", work.event, work.entity, e.what()));
    }
  }
  // Finished in transactions of about options_.notices_per_transaction notices: a row's deletion and
  // its notices stay in one, and the store's write lock is never held long against the requests' writes.
  std::vector<DoneNoticeWork> chunk;
  std::size_t chunk_notices = 0;
  for (std::size_t i = 0; i < done.size(); ++i) {
    chunk_notices += done[i].notices.size();
    chunk.push_back(std::move(done[i]));
    if (chunk_notices >= options_.notices_per_transaction || i + 1 == done.size()) {
      store->FinishNoticeWork(chunk);
      chunk.clear();
      chunk_notices = 0;
    }
  }
  return claimed.size();
}

void NoticeWorker::Loop(const std::stop_token& stop) {
  // Notices may wait a little; requests may not: on a busy machine this thread yields its core to them
  // (Linux niceness is per thread; a failure leaves the default).
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), options_.niceness);
  std::mutex m;
  std::condition_variable_any idle;
  while (!stop.stop_requested()) {
    std::size_t claimed = 0;
    try {
      claimed = RunOnce();
    } catch (const std::exception& e) {
      LogEvent(LogLevel::kWarn, fmt::format("notices: cannot claim work: {}", e.what()));
    }
    if (claimed >= options_.batch) continue;  // more is waiting
    std::unique_lock lock(m);
    idle.wait_for(lock, stop, options_.poll, [] { return false; });
  }
}

}  // namespace chainscope
