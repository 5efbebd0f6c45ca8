// service: delivers webhook messages (core/inbox.h) — every pending delivery that is due is claimed in the
// store (so that several servers sharing it never send one twice at once), POSTed with the Standard
// Webhooks headers (webhook-id, webhook-timestamp, webhook-signature: HMAC-SHA256 with the webhook's
// secret), and recorded: delivered on a 2xx answer, else retried after a backoff until the attempts run
// out. Targets resolving to private or loopback addresses are refused at every attempt (not only when the
// webhook was registered) unless the policy allows them. HTTPS verifies the peer against the system's CAs.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

#include "service/inbox.h"
#include "service/secrets.h"
#include "store/store.h"

namespace chainscope {

struct WebhookDispatchOptions {
  std::chrono::milliseconds poll{1000};  // how often due deliveries are looked for
  /// The wait after each failed attempt; the attempts are one more than its length.
  std::vector<std::chrono::milliseconds> backoff{std::chrono::seconds(5), std::chrono::seconds(30),
                                                 std::chrono::minutes(2), std::chrono::minutes(10),
                                                 std::chrono::hours(1),   std::chrono::hours(6)};
  std::chrono::milliseconds timeout{10000};  // one attempt: connect, TLS, send, answer
  std::chrono::milliseconds lease{60000};    // a claimed delivery is not claimed again before this
  std::size_t batch = 20;                    // deliveries per poll
  WebhookPolicy policy;
};

class WebhookDispatcher {
 public:
  /// `store` must outlive the dispatcher. With `start`, a thread polls until destruction.
  WebhookDispatcher(OutboxStore& store, SealingKey key, WebhookDispatchOptions options = {},
                    bool start = true);
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  /// Attempts every delivery due now, once; returns how many were attempted.
  std::size_t RunOnce();

 private:
  void Attempt(WebhookDelivery d);
  OutboxStore& store_;
  SealingKey key_;
  WebhookDispatchOptions options_;
  std::jthread thread_;
};

}  // namespace chainscope
