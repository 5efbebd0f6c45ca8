// Issue 27's findings as a new user met them, through the real request pipeline: every number a user
// states is bounded at the door (an offer at 1e308 yuan was stored; an allocation with an unmet penalty of
// 1e-300 then never answered), extreme values within the bounds are answered, and the audit filter takes
// a bare record id.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>

#include "core/schema.h"
#include "io/dataset_io.h"
#include "server/stored_api.h"
#include "service/matching.h"

namespace chainscope {
namespace {
namespace json = boost::json;

class BoundsTest : public testing::StoredApiTest {
 protected:
  void SetUp() override { Open(ReadDataset(testing::MiniDataset())); }
  std::string Offer(const std::string& price) {
    return R"({"supplier":"eps1","component":"CHS-EPS","annual_capacity":100,"unit_price_yuan":)" + price +
           "}";
  }
};

TEST_F(BoundsTest, APriceOrQuantityBeyondItsPhysicalBoundIsRefusedNamingTheField) {
  const std::size_t offers = store_->LoadMarket().offers.size();
  Expect(std::vector<Case>{
      {"POST", "/api/v1/offers", Offer("1e308"), 400, "unit_price_yuan"},
      {"POST", "/api/v1/offers", Offer("1000000001"), 400, "unit_price_yuan"},
      {"POST", "/api/v1/offers", Offer("0"), 400, "unit_price_yuan"},
      {"POST", "/api/v1/offers",
       R"({"supplier":"eps1","component":"CHS-EPS","annual_capacity":1e13,"unit_price_yuan":10})", 400,
       "annual_capacity"},
      {"POST", "/api/v1/demands",
       R"({"buyer":"oem1","component":"CHS-EPS","annual_quantity":100,"start_date":"2027-03-01",)"
       R"("max_distance_km":1e300})",
       400, "max_distance_km"},
      {"POST", "/api/v1/allocations", R"({"unmet_penalty_factor":1e-300})", 400, "unmet_penalty_factor"},
      {"POST", "/api/v1/allocations", R"({"unmet_penalty_factor":1e300})", 400, "unmet_penalty_factor"},
  });
  EXPECT_EQ(store_->LoadMarket().offers.size(), offers);  // nothing written
  // The document states the same bounds as the door.
  const json::object doc = Ok("GET", "/api/v1/openapi.json");
  const json::object& price = doc.at("paths")
                                  .at("/api/v1/offers")
                                  .at("post")
                                  .at("requestBody")
                                  .at("content")
                                  .at("application/json")
                                  .at("schema")
                                  .at("properties")
                                  .at("unit_price_yuan")
                                  .as_object();
  EXPECT_EQ(price.at("maximum").to_number<double>(), kMaxPriceYuan);
}

TEST_F(BoundsTest, ExtremeButAcceptedValuesAreAnsweredQuickly) {
  // The dearest and the cheapest offer the bounds allow, then allocations at both ends of the penalty.
  Ok("POST", "/api/v1/offers", Offer("1000000000"), 201);
  Ok("POST", "/api/v1/offers", Offer("0.01"), 201);
  Ok("POST", "/api/v1/demands",
     R"({"buyer":"oem1","component":"CHS-EPS","annual_quantity":1000000000000,"start_date":"2027-03-01"})",
     201);
  for (const double factor : {kMinUnmetPenaltyFactor, 1.0, kMaxUnmetPenaltyFactor}) {
    const auto start = std::chrono::steady_clock::now();
    const json::object a =
        Ok("POST", "/api/v1/allocations", R"({"unmet_penalty_factor":)" + std::to_string(factor) + "}");
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0) << factor;
    // Every unit of the two open demands (the mini dataset's 5,000 and the 1e12) is accounted for, assigned
    // or unmet, with no overflow at the extremes.
    EXPECT_EQ(a.at("units_assigned").to_number<double>() + a.at("units_unmet").to_number<double>(),
              1e12 + 5000)
        << factor;
    EXPECT_GE(a.at("units_unmet").to_number<double>(), 1e12 - 1e6) << factor;  // capacities are thousands
  }
}

TEST_F(BoundsTest, TheAuditFilterTakesABareRecordId) {
  const json::object offer = Ok("POST", "/api/v1/offers", Offer("2400"), 201);
  const std::string id(offer.at("id").as_string());
  const json::array bare = Ok("GET", "/api/v1/audit?entity=" + id).at("items").as_array();
  ASSERT_EQ(bare.size(), 1u);
  EXPECT_EQ(bare.at(0).at("entity").as_string(), "offer:" + id);
  EXPECT_EQ(bare, Ok("GET", "/api/v1/audit?entity=offer:" + id).at("items").as_array());
}

}  // namespace
}  // namespace chainscope
