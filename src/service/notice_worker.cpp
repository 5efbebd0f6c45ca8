#include "service/notice_worker.h"

#include <fmt/format.h>
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

bool NoticeWorker::RunOnce() {
  Store* store = platform_->store();
  if (!store) return false;
  const auto now = std::chrono::system_clock::now();
  const std::optional<NoticeWork> work =
      store->ClaimNoticeWork(UtcMillis(now), UtcMillis(now + options_.lease));
  if (!work) return false;
  try {
    std::optional<std::vector<Notification>> notices = NoticesOf(*platform_, *platform_->state(), *work);
    if (!notices) {
      // Written by another server (or just now, before this state): the record shows after a refresh.
      platform_->Refresh();
      notices = NoticesOf(*platform_, *platform_->state(), *work);
    }
    if (!notices) {
      if (work->created_at >= UtcTimestamp(now - options_.give_up)) return true;  // retried after the lease
      LogEvent(LogLevel::kWarn,
               fmt::format("notices: {} of {} dropped: the record is gone", work->event, work->entity));
      notices.emplace();
    }
    store->FinishNoticeWork(work->id, *notices);
  } catch (const std::exception& e) {
    // The row stays; its lease runs out and it is claimed again.
    LogEvent(LogLevel::kError, fmt::format("notices: {} of {}: {}", work->event, work->entity, e.what()));
  }
  return true;
}

void NoticeWorker::Loop(const std::stop_token& stop) {
  std::mutex m;
  std::condition_variable_any idle;
  while (!stop.stop_requested()) {
    bool worked = false;
    try {
      worked = RunOnce();
    } catch (const std::exception& e) {
      LogEvent(LogLevel::kWarn, fmt::format("notices: cannot claim work: {}", e.what()));
    }
    if (worked) continue;
    std::unique_lock lock(m);
    idle.wait_for(lock, stop, options_.poll, [] { return false; });
  }
}

}  // namespace chainscope
