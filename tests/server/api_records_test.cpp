// Demands and offers through the real server on a real SQLite store: the write path's guarantees (ids
// allocated inside the write transaction, 409 on a taken id, If-Match/ETag, nothing lost under concurrent
// writers, other processes' writes seen), and regression tests for the defects found by trying the server
// as a user and as an attacker would.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "io/dataset_io.h"
#include "server/accounts_util.h"
#include "server/api.h"
#include "server/http_client.h"
#include "server/http_server.h"
#include "server/openapi.h"
#include "service/log.h"
#include "store/store.h"
#include "store_backends.h"
#include "test_util.h"

namespace chainscope {
namespace {
namespace json = boost::json;
using testing::Client;
using testing::RawResponse;

std::string DemandBody(const std::string& extra = "") {
  return R"({"buyer":"oem1","component":"CHS-EPS","annual_quantity":1200,"start_date":"2027-03-01",)"
         R"("prefer_local":true,"max_share":0.5)" +
         extra + "}";
}

/// A store that fails every write with an error text that must never reach a client.
class FailingStore final : public Store {
 public:
  explicit FailingStore(std::unique_ptr<Store> real) : real_(std::move(real)) {}
  void ReplaceDataset(const Dataset& d, const AuditContext& by) override { real_->ReplaceDataset(d, by); }
  EnterpriseMerge MergeEnterprises(std::string_view keep, std::string_view drop,
                                   const AuditContext& by) override {
    return real_->MergeEnterprises(keep, drop, by);
  }
  std::vector<std::string> WriteRows(const RowWrites& w, const AuditContext& by) override {
    return real_->WriteRows(w, by);
  }
  void AddRegistration(Registration& r, std::string_view licence, const AuditContext& by) override {
    real_->AddRegistration(r, licence, by);
  }
  std::vector<Registration> Registrations(std::string_view status) override {
    return real_->Registrations(status);
  }
  std::optional<Registration> RegistrationById(std::int64_t id) override {
    return real_->RegistrationById(id);
  }
  std::optional<std::string> RegistrationLicence(std::int64_t id) override {
    return real_->RegistrationLicence(id);
  }
  Registration ApproveRegistration(std::int64_t id, const Enterprise* create, User& user, OneTimeToken& token,
                                   const AuditContext& by) override {
    return real_->ApproveRegistration(id, create, user, token, by);
  }
  Registration RejectRegistration(std::int64_t id, std::string_view reason, const AuditContext& by) override {
    return real_->RejectRegistration(id, reason, by);
  }
  void AddUserWithToken(User& user, OneTimeToken& token, const AuditContext& by) override {
    real_->AddUserWithToken(user, token, by);
  }
  User UseOneTimeToken(std::string_view hash, std::string_view now, std::string_view password_hash,
                       const AuditContext& by) override {
    return real_->UseOneTimeToken(hash, now, password_hash, by);
  }
  void PutService(Service& v, const std::function<void(const std::optional<Service>&)>& check,
                  const AuditContext& by) override {
    real_->PutService(v, check, by);
  }
  std::vector<Service> Services(const ServiceQuery& q) override { return real_->Services(q); }
  void PutServiceRequest(ServiceRequest& r,
                         const std::function<void(const std::optional<ServiceRequest>&)>& check,
                         const AuditContext& by) override {
    real_->PutServiceRequest(r, check, by);
  }
  std::vector<ServiceRequest> ServiceRequests(const ServiceRequestQuery& q) override {
    return real_->ServiceRequests(q);
  }
  void AddInterest(ServiceInterest& i, const AuditContext& by) override { real_->AddInterest(i, by); }
  std::vector<ServiceInterest> Interests(std::string_view r) override { return real_->Interests(r); }
  ServiceRequest AcceptInterest(
      std::string_view r, std::string_view i,
      const std::function<void(const ServiceRequest&, const ServiceInterest&)>& check,
      const AuditContext& by) override {
    return real_->AcceptInterest(r, i, check, by);
  }
  void AddBooking(Booking& b, const AuditContext& by) override { real_->AddBooking(b, by); }
  std::vector<Booking> Bookings(const BookingQuery& q) override { return real_->Bookings(q); }
  Booking UpdateBooking(std::string_view id, const std::function<Booking(const Booking&)>& change,
                        const AuditContext& by) override {
    return real_->UpdateBooking(id, change, by);
  }
  Dataset LoadDataset(StoreRevision* at) override { return real_->LoadDataset(at); }
  Market LoadMarket() override { return real_->LoadMarket(); }
  StoreRevision Revision() override { return real_->Revision(); }
  std::uint64_t Create(Demand&, const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  std::uint64_t Create(Offer&, const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  std::uint64_t Update(std::string_view, const std::function<Demand(const Demand&)>&,
                       const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  std::uint64_t Update(std::string_view, const std::function<Offer(const Offer&)>&,
                       const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  void AddUser(User&, const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  std::vector<User> Users() override { return real_->Users(); }
  std::optional<User> FindUser(std::string_view email) override { return real_->FindUser(email); }
  std::optional<User> UserById(std::int64_t id) override { return real_->UserById(id); }
  void UpdateUser(std::string_view, const std::function<User(const User&)>&, const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  void AddCredential(Credential&, const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  std::optional<Credential> FindCredential(std::string_view hash) override {
    return real_->FindCredential(hash);
  }
  std::vector<Credential> Credentials(std::int64_t user) override { return real_->Credentials(user); }
  std::optional<std::pair<Credential, User>> FindCredentialAndUser(std::string_view hash) override {
    return real_->FindCredentialAndUser(hash);
  }
  void RevokeCredential(std::int64_t, const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  void RevokeCredentials(std::int64_t, const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  void TouchCredential(std::int64_t) override {}
  void AppendAudit(const AuditContext&, std::string_view, std::string_view, std::string_view) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  std::vector<AuditRecord> AuditTrail(const AuditQuery& q, std::size_t* total) override {
    return real_->AuditTrail(q, total);
  }
  std::vector<std::string> EnterpriseIds() override { return real_->EnterpriseIds(); }
  std::map<std::string, std::string> PostedTimes(std::string_view t) override {
    return real_->PostedTimes(t);
  }
  void AddResponse(Response&, const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  std::vector<Response> Responses(const ResponseQuery& q) override { return real_->Responses(q); }
  Response UpdateResponse(std::string_view, const std::function<Response(const Response&)>&,
                          const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  Deal AcceptResponse(std::string_view, const std::function<Deal(const Response&)>&,
                      const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  std::vector<Deal> Deals(const DealQuery& q) override { return real_->Deals(q); }
  Deal ConfirmDeal(std::string_view, bool, const std::function<void(const Deal&)>&, const LinkTerms&,
                   const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  void AddNotifications(std::vector<Notification>& n) override { real_->AddNotifications(n); }
  std::vector<Notification> Notifications(std::string_view e, bool unread, std::size_t limit,
                                          std::size_t offset, std::size_t* total) override {
    return real_->Notifications(e, unread, limit, offset, total);
  }
  std::optional<Notification> NotificationById(std::int64_t id) override {
    return real_->NotificationById(id);
  }
  bool MarkNotificationRead(std::string_view e, std::int64_t id) override {
    return real_->MarkNotificationRead(e, id);
  }
  std::map<std::string, double> MatchThresholds() override { return real_->MatchThresholds(); }
  void SetMatchThreshold(std::string_view, double, const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  void AddWebhook(Webhook&, const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  std::vector<Webhook> Webhooks(std::string_view e) override { return real_->Webhooks(e); }
  std::optional<Webhook> WebhookById(std::int64_t id) override { return real_->WebhookById(id); }
  void DeactivateWebhook(std::int64_t, const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  std::vector<WebhookDelivery> Deliveries(std::int64_t w, std::size_t limit) override {
    return real_->Deliveries(w, limit);
  }
  std::vector<WebhookDelivery> ClaimDueDeliveries(std::string_view now, std::string_view lease,
                                                  std::size_t limit) override {
    return real_->ClaimDueDeliveries(now, lease, limit);
  }
  void RecordDeliveryAttempt(const WebhookDelivery& d) override { real_->RecordDeliveryAttempt(d); }
  WebhookDelivery Redeliver(std::int64_t w, std::int64_t d, std::string_view now) override {
    return real_->Redeliver(w, d, now);
  }
  std::vector<NoticeWork> ClaimNoticeWork(std::string_view now, std::string_view lease_until,
                                          std::size_t max_rows) override {
    return real_->ClaimNoticeWork(now, lease_until, max_rows);
  }
  std::size_t FinishNoticeWork(std::vector<DoneNoticeWork>& done) override {
    return real_->FinishNoticeWork(done);
  }
  std::uint64_t AccountsEpoch() const override { return real_->AccountsEpoch(); }
  std::size_t PendingNoticeWork() override { return real_->PendingNoticeWork(); }
  bool AddJob(Job& job, const std::vector<std::pair<std::int64_t, std::int64_t>>& ranges, std::size_t max,
              const AuditContext& by) override {
    return real_->AddJob(job, ranges, max, by);
  }
  std::optional<Job> FindJob(std::string_view id, bool with_result) override {
    return real_->FindJob(id, with_result);
  }
  std::vector<Job> Jobs(std::size_t limit) override { return real_->Jobs(limit); }
  std::optional<JobClaim> ClaimJobPart(std::string_view w, std::string_view now,
                                       std::string_view until) override {
    return real_->ClaimJobPart(w, now, until);
  }
  JobLease RenewJobPart(const JobClaim& c, std::string_view w, std::string_view until, std::int64_t done,
                        std::int64_t total) override {
    return real_->RenewJobPart(c, w, until, done, total);
  }
  bool FinishJobPart(const JobClaim& c, std::string_view w, std::string_view result) override {
    return real_->FinishJobPart(c, w, result);
  }
  std::vector<std::string> JobPartResults(std::string_view job) override {
    return real_->JobPartResults(job);
  }
  void FailJob(std::string_view job, std::string_view error) override { real_->FailJob(job, error); }
  bool CancelJob(std::string_view id, const AuditContext& by) override { return real_->CancelJob(id, by); }
  void UpdateBucket(
      std::string_view key,
      const std::function<std::optional<StoredBucket>(std::optional<StoredBucket>)>& update) override {
    real_->UpdateBucket(key, update);
  }
  bool WaitForWrite(std::chrono::milliseconds timeout) override { return real_->WaitForWrite(timeout); }
  void WriteLeads(const std::function<void(LeadWriter&)>&, const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  std::vector<Lead> Leads(const LeadQuery& q) override { return real_->Leads(q); }
  std::vector<LeadEvent> LeadEvents(std::string_view lead) override { return real_->LeadEvents(lead); }
  std::string PromotionVersion() override { return real_->PromotionVersion(); }
  PromotionSettings LoadPromotionSettings() override { return real_->LoadPromotionSettings(); }
  void SetPromotionSettings(const PromotionSettings&, const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  std::vector<IncentivePolicy> Policies(std::string_view place) override { return real_->Policies(place); }
  void PutPolicy(IncentivePolicy&, const AuditContext&) override {
    throw Error("SQLite (/secret/prod.db): disk I/O error");
  }
  int SchemaVersion() override { return real_->SchemaVersion(); }
  std::string Kind() const override { return "sqlite"; }
  std::string Describe() const override { return "sqlite:/secret/prod.db"; }

 private:
  std::unique_ptr<Store> real_;
};

/// Run on each store backend (store_backends.h).
class RecordsServerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = database_.url();
    OpenStore(db_)->ReplaceDataset(ReadDataset(testing::MiniDataset()));
    platform_ = std::make_shared<Platform>(OpenStore(db_));
    platform_->RefreshEvery(std::chrono::milliseconds(kRefreshMilliseconds));  // as `chainscope serve` does
    buyer_ = testing::AddTestAccount(*OpenStore(db_), "buyer@oem1.example", "member", "oem1");
    ApiOptions api_options;
    api_options.requests_per_second = 0;  // 400 writes at once from one client are the point here
    api_ = std::make_unique<Api>(platform_, api_options);
    ServerOptions options;
    options.port = 0;
    options.access_log = false;
    server_ = std::make_unique<HttpServer>(*api_, options);
    server_->Start();
  }
  void TearDown() override { server_->Stop(); }
  std::uint16_t port() const { return server_->port(); }
  json::object JsonOf(const RawResponse& r) { return json::parse(r.body).as_object(); }

  testing::TempDir tmp_;
  testing::TestDatabase database_{GetParam()};
  std::string db_;  // its URL
  std::shared_ptr<Platform> platform_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<HttpServer> server_;
  testing::TestAccount buyer_;  // a member of oem1, the buyer of every demand here
};

INSTANTIATE_TEST_SUITE_P(Backends, RecordsServerTest, ::testing::ValuesIn(testing::StoreBackends()),
                         testing::BackendName());

TEST_P(RecordsServerTest, ConcurrentCreatesGetDistinctIdsAndAllAreStored) {
  constexpr int kThreads = 8, kPerThread = 50;
  std::vector<std::vector<std::string>> ids(kThreads);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      Client c(port());
      c.always = buyer_.AuthLine();
      for (int i = 0; i < kPerThread; ++i) {
        const RawResponse r = c.Call("POST", "/api/v1/demands", DemandBody());
        if (r.status != 201) {
          ++failures;
          continue;
        }
        ids[t].emplace_back(json::parse(r.body).at("id").as_string());
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  std::multiset<std::string> all;
  for (const auto& v : ids) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kPerThread));
  for (const auto& id : all) EXPECT_EQ(all.count(id), 1u) << "two 201s share id " << id;
  // Every acknowledged id is in the store exactly once (a fresh connection, as another process).
  const Dataset stored = OpenStore(db_)->LoadDataset();
  std::map<std::string, int> in_store;
  for (const Demand& d : stored.demands) ++in_store[d.id];
  for (const auto& id : all) EXPECT_EQ(in_store[id], 1) << id;
  EXPECT_EQ(stored.demands.size(), all.size() + 1);  // + the dataset's DM1
  // And the server's own view agrees.
  Client c(port());
  c.always = buyer_.AuthLine();
  EXPECT_EQ(JsonOf(c.Get("/api/v1/demands?limit=1")).at("total").as_int64(), kThreads * kPerThread + 1);
}

TEST_P(RecordsServerTest, TheCliWritingWhileTheServerServesLosesNothingAndIsSeenWithinASecond) {
  constexpr int kCli = 12, kHttp = 60;
  std::vector<std::string> http_ids;
  std::thread http([&] {
    Client c(port());
    c.always = buyer_.AuthLine();
    for (int i = 0; i < kHttp; ++i) {
      const RawResponse r = c.Call("POST", "/api/v1/demands", DemandBody());
      ASSERT_EQ(r.status, 201) << r.body;
      http_ids.emplace_back(json::parse(r.body).at("id").as_string());
    }
  });
  std::vector<std::string> cli_ids;
  for (int i = 0; i < kCli; ++i) {
    const std::string out = (tmp_ / ("cli" + std::to_string(i) + ".txt")).string();
    const std::string command =
        std::string(testing::ChainscopeBin()) + " demand add --db '" + db_ +
        "' --buyer oem1 --component CHS-EPS --quantity 700 --start-date 2027-05-01 > " + out + " 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << testing::ReadText(out);
    const std::string text = testing::ReadText(out);  // "added DM00012"
    ASSERT_TRUE(text.starts_with("added ")) << text;
    cli_ids.push_back(text.substr(6, text.find('\n') - 6));
  }
  http.join();
  const auto last_write = std::chrono::steady_clock::now();
  std::set<std::string> all(http_ids.begin(), http_ids.end());
  all.insert(cli_ids.begin(), cli_ids.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kCli + kHttp)) << "an id was given twice";
  // The server sees the CLI's writes within a second (it looks twice a second).
  Client c(port());
  c.always = buyer_.AuthLine();
  std::int64_t total = 0;
  while (std::chrono::steady_clock::now() - last_write < std::chrono::milliseconds(1500)) {
    total = JsonOf(c.Get("/api/v1/demands?limit=1")).at("total").as_int64();
    if (total == kCli + kHttp + 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(total, kCli + kHttp + 1);
  for (const std::string& id : cli_ids) EXPECT_EQ(c.Get("/api/v1/demands/" + id).status, 200) << id;
}

class PlatformRefresh : public ::testing::TestWithParam<std::string> {};
INSTANTIATE_TEST_SUITE_P(Backends, PlatformRefresh, ::testing::ValuesIn(testing::StoreBackends()),
                         testing::BackendName());

TEST_P(PlatformRefresh, AServerSeesAnotherProcesssWritesWithinASecond) {
  const testing::TestDatabase database(GetParam());
  const std::string db = database.url();
  OpenStore(db)->ReplaceDataset(ReadDataset(testing::MiniDataset()));
  Platform platform(OpenStore(db));
  platform.RefreshEvery(std::chrono::milliseconds(kRefreshMilliseconds));
  Demand d;
  d.buyer = "oem1";
  d.component = "CHS-EPS";
  d.annual_quantity = 10;
  d.start_date = "2027-01-01";
  OpenStore(db)->Create(d);  // another process's connection
  const auto written = std::chrono::steady_clock::now();
  while (!platform.state()->market->demands.FindRecord(d.id) &&
         std::chrono::steady_clock::now() - written < std::chrono::seconds(2))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const double seen_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - written).count();
  EXPECT_NE(platform.state()->market->demands.FindRecord(d.id), nullptr);
  EXPECT_LT(seen_s, 1.0);
  // An import (a chain change) is seen too, and replaces the chain snapshot.
  const auto chain_before = platform.state()->chain;
  OpenStore(db)->ReplaceDataset(ReadDataset(testing::MiniDataset()));
  const auto imported = std::chrono::steady_clock::now();
  while (platform.state()->chain == chain_before &&
         std::chrono::steady_clock::now() - imported < std::chrono::seconds(2))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_NE(platform.state()->chain, chain_before);
  EXPECT_EQ(platform.state()->market->demands.FindRecord(d.id), nullptr);  // the import replaced the market
}

TEST_P(RecordsServerTest, IdsAreCheckedAtTheDoorAndAllocationCannotOverflow) {
  Client c(port());
  c.always = buyer_.AuthLine();
  for (const char* id : {"a/b", "../x", " DM1", "DM 2", "-lead", "", "ДМ1"}) {
    const RawResponse r =
        c.Call("POST", "/api/v1/demands", DemandBody(std::string(R"(,"id":")") + id + "\""));
    EXPECT_EQ(r.status, 400) << id << ": " << r.body;
    EXPECT_NE(r.body.find("field 'id'"), std::string::npos) << r.body;
    EXPECT_EQ(JsonOf(r).at("error").at("field").as_string(), "id") << r.body;  // the form marks this field
  }
  const RawResponse long_id =
      c.Call("POST", "/api/v1/demands", DemandBody(R"(,"id":")" + std::string(65, 'a') + "\""));
  EXPECT_EQ(long_id.status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/demands", DemandBody(R"(,"id":"DM9223372036854775807")")).status, 201);
  const RawResponse next = c.Call("POST", "/api/v1/demands", DemandBody());
  ASSERT_EQ(next.status, 201) << next.body;
  EXPECT_EQ(JsonOf(next).at("id").as_string(), "DM00002");  // after DM1's number; the huge one is ignored
  EXPECT_EQ(c.Get("/api/v1/demands/DM9223372036854775807").status, 200);
  EXPECT_EQ(c.Get("/api/v1/demands/a%2Fb").status, 404);
  EXPECT_EQ(c.Call("POST", "/api/v1/demands/a%2Fb/close").status, 404);
  // A taken id is a 409 and changes nothing.
  const RawResponse taken = c.Call("POST", "/api/v1/demands", DemandBody(R"(,"id":"DM1")"));
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(JsonOf(c.Get("/api/v1/demands/DM1")).at("annual_quantity").as_int64(), 5000);
}

TEST_P(RecordsServerTest, UnknownFieldsAreRefusedAndPutIsAWholeReplacement) {
  Client c(port());
  c.always = buyer_.AuthLine();
  const RawResponse unknown = c.Call("POST", "/api/v1/demands", DemandBody(R"(,"colour":"red")"));
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find("unknown field 'colour'"), std::string::npos) << unknown.body;
  EXPECT_EQ(JsonOf(unknown).at("error").at("field").as_string(), "colour");
  ASSERT_EQ(c.Call("POST", "/api/v1/demands/DM1/close").status, 200);
  // A PUT without status used to reopen a closed demand; now it is refused and nothing changes.
  const RawResponse no_status = c.Call("PUT", "/api/v1/demands/DM1", DemandBody());
  EXPECT_EQ(no_status.status, 400);
  EXPECT_NE(no_status.body.find("field 'status'"), std::string::npos) << no_status.body;
  EXPECT_EQ(JsonOf(c.Get("/api/v1/demands/DM1")).at("status").as_string(), "closed");
  EXPECT_EQ(c.Call("PUT", "/api/v1/demands/DM1", DemandBody(R"(,"status":"closed","extra":1)")).status, 400);
  // A whole replacement clears what it does not give (max_distance_km was 300).
  const RawResponse put = c.Call("PUT", "/api/v1/demands/DM1", DemandBody(R"(,"status":"closed")"));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_TRUE(JsonOf(put).at("max_distance_km").is_null());
  EXPECT_EQ(JsonOf(put).at("status").as_string(), "closed");
  EXPECT_EQ(c.Call("PUT", "/api/v1/demands/DM1", DemandBody(R"(,"status":"open","id":"DM2")")).status, 400);
}

TEST_P(RecordsServerTest, IfMatchPreventsLostUpdates) {
  Client alice(port()), bob(port());
  alice.always = bob.always = buyer_.AuthLine();
  const RawResponse read = alice.Get("/api/v1/demands/DM1");
  const std::string etag = read.Header("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(bob.Get("/api/v1/demands/DM1").Header("ETag"), etag);  // same record, same ETag
  // Bob writes first; Alice's write, based on what she read, is refused.
  const RawResponse bobs =
      bob.Call("PUT", "/api/v1/demands/DM1", DemandBody(R"(,"status":"open")"), "If-Match: " + etag + "\r\n");
  ASSERT_EQ(bobs.status, 200) << bobs.body;
  EXPECT_NE(bobs.Header("ETag"), etag);
  const RawResponse alices = alice.Call(
      "PUT", "/api/v1/demands/DM1",
      R"({"buyer":"oem1","component":"CHS-EPS","annual_quantity":9,"start_date":"2027-03-01","prefer_local":true,"max_share":0.5,"status":"open"})",
      "If-Match: " + etag + "\r\n");
  EXPECT_EQ(alices.status, 412) << alices.body;
  EXPECT_NE(alices.body.find("precondition_failed"), std::string::npos);
  EXPECT_EQ(alice.Call("POST", "/api/v1/demands/DM1/close", "", "If-Match: " + etag + "\r\n").status, 412);
  const json::object now = JsonOf(alice.Get("/api/v1/demands/DM1"));
  EXPECT_EQ(now.at("annual_quantity").as_int64(), 1200);  // Bob's, not Alice's
  EXPECT_EQ(now.at("status").as_string(), "open");
  // With the current ETag her close goes through.
  const std::string current = alice.Get("/api/v1/demands/DM1").Header("ETag");
  EXPECT_EQ(alice.Call("POST", "/api/v1/demands/DM1/close", "", "If-Match: " + current + "\r\n").status, 200);
}

TEST_P(RecordsServerTest, RequestIdsAreEchoedAndGeneratedWhenAbsentOrInsane) {
  Client c(port());
  c.always = buyer_.AuthLine();
  const RawResponse given = c.Call("GET", "/api/v1/enterprises/ghost", "", "X-Request-Id: trace-42.a_b\r\n");
  EXPECT_EQ(given.status, 404);
  EXPECT_EQ(given.Header("X-Request-Id"), "trace-42.a_b");
  EXPECT_EQ(JsonOf(given).at("error").at("request_id").as_string(), "trace-42.a_b");
  const RawResponse insane = c.Call("GET", "/api/v1/health", "", "X-Request-Id: bad id\" \r\n");
  const std::string generated = insane.Header("X-Request-Id");
  EXPECT_EQ(generated.size(), 16u) << generated;
  EXPECT_EQ(generated.find(' '), std::string::npos);
  EXPECT_NE(c.Get("/api/v1/health").Header("X-Request-Id"), generated);
}

TEST_P(RecordsServerTest, MethodNotAllowedListsTheAllowedMethods) {
  Client c(port());
  c.always = buyer_.AuthLine();
  const RawResponse r = c.Call("DELETE", "/api/v1/demands/DM1");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("Allow"), "GET, PUT, HEAD");
  EXPECT_EQ(c.Call("PATCH", "/api/v1/health").Header("Allow"), "GET, HEAD");
}

TEST_P(RecordsServerTest, ViewsCarryAnETagAndAnswer304UntilTheStateChanges) {
  Client c(port());
  c.always = buyer_.AuthLine();
  const RawResponse first = c.Get("/api/v1/enterprises?limit=5");
  const std::string etag = first.Header("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(c.Call("GET", "/api/v1/enterprises?limit=5", "", "If-None-Match: " + etag + "\r\n").status, 304);
  EXPECT_EQ(c.Get("/api/v1/enterprises?limit=5").body, first.body);  // the cached view
  ASSERT_EQ(c.Call("POST", "/api/v1/demands", DemandBody()).status, 201);
  const RawResponse after = c.Call("GET", "/api/v1/demands?limit=5", "", "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(after.status, 200);  // a write makes a new state: the old ETag no longer matches
  EXPECT_NE(after.Header("ETag"), etag);
  EXPECT_EQ(JsonOf(after).at("total").as_int64(), 2);
}

TEST(RecordsInternalError, A500SaysOnlyInternalErrorAndTheRequestId) {
  testing::TempDir tmp;
  const std::string db = (tmp / "f.db").string();
  OpenStore(db)->ReplaceDataset(ReadDataset(testing::MiniDataset()));
  const auto buyer = testing::AddTestAccount(*OpenStore(db), "buyer@oem1.example", "member", "oem1");
  Api api(std::make_shared<Platform>(std::make_unique<FailingStore>(OpenStore(db))));
  ServerOptions options;
  options.port = 0;
  options.access_log = false;
  HttpServer server(api, options);
  server.Start();
  Client c(server.port());
  c.always = buyer.AuthLine();
  const RawResponse r = c.Call("POST", "/api/v1/demands", DemandBody(), "X-Request-Id: r500\r\n");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, R"({"error":{"code":"internal","message":"internal error","request_id":"r500"}})");
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
  EXPECT_EQ(r.body.find("SQLite"), std::string::npos);
  // Nothing was published: the demand list is as it was.
  EXPECT_EQ(json::parse(c.Get("/api/v1/demands").body).at("total").as_int64(), 1);
  server.Stop();
}

TEST(AccessLog, OneJsonLinePerRequestWithItsIdStatusBytesAndDuration) {
  testing::TempDir tmp;
  const std::string log = (tmp / "access.log").string();
  ConfigureLogging({"info", log});
  {
    Api api(std::make_shared<Platform>(ReadDataset(testing::MiniDataset())));
    ServerOptions options;
    options.port = 0;
    HttpServer server(api, options);
    server.Start();
    Client c(server.port());
    EXPECT_EQ(c.Call("GET", "/api/v1/health", "", "X-Request-Id: log-1\r\n").status, 200);
    EXPECT_EQ(c.Call("GET", "/api/v1/enterprises?role=boss", "", "X-Request-Id: log-2\r\n").status, 400);
    // Written through at once, not when the server stops (it used to stay in a buffer until then).
    const auto since = std::chrono::steady_clock::now();
    while (testing::ReadText(log).find("log-2") == std::string::npos &&
           std::chrono::steady_clock::now() - since < std::chrono::seconds(2))
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_NE(testing::ReadText(log).find("log-2"), std::string::npos) << "the log file lags behind";
    server.Stop();
  }
  FlushLogs();
  ConfigureLogging({"info", ""});
  std::map<std::string, json::object> by_id;
  std::istringstream lines(testing::ReadText(log));
  for (std::string line; std::getline(lines, line);) {
    const json::object o = json::parse(line).as_object();  // every line is one JSON object
    if (!o.contains("request_id")) continue;               // an event, not a request
    by_id[std::string(o.at("request_id").as_string())] = o;
  }
  ASSERT_TRUE(by_id.contains("log-1") && by_id.contains("log-2"));
  const json::object& ok = by_id["log-1"];
  EXPECT_EQ(ok.at("method").as_string(), "GET");
  EXPECT_EQ(ok.at("path").as_string(), "/api/v1/health");
  EXPECT_EQ(ok.at("status").as_int64(), 200);
  EXPECT_GT(ok.at("bytes").as_int64(), 50);
  EXPECT_GE(ok.at("duration_ms").to_number<double>(), 0);
  EXPECT_EQ(ok.at("client").as_string(), "127.0.0.1");
  EXPECT_EQ(ok.at("principal").as_string(), "anonymous");
  EXPECT_TRUE(ok.at("time").as_string().ends_with("Z"));
  EXPECT_EQ(by_id["log-2"].at("status").as_int64(), 400);
  EXPECT_THROW(ConfigureLogging({"loud", ""}), InvalidInput);
}

TEST(ErrorTable, EveryCodeHasItsStatusNameAndExitCode) {
  const std::map<ErrorCode, std::pair<int, int>> expected{
      {ErrorCode::kBadRequest, {400, 2}},         {ErrorCode::kUnauthorized, {401, 2}},
      {ErrorCode::kForbidden, {403, 2}},          {ErrorCode::kNotFound, {404, 2}},
      {ErrorCode::kMethodNotAllowed, {405, 2}},   {ErrorCode::kConflict, {409, 2}},
      {ErrorCode::kPreconditionFailed, {412, 2}}, {ErrorCode::kUnprocessable, {422, 2}},
      {ErrorCode::kPayloadTooLarge, {413, 2}},    {ErrorCode::kHeadersTooLarge, {431, 2}},
      {ErrorCode::kTooManyRequests, {429, 1}},    {ErrorCode::kNotImplemented, {501, 2}},
      {ErrorCode::kReadOnly, {503, 1}},           {ErrorCode::kOverloaded, {503, 1}},
      {ErrorCode::kDeadlineExceeded, {503, 130}}, {ErrorCode::kInternal, {500, 1}}};
  EXPECT_EQ(ErrorTable().size(), expected.size());
  std::set<std::string_view> names;
  for (const ErrorInfo& info : ErrorTable()) {
    ASSERT_TRUE(expected.contains(info.code));
    EXPECT_EQ(info.http_status, expected.at(info.code).first) << info.name;
    EXPECT_EQ(info.exit_code, expected.at(info.code).second) << info.name;
    EXPECT_TRUE(names.insert(info.name).second) << "two codes named " << info.name;
    const HttpResponse r = ErrorResponse(info.code, "m");
    EXPECT_EQ(r.status, info.http_status);
    EXPECT_NE(r.body.find(std::string(R"("code":")") + std::string(info.name) + "\""), std::string::npos);
  }
  EXPECT_EQ(CodeOf(InvalidInput("x")), ErrorCode::kBadRequest);
  EXPECT_EQ(CodeOf(NotFound("x")), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(Conflict("x")), ErrorCode::kConflict);
  EXPECT_EQ(CodeOf(PreconditionFailed("x")), ErrorCode::kPreconditionFailed);
  EXPECT_EQ(CodeOf(Cancelled("x")), ErrorCode::kDeadlineExceeded);
  EXPECT_EQ(CodeOf(ServiceError(ErrorCode::kReadOnly, "x")), ErrorCode::kReadOnly);
  EXPECT_EQ(CodeOf(Error("x")), ErrorCode::kInternal);
  EXPECT_EQ(CodeOf(std::runtime_error("x")), ErrorCode::kInternal);
}

TEST(RouteTable, EveryRouteIsDocumentedAndEveryDocumentedOperationIsARoute) {
  std::set<std::pair<std::string, std::string>> routes;
  for (const Route& r : RouteTable()) {
    SCOPED_TRACE(r.method + " " + r.pattern);
    EXPECT_TRUE(routes.insert({r.pattern, r.method}).second) << "registered twice";
    EXPECT_FALSE(r.doc.summary.empty());
    EXPECT_FALSE(r.doc.statuses.empty());
    EXPECT_TRUE(r.handler);
    // Each {name} of the pattern is documented as a path parameter, and nothing else is.
    std::set<std::string> in_pattern, documented;
    for (std::size_t at = r.pattern.find('{'); at != std::string::npos; at = r.pattern.find('{', at + 1))
      in_pattern.insert(r.pattern.substr(at + 1, r.pattern.find('}', at) - at - 1));
    for (const FieldDoc& f : r.doc.path) documented.insert(f.name);
    EXPECT_EQ(in_pattern, documented);
    for (const FieldDoc& f : r.doc.query) EXPECT_FALSE(f.description.empty()) << f.name;
    EXPECT_TRUE(r.pattern.starts_with("/api/v1/"));
    if (r.method != "GET") {
      EXPECT_FALSE(r.cacheable) << "only GETs are cached";
    }
  }
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& path : OpenApiDocument().at("paths").as_object())
    for (const auto& op : path.value().as_object()) {
      std::string method(op.key());
      for (char& ch : method) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      documented.insert({std::string(path.key()), method});
    }
  EXPECT_EQ(routes, documented);
  // Every route pattern answers something other than 404 for its method (a real id or a 404 "no such
  // record" aside, the path itself is known).
  const std::set<std::string> must_have{
      "/api/v1/demands", "/api/v1/demands/{id}", "/api/v1/demands/{id}/close",
      "/api/v1/offers",  "/api/v1/offers/{id}",  "/api/v1/offers/{id}/close"};
  for (const auto& p : must_have)
    EXPECT_TRUE(OpenApiDocument().at("paths").as_object().contains(p)) << p << " is not documented";
}

}  // namespace
}  // namespace chainscope
