// The audit trail through the API: every write is recorded with who, when, which request and client,
// before and after, in the same transaction as the change (a refused write leaves no row); sign-ins,
// failed sign-ins and refused requests are recorded; no secret ever appears; the hash chain detects an
// edited row; the admin reads it with filters and paging.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json.hpp>

#include "io/csv.h"
#include "io/dataset_io.h"
#include "server/stored_api.h"

namespace chainscope {
namespace {
namespace json = boost::json;

const std::string kDemand =
    R"({"buyer":"oem1","component":"CHS-EPS","annual_quantity":100,"start_date":"2027-03-01",)"
    R"("max_distance_km":null,"required_certs":[],"prefer_local":false,"max_share":1,"status":"open"})";

class AuditTrail : public testing::StoredApiOnEachBackend {
 protected:
  void SetUp() override {
    Open(ReadDataset(testing::MiniDataset()));
    buyer_ = testing::AddTestAccount(*store_, "buyer@oem1.example", "member", "oem1");
    other_ = testing::AddTestAccount(*store_, "sales@cell1.example", "member", "cell1");
  }
  HttpResponse As(const testing::TestAccount& a, const std::string& method, const std::string& target,
                  const std::string& body = "") {
    return StoredApiTest::As(a, method, target, body, "10.0.0.7");
  }
  /// The newest rows of the trail, newest first, as the admin reads them.
  json::array Trail(const std::string& query = "") {
    return Ok("GET", "/api/v1/audit" + query).at("items").as_array();
  }
  std::size_t Rows() { return static_cast<std::size_t>(Ok("GET", "/api/v1/audit").at("total").as_int64()); }
  static std::string RequestIdOf(const HttpResponse& r) {
    const std::string* id = r.Header("X-Request-Id");
    return id ? *id : "";
  }
  /// Runs SQL on the database directly, as someone with the file (SQLite) or with the database owner's
  /// rights (PostgreSQL) could; true when it succeeded.
  bool RawSql(const std::string& sql) {
    if (db_->postgresql()) {
      try {
        db_->Execute(sql);
        return true;
      } catch (const std::exception&) {
        return false;
      }
    }
    sqlite3* db = nullptr;
    sqlite3_open(db_path_.c_str(), &db);
    // The server's own threads (notices after a commit) may hold the write lock for a moment.
    sqlite3_busy_timeout(db, 10000);
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc == SQLITE_OK;
  }
  /// Removes the store's append-only guard, as such a person could.
  bool DropGuard() {
    return RawSql(db_->postgresql() ? "ALTER TABLE audit_log DISABLE TRIGGER USER"
                                    : "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete");
  }
  testing::TestAccount buyer_, other_;
};

INSTANTIATE_BACKENDS(AuditTrail);

TEST_P(AuditTrail, EveryWriteWithWhoWhenRequestClientBeforeAndAfter) {
  const HttpResponse created = As(buyer_, "POST", "/api/v1/demands", kDemand);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = json::parse(created.body).at("id").as_string().c_str();
  json::object row = Trail().at(0).as_object();
  EXPECT_EQ(row.at("action"), "demand.create");
  EXPECT_EQ(row.at("entity").as_string(), "demand:" + id);
  EXPECT_EQ(row.at("actor"), "buyer@oem1.example");
  EXPECT_EQ(row.at("enterprise"), "oem1");
  EXPECT_EQ(row.at("client"), "10.0.0.7");
  EXPECT_EQ(row.at("request_id").as_string(), RequestIdOf(created));
  EXPECT_FALSE(RequestIdOf(created).empty());
  EXPECT_TRUE(row.at("before").is_null());
  EXPECT_EQ(row.at("after").at("annual_quantity").as_int64(), 100);
  EXPECT_EQ(row.at("at").as_string().size(), 20u);

  std::string replaced = kDemand;
  replaced.replace(replaced.find("100"), 3, "250");
  ASSERT_EQ(As(buyer_, "PUT", "/api/v1/demands/" + id, replaced).status, 200);
  row = Trail().at(0).as_object();
  EXPECT_EQ(row.at("action"), "demand.replace");
  EXPECT_EQ(row.at("before").at("annual_quantity").as_int64(), 100);
  EXPECT_EQ(row.at("after").at("annual_quantity").as_int64(), 250);

  ASSERT_EQ(As(buyer_, "POST", "/api/v1/demands/" + id + "/close").status, 200);
  row = Trail().at(0).as_object();
  EXPECT_EQ(row.at("action"), "demand.close");
  EXPECT_EQ(row.at("before").at("status"), "open");
  EXPECT_EQ(row.at("after").at("status"), "closed");

  // The admin's own writes are recorded as the admin's.
  ASSERT_EQ(Call("POST", "/api/v1/users",
                 R"({"email":"new@bureau.example","role":"analyst","password":"a long enough one"})")
                .status,
            201);
  row = Trail().at(0).as_object();
  EXPECT_EQ(row.at("action"), "user.create");
  EXPECT_EQ(row.at("actor"), "admin@example.com");
  EXPECT_EQ(row.at("after").at("role"), "analyst");
}

TEST_P(AuditTrail, ARefusedWriteLeavesNoRow) {
  ASSERT_EQ(As(buyer_, "POST", "/api/v1/demands", kDemand).status, 201);
  const std::size_t before = Rows();
  // Invalid, stale ETag, someone else's record: nothing is written, so nothing is recorded (the denied
  // request itself is recorded only when the route refused the caller: not here).
  EXPECT_EQ(As(buyer_, "POST", "/api/v1/demands", R"({"buyer":"oem1"})").status, 400);
  std::string replaced = kDemand;
  HttpRequest stale = testing::As(buyer_, "PUT", "/api/v1/demands/DM1", replaced);
  stale.headers.emplace_back("If-Match", "\"not-the-etag\"");
  stale.headers.emplace_back("Content-Type", "application/json");
  EXPECT_EQ(api_->Handle(stale).status, 412);
  EXPECT_EQ(As(other_, "POST", "/api/v1/demands/DM1/close").status, 404);
  EXPECT_EQ(Rows(), before);  // reads (the admin's GETs) are not recorded either
}

TEST_P(AuditTrail, SignInsFailuresSignOutsAndRefusedRequests) {
  auto login = [&](const std::string& password, const std::string& client) {
    HttpRequest r{"POST", "/api/v1/auth/login",
                  R"({"email":"buyer@oem1.example","password":")" + password + "\"}"};
    r.headers.emplace_back("Content-Type", "application/json");
    r.client = client;
    return api_->Handle(r);
  };
  EXPECT_EQ(login("wrong wrong wrong", "192.0.2.1").status, 401);
  json::object row = Trail().at(0).as_object();
  EXPECT_EQ(row.at("action"), "auth.login_failed");
  EXPECT_EQ(row.at("entity"), "user:buyer@oem1.example");
  EXPECT_EQ(row.at("actor"), "anonymous");
  EXPECT_EQ(row.at("client"), "192.0.2.1");

  const HttpResponse ok = login(std::string(testing::kTestPassword), "192.0.2.2");
  ASSERT_EQ(ok.status, 200);
  row = Trail().at(0).as_object();
  EXPECT_EQ(row.at("action"), "auth.login");
  EXPECT_EQ(row.at("actor"), "buyer@oem1.example");
  EXPECT_EQ(row.at("after").at("kind"), "session");

  // A member asking for the account list: refused and recorded.
  EXPECT_EQ(As(buyer_, "GET", "/api/v1/users").status, 403);
  row = Trail().at(0).as_object();
  EXPECT_EQ(row.at("action"), "request.denied");
  EXPECT_EQ(row.at("entity"), "request:GET /api/v1/users");
  EXPECT_EQ(row.at("actor"), "buyer@oem1.example");
  // A forged token: recorded as an anonymous refusal.
  HttpRequest forged{"GET", "/api/v1/links", ""};
  forged.headers.emplace_back("Authorization", "Bearer cst_0000000000000000000000000000000000000000000");
  EXPECT_EQ(api_->Handle(forged).status, 401);
  EXPECT_EQ(Trail().at(0).at("action"), "request.denied");
  EXPECT_EQ(Trail().at(0).at("actor"), "anonymous");

  // Token issue and revoke name the token, never its secret or hash.
  const HttpResponse token = As(buyer_, "POST", "/api/v1/tokens", R"({"name":"erp"})");
  ASSERT_EQ(token.status, 201);
  const json::object issued = json::parse(token.body).as_object();
  EXPECT_EQ(Trail().at(0).at("action"), "token.create");
  ASSERT_EQ(As(buyer_, "DELETE", "/api/v1/tokens/" + std::to_string(issued.at("id").as_int64())).status, 200);
  EXPECT_EQ(Trail().at(0).at("action"), "token.revoke");

  // No secret anywhere in the trail: no password hash, no token, no hash of a token or session.
  const std::string all = json::serialize(Ok("GET", "/api/v1/audit?limit=1000"));
  EXPECT_EQ(all.find("$argon2"), std::string::npos);
  EXPECT_EQ(all.find(issued.at("token").as_string().c_str()), std::string::npos);
  EXPECT_EQ(all.find("secret_hash"), std::string::npos);
  EXPECT_EQ(all.find("password_hash"), std::string::npos);
  for (const Credential& c : store_->Credentials(buyer_.user.id))
    EXPECT_EQ(all.find(c.secret_hash), std::string::npos);
}

// Found by fuzz_api: a request with a revoked token whose method held bytes that are not UTF-8 was recorded
// as refused with the method as it came, and the admin's GET /api/v1/audit then answered JSON text a client's
// parser refuses. Every answer is UTF-8 now, and the trail keeps U+FFFD in their place.
TEST_P(AuditTrail, ARefusedRequestWhoseMethodIsNotUtf8LeavesTheTrailReadable) {
  HttpRequest forged{"P\xff\xfe", "/api/v1/demands", ""};
  forged.headers.emplace_back("Authorization", "Bearer cst_0000000000000000000000000000000000000000000");
  EXPECT_EQ(api_->Handle(forged).status, 401);
  const HttpResponse r = Call("GET", "/api/v1/audit");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(FindInvalidUtf8(r.body), std::string::npos);
  boost::system::error_code ec;
  const json::value doc = json::parse(r.body, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(doc.at("items").at(0).at("action"), "request.denied");
  EXPECT_EQ(doc.at("items").at(0).at("entity"), "request:P\uFFFD\uFFFD /api/v1/demands");
  EXPECT_TRUE(VerifyAuditTrail(*store_).ok());
}

TEST_P(AuditTrail, TheChainHoldsAndDetectsAnEditedOrMissingRow) {
  ASSERT_EQ(As(buyer_, "POST", "/api/v1/demands", kDemand).status, 201);
  ASSERT_EQ(As(buyer_, "POST", "/api/v1/demands", kDemand).status, 201);
  AuditVerification v = VerifyAuditTrail(*store_);
  EXPECT_TRUE(v.ok()) << v.problem;
  EXPECT_GE(v.rows, 6u);  // 3 accounts + 3 tokens + 2 demands (+ the import)
  // Append-only for the store's users.
  EXPECT_FALSE(RawSql("UPDATE audit_log SET actor = 'someone else' WHERE id = 3"));
  EXPECT_FALSE(RawSql("DELETE FROM audit_log WHERE id = 3"));
  if (db_->postgresql()) {
    EXPECT_FALSE(RawSql("TRUNCATE audit_log"));
  }
  EXPECT_TRUE(VerifyAuditTrail(*store_).ok());
  // Someone with the file drops the guard and edits a row: the chain shows which.
  ASSERT_TRUE(DropGuard());
  ASSERT_TRUE(RawSql("UPDATE audit_log SET actor = 'someone else' WHERE id = 3"));
  v = VerifyAuditTrail(*store_);
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.first_bad_id, 3);
  EXPECT_NE(v.problem.find("edited"), std::string::npos) << v.problem;
}

TEST_P(AuditTrail, ARecomputedHashDoesNotHideAnEdit) {
  // Editing a row and fixing its own hash breaks the next row's link instead.
  ASSERT_EQ(As(buyer_, "POST", "/api/v1/demands", kDemand).status, 201);
  ASSERT_TRUE(DropGuard());
  AuditQuery q;
  q.entity = "user:buyer@oem1.example";
  AuditRecord r = store_->AuditTrail(q).at(0);
  r.by.actor = "someone else";
  r.hash = AuditHash(r);
  ASSERT_TRUE(RawSql("UPDATE audit_log SET actor = 'someone else', hash = '" + r.hash +
                     "' WHERE id = " + std::to_string(r.id)));
  AuditVerification v = VerifyAuditTrail(*store_);
  EXPECT_EQ(v.first_bad_id, r.id + 1) << v.problem;
  // A deleted row in the middle: the ids show the gap.
  ASSERT_TRUE(RawSql("DELETE FROM audit_log WHERE id = 2"));
  v = VerifyAuditTrail(*store_);
  EXPECT_EQ(v.first_bad_id, 3) << v.problem;
  EXPECT_NE(v.problem.find("missing"), std::string::npos) << v.problem;
}

TEST_P(AuditTrail, FiltersAndPaging) {
  ASSERT_EQ(As(buyer_, "POST", "/api/v1/demands", kDemand).status, 201);
  ASSERT_EQ(As(buyer_, "POST", "/api/v1/demands/DM1/close").status, 200);
  json::array rows = Trail("?entity=demand:DM1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.at(0).at("action"), "demand.close");
  // A bare record id finds its rows whatever kind they are filed under (it used to find nothing).
  rows = Trail("?entity=DM1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.at(0).at("entity"), "demand:DM1");
  EXPECT_EQ(Trail("?entity=buyer@oem1.example").size(), Trail("?entity=user:buyer@oem1.example").size());
  EXPECT_EQ(Trail("?entity=NO-SUCH-ID").size(), 0u);
  rows = Trail("?actor=BUYER@oem1.example");
  for (const json::value& r : rows) EXPECT_EQ(r.at("actor"), "buyer@oem1.example");
  EXPECT_GE(rows.size(), 2u);
  EXPECT_EQ(Trail("?since=2999-01-01").size(), 0u);
  EXPECT_GE(Trail("?since=2020-01-01T00:00:00Z").size(), 2u);
  const json::object page = Ok("GET", "/api/v1/audit?limit=2&offset=1");
  EXPECT_EQ(page.at("items").as_array().size(), 2u);
  EXPECT_GT(page.at("total").as_int64(), 3);
  EXPECT_EQ(page.at("items").at(0).at("id").as_int64(), page.at("total").as_int64() - 1);  // newest first
  Expect(std::vector<Case>{
      {"GET", "/api/v1/audit?since=yesterday", "", 400, "'since'"},
      {"GET", "/api/v1/audit?limit=5000", "", 400, "'limit'"},
      {"GET", "/api/v1/audit?actor=not-an-email", "", 400, "email"},
      {"GET", "/api/v1/audit?who=x", "", 400, "who"},
  });
}

TEST_P(AuditTrail, AnEnterprisesAdministratorReadsItsOwnMembersRowsOnly) {
  // oem1's administrator (a member flagged by a platform admin), and a plain member of oem1.
  const HttpResponse added = Call("POST", "/api/v1/users",
                                  R"({"email":"it@oem1.example","role":"member","enterprise":"oem1",)"
                                  R"("enterprise_admin":true,"password":"a long enough one"})");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_TRUE(json::parse(added.body).at("enterprise_admin").as_bool());
  EXPECT_EQ(
      Call(
          "POST", "/api/v1/users",
          R"({"email":"x@bureau.example","role":"analyst","enterprise_admin":true,"password":"a long enough one"})")
          .status,
      400);
  Principal it;
  it.user_id = json::parse(added.body).at("id").as_int64();
  it.email = "it@oem1.example";
  it.role = AccountRole::kMember;
  it.enterprise = "oem1";
  testing::TestAccount oem1_admin;
  oem1_admin.token = Accounts(*store_).IssueToken(it, "audit", 1).secret;

  ASSERT_EQ(As(buyer_, "POST", "/api/v1/demands", kDemand).status, 201);           // oem1's member writes
  ASSERT_EQ(As(other_, "POST", "/api/v1/tokens", R"({"name":"x"})").status, 201);  // cell1's member writes
  EXPECT_EQ(As(buyer_, "GET", "/api/v1/audit").status, 403);                       // a plain member: no
  const HttpResponse own = As(oem1_admin, "GET", "/api/v1/audit?limit=1000");
  ASSERT_EQ(own.status, 200) << own.body;
  const json::array rows = json::parse(own.body).at("items").as_array();
  ASSERT_FALSE(rows.empty());
  bool saw_demand = false;
  for (const json::value& r : rows) {
    EXPECT_EQ(r.at("enterprise"), "oem1") << json::serialize(r);
    saw_demand = saw_demand || r.at("action") == "demand.create";
  }
  EXPECT_TRUE(saw_demand);
  // /me says so, for the dashboard.
  EXPECT_TRUE(
      json::parse(As(oem1_admin, "GET", "/api/v1/me").body).at("user").at("enterprise_admin").as_bool());
}

}  // namespace
}  // namespace chainscope
