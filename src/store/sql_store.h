// store: the one SQL implementation of the Store interface — every query, transaction and audit row once,
// over an engine's SqlSession (sql.h). SQLite (sqlite_store.h) and PostgreSQL (postgres_store.h) supply the
// sessions and their schema migrations; nothing here names an engine.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "core/schema.h"
#include "store/migrations.h"
#include "store/sql.h"
#include "store/store.h"

namespace chainscope {

class SqlStore final : public Store {
 public:
  /// Takes the pool of sessions of a migrated database; `kind` and `description` as Store::Kind and
  /// Store::Describe. `wait_for_write` backs WaitForWrite (empty: sleep for the timeout and answer false).
  SqlStore(std::unique_ptr<SqlPool> pool, std::string kind, std::string description,
           std::function<bool(std::chrono::milliseconds)> wait_for_write = {});

  void ReplaceDataset(const Dataset& d, const AuditContext& by = {}) override;
  EnterpriseMerge MergeEnterprises(std::string_view keep, std::string_view drop,
                                   const AuditContext& by = {}) override;
  std::vector<std::string> WriteRows(const RowWrites& writes, const AuditContext& by = {}) override;
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
  std::uint64_t AccountsEpoch() const override { return accounts_epoch_.load(); }
  void AppendAudit(const AuditContext& by, std::string_view entity, std::string_view before = "null",
                   std::string_view after = "null") override;
  std::vector<AuditRecord> AuditTrail(const AuditQuery& query, std::size_t* total = nullptr) override;
  std::map<std::string, std::string> PostedTimes(std::string_view table) override;
  std::vector<std::string> EnterpriseIds() override;
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
  std::vector<NoticeWork> ClaimNoticeWork(std::string_view now, std::string_view lease_until,
                                          std::size_t max_rows) override;
  std::size_t FinishNoticeWork(std::vector<DoneNoticeWork>& done) override;
  std::size_t PendingNoticeWork() override;
  bool AddJob(Job& job, const std::vector<std::pair<std::int64_t, std::int64_t>>& ranges,
              std::size_t max_unfinished, const AuditContext& by = {}) override;
  std::optional<Job> FindJob(std::string_view id, bool with_result) override;
  std::vector<Job> Jobs(std::size_t limit) override;
  std::optional<JobClaim> ClaimJobPart(std::string_view worker, std::string_view now,
                                       std::string_view lease_until) override;
  JobLease RenewJobPart(const JobClaim& claim, std::string_view worker, std::string_view lease_until,
                        std::int64_t done, std::int64_t total) override;
  bool FinishJobPart(const JobClaim& claim, std::string_view worker, std::string_view result) override;
  std::vector<std::string> JobPartResults(std::string_view job) override;
  void FailJob(std::string_view job, std::string_view error) override;
  bool CancelJob(std::string_view id, const AuditContext& by = {}) override;
  void UpdateBucket(
      std::string_view key,
      const std::function<std::optional<StoredBucket>(std::optional<StoredBucket>)>& update) override;
  void WriteLeads(const std::function<void(LeadWriter&)>& work, const AuditContext& by = {}) override;
  std::vector<Lead> Leads(const LeadQuery& query) override;
  std::vector<LeadEvent> LeadEvents(std::string_view lead) override;
  std::string PromotionVersion() override;
  PromotionSettings LoadPromotionSettings() override;
  void SetPromotionSettings(const PromotionSettings& settings, const AuditContext& by = {}) override;
  std::vector<IncentivePolicy> Policies(std::string_view place) override;
  void PutPolicy(IncentivePolicy& policy, const AuditContext& by = {}) override;
  int SchemaVersion() override;
  std::string Kind() const override { return kind_; }
  std::string Describe() const override { return description_; }
  bool WaitForWrite(std::chrono::milliseconds timeout) override;

  void AddRegistration(Registration& r, std::string_view licence_base64,
                       const AuditContext& by = {}) override;
  std::vector<Registration> Registrations(std::string_view status) override;
  std::optional<Registration> RegistrationById(std::int64_t id) override;
  std::optional<std::string> RegistrationLicence(std::int64_t id) override;
  Registration ApproveRegistration(std::int64_t id, const Enterprise* create, User& user, OneTimeToken& token,
                                   const AuditContext& by = {}) override;
  Registration RejectRegistration(std::int64_t id, std::string_view reason,
                                  const AuditContext& by = {}) override;
  void AddUserWithToken(User& user, OneTimeToken& token, const AuditContext& by = {}) override;
  User UseOneTimeToken(std::string_view token_hash, std::string_view now, std::string_view password_hash,
                       const AuditContext& by = {}) override;

  void PutService(Service& service, const std::function<void(const std::optional<Service>&)>& check,
                  const AuditContext& by = {}) override;
  std::vector<Service> Services(const ServiceQuery& query) override;
  void PutServiceRequest(ServiceRequest& request,
                         const std::function<void(const std::optional<ServiceRequest>&)>& check,
                         const AuditContext& by = {}) override;
  std::vector<ServiceRequest> ServiceRequests(const ServiceRequestQuery& query) override;
  void AddInterest(ServiceInterest& interest, const AuditContext& by = {}) override;
  std::vector<ServiceInterest> Interests(std::string_view request) override;
  ServiceRequest AcceptInterest(
      std::string_view request, std::string_view interest,
      const std::function<void(const ServiceRequest&, const ServiceInterest&)>& check,
      const AuditContext& by = {}) override;
  void AddBooking(Booking& booking, const AuditContext& by = {}) override;
  std::vector<Booking> Bookings(const BookingQuery& query) override;
  Booking UpdateBooking(std::string_view id, const std::function<Booking(const Booking&)>& change,
                        const AuditContext& by = {}) override;

 private:
  SqlPool::Lease Session() { return pool_->Acquire(); }
  /// Generic create/update over one market table (row 0 of `one`); see Store::Create / Store::Update.
  std::uint64_t CreateRow(Table table, std::string_view prefix, Dataset& one, const AuditContext& by);
  std::uint64_t UpdateRow(Table table, std::string_view id,
                          const std::function<Dataset(const Dataset&)>& change, const AuditContext& by);

  /// Moves AccountsEpoch when it goes out of scope: after the write's transaction ended, committed or not.
  struct AccountsWrite {
    std::atomic<std::uint64_t>& epoch;
    ~AccountsWrite() { epoch.fetch_add(1); }
  };

  std::unique_ptr<SqlPool> pool_;
  std::atomic<std::uint64_t> accounts_epoch_{0};
  std::string kind_, description_;
  std::function<bool(std::chrono::milliseconds)> wait_for_write_;
};

/// The schema version a session's database is at (0 for a new one).
int SchemaVersionOf(SqlSession& s);

/// Applies the migrations newer than the database's, each in its own write transaction that reads the
/// version again under the write lock, so that stores opened together migrate once.
/// `dialect` picks the engine's text of each migration (&Migration::sqlite, &Migration::postgresql);
/// `create_migrations_table` is the engine's CREATE TABLE IF NOT EXISTS schema_migrations.
void ApplyMigrations(SqlSession& s, std::string_view Migration::*dialect,
                     std::string_view create_migrations_table);

}  // namespace chainscope
