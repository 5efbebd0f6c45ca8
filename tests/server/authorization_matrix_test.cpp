// The authorization matrix: every route of the route table × every kind of caller → the status it must
// get, and no answer to a member ever holds another enterprise's confidential fields. A route added
// without its row here fails the test.
#include <gtest/gtest.h>

#include <array>
#include <boost/json.hpp>
#include <set>

#include "io/dataset_io.h"
#include "server/contract.h"
#include "server/routes.h"
#include "server/stored_api.h"

namespace chainscope {
namespace {
namespace json = boost::json;

// Callers, in the order of a row's statuses.
enum Caller { kAnonymous, kOwner, kOther, kAnalyst, kAdmin, kBureau, kCoordinator, kCallers };
constexpr const char* kCallerNames[] = {"anonymous",
                                        "member of the owner",
                                        "member of another enterprise",
                                        "analyst",
                                        "admin",
                                        "bureau of Jiangjin (the leads' place)",
                                        "coordinator"};

struct Row {
  std::string method, pattern;  // the route, as in the route table
  std::string target, body;     // a concrete request
  std::string owner;            // whose record or enterprise it is about ("member of the owner")
  // anonymous, member of the owner, member of another enterprise, analyst, admin, bureau, coordinator
  int status[kCallers];
};

const std::string kDemand =
    R"({"buyer":"oem1","component":"CHS-EPS","annual_quantity":100,"start_date":"2027-03-01",)"
    R"("max_distance_km":null,"required_certs":[],"prefer_local":false,"max_share":1,"status":"open"})";
const std::string kPolicy =
    R"({"place":"500116","kind":"land","title_zh":"用地保障","title_en":"Land","text_zh":"优先供地",)"
    R"("text_en":"Priority land","valid_from":"2026-01-01"})";
const std::string kOffer =
    R"({"supplier":"eps1","component":"CHS-EPS","annual_capacity":100,"unit_price_yuan":2300,)"
    R"("valid_until":null,"status":"open","price_public":false})";

/// Keys whose values name an enterprise an object belongs to.
bool OwnedBy(const json::object& o, const std::string& enterprise) {
  for (const char* key : {"id", "supplier", "buyer", "enterprise", "oem"}) {
    const json::value* v = o.if_contains(key);
    if (!v) continue;
    if (v->is_string() && v->get_string() == enterprise) return true;
    if (v->is_object())
      if (const json::value* id = v->get_object().if_contains("id");
          id && id->is_string() && *id == enterprise.c_str())
        return true;
  }
  return false;
}

/// Every object in `v` that holds a confidential field of an enterprise other than `viewer`'s. What is
/// inside an object of the viewer's (its own enterprise, its vehicle lines, its links) is the viewer's.
void FindLeaks(const json::value& v, const std::string& viewer, const std::string& where,
               std::vector<std::string>& leaks) {
  if (v.is_array()) {
    for (const json::value& x : v.get_array()) FindLeaks(x, viewer, where, leaks);
    return;
  }
  if (!v.is_object()) return;
  const json::object& o = v.get_object();
  if (OwnedBy(o, viewer)) return;
  const bool taxonomy = o.contains("typical_qty_per_vehicle");  // public reference prices of component types
  const bool offer = o.contains("price_public");                // a supplier's public posting
  if (!taxonomy) {
    for (const char* key : {"unit_price_yuan", "annual_volume", "annual_capacity", "committed", "customers",
                            "suppliers", "free_capacity", "value_yuan", "landed_cost_yuan"}) {
      if (!o.contains(key)) continue;
      if (offer && std::string_view(key) == "annual_capacity") continue;
      if (offer && std::string_view(key) == "unit_price_yuan" && o.at("price_public") == true) continue;
      leaks.push_back(where + ": " + key + " in " + json::serialize(o).substr(0, 300));
    }
  }
  for (const auto& kv : o) FindLeaks(kv.value(), viewer, where, leaks);
}

class AuthorizationMatrix : public testing::StoredApiTest {
 protected:
  void SetUp() override {
    Dataset d = ReadDataset(testing::MiniDataset());
    d.enterprises.push_back(
        {"lab1", "Test Lab", "检测所", Role::kInstitute, "500116", "", {}, 0, 10, true, ""});
    Open(d);
    members_["lab1"] = testing::AddTestAccount(*store_, "lab@lab1.example", "member", "lab1");
    members_["oem1"] = testing::AddTestAccount(*store_, "buyer@oem1.example", "member", "oem1");
    members_["eps1"] = testing::AddTestAccount(*store_, "sales@eps1.example", "member", "eps1");
    other_ = testing::AddTestAccount(*store_, "sales@cell1.example", "member", "cell1");
    analyst_ = testing::AddTestAccount(*store_, "analyst@bureau.example", "analyst");
    spare_ = testing::AddTestAccount(*store_, "spare@bureau.example", "analyst");
    bureau_ = testing::AddTestAccount(*store_, "invest@jiangjin.example", "bureau", "500116");
    coordinator_ = testing::AddTestAccount(*store_, "office@pilot.example", "coordinator");
    // A second token of the admin, to be revoked by the matrix's DELETE /tokens/{id}.
    Principal admin;
    admin.user_id = admin_.user.id;
    Accounts accounts(*store_);
    spare_token_ = accounts.IssueToken(admin, "spare", 1).credential.id;
    // Records to close (so that DM1 and OF1 stay open for the reads).
    ASSERT_EQ(Call("POST", "/api/v1/demands", R"({"id":"DM2",)" + kDemand.substr(1)).status, 201);
    ASSERT_EQ(Call("POST", "/api/v1/offers", R"({"id":"OF2",)" + kOffer.substr(1)).status, 201);
    // The matchmaking loop: demands of oem1 with responses to shortlist, decline, withdraw and accept,
    // and a deal of oem1 with eps1 (cell1, the other member, is party to none of them).
    for (const char* id : {"DM3", "DM4", "DM5"})
      ASSERT_EQ(
          Call("POST", "/api/v1/demands", R"({"id":")" + std::string(id) + "\"," + kDemand.substr(1)).status,
          201);
    // Two webhooks of oem1 (one to remove), so that its notices below are queued for delivery.
    hook_ = Webhook("oem1");
    removable_hook_ = Webhook("oem1");
    shortlist_ = Respond("DM3", "eps1");
    decline_ = Respond("DM3", "pack1");
    withdraw_ = Respond("DM4", "eps1");
    accept_ = Respond("DM4", "pack1");
    const HttpResponse deal = Call("POST", "/api/v1/responses/" + Respond("DM5", "eps1") + "/accept", "{}");
    ASSERT_EQ(deal.status, 201) << deal.body;
    deal_ = json::parse(deal.body).at("id").as_string().c_str();
    notice_ = std::to_string(store_->Notifications("oem1", false, 1, 0).at(0).id);
    // The lead registry: a lead of Jiangjin's bureau (LD00001), one of Chengdu's for the same investor and
    // component (LD00002, a clash to decide), a signed one of Jiangjin (LD00003), a policy of Jiangjin.
    const testing::TestAccount chengdu =
        testing::AddTestAccount(*store_, "invest@chengdu.example", "bureau", "510100");
    Lead(bureau_,
         R"({"investor":"eps1","components":["CHS-EPS"],"project":"EPS plant","investment_yuan":5e8})");
    Lead(chengdu,
         R"({"investor":"eps1","components":["CHS-EPS"],"project":"EPS base","investment_yuan":4e8})");
    const std::string signed_lead = Lead(
        bureau_, R"({"investor":"pack1","components":["BAT-PACK"],"project":"Packs","investment_yuan":2e9})");
    HttpRequest sign = testing::As(bureau_, "POST", "/api/v1/leads/" + signed_lead + "/stage",
                                   R"({"stage":"signed","date":"2026-01-05","contract_value_yuan":1.8e9})");
    sign.headers.emplace_back("Content-Type", "application/json");
    ASSERT_EQ(api_->Handle(sign).status, 200);
    HttpRequest policy = testing::As(bureau_, "POST", "/api/v1/policies", kPolicy);
    policy.headers.emplace_back("Content-Type", "application/json");
    const HttpResponse made = api_->Handle(policy);
    ASSERT_EQ(made.status, 201) << made.body;
    policy_ = json::parse(made.body).at("id").as_string().c_str();
    delivery_ = std::to_string(store_->Deliveries(std::stoll(hook_), 1).at(0).id);
    // Services: two of lab1 (SV00001 bookable, SV00002 to close), three anonymous requests of oem1
    // (SR00001 with lab1's interest SI00001, SR00002, SR00003 to close), two bookings of oem1 on SV00001
    // (BK00001 to cancel, BK00002 to confirm).
    for (int i = 0; i < 2; ++i)
      ASSERT_EQ(Call("POST", "/api/v1/services",
                     R"({"provider":"lab1","kind":"testing","title_zh":"电磁兼容","title_en":"EMC",)"
                     R"("bookable":true,"capacity_hours_per_year":2000})")
                    .status,
                201);
    for (int i = 0; i < 3; ++i)
      ASSERT_EQ(Call("POST", "/api/v1/service-requests",
                     R"({"requester":"oem1","kind":"testing","anonymous":true})")
                    .status,
                201);
    ASSERT_EQ(As(members_.at("lab1"), "POST", "/api/v1/service-requests/SR00001/interests",
                 R"({"service":"SV00001"})")
                  .status,
              201);
    for (int day : {10, 11})
      ASSERT_EQ(
          As(members_.at("oem1"), "POST", "/api/v1/services/SV00001/bookings", testing::SlotBody(day)).status,
          201);
  }

  /// A lead registered by `bureau` with this body; its id.
  std::string Lead(const testing::TestAccount& bureau, const std::string& body) {
    HttpRequest r = testing::As(bureau, "POST", "/api/v1/leads", body);
    r.headers.emplace_back("Content-Type", "application/json");
    const HttpResponse answer = api_->Handle(r);
    EXPECT_EQ(answer.status, 201) << answer.body;
    return json::parse(answer.body).at("id").as_string().c_str();
  }

  /// A webhook of a member of `enterprise` (to a loopback port nothing listens on); its id.
  std::string Webhook(const std::string& enterprise) {
    HttpRequest r = testing::As(members_.at(enterprise), "POST", "/api/v1/webhooks",
                                R"({"url":"http://127.0.0.1:9/hook"})");
    r.headers.emplace_back("Content-Type", "application/json");
    const HttpResponse answer = api_->Handle(r);
    EXPECT_EQ(answer.status, 201) << answer.body;
    return std::to_string(json::parse(answer.body).at("id").as_int64());
  }

  /// A response of `supplier` to `demand`, made by the admin; its id.
  std::string Respond(const std::string& demand, const std::string& supplier) {
    const HttpResponse r = Call("POST", "/api/v1/demands/" + demand + "/responses",
                                R"({"supplier":")" + supplier +
                                    R"(","annual_quantity":100,"unit_price_yuan":2200,"lead_time_days":30})");
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body).at("id").as_string().c_str();
  }

  HttpResponse CallAs(Caller who, const Row& row) {
    HttpRequest r{row.method, row.target, row.body};
    if (!row.body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    const testing::TestAccount* account = nullptr;
    if (who == kOwner) account = &members_.at(row.owner);
    if (who == kOther) account = &other_;
    if (who == kAnalyst) account = &analyst_;
    if (who == kAdmin) account = &admin_;
    if (who == kBureau) account = &bureau_;
    if (who == kCoordinator) account = &coordinator_;
    if (account) r.headers.push_back(account->AuthHeader());
    return api_->Handle(r);
  }

  std::map<std::string, testing::TestAccount> members_;
  testing::TestAccount other_, analyst_, spare_, bureau_, coordinator_;
  std::string policy_;
  std::int64_t spare_token_ = 0;
  std::string shortlist_, decline_, withdraw_, accept_, deal_;
  std::string hook_, removable_hook_, notice_, delivery_;
};

TEST_F(AuthorizationMatrix, EveryRouteForEveryCaller) {
  const std::string spare_user = std::to_string(spare_.user.id);
  const std::string login =
      R"({"email":"analyst@bureau.example","password":")" + std::string(testing::kTestPassword) + "\"}";
  // status: anonymous, member of the owner, member of another enterprise, analyst, admin, bureau, coordinator
  const std::vector<Row> rows = {
      {"GET", "/api/v1/health", "/api/v1/health", "", "oem1", {200, 200, 200, 200, 200, 200, 200}},
      {"GET",
       "/api/v1/openapi.json",
       "/api/v1/openapi.json",
       "",
       "oem1",
       {200, 200, 200, 200, 200, 200, 200}},
      {"GET", "/api/v1/places", "/api/v1/places", "", "oem1", {200, 200, 200, 200, 200, 200, 200}},
      {"GET",
       "/api/v1/places/enterprises",
       "/api/v1/places/enterprises",
       "",
       "oem1",
       {200, 200, 200, 200, 200, 200, 200}},
      {"GET", "/api/v1/taxonomy", "/api/v1/taxonomy", "", "oem1", {200, 200, 200, 200, 200, 200, 200}},
      {"GET", "/api/v1/calibration", "/api/v1/calibration", "", "oem1", {200, 200, 200, 200, 200, 200, 200}},
      {"GET", "/api/v1/enterprises", "/api/v1/enterprises", "", "oem1", {200, 200, 200, 200, 200, 200, 200}},
      {"GET",
       "/api/v1/enterprises/{id}",
       "/api/v1/enterprises/oem1",
       "",
       "oem1",
       {200, 200, 200, 200, 200, 200, 200}},
      {"GET", "/api/v1/links", "/api/v1/links", "", "oem1", {401, 200, 200, 200, 200, 200, 200}},
      {"GET",
       "/api/v1/links/buyers",
       "/api/v1/links/buyers",
       "",
       "oem1",
       {401, 403, 403, 200, 200, 200, 200}},
      {"POST",
       "/api/v1/match",
       "/api/v1/match",
       R"({"demand":"DM1"})",
       "oem1",
       {401, 200, 403, 200, 200, 200, 200}},
      {"POST",
       "/api/v1/allocations",
       "/api/v1/allocations",
       "{}",
       "oem1",
       {401, 200, 200, 200, 200, 200, 200}},
      {"GET", "/api/v1/demands", "/api/v1/demands", "", "oem1", {401, 200, 200, 200, 200, 200, 200}},
      {"POST", "/api/v1/demands", "/api/v1/demands", kDemand, "oem1", {401, 201, 403, 403, 201, 403, 403}},
      {"GET", "/api/v1/demands/{id}", "/api/v1/demands/DM1", "", "oem1", {401, 200, 200, 200, 200, 200, 200}},
      {"PUT",
       "/api/v1/demands/{id}",
       "/api/v1/demands/DM1",
       kDemand,
       "oem1",
       {401, 200, 404, 403, 200, 403, 403}},
      {"POST",
       "/api/v1/demands/{id}/close",
       "/api/v1/demands/DM2/close",
       "",
       "oem1",
       {401, 200, 404, 403, 200, 403, 403}},
      {"GET", "/api/v1/offers", "/api/v1/offers", "", "eps1", {401, 200, 200, 200, 200, 200, 200}},
      {"POST", "/api/v1/offers", "/api/v1/offers", kOffer, "eps1", {401, 201, 403, 403, 201, 403, 403}},
      {"GET", "/api/v1/offers/{id}", "/api/v1/offers/OF1", "", "eps1", {401, 200, 200, 200, 200, 200, 200}},
      {"PUT",
       "/api/v1/offers/{id}",
       "/api/v1/offers/OF1",
       kOffer,
       "eps1",
       {401, 200, 404, 403, 200, 403, 403}},
      {"POST",
       "/api/v1/offers/{id}/close",
       "/api/v1/offers/OF2/close",
       "",
       "eps1",
       {401, 200, 404, 403, 200, 403, 403}},
      {"POST",
       "/api/v1/demands/{id}/responses",
       "/api/v1/demands/DM1/responses",
       R"({"supplier":"eps1","annual_quantity":100,"unit_price_yuan":2200,"lead_time_days":30})",
       "eps1",
       {401, 201, 403, 403, 409, 403, 403}},
      {"GET",
       "/api/v1/demands/{id}/responses",
       "/api/v1/demands/DM3/responses",
       "",
       "oem1",
       {401, 200, 200, 200, 200, 200, 200}},
      {"GET", "/api/v1/responses", "/api/v1/responses", "", "oem1", {401, 200, 200, 200, 200, 200, 200}},
      {"POST",
       "/api/v1/responses/{id}/shortlist",
       "/api/v1/responses/" + shortlist_ + "/shortlist",
       "",
       "oem1",
       {401, 200, 404, 403, 200, 403, 403}},
      {"POST",
       "/api/v1/responses/{id}/decline",
       "/api/v1/responses/" + decline_ + "/decline",
       "",
       "oem1",
       {401, 200, 404, 403, 409, 403, 403}},
      {"POST",
       "/api/v1/responses/{id}/withdraw",
       "/api/v1/responses/" + withdraw_ + "/withdraw",
       "",
       "eps1",
       {401, 200, 404, 403, 409, 403, 403}},
      {"POST",
       "/api/v1/responses/{id}/accept",
       "/api/v1/responses/" + accept_ + "/accept",
       "{}",
       "oem1",
       {401, 201, 404, 403, 409, 403, 403}},
      {"GET", "/api/v1/deals", "/api/v1/deals", "", "oem1", {401, 200, 200, 200, 200, 200, 200}},
      {"GET", "/api/v1/inbox", "/api/v1/inbox", "", "oem1", {401, 200, 200, 200, 200, 200, 200}},
      {"POST",
       "/api/v1/inbox/{id}/read",
       "/api/v1/inbox/" + notice_ + "/read",
       "",
       "oem1",
       {401, 200, 404, 403, 403, 404, 404}},
      {"GET",
       "/api/v1/inbox/settings",
       "/api/v1/inbox/settings",
       "",
       "oem1",
       {401, 200, 200, 403, 403, 403, 403}},
      {"PUT",
       "/api/v1/inbox/settings",
       "/api/v1/inbox/settings",
       R"({"match_threshold":0.4})",
       "oem1",
       {401, 200, 200, 403, 403, 403, 403}},
      {"GET", "/api/v1/webhooks", "/api/v1/webhooks", "", "oem1", {401, 200, 200, 403, 403, 200, 200}},
      {"POST",
       "/api/v1/webhooks",
       "/api/v1/webhooks",
       R"({"url":"http://127.0.0.1:9/other"})",
       "oem1",
       {401, 201, 201, 403, 403, 201, 201}},
      {"GET",
       "/api/v1/webhooks/{id}/deliveries",
       "/api/v1/webhooks/" + hook_ + "/deliveries",
       "",
       "oem1",
       {401, 200, 404, 403, 403, 404, 404}},
      {"POST",
       "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver",
       "/api/v1/webhooks/" + hook_ + "/deliveries/" + delivery_ + "/redeliver",
       "",
       "oem1",
       {401, 202, 404, 403, 403, 404, 404}},
      {"DELETE",
       "/api/v1/webhooks/{id}",
       "/api/v1/webhooks/" + removable_hook_,
       "",
       "oem1",
       {401, 200, 404, 403, 403, 404, 404}},
      {"GET",
       "/api/v1/platform/kpis",
       "/api/v1/platform/kpis",
       "",
       "oem1",
       {401, 403, 403, 200, 200, 200, 200}},
      {"GET",
       "/api/v1/deals/{id}",
       "/api/v1/deals/" + deal_,
       "",
       "oem1",
       {401, 200, 404, 200, 200, 200, 200}},
      {"POST",
       "/api/v1/deals/{id}/confirm",
       "/api/v1/deals/" + deal_ + "/confirm",
       "",
       "oem1",
       {401, 200, 404, 403, 403, 403, 403}},
      {"GET",
       "/api/v1/analytics/localization",
       "/api/v1/analytics/localization",
       "",
       "oem1",
       {401, 403, 403, 200, 200, 200, 200}},
      {"GET",
       "/api/v1/analytics/flows",
       "/api/v1/analytics/flows",
       "",
       "oem1",
       {401, 403, 403, 200, 200, 200, 200}},
      {"GET",
       "/api/v1/analytics/weak-links",
       "/api/v1/analytics/weak-links",
       "",
       "oem1",
       {401, 403, 403, 200, 200, 200, 200}},
      {"GET",
       "/api/v1/analytics/invest",
       "/api/v1/analytics/invest",
       "",
       "oem1",
       {401, 403, 403, 200, 200, 200, 200}},
      {"POST",
       "/api/v1/analytics/invest/what-if",
       "/api/v1/analytics/invest/what-if",
       R"({"component":"CHS-EPS","place":"510100"})",
       "oem1",
       {401, 403, 403, 200, 200, 200, 200}},
      // A member selects sites for its own enterprise; staff for any.
      {"POST",
       "/api/v1/analytics/site-selection",
       "/api/v1/analytics/site-selection",
       R"({"enterprise":"oem1","component":"CHS-EPS","capacity":1000})",
       "oem1",
       {401, 200, 403, 200, 200, 200, 200}},
      {"GET",
       "/api/v1/analytics/localization-frontier",
       "/api/v1/analytics/localization-frontier?steps=3",
       "",
       "oem1",
       {401, 403, 403, 200, 200, 200, 200}},
      {"GET", "/api/v1/duplicates", "/api/v1/duplicates", "", "oem1", {401, 403, 403, 200, 200, 200, 200}},
      // Registrations: anyone registers (here a body without its fields, refused at the door by everyone);
      // admins review, see the licence and decide (registration 999 does not exist); anyone with a link sets
      // its password (this one works for nobody); an enterprise's administrator invites (the matrix's members
      // are not administrators; an admin must name the enterprise) and edits its profile.
      {"POST",
       "/api/v1/registrations",
       "/api/v1/registrations",
       "{}",
       "oem1",
       {400, 400, 400, 400, 400, 400, 400}},
      {"GET",
       "/api/v1/registrations",
       "/api/v1/registrations",
       "",
       "oem1",
       {401, 403, 403, 403, 200, 403, 403}},
      {"GET",
       "/api/v1/registrations/{id}/licence",
       "/api/v1/registrations/999/licence",
       "",
       "oem1",
       {401, 403, 403, 403, 404, 403, 403}},
      {"POST",
       "/api/v1/registrations/{id}/approve",
       "/api/v1/registrations/999/approve",
       "",
       "oem1",
       {401, 403, 403, 403, 404, 403, 403}},
      {"POST",
       "/api/v1/registrations/{id}/reject",
       "/api/v1/registrations/999/reject",
       R"({"reason":"unreadable"})",
       "oem1",
       {401, 403, 403, 403, 404, 403, 403}},
      {"POST",
       "/api/v1/auth/set-password",
       "/api/v1/auth/set-password",
       R"({"token":"cs_p_unknown","password":"a-long-password"})",
       "oem1",
       {404, 404, 404, 404, 404, 404, 404}},
      {"POST",
       "/api/v1/invitations",
       "/api/v1/invitations",
       R"({"email":"new@colleague.example"})",
       "oem1",
       {401, 403, 403, 403, 400, 403, 403}},
      {"GET", "/api/v1/colleagues", "/api/v1/colleagues", "", "oem1", {401, 403, 403, 403, 403, 403, 403}},
      {"POST",
       "/api/v1/colleagues/{id}/disable",
       "/api/v1/colleagues/999/disable",
       "",
       "oem1",
       {401, 403, 403, 403, 403, 403, 403}},
      {"POST",
       "/api/v1/colleagues/{id}/enable",
       "/api/v1/colleagues/999/enable",
       "",
       "oem1",
       {401, 403, 403, 403, 403, 403, 403}},
      // R&D and testing services: lab1's services, oem1's requests and bookings.
      {"GET",
       "/api/v1/services/utilization",
       "/api/v1/services/utilization",
       "",
       "lab1",
       {401, 403, 403, 200, 200, 200, 200}},
      {"GET", "/api/v1/services", "/api/v1/services", "", "lab1", {200, 200, 200, 200, 200, 200, 200}},
      {"POST",
       "/api/v1/services",
       "/api/v1/services",
       R"({"provider":"lab1","kind":"design","title_zh":"设计","title_en":"Design"})",
       "lab1",
       {401, 201, 403, 403, 201, 403, 403}},
      {"GET",
       "/api/v1/services/{id}",
       "/api/v1/services/SV00001",
       "",
       "lab1",
       {200, 200, 200, 200, 200, 200, 200}},
      {"PUT",
       "/api/v1/services/{id}",
       "/api/v1/services/SV00001",
       R"({"equipment":"10 m chamber"})",
       "lab1",
       {401, 200, 404, 403, 200, 403, 403}},
      {"POST",
       "/api/v1/services/{id}/close",
       "/api/v1/services/SV00002/close",
       "",
       "lab1",
       {401, 200, 404, 403, 200, 403, 403}},
      {"GET",
       "/api/v1/services/{id}/bookings",
       "/api/v1/services/SV00001/bookings",
       "",
       "lab1",
       {401, 200, 200, 200, 200, 200, 200}},
      // The same slot for each caller: the provider books it, then it is taken (409, past the door).
      {"POST",
       "/api/v1/services/{id}/bookings",
       "/api/v1/services/SV00001/bookings",
       testing::SlotBody(20),
       "lab1",
       {401, 201, 409, 403, 409, 403, 403}},
      {"DELETE",
       "/api/v1/services/{id}/bookings/{booking}",
       "/api/v1/services/SV00001/bookings/BK00001",
       "",
       "oem1",
       {401, 200, 404, 403, 409, 403, 403}},
      {"POST",
       "/api/v1/services/{id}/bookings/{booking}/confirm",
       "/api/v1/services/SV00001/bookings/BK00002/confirm",
       "",
       "lab1",
       {401, 200, 404, 403, 409, 403, 403}},
      {"GET",
       "/api/v1/service-requests",
       "/api/v1/service-requests",
       "",
       "oem1",
       {401, 200, 200, 200, 200, 200, 200}},
      {"POST",
       "/api/v1/service-requests",
       "/api/v1/service-requests",
       R"({"requester":"oem1","kind":"testing"})",
       "oem1",
       {401, 201, 403, 403, 201, 403, 403}},
      {"GET",
       "/api/v1/service-requests/{id}",
       "/api/v1/service-requests/SR00001",
       "",
       "oem1",
       {401, 200, 200, 200, 200, 200, 200}},
      {"PUT",
       "/api/v1/service-requests/{id}",
       "/api/v1/service-requests/SR00001",
       R"({"note":"EMC of a motor"})",
       "oem1",
       {401, 200, 404, 403, 200, 403, 403}},
      {"POST",
       "/api/v1/service-requests/{id}/close",
       "/api/v1/service-requests/SR00003/close",
       "",
       "oem1",
       {401, 200, 404, 403, 200, 403, 403}},
      {"POST",
       "/api/v1/service-requests/{id}/match",
       "/api/v1/service-requests/SR00001/match",
       "",
       "oem1",
       {401, 200, 404, 200, 200, 200, 200}},
      {"GET",
       "/api/v1/service-requests/{id}/interests",
       "/api/v1/service-requests/SR00001/interests",
       "",
       "oem1",
       {401, 200, 200, 200, 200, 200, 200}},
      {"POST",
       "/api/v1/service-requests/{id}/interests",
       "/api/v1/service-requests/SR00002/interests",
       R"({"service":"SV00001"})",
       "lab1",
       {401, 201, 403, 403, 409, 403, 403}},
      {"POST",
       "/api/v1/service-requests/{id}/interests/{interest}/accept",
       "/api/v1/service-requests/SR00001/interests/SI00001/accept",
       "",
       "oem1",
       {401, 200, 404, 403, 409, 403, 403}},
      {"PUT",
       "/api/v1/enterprises/{id}",
       "/api/v1/enterprises/oem1",
       R"({"employees":5001})",
       "oem1",
       {401, 403, 403, 403, 200, 403, 403}},
      // Imports: admins (here the body's type is refused once allowed); an enterprise's administrator its own
      // capabilities (the matrix's members are not administrators).
      {"POST",
       "/api/v1/imports",
       "/api/v1/imports?kind=capabilities",
       "supplier,component\n",
       "oem1",
       {401, 403, 403, 403, 400, 403, 403}},
      {"POST",
       "/api/v1/duplicates/merge",
       "/api/v1/duplicates/merge",
       R"({"keep":"oem1","drop":"ghost"})",
       "oem1",
       {401, 403, 403, 403, 404, 403, 403}},
      {"GET", "/api/v1/stress", "/api/v1/stress", "", "oem1", {401, 403, 403, 200, 200, 200, 200}},
      {"POST",
       "/api/v1/stress",
       "/api/v1/stress",
       R"({"ttr_days":30})",
       "oem1",
       {401, 403, 403, 202, 202, 202, 202}},
      {"GET", "/api/v1/stress/{id}", "/api/v1/stress/J404", "", "oem1", {401, 403, 403, 404, 404, 404, 404}},
      {"DELETE",
       "/api/v1/stress/{id}",
       "/api/v1/stress/J404",
       "",
       "oem1",
       {401, 403, 403, 404, 404, 404, 404}},
      {"POST",
       "/api/v1/auth/login",
       "/api/v1/auth/login",
       login,
       "oem1",
       {200, 200, 200, 200, 200, 200, 200}},
      {"GET", "/api/v1/me", "/api/v1/me", "", "oem1", {200, 200, 200, 200, 200, 200, 200}},
      {"GET", "/api/v1/tokens", "/api/v1/tokens", "", "oem1", {401, 200, 200, 200, 200, 200, 200}},
      {"POST",
       "/api/v1/tokens",
       "/api/v1/tokens",
       R"({"name":"ci"})",
       "oem1",
       {401, 201, 201, 201, 201, 201, 201}},
      {"DELETE",
       "/api/v1/tokens/{id}",
       "/api/v1/tokens/" + std::to_string(spare_token_),
       "",
       "oem1",
       {401, 404, 404, 404, 200, 404, 404}},
      {"GET", "/api/v1/users", "/api/v1/users", "", "oem1", {401, 403, 403, 403, 200, 403, 403}},
      {"GET", "/api/v1/audit", "/api/v1/audit", "", "oem1", {401, 403, 403, 403, 200, 403, 403}},
      {"POST",
       "/api/v1/users",
       "/api/v1/users",
       R"({"email":"new@bureau.example","role":"analyst","password":"a long enough one"})",
       "oem1",
       {401, 403, 403, 403, 201, 403, 403}},
      {"POST",
       "/api/v1/users/{id}/disable",
       "/api/v1/users/" + spare_user + "/disable",
       "",
       "oem1",
       {401, 403, 403, 403, 200, 403, 403}},
      {"POST",
       "/api/v1/users/{id}/enable",
       "/api/v1/users/" + spare_user + "/enable",
       "",
       "oem1",
       {401, 403, 403, 403, 200, 403, 403}},
      {"POST",
       "/api/v1/users/{id}/password",
       "/api/v1/users/" + spare_user + "/password",
       R"({"password":"another long one"})",
       "oem1",
       {401, 403, 403, 403, 200, 403, 403}},
      // Joint investment promotion: the registry is its bureaus' and coordinators'; analysts see the KPIs.
      {"GET", "/api/v1/leads", "/api/v1/leads", "", "oem1", {401, 403, 403, 403, 200, 200, 200}},
      {"POST",
       "/api/v1/leads",
       "/api/v1/leads",
       R"({"place":"500116","investor":"eps1","components":["CHS-EPS"],"project":"P","investment_yuan":1e8})",
       "oem1",
       {401, 403, 403, 403, 201, 201, 201}},
      {"GET", "/api/v1/leads/{id}", "/api/v1/leads/LD00001", "", "oem1", {401, 403, 403, 403, 200, 200, 200}},
      {"PUT",
       "/api/v1/leads/{id}",
       "/api/v1/leads/LD00001",
       R"({"notes":"met the investor"})",
       "oem1",
       {401, 403, 403, 403, 200, 200, 200}},
      {"POST",
       "/api/v1/leads/{id}/stage",
       "/api/v1/leads/LD00001/stage",
       R"({"stage":"negotiating"})",
       "oem1",
       {401, 403, 403, 403, 200, 409, 409}},
      {"POST",
       "/api/v1/leads/{id}/funds",
       "/api/v1/leads/LD00003/funds",
       R"({"amount_yuan":1e8,"date":"2026-02-01"})",
       "oem1",
       {401, 403, 403, 403, 200, 200, 200}},
      {"GET",
       "/api/v1/leads/{id}/recommendation",
       "/api/v1/leads/LD00001/recommendation",
       "",
       "oem1",
       {401, 403, 403, 403, 200, 200, 200}},
      {"POST",
       "/api/v1/leads/{id}/arbitration",
       "/api/v1/leads/LD00001/arbitration",
       R"({"place":"500116","note":"Jiangjin reported it first"})",
       "oem1",
       {401, 403, 403, 403, 200, 403, 409}},
      {"GET",
       "/api/v1/promotion/kpis",
       "/api/v1/promotion/kpis",
       "",
       "oem1",
       {401, 403, 403, 200, 200, 200, 200}},
      {"GET",
       "/api/v1/promotion/localization-gain",
       "/api/v1/promotion/localization-gain",
       "",
       "oem1",
       {401, 403, 403, 200, 200, 200, 200}},
      {"GET",
       "/api/v1/promotion/settings",
       "/api/v1/promotion/settings",
       "",
       "oem1",
       {401, 403, 403, 200, 200, 200, 200}},
      {"PUT",
       "/api/v1/promotion/settings",
       "/api/v1/promotion/settings",
       R"({"protection_threshold_yuan":1e9})",
       "oem1",
       {401, 403, 403, 403, 200, 403, 200}},
      {"GET", "/api/v1/policies", "/api/v1/policies", "", "oem1", {200, 200, 200, 200, 200, 200, 200}},
      {"POST", "/api/v1/policies", "/api/v1/policies", kPolicy, "oem1", {401, 403, 403, 403, 201, 201, 201}},
      {"PUT",
       "/api/v1/policies/{id}",
       "/api/v1/policies/" + policy_,
       kPolicy,
       "oem1",
       {401, 403, 403, 403, 200, 200, 200}},
      // Last: signing out revokes the token each caller used.
      {"POST", "/api/v1/auth/logout", "/api/v1/auth/logout", "", "oem1", {401, 200, 200, 200, 200, 200, 200}},
  };
  // Every route has exactly one row, and every row is a route.
  std::set<std::string> routes, covered;
  for (const Route& r : RouteTable()) routes.insert(r.method + " " + r.pattern);
  for (const Row& row : rows) {
    EXPECT_TRUE(routes.contains(row.method + " " + row.pattern)) << "no such route: " << row.pattern;
    EXPECT_TRUE(covered.insert(row.method + " " + row.pattern).second) << "two rows for " << row.pattern;
  }
  for (const std::string& r : routes) EXPECT_TRUE(covered.contains(r)) << "a route without its row: " << r;

  for (const Row& row : rows) {
    for (int who = 0; who < kCallers; ++who) {
      SCOPED_TRACE(row.method + " " + row.target + " as " + kCallerNames[who]);
      const HttpResponse r = CallAs(static_cast<Caller>(who), row);
      EXPECT_EQ(r.status, row.status[who]) << r.body;
      // Every answer writes its numbers in plain decimals (4783.8, not 4.7838E3).
      EXPECT_EQ(testing::NumberWithExponent(r.body), "");
      // and is what the OpenAPI document says it is: the route's schema, or Error.
      for (const std::string& v : testing::ContractViolations(row.method, row.pattern, r)) ADD_FAILURE() << v;
      // (The OpenAPI document names the fields; it holds no data.)
      if ((who != kOwner && who != kOther) || row.pattern == "/api/v1/openapi.json") continue;
      // No confidential field of another enterprise in any answer to a member.
      const std::string viewer = who == kOwner ? row.owner : "cell1";
      boost::system::error_code ec;
      const json::value body = json::parse(r.body, ec);
      ASSERT_FALSE(ec) << r.body;
      std::vector<std::string> leaks;
      FindLeaks(body, viewer, row.target, leaks);
      for (const std::string& leak : leaks) ADD_FAILURE() << leak;
    }
  }
}

TEST_F(AuthorizationMatrix, WhatEachCallerSeesOfOneEnterpriseAndItsLinks) {
  auto get = [&](const testing::TestAccount* who, const std::string& target) {
    HttpRequest r{"GET", target, ""};
    if (who) r.headers.push_back(who->AuthHeader());
    const HttpResponse answer = api_->Handle(r);
    EXPECT_EQ(answer.status, 200) << target << ": " << answer.body;
    return json::parse(answer.body).as_object();
  };
  const json::object own = get(&members_.at("oem1"), "/api/v1/enterprises/oem1");
  EXPECT_TRUE(own.at("private").as_bool());
  EXPECT_EQ(own.at("suppliers").as_array().size(), 2u);
  EXPECT_EQ(own.at("vehicle_lines").as_array().at(0).as_object().count("annual_volume"), 1u);
  for (const testing::TestAccount* who : std::array<const testing::TestAccount*, 2>{&other_, nullptr}) {
    const json::object seen = get(who, "/api/v1/enterprises/oem1");
    EXPECT_FALSE(seen.at("private").as_bool());
    EXPECT_FALSE(seen.contains("suppliers"));
    EXPECT_FALSE(seen.contains("customers"));
    EXPECT_FALSE(seen.contains("ttr_days"));
    EXPECT_EQ(seen.at("vehicle_lines").as_array().at(0).as_object().count("annual_volume"), 0u);
    EXPECT_EQ(seen.at("name").as_string(), "Test Motors, Jiangjin");  // the public directory entry
    EXPECT_EQ(seen.at("certifications").as_array().size(), 1u);
  }
  const json::object pack = get(&members_.at("oem1"), "/api/v1/enterprises/pack1");
  EXPECT_EQ(pack.at("capabilities").as_array().at(0).at("component").as_string(), "BAT-PACK");
  EXPECT_FALSE(pack.at("capabilities").as_array().at(0).as_object().contains("annual_capacity"));
  // Links: each member only its own (cell1 supplies pack1); the analyst all three; ?buyer= of someone
  // else's gives nothing.
  EXPECT_EQ(get(&members_.at("oem1"), "/api/v1/links").at("total").as_int64(), 2);
  EXPECT_EQ(get(&other_, "/api/v1/links").at("total").as_int64(), 1);
  EXPECT_EQ(get(&other_, "/api/v1/links?buyer=oem1").at("total").as_int64(), 0);
  EXPECT_EQ(get(&analyst_, "/api/v1/links").at("total").as_int64(), 3);
  // The same URL cached for one viewer class is never served to another.
  EXPECT_EQ(get(&analyst_, "/api/v1/links").at("total").as_int64(), 3);
  EXPECT_EQ(get(&other_, "/api/v1/links").at("total").as_int64(), 1);
  EXPECT_EQ(api_->Handle({"GET", "/api/v1/links", ""}).status, 401);
  // Offers: the price only when published, or to the supplier.
  EXPECT_FALSE(get(&other_, "/api/v1/offers/OF1").contains("unit_price_yuan"));
  EXPECT_TRUE(get(&members_.at("eps1"), "/api/v1/offers/OF1").contains("unit_price_yuan"));
  ASSERT_EQ(Call("PUT", "/api/v1/offers/OF1", kOffer.substr(0, kOffer.size() - 6) + "true}").status, 200);
  EXPECT_EQ(get(&other_, "/api/v1/offers/OF1").at("unit_price_yuan").to_number<double>(), 2300);
  // A closed demand is its buyer's: others get 404 and do not see it listed.
  ASSERT_EQ(Call("POST", "/api/v1/demands/DM2/close").status, 200);
  HttpRequest closed{"GET", "/api/v1/demands/DM2", ""};
  closed.headers.push_back(other_.AuthHeader());
  EXPECT_EQ(api_->Handle(closed).status, 404);
  EXPECT_EQ(get(&other_, "/api/v1/demands").at("total").as_int64(), 4);  // DM1, DM3–5: open
  EXPECT_EQ(get(&members_.at("oem1"), "/api/v1/demands").at("total").as_int64(), 5);
}

}  // namespace
}  // namespace chainscope
