// store: persistence of the chain, the market, accounts, dealings, the outbox, the audit trail and jobs, each
// behind its own narrow interface (the whole Store is all of them over one database), so that engines never
// see SQL and SQLite and PostgreSQL share one implementation (sql_store.h). The schema is created and
// upgraded by numbered migrations (migrations.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <optional>
#include <vector>

#include "core/account.h"
#include "core/audit.h"
#include "core/deals.h"
#include "core/inbox.h"
#include "core/jobs.h"
#include "core/market.h"
#include "core/model.h"
#include "core/promotion.h"
#include "core/registration.h"
#include "core/services.h"

namespace chainscope {

/// A page of the audit trail: filters (empty: any) and paging.
struct AuditQuery {
  std::string entity = {};                   // exactly this entity ("demand:DM00001")
  std::vector<std::string> entity_any = {};  // or any of these (a bare id's entities of every kind)
  std::string actor = {};                    // exactly this actor (an email, "local operator", "anonymous")
  std::string enterprise = {};               // rows written by members of this enterprise
  std::string since = {};     // rows at or after this UTC time (YYYY-MM-DDTHH:MM:SSZ or a prefix of it)
  std::int64_t after_id = 0;  // rows with a greater id (verification walks the trail with it)
  bool newest_first = true;
  std::size_t limit = 100, offset = 0;
};

/// Which responses or deals (empty: any).
struct ResponseQuery {
  std::string id = {}, demand = {}, supplier = {}, buyer = {};
};
struct DealQuery {
  std::string id = {}, demand = {};
  std::string party = {};  // the buyer or the supplier
};

/// The terms of a supply link a confirmed deal adds to the chain (what a deal does not say).
struct LinkTerms {
  double buyer_inventory_days = 0;
  double in_transit_days = 0;
};

/// The store's write counter. `revision` grows by one with every committed write (by any process);
/// `chain_revision` is the revision of the last write that changed the chain (an import). A server
/// compares them with what it holds to see another process's writes.
struct StoreRevision {
  std::uint64_t revision = 0;
  std::uint64_t chain_revision = 0;
  bool operator==(const StoreRevision&) const = default;
};

/// A token bucket kept in the store, so that every server counts against the same one.
struct StoredBucket {
  double tokens = 0;
  std::int64_t at_ms = 0;  // when `tokens` was last computed: milliseconds since the Unix epoch (UTC)
};

/// Finished jobs kept for reading (older ones are removed when a job is added).
inline constexpr std::size_t kKeptFinishedJobs = 50;

/// What a merge of two enterprises moved: rows per table ("links", "capabilities", …), and the capabilities
/// of the dropped enterprise left out because the kept one has them.
struct EnterpriseMerge {
  std::map<std::string, std::int64_t> moved;
  std::int64_t capabilities_dropped = 0;
};

/// Rows of one table an import of part of the data writes (service/imports.h): each replaces the stored
/// row with its key or is inserted. A row of enterprises, demands or offers with an empty id gets a new one
/// (EN00001…, DM00001…, OF00001…). `expected[i]` is the stored row the importer planned against (nullopt:
/// none); when the store holds another, someone wrote in between.
struct RowWrites {
  Table table = Table::kEnterprises;
  std::vector<Row> rows;
  std::vector<std::optional<Row>> expected;  // as many as rows
  std::string summary_json = "{}";  // the import's own audit row (what, from which file, counts); "": none
};
inline constexpr std::string_view kEnterpriseIdPrefix = "EN";

/// The chain: the snapshot an import replaces whole (enterprises, places, links, capabilities, lines), its
/// merges, and the revision every server compares to see another process's writes.
class ChainStore {
 public:
  virtual ~ChainStore() = default;
  /// Replaces every table in one transaction: on any failure nothing changes. Bumps both revisions and
  /// restarts id allocation after the highest imported DM…/OF… number. Throws Error.
  virtual void ReplaceDataset(const Dataset& d, const AuditContext& by = {}) = 0;
  /// Merges enterprise `drop` into `keep` in one transaction: its links, capabilities (one it shares with
  /// `keep` is dropped: `keep`'s stays), vehicle lines, demands, offers, distribution, responses, deals,
  /// accounts, notices, webhooks and settings move to `keep`, and `drop` is deleted; audit-logged; moves
  /// the chain revision. Throws NotFound for an unknown id, Conflict when a move would make a duplicate or
  /// self link, a duplicate dealer–maker pair or two live responses to one demand (nothing changes).
  virtual EnterpriseMerge MergeEnterprises(std::string_view keep, std::string_view drop,
                                           const AuditContext& by = {}) = 0;
  /// Writes the rows in one transaction, each audited (enterprise.create / enterprise.update … with before
  /// and after) and the import once (import.TABLE with the summary); moves the revision, and the chain
  /// revision for a chain table. Returns each row's key text (its id where it has one, allocated or
  /// given). Throws Conflict (nothing changes) when a stored row is not the one expected or a credit code
  /// is taken; InvalidInput when a reference is unknown.
  virtual std::vector<std::string> WriteRows(const RowWrites& writes, const AuditContext& by = {}) = 0;
  /// Every table in insertion order (so export is stable), read in one transaction; `at` receives the
  /// revision the data is at.
  virtual Dataset LoadDataset(StoreRevision* at = nullptr) = 0;
  virtual StoreRevision Revision() = 0;
  /// The ids of the stored enterprises (no order promised); cheaper than LoadDataset when only ids matter.
  virtual std::vector<std::string> EnterpriseIds() = 0;

  /// Waits up to `timeout` for a write by any process to be announced, and says whether one was (so the
  /// caller compares revisions). PostgreSQL wakes on the NOTIFY of a committed write, and answers true
  /// after reconnecting too, as announcements may have been missed; a store that cannot announce (SQLite)
  /// sleeps and answers false: its readers poll the revision.
  virtual bool WaitForWrite(std::chrono::milliseconds timeout) = 0;
};

/// The market: buyers' demands and suppliers' offers, each written on its own with an allocated id.
class MarketStore {
 public:
  virtual ~MarketStore() = default;
  /// Only the market tables (demands, offers), read in one transaction, with the revision they are at.
  virtual Market LoadMarket() = 0;
  /// Inserts a new record in one transaction. An empty id is allocated there (DM00001, OF00001, …: the
  /// next free number), so concurrent creators never get the same id. Throws Conflict when the id exists,
  /// InvalidInput when a reference is unknown. Returns the new revision; `record.id` holds the id.
  virtual std::uint64_t Create(Demand& record, const AuditContext& by = {}) = 0;
  virtual std::uint64_t Create(Offer& record, const AuditContext& by = {}) = 0;
  /// Changes the record with this id in one transaction: `change` gets the stored record and returns the
  /// record to store (same id); it may throw (e.g. PreconditionFailed on a stale ETag) to leave everything
  /// unchanged. Throws NotFound for an unknown id. Returns the new revision.
  virtual std::uint64_t Update(std::string_view id, const std::function<Demand(const Demand&)>& change,
                               const AuditContext& by = {}) = 0;
  virtual std::uint64_t Update(std::string_view id, const std::function<Offer(const Offer&)>& change,
                               const AuditContext& by = {}) = 0;

  /// When each record of a market table ("demands", "offers") was posted — created, or first imported:
  /// id → UTC time. Records imported before this was kept have no entry.
  virtual std::map<std::string, std::string> PostedTimes(std::string_view table) = 0;
};

/// Accounts, their sessions and API tokens, and the shared sign-in and rate-limit buckets.
class AccountStore {
 public:
  virtual ~AccountStore() = default;
  /// Accounts. A member's enterprise is checked against the chain when the account is added (no foreign
  /// key, so an import that drops the enterprise still succeeds; the account then sees nothing).
  /// AddUser: one transaction; Conflict when the email is taken, InvalidInput for an unknown enterprise;
  /// sets `user.id` and `user.created_at`. Account writes do not move the store revision.
  virtual void AddUser(User& user, const AuditContext& by = {}) = 0;
  /// Every account, by id.
  virtual std::vector<User> Users() = 0;
  virtual std::optional<User> FindUser(std::string_view email) = 0;
  virtual std::optional<User> UserById(std::int64_t id) = 0;
  /// Changes one account (found by normalized email) in one transaction; `change` gets the stored account
  /// and returns the one to store (same id and email). NotFound for an unknown email.
  virtual void UpdateUser(std::string_view email, const std::function<User(const User&)>& change,
                          const AuditContext& by = {}) = 0;

  /// Sessions and API tokens of an account. AddCredential: sets `id` and `created_at`; InvalidInput for an
  /// unknown user. FindCredential: by the hash of its secret, whatever its state (the caller checks
  /// revoked, expiry and the account). Credentials: an account's, newest first.
  virtual void AddCredential(Credential& credential, const AuditContext& by = {}) = 0;
  virtual std::optional<Credential> FindCredential(std::string_view secret_hash) = 0;
  /// The credential with this hash and its account, in one query (every authenticated request asks this).
  virtual std::optional<std::pair<Credential, User>> FindCredentialAndUser(std::string_view secret_hash) = 0;
  virtual std::vector<Credential> Credentials(std::int64_t user_id) = 0;
  /// Marks it revoked (NotFound for an unknown id); RevokeCredentials: every one of an account (when it is
  /// disabled or its password reset).
  virtual void RevokeCredential(std::int64_t id, const AuditContext& by = {}) = 0;
  virtual void RevokeCredentials(std::int64_t user_id, const AuditContext& by = {}) = 0;
  /// Records its last use (UTC now).
  virtual void TouchCredential(std::int64_t id) = 0;
  /// A number that moves after each write through this store object that can change what
  /// FindCredentialAndUser answers for an existing credential (a revocation; an account's role,
  /// enterprise, password or state; an enterprise merged or deleted). A cache of those answers is stale
  /// once it has moved. Writes by other processes do not move it.
  virtual std::uint64_t AccountsEpoch() const = 0;

  /// Shared token buckets (service/rate_limit.h): `update` gets the stored bucket of `key` (nullopt: none)
  /// and returns the one to store (nullopt: remove it), in one write transaction. Not audited.
  virtual void UpdateBucket(
      std::string_view key,
      const std::function<std::optional<StoredBucket>(std::optional<StoredBucket>)>& update) = 0;
};

/// Enterprises' own registrations and one-time set-password links (core/registration.h).
class RegistrationStore {
 public:
  virtual ~RegistrationStore() = default;
  /// Adds a pending registration with its licence scan (base64; empty: none). Sets `id` and `created_at`.
  virtual void AddRegistration(Registration& r, std::string_view licence_base64,
                               const AuditContext& by = {}) = 0;
  /// Registrations with this status (empty: any), oldest first; without the licence.
  virtual std::vector<Registration> Registrations(std::string_view status) = 0;
  virtual std::optional<Registration> RegistrationById(std::int64_t id) = 0;
  /// The licence scan (base64), or nullopt when there is none.
  virtual std::optional<std::string> RegistrationLicence(std::int64_t id) = 0;
  /// Approves a pending registration in one transaction: `create` (its id empty: allocated EN…) is added to
  /// the chain, or else the enterprise `claim` takes the registration's credit code where it has none;
  /// `user` is added (a member of that enterprise) with `token` for it; the registration becomes approved.
  /// Conflict when it is not pending, the email has an account or the credit code is another's; NotFound
  /// for an unknown id or claim. Sets the ids; returns the registration as stored.
  virtual Registration ApproveRegistration(std::int64_t id, const Enterprise* create, User& user,
                                           OneTimeToken& token, const AuditContext& by = {}) = 0;
  /// Rejects a pending registration with a reason (Conflict when it is not pending).
  virtual Registration RejectRegistration(std::int64_t id, std::string_view reason,
                                          const AuditContext& by = {}) = 0;
  /// Adds an account with its one-time link, in one transaction (an invitation).
  virtual void AddUserWithToken(User& user, OneTimeToken& token, const AuditContext& by = {}) = 0;
  /// Uses a one-time link: when it is unused, unexpired at `now` and its account enabled, the account's
  /// password hash becomes `password_hash` and the link is used, in one transaction; returns the account.
  /// NotFound otherwise (which one is not said).
  virtual User UseOneTimeToken(std::string_view token_hash, std::string_view now,
                               std::string_view password_hash, const AuditContext& by = {}) = 0;
};

/// The append-only, hash-chained audit trail.
class AuditStore {
 public:
  virtual ~AuditStore() = default;
  /// The audit trail. Every write above appends one row, in its own transaction, naming `by` (the action
  /// defaults to what was written: demand.create, demand.update, user.create, token.create, …); the
  /// trail is append-only (the store refuses UPDATE and DELETE on it) and hash-chained (core/audit.h).
  /// AppendAudit records an event that changes nothing else (a failed sign-in, a denied request).
  virtual void AppendAudit(const AuditContext& by, std::string_view entity, std::string_view before = "null",
                           std::string_view after = "null") = 0;
  /// Rows passing the query; `total` receives how many pass before paging.
  virtual std::vector<AuditRecord> AuditTrail(const AuditQuery& query, std::size_t* total = nullptr) = 0;
};

/// Dealings: suppliers' responses to demands, and the deals they become.
class DealingStore {
 public:
  virtual ~DealingStore() = default;
  /// Responses (core/deals.h). AddResponse: allocates the id (RS00001, …) and the times in one
  /// transaction; Conflict when this supplier has a live (not declined or withdrawn) response to the demand.
  /// UpdateResponse: `change` gets the stored response and returns the one to store (it may throw to leave
  /// everything unchanged); NotFound for an unknown id. Neither moves the store revision.
  virtual void AddResponse(Response& response, const AuditContext& by = {}) = 0;
  virtual std::vector<Response> Responses(const ResponseQuery& query) = 0;  // oldest first
  virtual Response UpdateResponse(std::string_view id, const std::function<Response(const Response&)>& change,
                                  const AuditContext& by = {}) = 0;
  /// Accepts a response in one transaction: `make_deal` gets the stored response (it throws to refuse),
  /// the response becomes accepted and the deal it returns is added (id DL00001, …). Returns the deal.
  virtual Deal AcceptResponse(std::string_view response_id,
                              const std::function<Deal(const Response&)>& make_deal,
                              const AuditContext& by = {}) = 0;
  virtual std::vector<Deal> Deals(const DealQuery& query) = 0;  // oldest first
  /// Confirms one side of a deal in one transaction: `check` gets the stored deal (it throws to refuse).
  /// When both sides have confirmed, the supply link (buyer, supplier, component) is added with `terms`,
  /// or an existing one grows by the deal's volume at the volume-weighted price; the deal is then
  /// linked and both revisions move (the chain changed). Returns the deal as stored.
  virtual Deal ConfirmDeal(std::string_view id, bool buyer_side,
                           const std::function<void(const Deal&)>& check, const LinkTerms& terms,
                           const AuditContext& by = {}) = 0;
};

/// What goes out: each enterprise's notices and settings, its webhooks and their deliveries.
class OutboxStore {
 public:
  virtual ~OutboxStore() = default;
  /// Inboxes and webhooks (core/inbox.h). None of these moves the store revision.
  /// AddNotifications: one transaction — the notices, and a pending delivery due now for each active
  /// webhook of each notice's enterprise subscribed to its event. Sets each `id` and `created_at`.
  virtual void AddNotifications(std::vector<Notification>& notices) = 0;
  /// An enterprise's notices, newest first; `total` receives how many pass before paging.
  virtual std::vector<Notification> Notifications(std::string_view enterprise, bool unread_only,
                                                  std::size_t limit, std::size_t offset,
                                                  std::size_t* total = nullptr) = 0;
  virtual std::optional<Notification> NotificationById(std::int64_t id) = 0;
  /// Marks one of the enterprise's notices read (again: no change); false when it has no such notice.
  virtual bool MarkNotificationRead(std::string_view enterprise, std::int64_t id) = 0;
  /// Each enterprise's own match threshold (enterprises without one are absent).
  virtual std::map<std::string, double> MatchThresholds() = 0;
  virtual void SetMatchThreshold(std::string_view enterprise, double threshold,
                                 const AuditContext& by = {}) = 0;
  /// Sets `id` and `created_at`.
  virtual void AddWebhook(Webhook& webhook, const AuditContext& by = {}) = 0;
  /// An enterprise's webhooks, active or not, by id.
  virtual std::vector<Webhook> Webhooks(std::string_view enterprise) = 0;
  virtual std::optional<Webhook> WebhookById(std::int64_t id) = 0;
  /// Stops a webhook: no new deliveries; pending ones fail. NotFound for an unknown id.
  virtual void DeactivateWebhook(std::int64_t id, const AuditContext& by = {}) = 0;
  /// A webhook's deliveries, newest first.
  virtual std::vector<WebhookDelivery> Deliveries(std::int64_t webhook, std::size_t limit) = 0;
  /// Pending deliveries due at `now` (oldest first, at most `limit`), each claimed: its next attempt moves
  /// to `lease_until`, in the same transaction, so another server does not send it meanwhile. Times as
  /// WebhookDelivery::next_attempt_at.
  virtual std::vector<WebhookDelivery> ClaimDueDeliveries(std::string_view now, std::string_view lease_until,
                                                          std::size_t limit) = 0;
  /// Stores one attempt's outcome (status, attempts, next attempt, last status and error, delivered time).
  virtual void RecordDeliveryAttempt(const WebhookDelivery& delivery) = 0;
  /// Queues the delivery's notice again for its webhook: a new pending delivery, due `now`. NotFound for a
  /// delivery that is not this webhook's.
  virtual WebhookDelivery Redeliver(std::int64_t webhook, std::int64_t delivery, std::string_view now) = 0;
  /// Notice work: what a write still owes its notices (a posted demand or offer), written in the write's
  /// own transaction (Create) so that none is lost, and worked off the write's path. ClaimNoticeWork takes
  /// the oldest `max_rows` rows not under a lease at `now`, in order, and leases them until `lease_until`
  /// (other servers skip them); FinishNoticeWork deletes the done rows and adds their notices
  /// (AddNotifications) in one transaction — none of a row another worker finished first, so each is sent
  /// once — and returns how many rows it finished. Times as WebhookDelivery::next_attempt_at. A batch is
  /// two transactions whatever its size, which keeps the worker off the writers' way under load.
  virtual std::vector<NoticeWork> ClaimNoticeWork(std::string_view now, std::string_view lease_until,
                                                  std::size_t max_rows) = 0;
  virtual std::size_t FinishNoticeWork(std::vector<DoneNoticeWork>& done) = 0;
  /// Rows not yet finished.
  virtual std::size_t PendingNoticeWork() = 0;
};

/// Background jobs and their parts under leases, shared by every server on the store.
class JobStore {
 public:
  virtual ~JobStore() = default;
  /// Jobs (core/jobs.h), shared by every server on the store. None of these moves the store revision.
  /// AddJob: allocates the id (JB00001, …) and adds the job, its parts 0 … n-1 over `ranges` ([first,
  /// last) of the nodes) and the assembling part n, in one transaction; false (nothing added) when
  /// `max_unfinished` jobs are queued or running. Keeps the newest kKeptFinishedJobs finished jobs.
  virtual bool AddJob(Job& job, const std::vector<std::pair<std::int64_t, std::int64_t>>& ranges,
                      std::size_t max_unfinished, const AuditContext& by = {}) = 0;
  /// A job with its progress (summed over its parts), with its result when `with_result`.
  virtual std::optional<Job> FindJob(std::string_view id, bool with_result) = 0;
  virtual std::vector<Job> Jobs(std::size_t limit) = 0;  // newest first, without results
  /// Claims one part that is ready (not finished, its job neither cancelled nor failed, the assembling
  /// part only once every other part is finished) and not leased at `now`: it is leased to `worker` until
  /// `lease_until` in the same transaction (claimed rows are skipped by other servers' claims).
  virtual std::optional<JobClaim> ClaimJobPart(std::string_view worker, std::string_view now,
                                               std::string_view lease_until) = 0;
  /// Extends the lease and records the part's progress; kLost when the part is no longer this worker's
  /// (its lease ran out and another took it) or its job was cancelled or failed.
  virtual JobLease RenewJobPart(const JobClaim& claim, std::string_view worker, std::string_view lease_until,
                                std::int64_t done, std::int64_t total) = 0;
  /// Stores a part's result (JSON); for the assembling part it is the job's result and the job is done.
  /// False, and nothing stored, when the lease was lost.
  virtual bool FinishJobPart(const JobClaim& claim, std::string_view worker, std::string_view result) = 0;
  /// The results of parts 0 … n-1, in order (what the assembling part assembles).
  virtual std::vector<std::string> JobPartResults(std::string_view job) = 0;
  virtual void FailJob(std::string_view job, std::string_view error) = 0;
  /// Cancels a queued or running job (true: its servers stop within a lease renewal), or forgets a
  /// finished one (false). NotFound for an unknown id.
  virtual bool CancelJob(std::string_view id, const AuditContext& by = {}) = 0;
};

/// Which leads to list: each non-empty filter must hold.
struct LeadQuery {
  std::string id, place, stage, component, investor;  // investor: an enterprise id
  bool clashing_only = false;                         // only leads with a recorded clash
  std::size_t limit = 0;                              // at most this many, oldest first (0: all)
};

/// The lead registry inside one write transaction (PromotionStore::WriteLeads), serialised with every other
/// writer of the store: what the service's rules (clashes, protection, arbitration) read and write, so
/// that two bureaus entering the same investor at once still see each other.
class LeadWriter {
 public:
  virtual ~LeadWriter() = default;
  virtual std::optional<Lead> Find(std::string_view id) = 0;
  /// Open leads (not lost, not joined) of places other than `place` naming any of `components`, oldest
  /// first. O(leads of those components).
  virtual std::vector<Lead> Rivals(std::string_view place, const std::vector<std::string>& components) = 0;
  /// The next free lead id (LD00001, …).
  virtual std::string NextLeadId() = 0;
  /// Inserts the lead (version 1) or replaces the stored one (version + 1), with its components and its
  /// clashes: its clash rows become exactly `lead.clashes`, in both directions (each of those leads lists
  /// it). Sets the times and version; audited as `action` (lead.create, lead.update, lead.stage, …).
  virtual void Put(Lead& lead, std::string_view action) = 0;
  /// Appends one event to a lead's timeline; sets `id` and `at`.
  virtual void AddEvent(LeadEvent& event) = 0;
  virtual PromotionSettings Settings() = 0;
};

/// Joint investment promotion: the lead registry, its events, each place's incentive policies and the
/// pilot's settings. None of these moves the store revision (the chain and market are unchanged).
class PromotionStore {
 public:
  virtual ~PromotionStore() = default;
  /// Runs `work` in one write transaction (everything or nothing); `by` names the actor in the audit trail.
  virtual void WriteLeads(const std::function<void(LeadWriter&)>& work, const AuditContext& by = {}) = 0;
  /// Leads passing the query, oldest first, each with its components and clashes.
  virtual std::vector<Lead> Leads(const LeadQuery& query) = 0;
  /// The registry's version: its database's random token and a counter every WriteLeads and settings
  /// change moves ("<token>:<n>"); equal versions read the same leads, events and settings (for caches).
  virtual std::string PromotionVersion() = 0;
  /// A lead's events ("" : every lead's), oldest first.
  virtual std::vector<LeadEvent> LeadEvents(std::string_view lead) = 0;
  /// The stored settings, or the defaults when none were set.
  virtual PromotionSettings LoadPromotionSettings() = 0;
  virtual void SetPromotionSettings(const PromotionSettings& settings, const AuditContext& by = {}) = 0;
  /// A place's policies ("": every place's), by id.
  virtual std::vector<IncentivePolicy> Policies(std::string_view place) = 0;
  /// Adds (empty id: allocates PL00001, …) or replaces a policy; audited.
  virtual void PutPolicy(IncentivePolicy& policy, const AuditContext& by = {}) = 0;
};

/// Which services, requests and bookings to read: each non-empty filter must hold.
struct ServiceQuery {
  std::string id = {}, provider = {};
  bool open_only = false;  // not closed
};
struct ServiceRequestQuery {
  std::string id = {}, requester = {};
  bool open_only = false;  // status open
};
struct BookingQuery {
  std::string id = {}, service = {}, provider = {}, booker = {}, request = {};
  std::string from = {}, to = {};  // UTC times: only bookings overlapping [from, to)
  bool live_only = false;          // not cancelled
};

/// R&D, testing and talent services (core/services.h): institutes' services, enterprises' requests,
/// providers' interest and bookings. None of these moves the store revision (the chain and market are
/// unchanged); each write is audited.
class ServiceStore {
 public:
  virtual ~ServiceStore() = default;
  /// Adds a service (empty id: SV00001… allocated; version 1) or replaces the stored one (version + 1), in
  /// one transaction: `check` gets the stored service (nullopt: none) and may throw to change nothing.
  /// Sets the id, times and version.
  virtual void PutService(Service& service, const std::function<void(const std::optional<Service>&)>& check,
                          const AuditContext& by = {}) = 0;
  virtual std::vector<Service> Services(const ServiceQuery& query) = 0;  // oldest first
  /// The same for requests (SR00001…).
  virtual void PutServiceRequest(ServiceRequest& request,
                                 const std::function<void(const std::optional<ServiceRequest>&)>& check,
                                 const AuditContext& by = {}) = 0;
  virtual std::vector<ServiceRequest> ServiceRequests(const ServiceRequestQuery& query) = 0;  // oldest first
  /// Adds an interest (SI00001…) in one transaction: Conflict when the request is not open or the service
  /// already has an open interest in it; NotFound for an unknown request or service. Sets id and time.
  virtual void AddInterest(ServiceInterest& interest, const AuditContext& by = {}) = 0;
  /// A request's interests ("": every request's), oldest first.
  virtual std::vector<ServiceInterest> Interests(std::string_view request) = 0;
  /// Accepts an open interest in one transaction: `check` gets the stored request and interest (it throws
  /// to refuse); the interest becomes accepted and the request accepted with it (version + 1). NotFound
  /// for an unknown request or an interest not in it; Conflict when either is not open. Returns the
  /// request as stored.
  virtual ServiceRequest AcceptInterest(
      std::string_view request, std::string_view interest,
      const std::function<void(const ServiceRequest&, const ServiceInterest&)>& check,
      const AuditContext& by = {}) = 0;
  /// Adds a booking (BK00001…) in one transaction that first locks the service's row, so that of any
  /// number of concurrent overlapping bookings — on any server — exactly one is added: Conflict naming the
  /// live booking it overlaps ([start, end) intervals). NotFound for an unknown service.
  virtual void AddBooking(Booking& booking, const AuditContext& by = {}) = 0;
  virtual std::vector<Booking> Bookings(const BookingQuery& query) = 0;  // by start
  /// Changes a booking in one transaction (`change` gets the stored one and may throw); NotFound for an
  /// unknown id. Returns it as stored.
  virtual Booking UpdateBooking(std::string_view id, const std::function<Booking(const Booking&)>& change,
                                const AuditContext& by = {}) = 0;
};

/// The whole store: one database holding every aggregate (so that a write touching two — a deal that adds a
/// link, a merge that moves accounts — is one transaction). Code that needs one aggregate takes its narrow
/// interface above.
class Store : public ChainStore,
              public MarketStore,
              public AccountStore,
              public AuditStore,
              public DealingStore,
              public OutboxStore,
              public JobStore,
              public PromotionStore,
              public RegistrationStore,
              public ServiceStore {
 public:
  /// Number of the newest migration applied.
  virtual int SchemaVersion() = 0;
  /// "sqlite", "postgresql": safe to show anyone.
  virtual std::string Kind() const = 0;
  /// "sqlite:PATH", "postgresql://user:***@host/db": for operators' messages (never sent to a client).
  virtual std::string Describe() const = 0;
};

/// SHA-256 (hex) of a row's canonical form: what its `hash` must be.
std::string AuditHash(const AuditRecord& r);

/// The result of walking the whole trail: rows checked, and the first row whose hash or link to the
/// previous row does not hold (0 when every row does) with what is wrong.
struct AuditVerification {
  std::size_t rows = 0;
  std::int64_t first_bad_id = 0;
  std::string problem;
  bool ok() const { return first_bad_id == 0; }
};
AuditVerification VerifyAuditTrail(Store& store);

/// Opens (creating and migrating as needed) the store named by `url`: a SQLite file path, "sqlite:PATH",
/// or a PostgreSQL URL (postgresql://… or postgres://…). Throws Error for an unusable path, an unreachable
/// database or an unsupported scheme.
std::unique_ptr<Store> OpenStore(std::string_view url);

}  // namespace chainscope
