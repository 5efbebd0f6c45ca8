// service: the notice worker. A write that owes notices (a posted demand or offer) leaves a row of notice
// work in its own transaction (store.h: ClaimNoticeWork); this worker claims rows in batches under a
// lease, computes their notices over the platform's latest state (the matching, which used to run inside
// the request), and stores them with the rows' deletion in one transaction — so every notice is sent once,
// by whichever server claims it first, within a poll of the write. A batch costs two store transactions
// whatever its size, and a worker that finds less than a full batch waits a poll before the next: under a
// stream of writes the work gathers into batches instead of contending with each write for the store's
// write lock and the cores. The API owns one (server/api.h).
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
  std::size_t batch = 64;                      // rows claimed at once
  std::size_t notices_per_transaction = 1024;  // a batch is finished in transactions of about this many
  int niceness = 10;  // the worker thread's (0 = as the requests'; 19 = the lowest priority)
  bool start = true;  // false: no thread (tests call RunOnce)
};

class NoticeWorker {
 public:
  explicit NoticeWorker(std::shared_ptr<Platform> platform, NoticeWorkerOptions options = {});
  ~NoticeWorker();
  NoticeWorker(const NoticeWorker&) = delete;
  NoticeWorker& operator=(const NoticeWorker&) = delete;

  /// Works one batch of notice work: the number of rows claimed, 0 when none was ready (or no store).
  std::size_t RunOnce();

 private:
  void Loop(const std::stop_token& stop);

  std::shared_ptr<Platform> platform_;
  NoticeWorkerOptions options_;
  std::jthread thread_;  // last: it uses the members above
};

}  // namespace chainscope
