// The matchmaking loop through the API: suppliers respond to a demand, the buyer sees the responses ranked
// by the explained match score, accepts one (a deal), both sides confirm and the chain gains the supply
// link. Each party sees only its own dealings; others get 404 for their ids.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "io/dataset_io.h"
#include "server/stored_api.h"

namespace chainscope {
namespace {
namespace json = boost::json;

class DealsTest : public testing::StoredApiOnEachBackend {
 protected:
  void SetUp() override {
    Open(ReadDataset(testing::MiniDataset()));
    buyer_ = testing::AddTestAccount(*store_, "buyer@oem1.example", "member", "oem1");
    eps_ = testing::AddTestAccount(*store_, "sales@eps1.example", "member", "eps1");
    pack_ = testing::AddTestAccount(*store_, "sales@pack1.example", "member", "pack1");
    cell_ = testing::AddTestAccount(*store_, "sales@cell1.example", "member", "cell1");
    analyst_ = testing::AddTestAccount(*store_, "analyst@bureau.example", "analyst");
  }
  static std::string Quote(int quantity, double price, double lead_days, const std::string& extra = "") {
    return fmt::format(R"({{"annual_quantity":{},"unit_price_yuan":{},"lead_time_days":{}{}}})", quantity,
                       price, lead_days, extra);
  }
  /// The oem1 ← eps1 CHS-EPS link as the analyst sees it.
  json::object EpsLink() {
    const json::object page = OkAs(analyst_, "GET", "/api/v1/links?buyer=oem1&supplier=eps1");
    EXPECT_EQ(page.at("total").as_int64(), 1);
    return page.at("items").at(0).as_object();
  }
  testing::TestAccount buyer_, eps_, pack_, cell_, analyst_;
};

INSTANTIATE_BACKENDS(DealsTest);

TEST_P(DealsTest, RespondRankAcceptConfirmAndTheChainLearns) {
  const json::object eps = OkAs(eps_, "POST", "/api/v1/demands/DM1/responses",
                                Quote(3000, 2250, 20, R"(,"message":"两周内可供样件")"), 201);
  EXPECT_EQ(eps.at("supplier"), "eps1");
  EXPECT_EQ(eps.at("buyer"), "oem1");
  EXPECT_EQ(eps.at("status"), "submitted");
  EXPECT_EQ(eps.at("message"), "两周内可供样件");
  // cell1 and pack1 do not make steering (CHS-EPS): they may answer, and rank below as not eligible.
  OkAs(cell_, "POST", "/api/v1/demands/DM1/responses", Quote(1000, 2000, 10), 201);
  OkAs(pack_, "POST", "/api/v1/demands/DM1/responses", Quote(500, 1900, 5), 201);

  // The buyer sees all three, the eligible maker first with its score and rank.
  json::array ranked = OkAs(buyer_, "GET", "/api/v1/demands/DM1/responses").at("items").as_array();
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked.at(0).at("supplier"), "eps1");
  EXPECT_GT(ranked.at(0).at("score").to_number<double>(), 0);
  EXPECT_EQ(ranked.at(0).at("rank").as_int64(), 1);
  EXPECT_TRUE(ranked.at(0).at("exclusions").as_array().empty());
  for (std::size_t i = 1; i < 3; ++i) {
    EXPECT_TRUE(ranked.at(i).at("score").is_null());
    EXPECT_FALSE(ranked.at(i).at("exclusions").as_array().empty());
  }
  // Each supplier sees only its own response; the analyst all.
  ranked = OkAs(cell_, "GET", "/api/v1/demands/DM1/responses").at("items").as_array();
  ASSERT_EQ(ranked.size(), 1u);
  EXPECT_EQ(ranked.at(0).at("supplier"), "cell1");
  EXPECT_EQ(OkAs(analyst_, "GET", "/api/v1/demands/DM1/responses").at("total").as_int64(), 3);
  EXPECT_EQ(OkAs(eps_, "GET", "/api/v1/responses").at("total").as_int64(), 1);
  EXPECT_EQ(OkAs(buyer_, "GET", "/api/v1/responses").at("total").as_int64(), 3);

  // Accept eps1's for 3,000 a year at 2,200 yuan: a deal; a second accept is refused.
  const std::string rs = eps.at("id").as_string().c_str();
  EXPECT_EQ(As(buyer_, "POST", "/api/v1/responses/" + rs + "/accept", R"({"annual_quantity":5000})").status,
            400);
  const json::object deal = OkAs(buyer_, "POST", "/api/v1/responses/" + rs + "/accept",
                                 R"({"annual_quantity":3000,"unit_price_yuan":2200})", 201);
  EXPECT_EQ(deal.at("value_yuan").to_number<double>(), 3000.0 * 2200);
  EXPECT_EQ(deal.at("start_date"), "2027-01-01");  // the demand's
  EXPECT_FALSE(deal.at("linked").as_bool());
  EXPECT_EQ(As(buyer_, "POST", "/api/v1/responses/" + rs + "/accept", "{}").status, 409);
  EXPECT_EQ(OkAs(eps_, "GET", "/api/v1/responses").at("items").at(0).at("status"), "accepted");
  const std::string dl = deal.at("id").as_string().c_str();

  // Confirmations: the buyer's alone changes no link; the supplier's too makes it one.
  const json::object before = EpsLink();
  EXPECT_EQ(before.at("annual_volume").as_int64(), 10000);
  EXPECT_TRUE(OkAs(buyer_, "POST", "/api/v1/deals/" + dl + "/confirm").at("buyer_confirmed").as_bool());
  EXPECT_EQ(EpsLink().at("annual_volume").as_int64(), 10000);
  EXPECT_TRUE(OkAs(buyer_, "POST", "/api/v1/deals/" + dl + "/confirm")
                  .at("buyer_confirmed")
                  .as_bool());  // twice: same
  EXPECT_EQ(As(analyst_, "POST", "/api/v1/deals/" + dl + "/confirm").status, 403);
  EXPECT_EQ(As(cell_, "POST", "/api/v1/deals/" + dl + "/confirm").status, 404);
  const json::object linked = OkAs(eps_, "POST", "/api/v1/deals/" + dl + "/confirm");
  EXPECT_TRUE(linked.at("linked").as_bool());
  const json::object after = EpsLink();
  EXPECT_EQ(after.at("annual_volume").as_int64(), 13000);
  // The volume-weighted price: (10,000 × 2,400 + 3,000 × 2,200) / 13,000, to the fen in the answer.
  EXPECT_EQ(after.at("unit_price_yuan").to_number<double>(), 2353.85);

  // The audit trail has the whole loop.
  std::string actions;
  const json::object trail = Ok("GET", "/api/v1/audit?limit=20");
  for (const json::value& r : trail.at("items").as_array())
    actions += std::string(r.at("action").as_string()) + " ";
  for (const char* a :
       {"response.create", "response.accept", "deal.create", "deal.confirm_buyer", "deal.confirm_supplier"})
    EXPECT_NE(actions.find(a), std::string::npos) << a << " in " << actions;
}

// pack1 records 15,000 packs a year of capacity with 10,000 committed: 5,000 spare. Both parties see when a
// response or deal goes beyond that; a confirmed deal is counted in the committed volume.
TEST_P(DealsTest, QuantitiesBeyondTheSuppliersSpareCapacityAreShownAndConfirmedDealsCommitIt) {
  auto committed = [&] {
    const json::object e = OkAs(analyst_, "GET", "/api/v1/enterprises/pack1");
    for (const json::value& c : e.at("capabilities").as_array())
      if (c.at("component") == "BAT-PACK") return c.at("committed").as_int64();
    ADD_FAILURE() << "no BAT-PACK capability";
    return std::int64_t{-1};
  };
  ASSERT_EQ(committed(), 10000);
  const std::string demand =
      R"({"component":"BAT-PACK","annual_quantity":8000,"start_date":"2027-03-01","prefer_local":false,"max_share":1})";
  const std::string dm = OkAs(buyer_, "POST", "/api/v1/demands", demand, 201).at("id").as_string().c_str();
  const json::object quote =
      OkAs(pack_, "POST", "/api/v1/demands/" + dm + "/responses", Quote(8000, 43000, 30), 201);
  EXPECT_TRUE(quote.at("above_spare_capacity").as_bool());
  EXPECT_EQ(quote.at("supplier_name_zh"), OkAs(analyst_, "GET", "/api/v1/enterprises/pack1").at("name_zh"));
  EXPECT_FALSE(quote.at("component_name_zh").as_string().empty());
  const json::array seen = OkAs(buyer_, "GET", "/api/v1/demands/" + dm + "/responses").at("items").as_array();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_TRUE(seen[0].at("above_spare_capacity").as_bool()) << "the buyer sees it too";
  // Accepting 4,000 fits the 5,000 spare.
  const std::string rs = quote.at("id").as_string().c_str();
  const json::object deal =
      OkAs(buyer_, "POST", "/api/v1/responses/" + rs + "/accept", R"({"annual_quantity":4000})", 201);
  EXPECT_FALSE(deal.at("above_spare_capacity").as_bool());
  const std::string dl = deal.at("id").as_string().c_str();
  OkAs(buyer_, "POST", "/api/v1/deals/" + dl + "/confirm");
  EXPECT_EQ(committed(), 10000) << "one side's confirmation commits nothing";
  const json::object linked = OkAs(pack_, "POST", "/api/v1/deals/" + dl + "/confirm");
  EXPECT_TRUE(linked.at("linked").as_bool());
  EXPECT_FALSE(linked.at("above_spare_capacity").as_bool());
  EXPECT_EQ(committed(), 14000);
  // Now 1,000 are spare: a new quote of 3,000 is beyond them.
  const std::string dm2 = OkAs(buyer_, "POST", "/api/v1/demands", demand, 201).at("id").as_string().c_str();
  EXPECT_TRUE(OkAs(pack_, "POST", "/api/v1/demands/" + dm2 + "/responses", Quote(3000, 43000, 30), 201)
                  .at("above_spare_capacity")
                  .as_bool());
}

TEST_P(DealsTest, PlatformKpisCountDemandsResponsesAndDealsByMonthProvinceAssemblyComponent) {
  // Hand-checked: the mini dataset's DM1 (5,000 CHS-EPS for oem1 in Chongqing) plus a demand for 200
  // battery packs; three responses to DM1, one to the pack demand; one deal of 3,000 at 2,200 yuan, linked.
  const std::string packs =
      OkAs(
          buyer_, "POST", "/api/v1/demands",
          R"({"buyer":"oem1","component":"BAT-PACK","annual_quantity":200,"start_date":"2027-03-01",)"
          R"("max_distance_km":null,"required_certs":[],"prefer_local":false,"max_share":1,"status":"open"})",
          201)
          .at("id")
          .as_string()
          .c_str();
  const std::string rs = OkAs(eps_, "POST", "/api/v1/demands/DM1/responses", Quote(3000, 2250, 20), 201)
                             .at("id")
                             .as_string()
                             .c_str();
  OkAs(cell_, "POST", "/api/v1/demands/DM1/responses", Quote(1000, 2000, 10), 201);
  OkAs(pack_, "POST", "/api/v1/demands/DM1/responses", Quote(500, 1900, 5), 201);
  OkAs(pack_, "POST", "/api/v1/demands/" + packs + "/responses", Quote(200, 40000, 30), 201);
  const std::string dl =
      OkAs(buyer_, "POST", "/api/v1/responses/" + rs + "/accept", R"({"unit_price_yuan":2200})", 201)
          .at("id")
          .as_string()
          .c_str();
  OkAs(buyer_, "POST", "/api/v1/deals/" + dl + "/confirm");
  OkAs(eps_, "POST", "/api/v1/deals/" + dl + "/confirm");
  EXPECT_EQ(As(buyer_, "GET", "/api/v1/platform/kpis").status, 403);
  const json::object k = OkAs(analyst_, "GET", "/api/v1/platform/kpis");
  const json::object& total = k.at("total").as_object();
  EXPECT_EQ(total.at("demands").as_int64(), 2);
  EXPECT_EQ(total.at("demanded_units").as_int64(), 5200);
  EXPECT_EQ(total.at("open_demands").as_int64(), 2);
  EXPECT_EQ(total.at("responses").as_int64(), 4);
  EXPECT_EQ(total.at("demands_with_responses").as_int64(), 2);
  EXPECT_EQ(total.at("response_rate").to_number<double>(), 1.0);
  EXPECT_EQ(total.at("deals").as_int64(), 1);
  EXPECT_EQ(total.at("linked_deals").as_int64(), 1);
  EXPECT_EQ(total.at("deal_value_yuan").to_number<double>(), 3000.0 * 2200);
  // One buyer, in Chongqing; this month for everything posted here.
  ASSERT_EQ(k.at("by_province").as_array().size(), 1u);
  EXPECT_EQ(k.at("by_province").at(0).at("province"), "Chongqing");
  EXPECT_EQ(k.at("by_province").at(0).at("responses").as_int64(), 4);
  const json::array& months = k.at("by_month").as_array();
  ASSERT_EQ(months.size(), 1u);  // DM1 was imported now too: its first import is its posting
  EXPECT_EQ(months.at(0).at("demands").as_int64(), 2);
  // Components and assemblies split the figures.
  for (const json::value& row : k.at("by_component").as_array()) {
    if (row.at("component") == "CHS-EPS") {
      EXPECT_EQ(row.at("responses").as_int64(), 3);
      EXPECT_EQ(row.at("deals").as_int64(), 1);
      EXPECT_EQ(row.at("demanded_units").as_int64(), 5000);
    } else {
      EXPECT_EQ(row.at("component"), "BAT-PACK");
      EXPECT_EQ(row.at("responses").as_int64(), 1);
      EXPECT_EQ(row.at("deals").as_int64(), 0);
    }
  }
  EXPECT_EQ(k.at("by_assembly").as_array().size(), 2u);
}

TEST_P(DealsTest, ANewLinkGetsTermsFromDistanceAndTheBuyersCover) {
  // pack1 does not supply oem1 with steering yet: a deal makes a new link.
  ASSERT_EQ(Call("POST", "/api/v1/demands",
                 R"({"id":"DM9","buyer":"oem1","component":"CHS-EPS",)"
                 R"("annual_quantity":100,"start_date":"2027-03-01","max_distance_km":null,)"
                 R"("required_certs":[],"prefer_local":false,"max_share":1,"status":"open"})")
                .status,
            201);
  const std::string rs = OkAs(pack_, "POST", "/api/v1/demands/DM9/responses", Quote(100, 2500, 60), 201)
                             .at("id")
                             .as_string()
                             .c_str();
  const std::string dl =
      OkAs(buyer_, "POST", "/api/v1/responses/" + rs + "/accept", "{}", 201).at("id").as_string().c_str();
  OkAs(pack_, "POST", "/api/v1/deals/" + dl + "/confirm");
  OkAs(buyer_, "POST", "/api/v1/deals/" + dl + "/confirm");
  const json::object page =
      OkAs(analyst_, "GET", "/api/v1/links?buyer=oem1&supplier=pack1&component=CHS-EPS");
  ASSERT_EQ(page.at("total").as_int64(), 1);
  const json::object link = page.at("items").at(0).as_object();
  EXPECT_EQ(link.at("annual_volume").as_int64(), 100);
  EXPECT_EQ(link.at("unit_price_yuan").to_number<double>(), 2500);
  // A new server over the same store sees the new link too (it is in the store, not only in memory).
  Platform again(OpenStore(db_path_));
  EXPECT_EQ(again.state()->chain->link_count(), 4u);
}

TEST_P(DealsTest, BadResponsesAreRefusedAndNothingIsWritten) {
  Expect(std::vector<Case>{});
  struct Bad {
    const testing::TestAccount* who;
    std::string target, body;
    int status;
    std::string contains;
  };
  OkAs(eps_, "POST", "/api/v1/demands/DM1/responses", Quote(10, 2300, 7), 201);
  const std::vector<Bad> cases = {
      {&eps_, "/api/v1/demands/DM1/responses", Quote(10, 2300, 7), 409, "already"},
      {&pack_, "/api/v1/demands/DM1/responses", R"({"annual_quantity":10,"unit_price_yuan":2300})", 400,
       "'lead_time_days'"},
      {&pack_, "/api/v1/demands/DM1/responses", Quote(0, 2300, 7), 400, "'annual_quantity'"},
      {&pack_, "/api/v1/demands/DM1/responses", Quote(10, -1, 7), 400, "'unit_price_yuan'"},
      {&pack_, "/api/v1/demands/DM1/responses", Quote(10, 2300, 400), 400, "'lead_time_days'"},
      {&pack_, "/api/v1/demands/DM1/responses", Quote(10, 2300, 7, R"(,"discount":5)"), 400, "'discount'"},
      {&pack_, "/api/v1/demands/DM1/responses", Quote(10, 2300, 7, R"(,"supplier":"eps1")"), 403, "own"},
      {&pack_, "/api/v1/demands/DM1/responses",
       Quote(10, 2300, 7, R"(,"message":")" + std::string(2001, 'x') + "\""), 400, "'message'"},
      {&buyer_, "/api/v1/demands/DM1/responses", Quote(10, 2300, 7), 400, "own demand"},
      {&pack_, "/api/v1/demands/DM404/responses", Quote(10, 2300, 7), 404, "DM404"},
      {&pack_, "/api/v1/demands/DM1/responses", "[1]", 400, "object"},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(c.body);
    const HttpResponse r = As(*c.who, "POST", c.target, c.body);
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_NE(r.body.find(c.contains), std::string::npos) << r.body;
  }
  EXPECT_EQ(OkAs(analyst_, "GET", "/api/v1/responses").at("total").as_int64(), 1);
  // A closed demand takes no more responses.
  ASSERT_EQ(As(buyer_, "POST", "/api/v1/demands/DM1/close").status, 200);
  EXPECT_EQ(As(pack_, "POST", "/api/v1/demands/DM1/responses", Quote(10, 2300, 7)).status,
            404);  // closed: the buyer's
}

TEST_P(DealsTest, OthersCannotReadOrChangeDealingsByGuessingIds) {
  const std::string rs = OkAs(eps_, "POST", "/api/v1/demands/DM1/responses", Quote(10, 2300, 7), 201)
                             .at("id")
                             .as_string()
                             .c_str();
  for (const char* action : {"shortlist", "decline", "withdraw", "accept"})
    EXPECT_EQ(As(cell_, "POST", "/api/v1/responses/" + rs + "/" + action, "{}").status, 404) << action;
  // The supplier cannot decide for the buyer, nor the buyer withdraw for the supplier.
  EXPECT_EQ(As(eps_, "POST", "/api/v1/responses/" + rs + "/accept", "{}").status, 403);
  EXPECT_EQ(As(eps_, "POST", "/api/v1/responses/" + rs + "/shortlist").status, 403);
  EXPECT_EQ(As(buyer_, "POST", "/api/v1/responses/" + rs + "/withdraw").status, 403);
  EXPECT_EQ(OkAs(buyer_, "POST", "/api/v1/responses/" + rs + "/shortlist").at("status"), "shortlisted");
  const std::string dl =
      OkAs(buyer_, "POST", "/api/v1/responses/" + rs + "/accept", "{}", 201).at("id").as_string().c_str();
  EXPECT_EQ(As(cell_, "GET", "/api/v1/deals/" + dl).status, 404);
  EXPECT_EQ(As(cell_, "GET", "/api/v1/deals/DL99999").status, 404);
  EXPECT_EQ(OkAs(cell_, "GET", "/api/v1/deals").at("total").as_int64(), 0);
  EXPECT_EQ(OkAs(cell_, "GET", "/api/v1/responses").at("total").as_int64(), 0);
  EXPECT_EQ(OkAs(cell_, "GET", "/api/v1/demands/DM1/responses").at("total").as_int64(), 0);
  EXPECT_EQ(OkAs(eps_, "GET", "/api/v1/deals").at("total").as_int64(), 1);
  EXPECT_EQ(OkAs(analyst_, "GET", "/api/v1/deals/" + dl).at("buyer"), "oem1");
}

}  // namespace
}  // namespace chainscope
