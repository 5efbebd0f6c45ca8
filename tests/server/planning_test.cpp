// Site selection and the localization frontier through the API on each store: who may ask (a member for its
// own enterprise, staff for any), the door's checks naming the field, the policy library's incentives in
// the cost model, what a member sees of other buyers, and the frontier's target and blocking components.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "io/dataset_io.h"
#include "server/stored_api.h"

namespace chainscope {
namespace {
namespace json = boost::json;

class PlanningTest : public testing::StoredApiOnEachBackend {
 protected:
  void SetUp() override {
    Open(ReadDataset(testing::MiniDataset()));
    analyst_ = testing::AddTestAccount(*store_, "analyst@bureau.example", "analyst");
    jiangjin_ = testing::AddTestAccount(*store_, "invest@jiangjin.example", "bureau", "500116");
    pack_ = testing::AddTestAccount(*store_, "plant@pack1.example", "member", "pack1");
    oem_ = testing::AddTestAccount(*store_, "buyer@oem1.example", "member", "oem1");
  }
  // Pack Maker (Chengdu) asks where to make steering for Test Motors' open demand DM1 (5,000 × 0.6 = 3,000
  // units a year, in Jiangjin): one plant of 4,000 a year.
  static constexpr const char* kSteering = R"({"enterprise":"pack1","component":"CHS-EPS","capacity":4000)";
  testing::TestAccount analyst_, jiangjin_, pack_, oem_;
};

TEST_P(PlanningTest, AMemberSelectsSitesForItsOwnEnterpriseWithThePlacesIncentives) {
  // Jiangjin's bureau states its land discount and equipment subsidy as terms.
  OkAs(jiangjin_, "POST", "/api/v1/policies",
       R"({"place":"500116","kind":"land","title_zh":"用地保障","title_en":"Land","text_zh":"工业用地七折",)"
       R"("text_en":"Land at 70%","valid_from":"2023-01-01","land_discount":0.3})",
       201);
  const json::object a =
      OkAs(pack_, "POST", "/api/v1/analytics/site-selection", std::string(kSteering) + "}");
  EXPECT_EQ(a.at("status").as_string(), "optimal");
  EXPECT_EQ(a.at("demand_units").as_int64(), 3000);
  ASSERT_EQ(a.at("chosen").as_array().size(), 1u);
  const json::object& site = a.at("chosen").as_array()[0].as_object();
  EXPECT_EQ(site.at("place").as_string(), "500116");  // Jiangjin, at the buyer: no transport
  EXPECT_EQ(site.at("units").as_int64(), 3000);
  EXPECT_EQ(site.at("customers").as_array()[0].at("buyer").as_string(), "oem1");  // an open demand: public
  // The cost model recomputes the fixed cost: 0.8 × 2,500 × 4,000 = 8 M yuan, 30% off its land fifth,
  // over 10 years → (8,000,000 − 480,000) ÷ 10 = 752,000 yuan a year.
  const json::object& cost = a.at("cost_model").as_object();
  EXPECT_DOUBLE_EQ(cost.at("investment_yuan").to_number<double>(), 8'000'000);
  EXPECT_DOUBLE_EQ(site.at("fixed_cost_yuan").to_number<double>(), 752'000);
  EXPECT_EQ(site.at("policies").as_array().size(), 1u);
  EXPECT_DOUBLE_EQ(a.at("total_cost_yuan").to_number<double>(), 752'000);
  EXPECT_LE(a.at("bound").to_number<double>(), 752'000 + 1e-6);
  EXPECT_EQ(a.at("ranking").as_array().size(), 3u);  // Jiangjin, Chengdu, the Jiangjin park
  EXPECT_EQ(a.at("sensitivity").as_array().size(), 6u);
  // Other enterprises' members may not; staff may for anyone.
  EXPECT_EQ(As(oem_, "POST", "/api/v1/analytics/site-selection", std::string(kSteering) + "}").status, 403);
  EXPECT_EQ(As(analyst_, "POST", "/api/v1/analytics/site-selection", std::string(kSteering) + "}").status,
            200);
  EXPECT_EQ(As(jiangjin_, "POST", "/api/v1/analytics/site-selection", std::string(kSteering) + "}").status,
            200);
  HttpRequest anonymous{"POST", "/api/v1/analytics/site-selection", std::string(kSteering) + "}"};
  anonymous.headers.emplace_back("Content-Type", "application/json");
  EXPECT_EQ(api_->Handle(anonymous).status, 401);
  // As a table: one row per chosen site.
  const HttpResponse csv =
      As(pack_, "POST", "/api/v1/analytics/site-selection?format=csv", std::string(kSteering) + "}");
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("500116"), std::string::npos) << csv.body;
}

TEST_P(PlanningTest, AMemberSeesOtherPartiesPurchasesOnlyAsCountsStaffSeeTheBuyer) {
  // Steering Maker (Jiangjin) asks where to make packs: Test Motors buys 10,000 a year from Chengdu, half of
  // which a plant may take. That purchase is a link of Test Motors and Pack Maker, not of Steering Maker.
  const auto eps = testing::AddTestAccount(*store_, "plant@eps1.example", "member", "eps1");
  const std::string body = R"({"enterprise":"eps1","component":"BAT-PACK","capacity":5000})";
  const json::object mine = OkAs(eps, "POST", "/api/v1/analytics/site-selection", body);
  ASSERT_EQ(mine.at("chosen").as_array().size(), 1u);
  const json::object& site = mine.at("chosen").as_array()[0].as_object();
  EXPECT_TRUE(site.at("customers").as_array().empty());
  EXPECT_EQ(site.at("customers_served").as_int64(), 1);
  EXPECT_EQ(site.at("other_customers").as_int64(), 1);
  EXPECT_EQ(site.at("other_units").as_int64(), 5000);
  EXPECT_EQ(json::serialize(mine).find("oem1"), std::string::npos);
  const json::object staff = OkAs(analyst_, "POST", "/api/v1/analytics/site-selection", body);
  const json::object& seen = staff.at("chosen").as_array()[0].as_object();
  ASSERT_EQ(seen.at("customers").as_array().size(), 1u);
  EXPECT_EQ(seen.at("customers").as_array()[0].at("buyer").as_string(), "oem1");
  EXPECT_EQ(seen.at("other_customers").as_int64(), 0);
}

TEST_P(PlanningTest, TheDoorNamesTheFieldAndNothingRuns) {
  const std::string url = "/api/v1/analytics/site-selection";
  const struct {
    std::string body, field;
  } cases[] = {
      {R"({"enterprise":"pack1","component":"CHS-EPS","capacity":0})", "capacity"},
      {R"({"enterprise":"pack1","component":"CHS-EPS"})", "capacity"},
      {R"({"enterprise":"nobody","component":"CHS-EPS","capacity":10})", "enterprise"},
      {std::string(kSteering) + R"(,"sites":11})", "sites"},
      {std::string(kSteering) + R"(,"radius_km":-5})", "radius_km"},
      {std::string(kSteering) + R"(,"candidates":["TIBET"]})", "candidates"},
      {std::string(kSteering) + R"(,"weights":{"buyers":0.5,"demands":0.5,"focus":0.5,"cluster":0,)"
                                R"("incentives":0,"logistics":0}})",
       "weights"},
      {std::string(kSteering) + R"(,"weights":{"buyers":1}})", "weights"},
      {std::string(kSteering) + R"(,"weights":{"beauty":1}})", "weights.beauty"},
      {std::string(kSteering) + R"(,"transport_yuan_per_unit_km":1e300})", "transport_yuan_per_unit_km"},
  };
  for (const auto& c : cases) {
    const HttpResponse r = As(analyst_, "POST", url, c.body);
    EXPECT_EQ(r.status, 400) << c.body << ": " << r.body;
    EXPECT_NE(r.body.find(c.field), std::string::npos) << c.body << ": " << r.body;
  }
  // K = 0: a clear answer, not an error.
  const json::object none = OkAs(analyst_, "POST", url, std::string(kSteering) + R"(,"sites":0})");
  EXPECT_TRUE(none.at("chosen").as_array().empty());
  EXPECT_EQ(none.at("unserved_units").as_int64(), 3000);
  EXPECT_NE(json::serialize(none.at("warnings")).find("site.no_new_sites"), std::string::npos);
}

TEST_P(PlanningTest, TheFrontierSaysWhichComponentsMissingCapacityStopsTheTarget) {
  // Test Motors (Jiangjin) buys packs from Chengdu (440 M yuan) and steering locally (24 M): 5.17% local.
  // No Chongqing maker makes packs, so no premium reaches 30%: the pack is the investment target.
  const json::object f = OkAs(analyst_, "GET", "/api/v1/analytics/localization-frontier?steps=5");
  EXPECT_EQ(f.at("province").as_string(), "Chongqing");
  EXPECT_NEAR(f.at("current_share").to_number<double>(), 24.0 / 464.0, 1e-9);
  ASSERT_EQ(f.at("points").as_array().size(), 5u);
  for (const json::value& p : f.at("points").as_array())
    EXPECT_NEAR(p.at("local_share").to_number<double>(), 24.0 / 464.0, 1e-9);
  const json::object& t = f.at("target").as_object();
  EXPECT_FALSE(t.at("reachable").as_bool());
  ASSERT_EQ(t.at("blocking").as_array().size(), 1u);
  EXPECT_EQ(t.at("blocking").as_array()[0].at("component").as_string(), "BAT-PACK");
  for (const json::value& c : f.at("by_component").as_array()) {
    if (c.at("component").as_string() == "BAT-PACK") {
      EXPECT_EQ(c.at("limit").as_string(), "no_local_maker");
    }
  }
  EXPECT_EQ(As(oem_, "GET", "/api/v1/analytics/localization-frontier").status, 403);
  EXPECT_EQ(As(jiangjin_, "GET", "/api/v1/analytics/localization-frontier?powertrain=nev").status, 200);
  const HttpResponse bad = As(analyst_, "GET", "/api/v1/analytics/localization-frontier?province=Tibet");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("province"), std::string::npos);
  EXPECT_EQ(As(analyst_, "GET", "/api/v1/analytics/localization-frontier?steps=1").status, 400);
  const HttpResponse csv = As(analyst_, "GET", "/api/v1/analytics/localization-frontier?format=csv&steps=3");
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("premium"), std::string::npos) << csv.body;
}

INSTANTIATE_BACKENDS(PlanningTest);

}  // namespace
}  // namespace chainscope
