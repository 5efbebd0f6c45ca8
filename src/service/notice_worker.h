// service: the notice worker. A write that owes notices (a posted demand or offer) leaves a row of notice
// work in its own transaction (store.h: ClaimNoticeWork); this worker claims each row under a lease,
// computes its notices over the platform's latest state (the matching, which used to run inside the
// request), and stores them with the row's deletion in one transaction — so every notice is sent once, by
// whichever server claims it first, within a poll of the write. The API owns one (server/api.h).
#pragma once

#include <chrono>
#include <memory>
#include <thread>

#include "service/platform.h"

namespace chainscope {

struct NoticeWorkerOptions {
  std::chrono::milliseconds poll{50};       // an idle worker looks for work this often
  std::chrono::milliseconds lease{10'000};  // a claimed row not finished for this long is claimed again
  /// A row whose record the latest state still does not hold this long after the write (it was deleted) is
  /// dropped, and logged.
  std::chrono::seconds give_up{60};
  bool start = true;  // false: no thread (tests call RunOnce)
};

class NoticeWorker {
 public:
  explicit NoticeWorker(std::shared_ptr<Platform> platform, NoticeWorkerOptions options = {});
  ~NoticeWorker();
  NoticeWorker(const NoticeWorker&) = delete;
  NoticeWorker& operator=(const NoticeWorker&) = delete;

  /// Works one row of notice work; false when there was none ready (or no store).
  bool RunOnce();

 private:
  void Loop(const std::stop_token& stop);

  std::shared_ptr<Platform> platform_;
  NoticeWorkerOptions options_;
  std::jthread thread_;  // last: it uses the members above
};

}  // namespace chainscope
