// store: the SQL of notices, match thresholds, webhooks and their deliveries (OutboxStore).
#include <fmt/format.h>

#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace chainscope {
using namespace store_sql;

// ---- inboxes and webhooks ----

namespace {

constexpr std::string_view kNotificationColumns =
    "id, enterprise, event, entity, payload, created_at, read_at";
constexpr std::string_view kWebhookColumns = "id, enterprise, url, events, sealed_secret, active, created_at";
constexpr std::string_view kDeliveryColumns =
    "id, webhook, notification, status, attempts, next_attempt_at, last_http_status, last_error, "
    "delivered_at, "
    "created_at";

Notification ReadNotification(const SqlRow& r) {
  Notification n;
  n.id = r.Int(0);
  n.enterprise = r.Text(1);
  n.event = r.Text(2);
  n.entity = r.Text(3);
  n.payload = r.Text(4);
  n.created_at = r.Text(5);
  n.read_at = r.Text(6);
  return n;
}

Webhook ReadWebhook(const SqlRow& r) {
  Webhook w;
  w.id = r.Int(0);
  w.enterprise = r.Text(1);
  w.url = r.Text(2);
  w.events = SplitTexts(r.Text(3), ',');
  w.sealed_secret = r.Text(4);
  w.active = r.Bool(5);
  w.created_at = r.Text(6);
  return w;
}

WebhookDelivery ReadDelivery(const SqlRow& r) {
  WebhookDelivery d;
  d.id = r.Int(0);
  d.webhook = r.Int(1);
  d.notification = r.Int(2);
  const std::string status = r.Text(3);
  d.status = status == "delivered" ? WebhookDelivery::Status::kDelivered
             : status == "failed"  ? WebhookDelivery::Status::kFailed
                                   : WebhookDelivery::Status::kPending;
  d.attempts = static_cast<int>(r.Int(4));
  d.next_attempt_at = r.Text(5);
  d.last_http_status = static_cast<int>(r.Int(6));
  d.last_error = r.Text(7);
  d.delivered_at = r.Text(8);
  d.created_at = r.Text(9);
  return d;
}

std::string WebhookJson(const Webhook& w) {
  return fmt::format(R"({{"id":{},"enterprise":{},"url":{},"events":{},"active":{}}})", w.id,
                     JsonQuote(w.enterprise), JsonQuote(w.url), JsonQuote(JoinTexts(w.events, ',')),
                     w.active);
}

std::vector<WebhookDelivery> SelectDeliveries(SqlSession& s, std::string_view where, std::int64_t key,
                                              std::size_t limit) {
  std::vector<WebhookDelivery> out;
  s.Run(fmt::format("SELECT {} FROM webhook_deliveries {} LIMIT ?2", kDeliveryColumns, where),
        {key, static_cast<std::int64_t>(limit)}, [&](const SqlRow& r) { out.push_back(ReadDelivery(r)); });
  return out;
}

}  // namespace

namespace {

/// The notices, and a delivery due now for each active webhook of each notice's enterprise that takes its
/// event; inside the caller's write transaction.
void InsertNotifications(SqlSession* s, std::vector<Notification>& notices) {
  if (notices.empty()) return;
  {  // (kept as one block: the statements below ran in AddNotifications' transaction before)
    const std::string now = NowUtc();
    const std::string due = UtcMillis();  // the outbox orders and retries to the millisecond
    // Active webhooks by enterprise, with the events each takes (",a,b," — or ",," for every event).
    std::multimap<std::string, std::pair<std::int64_t, std::string>> hooks;
    s->Run("SELECT id, enterprise, events FROM webhooks WHERE active = TRUE", {}, [&](const SqlRow& r) {
      hooks.emplace(r.Text(1), std::pair{r.Int(0), std::string(",").append(r.Text(2)).append(",")});
    });
    for (Notification& n : notices) {
      n.created_at = now;
      s->Run(
          "INSERT INTO notifications (enterprise, event, entity, payload, created_at) VALUES (?1, ?2, ?3, "
          "?4, ?5) "
          "RETURNING id",
          {n.enterprise, n.event, n.entity, n.payload, n.created_at},
          [&](const SqlRow& r) { n.id = r.Int(0); });
      // A delivery due now for every active webhook of the notice's enterprise taking its event.
      const std::string event = std::string(",").append(n.event).append(",");
      for (auto [it, end] = hooks.equal_range(n.enterprise); it != end; ++it) {
        const auto& [webhook, events] = it->second;
        if (events != ",," && events.find(event) == std::string::npos) continue;
        s->Run(
            "INSERT INTO webhook_deliveries (webhook, notification, status, attempts, next_attempt_at, "
            "last_http_status, last_error, created_at) VALUES (?1, ?2, 'pending', 0, ?3, 0, '', ?4)",
            {webhook, n.id, due, n.created_at});
      }
    }
  }
}

}  // namespace

void SqlStore::AddNotifications(std::vector<Notification>& notices) {
  if (notices.empty()) return;
  auto s = Session();
  InWriteTransaction(*s, [&] {
    InsertNotifications(s.get(), notices);
    return 0;
  });
}

std::vector<NoticeWork> SqlStore::ClaimNoticeWork(std::string_view now, std::string_view lease_until,
                                                  std::size_t max_rows) {
  auto s = Session();
  return InTransaction(*s, &SqlSession::BeginClaim, [&] {
    std::vector<NoticeWork> work;
    s->Run(fmt::format("SELECT id, event, entity, created_at FROM notice_work WHERE claimed_until < ?1 "
                       "ORDER BY id LIMIT ?2{}",
                       s->SkipLocked()),
           {now, static_cast<std::int64_t>(max_rows)}, [&](const SqlRow& r) {
             work.push_back(NoticeWork{r.Int(0), r.Text(1), r.Text(2), r.Text(3)});
           });
    for (const NoticeWork& w : work)
      s->Run("UPDATE notice_work SET claimed_until = ?1 WHERE id = ?2", {lease_until, w.id});
    return work;
  });
}

std::size_t SqlStore::FinishNoticeWork(std::vector<DoneNoticeWork>& done) {
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    std::size_t finished = 0;
    for (DoneNoticeWork& d : done) {
      if (s->Run("DELETE FROM notice_work WHERE id = ?1", {d.id}) == 0) continue;  // finished elsewhere
      InsertNotifications(s.get(), d.notices);
      ++finished;
    }
    return finished;
  });
}

std::size_t SqlStore::PendingNoticeWork() {
  auto s = Session();
  std::size_t n = 0;
  s->Run("SELECT COUNT(*) FROM notice_work", {},
         [&](const SqlRow& r) { n = static_cast<std::size_t>(r.Int(0)); });
  return n;
}

std::vector<Notification> SqlStore::Notifications(std::string_view enterprise, bool unread_only,
                                                  std::size_t limit, std::size_t offset, std::size_t* total) {
  const std::string_view where =
      unread_only ? "WHERE enterprise = ?1 AND read_at IS NULL" : "WHERE enterprise = ?1";
  auto s = Session();
  if (total)
    s->Run(fmt::format("SELECT COUNT(*) FROM notifications {}", where), {enterprise},
           [&](const SqlRow& r) { *total = static_cast<std::size_t>(r.Int(0)); });
  std::vector<Notification> out;
  s->Run(fmt::format("SELECT {} FROM notifications {} ORDER BY id DESC LIMIT ?2 OFFSET ?3",
                     kNotificationColumns, where),
         {enterprise, static_cast<std::int64_t>(limit), static_cast<std::int64_t>(offset)},
         [&](const SqlRow& r) { out.push_back(ReadNotification(r)); });
  return out;
}

std::optional<Notification> SqlStore::NotificationById(std::int64_t id) {
  auto s = Session();
  std::optional<Notification> out;
  s->Run(fmt::format("SELECT {} FROM notifications WHERE id = ?1", kNotificationColumns), {id},
         [&](const SqlRow& r) { out = ReadNotification(r); });
  return out;
}

bool SqlStore::MarkNotificationRead(std::string_view enterprise, std::int64_t id) {
  auto s = Session();
  return s->Run("UPDATE notifications SET read_at = COALESCE(read_at, ?3) WHERE id = ?1 AND enterprise = ?2",
                {id, enterprise, NowUtc()}) > 0;
}

std::map<std::string, double> SqlStore::MatchThresholds() {
  auto s = Session();
  std::map<std::string, double> out;
  s->Run("SELECT enterprise, match_threshold FROM enterprise_settings", {},
         [&](const SqlRow& r) { out.emplace(r.Text(0), r.Real(1)); });
  return out;
}

void SqlStore::SetMatchThreshold(std::string_view enterprise, double threshold, const AuditContext& by) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    s->Run(
        "INSERT INTO enterprise_settings (enterprise, match_threshold) VALUES (?1, ?2) "
        "ON CONFLICT (enterprise) DO UPDATE SET match_threshold = excluded.match_threshold",
        {enterprise, threshold});
    Audit(*s, by, "settings.update", fmt::format("enterprise:{}", enterprise), "null",
          fmt::format(R"({{"match_threshold":{}}})", threshold));
    return 0;
  });
}

void SqlStore::AddWebhook(Webhook& w, const AuditContext& by) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    w.created_at = NowUtc();
    const std::string events = JoinTexts(w.events, ',');
    s->Run(
        "INSERT INTO webhooks (enterprise, url, events, sealed_secret, active, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        {w.enterprise, w.url, events, w.sealed_secret, w.active, w.created_at},
        [&](const SqlRow& r) { w.id = r.Int(0); });
    Audit(*s, by, "webhook.create", fmt::format("webhook:{}", w.id), "null", WebhookJson(w));
    return 0;
  });
}

std::vector<Webhook> SqlStore::Webhooks(std::string_view enterprise) {
  auto s = Session();
  std::vector<Webhook> out;
  s->Run(fmt::format("SELECT {} FROM webhooks WHERE enterprise = ?1 ORDER BY id", kWebhookColumns),
         {enterprise}, [&](const SqlRow& r) { out.push_back(ReadWebhook(r)); });
  return out;
}

std::optional<Webhook> SqlStore::WebhookById(std::int64_t id) {
  auto s = Session();
  std::optional<Webhook> out;
  s->Run(fmt::format("SELECT {} FROM webhooks WHERE id = ?1", kWebhookColumns), {id},
         [&](const SqlRow& r) { out = ReadWebhook(r); });
  return out;
}

void SqlStore::DeactivateWebhook(std::int64_t id, const AuditContext& by) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    if (s->Run("UPDATE webhooks SET active = FALSE WHERE id = ?1", {id}) == 0)
      throw NotFound(fmt::format("no webhook {}", id));
    s->Run(
        "UPDATE webhook_deliveries SET status = 'failed', last_error = 'webhook removed' "
        "WHERE webhook = ?1 AND status = 'pending'",
        {id});
    Audit(*s, by, "webhook.delete", fmt::format("webhook:{}", id), R"({"active":true})",
          R"({"active":false})");
    return 0;
  });
}

std::vector<WebhookDelivery> SqlStore::Deliveries(std::int64_t webhook, std::size_t limit) {
  auto s = Session();
  return SelectDeliveries(*s, "WHERE webhook = ?1 ORDER BY id DESC", webhook, limit);
}

std::vector<WebhookDelivery> SqlStore::ClaimDueDeliveries(std::string_view now, std::string_view lease_until,
                                                          std::size_t limit) {
  auto s = Session();
  // Claimed rows are skipped by other servers' claims (PostgreSQL) or excluded by the write lock (SQLite);
  // the lease moves their next attempt past now, so a claim that is never recorded is retried.
  return InTransaction(*s, &SqlSession::BeginClaim, [&] {
    std::vector<WebhookDelivery> due;
    s->Run(fmt::format("SELECT {} FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?1 "
                       "ORDER BY next_attempt_at, id LIMIT ?2{}",
                       kDeliveryColumns, s->SkipLocked()),
           {now, static_cast<std::int64_t>(limit)}, [&](const SqlRow& r) { due.push_back(ReadDelivery(r)); });
    for (WebhookDelivery& d : due) {
      s->Run("UPDATE webhook_deliveries SET next_attempt_at = ?1 WHERE id = ?2", {lease_until, d.id});
      d.next_attempt_at = std::string(lease_until);
    }
    return due;
  });
}

void SqlStore::RecordDeliveryAttempt(const WebhookDelivery& d) {
  auto s = Session();
  const std::string status(ToString(d.status));
  s->Run(
      "UPDATE webhook_deliveries SET status = ?1, attempts = ?2, next_attempt_at = ?3, last_http_status = "
      "?4, "
      "last_error = ?5, delivered_at = ?6 WHERE id = ?7",
      {status, std::int64_t{d.attempts}, d.next_attempt_at, std::int64_t{d.last_http_status}, d.last_error,
       OptionalText(d.delivered_at), d.id});
}

WebhookDelivery SqlStore::Redeliver(std::int64_t webhook, std::int64_t delivery, std::string_view now) {
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    const std::vector<WebhookDelivery> old = SelectDeliveries(*s, "WHERE id = ?1", delivery, 1);
    if (old.empty() || old[0].webhook != webhook)
      throw NotFound(fmt::format("no delivery {} of webhook {}", delivery, webhook));
    std::int64_t id = 0;
    s->Run(
        "INSERT INTO webhook_deliveries (webhook, notification, status, attempts, next_attempt_at, "
        "last_http_status, last_error, created_at) VALUES (?1, ?2, 'pending', 0, ?3, 0, '', ?4) RETURNING id",
        {webhook, old[0].notification, now, NowUtc()}, [&](const SqlRow& r) { id = r.Int(0); });
    return SelectDeliveries(*s, "WHERE id = ?1", id, 1).at(0);
  });
}

}  // namespace chainscope
