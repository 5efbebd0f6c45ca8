// Joint investment promotion through the real API on each store: clashes on new and existing investors
// (a Chinese and an English name of one company included), notices to both bureaus and the coordinators,
// first-report protection and arbitration, what a bureau sees of another's leads (never amounts,
// contacts or notes, in any route or export), and the KPIs by share.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <thread>

#include "io/dataset_io.h"
#include "server/stored_api.h"
#include "with_duplicates.h"

namespace chainscope {
namespace {
namespace json = boost::json;

class PromotionTest : public testing::StoredApiOnEachBackend {
 protected:
  void SetUp() override {
    Open(ReadDataset(testing::MiniDataset()));
    jiangjin_ = testing::AddTestAccount(*store_, "invest@jiangjin.example", "bureau", "500116");
    chengdu_ = testing::AddTestAccount(*store_, "invest@chengdu.example", "bureau", "510100");
    coordinator_ = testing::AddTestAccount(*store_, "office@pilot.example", "coordinator");
    analyst_ = testing::AddTestAccount(*store_, "analyst@bureau.example", "analyst");
    member_ = testing::AddTestAccount(*store_, "buyer@oem1.example", "member", "oem1");
  }

  /// The event types in an account's inbox, newest first, and the whole page's text.
  std::vector<std::string> Events(const testing::TestAccount& a, std::string* text = nullptr) {
    const HttpResponse r = As(a, "GET", "/api/v1/inbox");
    EXPECT_EQ(r.status, 200) << r.body;
    if (text) *text = r.body;
    std::vector<std::string> out;
    const json::value page = json::parse(r.body);
    for (const json::value& n : page.at("items").as_array()) out.emplace_back(n.at("event").as_string());
    return out;
  }

  testing::TestAccount jiangjin_, chengdu_, coordinator_, analyst_, member_;
};

TEST_P(PromotionTest, TwoBureausCourtOneCompanyByItsChineseAndEnglishNamesAndTheCoordinatorDecides) {
  const json::object first =
      OkAs(jiangjin_, "POST", "/api/v1/leads",
           R"({"investor_name_zh":"宁德时代新能源科技股份有限公司","components":["BAT-PACK"],)"
           R"("project":"电池包基地","investment_yuan":2000000000,"annual_capacity":100000,)"
           R"("contact":"SECRET-CONTACT-JJ","notes":"SECRET-NOTE-JJ"})",
           201);
  EXPECT_EQ(first.at("id").as_string(), "LD00001");
  EXPECT_EQ(first.at("place").as_string(), "500116");
  EXPECT_EQ(first.at("stage").as_string(), "lead");
  EXPECT_TRUE(first.at("clashes").as_array().empty());
  EXPECT_FALSE(first.at("contested").as_bool());
  // Chengdu enters the same company by its English name, for a project naming the pack too: a clash, and
  // as the project is protected (≥ 1 bn yuan) and Jiangjin reported it first, Chengdu's lead is contested.
  const json::object second = OkAs(
      chengdu_, "POST", "/api/v1/leads",
      R"({"investor_name_en":"Contemporary Amperex Technology Co., Limited","components":["BAT-CELL","BAT-PACK"],)"
      R"("project":"Cell and pack plant","investment_yuan":1500000000,"contact":"SECRET-CONTACT-CD",)"
      R"("notes":"SECRET-NOTE-CD"})",
      201);
  EXPECT_EQ(second.at("id").as_string(), "LD00002");
  EXPECT_EQ(second.at("clashes"), json::array{"LD00001"});
  EXPECT_TRUE(second.at("contested").as_bool());
  EXPECT_EQ(OkAs(jiangjin_, "GET", "/api/v1/leads/LD00001").at("clashes"), json::array{"LD00002"});

  // Both bureaus and the coordinators are told, without amounts, contacts or notes.
  for (const testing::TestAccount* a : {&jiangjin_, &chengdu_, &coordinator_}) {
    std::string text;
    EXPECT_EQ(Events(*a, &text), std::vector<std::string>{"lead.clash"}) << a->user.email;
    for (const char* secret : {"SECRET", "2000000000", "1500000000"})
      EXPECT_EQ(text.find(secret), std::string::npos) << a->user.email << ": " << text;
  }
  EXPECT_TRUE(Events(member_).empty());

  // The contested lead stays at 洽谈 until a coordinator decides.
  const HttpResponse refused =
      As(chengdu_, "POST", "/api/v1/leads/LD00002/stage", R"({"stage":"signed","contract_value_yuan":1e9})");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.body.find("contested"), std::string::npos);
  EXPECT_EQ(OkAs(chengdu_, "POST", "/api/v1/leads/LD00002/stage", R"({"stage":"negotiating"})").at("stage"),
            "negotiating");

  // What Jiangjin sees of Chengdu's lead: investor, components, stage and place — in the list, the lead, its
  // CSV export; never its amounts, contact or notes; and it cannot change it or ask for its places.
  for (const std::string target :
       {"/api/v1/leads", "/api/v1/leads/LD00002", "/api/v1/leads?format=csv", "/api/v1/leads?clash=true"}) {
    const HttpResponse r = As(jiangjin_, "GET", target);
    ASSERT_EQ(r.status, 200) << target << ": " << r.body;
    for (const char* secret : {"SECRET-CONTACT-CD", "SECRET-NOTE-CD", "1500000000", "Cell and pack plant"})
      EXPECT_EQ(r.body.find(secret), std::string::npos) << target << ": " << r.body;
    EXPECT_NE(r.body.find("Contemporary Amperex"), std::string::npos) << target;
  }
  const json::object seen = OkAs(jiangjin_, "GET", "/api/v1/leads/LD00002");
  EXPECT_FALSE(seen.at("full").as_bool());
  EXPECT_FALSE(seen.contains("investment_yuan"));
  EXPECT_TRUE(seen.at("timeline").as_array().empty());
  EXPECT_TRUE(OkAs(jiangjin_, "GET", "/api/v1/leads/LD00001").at("full").as_bool());
  EXPECT_FALSE(OkAs(jiangjin_, "GET", "/api/v1/leads/LD00001").at("timeline").as_array().empty());
  for (const auto& [method, target, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"PUT", "/api/v1/leads/LD00002", R"({"notes":"mine now"})"},
           {"POST", "/api/v1/leads/LD00002/stage", R"({"stage":"lost"})"},
           {"POST", "/api/v1/leads/LD00002/funds", R"({"amount_yuan":1})"},
           {"GET", "/api/v1/leads/LD00002/recommendation", ""},
           {"POST", "/api/v1/leads/LD00002/arbitration", R"({"place":"500116"})"}})
    EXPECT_EQ(As(jiangjin_, method, target, body).status, 403) << method << " " << target;
  // Analysts see the KPIs only; members nothing of it.
  EXPECT_EQ(As(analyst_, "GET", "/api/v1/leads").status, 403);
  EXPECT_EQ(As(analyst_, "GET", "/api/v1/promotion/kpis").status, 200);
  EXPECT_EQ(As(member_, "GET", "/api/v1/promotion/kpis").status, 403);
  EXPECT_EQ(As(member_, "GET", "/api/v1/leads/LD00001").status, 403);

  // The coordinator decides a co-built project, 50/50: the first-reported lead keeps it with the shares;
  // Chengdu's is joined into it. Both bureaus hear of it, and both now see the project in full.
  const json::object kept =
      OkAs(coordinator_, "POST", "/api/v1/leads/LD00002/arbitration",
           R"({"shares":{"500116":0.5,"510100":0.5},"note":"one plant, built together"})");
  EXPECT_EQ(kept.at("id").as_string(), "LD00001");
  EXPECT_EQ(kept.at("shares").as_array().size(), 2u);
  EXPECT_FALSE(kept.at("contested").as_bool());
  EXPECT_TRUE(kept.at("clashes").as_array().empty());
  const json::object joined = OkAs(coordinator_, "GET", "/api/v1/leads/LD00002");
  EXPECT_EQ(joined.at("joined_into").as_string(), "LD00001");
  EXPECT_TRUE(joined.at("closed").as_bool());
  EXPECT_EQ(joined.at("closed_reason").at("code").as_string(), "promotion.arbitration_joined");
  for (const testing::TestAccount* a : {&jiangjin_, &chengdu_, &coordinator_})
    EXPECT_EQ(Events(*a).front(), "lead.arbitrated") << a->user.email;
  EXPECT_TRUE(OkAs(chengdu_, "GET", "/api/v1/leads/LD00001").at("full").as_bool());
  EXPECT_EQ(As(chengdu_, "POST", "/api/v1/leads/LD00002/stage", R"({"stage":"signed"})").status, 409);
  EXPECT_EQ(OkAs(jiangjin_, "GET", "/api/v1/leads?clash=true").at("total").as_int64(), 0);

  // Signed and funded: the KPIs split the co-built project's figures by share.
  OkAs(jiangjin_, "POST", "/api/v1/leads/LD00001/stage",
       R"({"stage":"signed","date":"2026-01-10","contract_value_yuan":1800000000})");
  OkAs(chengdu_, "POST", "/api/v1/leads/LD00001/funds", R"({"amount_yuan":300000000,"date":"2026-02-01"})");
  const json::object kpis = OkAs(analyst_, "GET", "/api/v1/promotion/kpis?by=place");
  ASSERT_EQ(kpis.at("items").as_array().size(), 2u);
  for (const json::value& row : kpis.at("items").as_array()) {
    EXPECT_DOUBLE_EQ(row.at("leads").to_number<double>(), 0.5);
    EXPECT_DOUBLE_EQ(row.at("signed").to_number<double>(), 0.5);
    EXPECT_DOUBLE_EQ(row.at("contract_value_yuan").to_number<double>(), 9e8);
    EXPECT_DOUBLE_EQ(row.at("funds_secured_yuan").to_number<double>(), 1.5e8);
    EXPECT_DOUBLE_EQ(row.at("funds_rate").to_number<double>(), 1.0 / 6);
  }
  EXPECT_DOUBLE_EQ(kpis.at("total").at("leads").to_number<double>(), 1);
  // The audit trail names each decision.
  const json::object audit = Ok("GET", "/api/v1/audit?entity=lead:LD00002");
  EXPECT_NE(json::serialize(audit).find("lead.arbitration"), std::string::npos);
}

TEST_P(PromotionTest, ClashesBySameEnterpriseOrCreditCodeAndADecisionForOnePlace) {
  // The same enterprise of the chain for the same component, below the threshold: a clash both may
  // pursue (nobody is contested).
  OkAs(jiangjin_, "POST", "/api/v1/leads",
       R"({"investor":"eps1","components":["CHS-EPS"],"project":"EPS line","investment_yuan":3e8})", 201);
  const json::object b =
      OkAs(chengdu_, "POST", "/api/v1/leads",
           R"({"investor":"eps1","components":["CHS-EPS"],"project":"EPS","investment_yuan":2e8})", 201);
  EXPECT_EQ(b.at("clashes"), json::array{"LD00001"});
  EXPECT_FALSE(b.at("contested").as_bool());
  EXPECT_EQ(b.at("investor_name_en").as_string(), "Steering Maker");  // names filled from the chain
  // The same enterprise for another component: no clash.
  EXPECT_TRUE(OkAs(chengdu_, "POST", "/api/v1/leads",
                   R"({"investor":"eps1","components":["BAT-PACK"],"project":"Packs","investment_yuan":2e8})",
                   201)
                  .at("clashes")
                  .as_array()
                  .empty());
  // Two names that have nothing in common but the credit code: a clash.
  const std::string uscc = "91350100M000100Y43";
  OkAs(jiangjin_, "POST", "/api/v1/leads",
       R"({"investor_name_zh":"甲公司","investor_uscc":")" + uscc +
           R"(","components":["CHS-EPS"],"project":"A","investment_yuan":5e9})",
       201);
  const json::object d = OkAs(chengdu_, "POST", "/api/v1/leads",
                              R"({"investor_name_en":"B Holdings","investor_uscc":")" + uscc +
                                  R"(","components":["CHS-EPS"],"project":"B","investment_yuan":1e8})",
                              201);
  EXPECT_EQ(d.at("id").as_string(), "LD00005");
  EXPECT_EQ(d.at("clashes"), json::array{"LD00004"});  // not LD00001: eps1 is another company
  EXPECT_TRUE(d.at("contested").as_bool());            // LD00004 is protected (5 bn) and was first
  // A bad credit code names the field; nothing is written.
  const HttpResponse bad =
      As(chengdu_, "POST", "/api/v1/leads",
         R"({"investor_name_en":"C","investor_uscc":"91350100M000100Y44","components":["CHS-EPS"],)"
         R"("project":"C","investment_yuan":1})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("investor_uscc"), std::string::npos);
  EXPECT_NE(bad.body.find("the 18th character is not the check character"), std::string::npos) << bad.body;
  EXPECT_EQ(OkAs(coordinator_, "GET", "/api/v1/leads").at("total").as_int64(), 5);

  // The coordinator decides for Jiangjin: Chengdu's clashing lead is lost, with the decision as its reason;
  // Chengdu's lead of another component is untouched.
  const json::object kept =
      OkAs(coordinator_, "POST", "/api/v1/leads/LD00005/arbitration", R"({"place":"500116"})");
  EXPECT_EQ(kept.at("id").as_string(), "LD00004");  // Jiangjin's lead in this clash
  const json::object lost = OkAs(chengdu_, "GET", "/api/v1/leads/LD00005");
  EXPECT_EQ(lost.at("stage").as_string(), "lost");
  EXPECT_EQ(lost.at("closed_reason").at("code").as_string(), "promotion.arbitration_lost");
  EXPECT_EQ(lost.at("closed_reason").at("params").at("place").as_string(), "500116");
  EXPECT_EQ(OkAs(chengdu_, "GET", "/api/v1/leads/LD00003").at("stage").as_string(), "lead");
  // Deciding again: nothing left to decide.
  EXPECT_EQ(As(coordinator_, "POST", "/api/v1/leads/LD00004/arbitration", R"({"place":"500116"})").status,
            409);
  // A bureau registers leads of its own place only.
  EXPECT_EQ(
      As(jiangjin_, "POST", "/api/v1/leads",
         R"({"place":"510100","investor":"eps1","components":["CHS-EPS"],"project":"X","investment_yuan":1})")
          .status,
      403);
}

TEST_P(PromotionTest, StagesMoveForwardDatedAndFundsAccumulate) {
  OkAs(jiangjin_, "POST", "/api/v1/leads",
       R"({"investor":"pack1","components":["BAT-PACK"],"project":"P","investment_yuan":5e8})", 201);
  const std::string stage = "/api/v1/leads/LD00001/stage";
  EXPECT_EQ(As(jiangjin_, "POST", "/api/v1/leads/LD00001/funds", R"({"amount_yuan":1})").status, 409);
  EXPECT_EQ(As(jiangjin_, "POST", stage, R"({"stage":"signed"})").status, 400);  // no contract value
  EXPECT_EQ(As(jiangjin_, "POST", stage, R"({"stage":"signed","date":"2999-01-01","contract_value_yuan":1})")
                .status,
            400);
  OkAs(jiangjin_, "POST", stage, R"({"stage":"signed","date":"2026-01-02","contract_value_yuan":4.5e8})");
  EXPECT_EQ(As(jiangjin_, "POST", stage, R"({"stage":"negotiating"})").status, 409);  // no way back
  OkAs(jiangjin_, "POST", stage, R"({"stage":"construction","date":"2026-03-01"})");
  OkAs(jiangjin_, "POST", "/api/v1/leads/LD00001/funds", R"({"amount_yuan":1e8,"date":"2026-03-02"})");
  const json::object lead =
      OkAs(jiangjin_, "POST", "/api/v1/leads/LD00001/funds", R"({"amount_yuan":5e7,"date":"2026-04-02"})");
  EXPECT_DOUBLE_EQ(lead.at("funds_secured_yuan").to_number<double>(), 1.5e8);
  EXPECT_EQ(lead.at("signed_on").as_string(), "2026-01-02");
  EXPECT_EQ(lead.at("stage_date").as_string(), "2026-03-01");
  const json::object detail = OkAs(jiangjin_, "GET", "/api/v1/leads/LD00001");
  std::vector<std::string> kinds;
  for (const json::value& e : detail.at("timeline").as_array()) kinds.emplace_back(e.at("kind").as_string());
  EXPECT_EQ(kinds, (std::vector<std::string>{"stage", "stage", "stage", "funds", "funds"}));
  // By month: signing in January, the funds in March and April.
  const json::object months = OkAs(analyst_, "GET", "/api/v1/promotion/kpis?by=month&from=2026-01-01");
  std::map<std::string, double> funds, contracts;
  for (const json::value& row : months.at("items").as_array()) {
    funds[std::string(row.at("key").as_string())] = row.at("funds_secured_yuan").to_number<double>();
    contracts[std::string(row.at("key").as_string())] = row.at("contract_value_yuan").to_number<double>();
  }
  EXPECT_DOUBLE_EQ(contracts["2026-01"], 4.5e8);
  EXPECT_DOUBLE_EQ(funds["2026-03"], 1e8);
  EXPECT_DOUBLE_EQ(funds["2026-04"], 5e7);
  // The signed project built: one maker in the what-if over every signed lead.
  const json::object gain = OkAs(analyst_, "GET", "/api/v1/promotion/localization-gain?from=2026-01-01");
  EXPECT_EQ(gain.at("signed_leads").as_int64(), 1);
  EXPECT_EQ(gain.at("makers").as_int64(), 1);
  EXPECT_EQ(gain.at("local_share").as_array().size(), 2u);
  EXPECT_EQ(
      OkAs(analyst_, "GET", "/api/v1/promotion/localization-gain?to=2025-12-31").at("makers").as_int64(), 0);
  // An ETag guards a change: a stale one is refused, nothing changes.
  HttpRequest put = testing::As(jiangjin_, "PUT", "/api/v1/leads/LD00001", R"({"notes":"late"})");
  put.headers.emplace_back("Content-Type", "application/json");
  put.headers.emplace_back("If-Match", "\"lead-LD00001-v1\"");
  EXPECT_EQ(api_->Handle(put).status, 412);
  EXPECT_EQ(OkAs(jiangjin_, "GET", "/api/v1/leads/LD00001").at("notes").as_string(), "");
}

TEST_P(PromotionTest, BureausRegisteringTheSameInvestorAtOnceAllSeeTheClash) {
  // Eight leads at once, four of each place, one investor and component: every lead of one place must
  // clash with every lead of the other, whoever committed first.
  std::vector<std::thread> threads;
  std::atomic<int> created = 0;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      HttpRequest r = testing::As(i % 2 ? chengdu_ : jiangjin_, "POST", "/api/v1/leads",
                                  R"({"investor":"pack1","components":["BAT-PACK"],"project":"Packs )" +
                                      std::to_string(i) + R"(","investment_yuan":1e8})");
      r.headers.emplace_back("Content-Type", "application/json");
      if (api_->Handle(r).status == 201) ++created;
    });
  for (std::thread& t : threads) t.join();
  ASSERT_EQ(created, 8);
  const json::object all = OkAs(coordinator_, "GET", "/api/v1/leads");
  ASSERT_EQ(all.at("total").as_int64(), 8);
  for (const json::value& l : all.at("items").as_array())
    EXPECT_EQ(l.at("clashes").as_array().size(), 4u) << json::serialize(l);
}

TEST_P(PromotionTest, MergingTwoRecordsOfOneCompanyMakesTheirLeadsClash) {
  Open(testing::WithDuplicates());
  jiangjin_ = testing::AddTestAccount(*store_, "invest2@jiangjin.example", "bureau", "500116");
  chengdu_ = testing::AddTestAccount(*store_, "invest2@chengdu.example", "bureau", "510100");
  coordinator_ = testing::AddTestAccount(*store_, "office2@pilot.example", "coordinator");
  // Two records of one company, courted by two places: two enterprises of the chain are two investors.
  OkAs(jiangjin_, "POST", "/api/v1/leads",
       R"({"investor":"pack1","components":["BAT-PACK"],"project":"Packs","investment_yuan":3e9})", 201);
  EXPECT_TRUE(
      OkAs(chengdu_, "POST", "/api/v1/leads",
           R"({"investor":"pack2","components":["BAT-PACK"],"project":"Packs","investment_yuan":3e9})", 201)
          .at("clashes")
          .as_array()
          .empty());
  // The administrator merges them: the leads now court one investor, and clash (Chengdu's, later, contested).
  Ok("POST", "/api/v1/duplicates/merge", R"({"keep":"pack1","drop":"pack2"})");
  const json::object chengdu = OkAs(coordinator_, "GET", "/api/v1/leads/LD00002");
  EXPECT_EQ(chengdu.at("investor").as_string(), "pack1");
  EXPECT_EQ(chengdu.at("clashes"), json::array{"LD00001"});
  EXPECT_TRUE(chengdu.at("contested").as_bool());
  EXPECT_EQ(Events(jiangjin_), std::vector<std::string>{"lead.clash"});
}

INSTANTIATE_BACKENDS(PromotionTest);

}  // namespace
}  // namespace chainscope
