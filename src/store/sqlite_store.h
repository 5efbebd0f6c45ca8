// store: the SQLite store — one file, WAL journal, foreign keys on, one transaction per dataset write.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "core/schema.h"
#include "store/store.h"

struct sqlite3;
struct sqlite3_stmt;

namespace chainscope {

class SqliteStore final : public Store {
 public:
  /// Opens or creates the file and applies pending migrations. Throws Error.
  explicit SqliteStore(std::string path);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  void ReplaceDataset(const Dataset& d, const AuditContext& by = {}) override;
  Dataset LoadDataset(StoreRevision* at = nullptr) override;
  Market LoadMarket() override;
  StoreRevision Revision() override;
  std::uint64_t Create(Demand& record, const AuditContext& by = {}) override;
  std::uint64_t Create(Offer& record, const AuditContext& by = {}) override;
  std::uint64_t Update(std::string_view id, const std::function<Demand(const Demand&)>& change,
                       const AuditContext& by = {}) override;
  std::uint64_t Update(std::string_view id, const std::function<Offer(const Offer&)>& change,
                       const AuditContext& by = {}) override;
  void AddUser(User& user, const AuditContext& by = {}) override;
  std::vector<User> Users() override;
  std::optional<User> FindUser(std::string_view email) override;
  std::optional<User> UserById(std::int64_t id) override;
  void UpdateUser(std::string_view email, const std::function<User(const User&)>& change,
                  const AuditContext& by = {}) override;
  void AddCredential(Credential& credential, const AuditContext& by = {}) override;
  std::optional<Credential> FindCredential(std::string_view secret_hash) override;
  std::optional<std::pair<Credential, User>> FindCredentialAndUser(std::string_view secret_hash) override;
  std::vector<Credential> Credentials(std::int64_t user_id) override;
  void RevokeCredential(std::int64_t id, const AuditContext& by = {}) override;
  void RevokeCredentials(std::int64_t user_id, const AuditContext& by = {}) override;
  void TouchCredential(std::int64_t id) override;
  void AppendAudit(const AuditContext& by, std::string_view entity, std::string_view before = "null",
                   std::string_view after = "null") override;
  std::vector<AuditRecord> AuditTrail(const AuditQuery& query, std::size_t* total = nullptr) override;
  std::map<std::string, std::string> PostedTimes(std::string_view table) override;
  void AddResponse(Response& response, const AuditContext& by = {}) override;
  std::vector<Response> Responses(const ResponseQuery& query) override;
  Response UpdateResponse(std::string_view id, const std::function<Response(const Response&)>& change,
                          const AuditContext& by = {}) override;
  Deal AcceptResponse(std::string_view response_id, const std::function<Deal(const Response&)>& make_deal,
                      const AuditContext& by = {}) override;
  std::vector<Deal> Deals(const DealQuery& query) override;
  Deal ConfirmDeal(std::string_view id, bool buyer_side, const std::function<void(const Deal&)>& check,
                   const LinkTerms& terms, const AuditContext& by = {}) override;
  void AddNotifications(std::vector<Notification>& notices) override;
  std::vector<Notification> Notifications(std::string_view enterprise, bool unread_only, std::size_t limit,
                                          std::size_t offset, std::size_t* total = nullptr) override;
  std::optional<Notification> NotificationById(std::int64_t id) override;
  bool MarkNotificationRead(std::string_view enterprise, std::int64_t id) override;
  std::map<std::string, double> MatchThresholds() override;
  void SetMatchThreshold(std::string_view enterprise, double threshold, const AuditContext& by = {}) override;
  void AddWebhook(Webhook& webhook, const AuditContext& by = {}) override;
  std::vector<Webhook> Webhooks(std::string_view enterprise) override;
  std::optional<Webhook> WebhookById(std::int64_t id) override;
  void DeactivateWebhook(std::int64_t id, const AuditContext& by = {}) override;
  std::vector<WebhookDelivery> Deliveries(std::int64_t webhook, std::size_t limit) override;
  std::vector<WebhookDelivery> ClaimDueDeliveries(std::string_view now, std::string_view lease_until,
                                                  std::size_t limit) override;
  void RecordDeliveryAttempt(const WebhookDelivery& delivery) override;
  WebhookDelivery Redeliver(std::int64_t webhook, std::int64_t delivery, std::string_view now) override;
  int SchemaVersion() override;
  std::string Kind() const override { return "sqlite"; }
  std::string Describe() const override { return "sqlite:" + path_; }

 private:
  void Exec(const std::string& sql);
  void Migrate();
  int SchemaVersionLocked();
  StoreRevision RevisionLocked();
  /// Bumps the revision (and the chain revision when `chain`); inside a write transaction.
  std::uint64_t BumpRevision(bool chain);
  void ReadTable(const TableSpec& spec, Dataset& into);
  std::optional<User> FindUserLocked(std::string_view email);
  /// Generic create/replace over one market table (row 0 of `one`); see Store::Create / Store::Replace.
  std::uint64_t CreateRow(Table table, std::string_view prefix, Dataset& one, const AuditContext& by);
  std::uint64_t UpdateRow(Table table, std::string_view id,
                          const std::function<Dataset(const Dataset&)>& change, const AuditContext& by);
  /// Appends one audit row inside the open write transaction (which serialises writers, so the chain
  /// has one head); `action` is used when `by.action` is empty.
  void AuditLocked(const AuditContext& by, std::string_view action, std::string_view entity,
                   std::string_view before, std::string_view after);
  template <class F>
  auto InTransaction(F&& work);
  std::string NextId(std::string_view kind, std::string_view table, std::string_view prefix);
  std::vector<Response> ResponsesLocked(const ResponseQuery& query);
  std::vector<Deal> DealsLocked(const DealQuery& query);
  void WriteResponse(const Response& r, bool insert);
  void WriteDeal(const Deal& d, bool insert);
  std::vector<WebhookDelivery> SelectDeliveries(const std::string& where, std::int64_t key,
                                                std::size_t limit);
  /// A statement prepared once and kept (hot paths: every authenticated request); `sql` is a literal.
  sqlite3_stmt* Cached(const char* sql);
  std::map<const char*, sqlite3_stmt*> cached_statements_;  // by the literal's address
  std::mutex mutex_;                                        // one connection: one caller at a time
  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace chainscope
