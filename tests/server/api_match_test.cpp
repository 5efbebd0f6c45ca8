// Matchmaking and the demand/offer endpoints through the API, with a real SQLite store behind them.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "io/dataset_io.h"
#include "io/records.h"
#include "match_fixture.h"
#include "server/api.h"
#include "stored_api.h"
#include "test_util.h"

namespace chainscope {
namespace {
namespace json = boost::json;

class ApiMatchTest : public testing::StoredApiTest {
 protected:
  void SetUp() override {
    Dataset d = testing::SteeringMarket();
    d.demands = {testing::SteeringDemand()};
    Open(d);
  }
};

TEST_F(ApiMatchTest, RequestResponseCases) {
  const Case cases[] = {
      {"POST", "/api/v1/match", R"({"demand":"DM1"})", 200, R"("supplier":"near")"},
      {"POST", "/api/v1/match", R"({"demand":"DM1","top":1})", 200, R"("eligible":2)"},
      {"POST", "/api/v1/match", R"({"buyer":"buyer","component":"CHS-EPS","quantity":500})", 200,
       R"("makers":6)"},
      {"POST", "/api/v1/match", R"({"demand":"DM1","explain":"far"})", 200,
       "its distance is not known (Abroad has no coordinates), so it cannot meet the demand's 500 km limit"},
      // Weights that would overflow the score are refused at the door (the answer used to hold
      // "score":Infinity, which is not JSON).
      {"POST", "/api/v1/match", R"({"demand":"DM1","weights":{"price":1e308,"fit":1e308,"quality":1e308}})",
       400, "weight 'price' must be a number from 0 to 1000"},
      {"POST", "/api/v1/match", R"({"demand":"DM1","weights":{"price":1}})", 200,
       R"("candidates":[{"supplier":"chengdu")"},
      {"POST", "/api/v1/match", R"({"demand":"DM9"})", 404, "no demand with id 'DM9'"},
      {"POST", "/api/v1/match", R"({"buyer":"ghost","component":"CHS-EPS","quantity":5})", 400,
       "field 'buyer': unknown enterprise 'ghost'"},
      {"POST", "/api/v1/match", R"({"buyer":"buyer","component":"CHS-EPS","quantity":-5})", 400,
       "field 'annual_quantity'"},
      {"POST", "/api/v1/match", R"({"buyer":"buyer","component":"CHS-EPS"})", 400,
       "field 'annual_quantity': missing field"},
      {"POST", "/api/v1/match", R"({"demand":"DM1","weights":{"colour":1}})", 400, "unknown weight 'colour'"},
      {"POST", "/api/v1/match", R"({"demand":"DM1","top":0})", 400, "field 'top' must be a whole number ≥ 1"},
      {"POST", "/api/v1/match", R"({"demand":"DM1","size":3})", 400, "unknown field 'size'"},
      {"POST", "/api/v1/match", "not json", 400, "request body is not valid JSON"},
      {"POST", "/api/v1/match", "[1]", 400, "request body must be a JSON object"},
      {"GET", "/api/v1/match", "", 405, "(allowed: POST)"},
      {"POST", "/api/v1/allocations", "", 200, R"("total_cost_yuan")"},
      {"POST", "/api/v1/allocations", R"({"algorithm":"cost_scaling"})", 200, R"("units_unmet":0)"},
      {"POST", "/api/v1/allocations", R"({"unmet_penalty_factor":0})", 400, "unmet_penalty_factor"},
      {"POST", "/api/v1/allocations", R"({"algorithm":"magic"})", 400, "network_simplex or cost_scaling"},
      {"GET", "/api/v1/demands", "", 200, R"("total":1)"},
      {"GET", "/api/v1/demands?status=closed", "", 200, R"("total":0)"},
      {"GET", "/api/v1/demands?status=maybe", "", 400, "'status' must be open or closed"},
      {"GET", "/api/v1/demands/DM1", "", 200, R"("max_distance_km":500)"},
      {"GET", "/api/v1/demands/DM7", "", 404, "no demand with id 'DM7'"},
      {"GET", "/api/v1/offers?supplier=expired", "", 200, R"("id":"OF1")"},
      {"POST", "/api/v1/offers",
       R"({"supplier":"buyer","component":"CHS-EPS","annual_capacity":5,"unit_price_yuan":1})", 400,
       "'buyer' is not a parts maker"},
      {"POST", "/api/v1/demands",
       R"({"id":"DM1","buyer":"buyer","component":"CHS-EPS","annual_quantity":5,"start_date":"2027-01-01","prefer_local":false,"max_share":1})",
       409, "demand 'DM1' exists"},
      {"POST", "/api/v1/demands",
       R"({"buyer":"buyer","component":"CHS-EPS","annual_quantity":5,"start_date":"2027-02-30","prefer_local":false,"max_share":1})",
       400, "field 'start_date': '2027-02-30' is not a date YYYY-MM-DD"},
      {"DELETE", "/api/v1/demands/DM1", "", 405, "DELETE is not allowed"},
  };
  Expect(cases);
}

TEST_F(ApiMatchTest, CreateUpdateCloseArePersistedAndChangeTheAllocation) {
  // A new offer from chengdu at a lower price than its capability.
  json::object made = Ok(
      "POST", "/api/v1/offers",
      R"({"supplier":"chengdu","component":"CHS-EPS","annual_capacity":7000,"unit_price_yuan":2100,"valid_until":"2027-12-31"})",
      201);
  EXPECT_EQ(made.at("id").as_string(), "OF00002");
  // Offers replace the capability's free capacity: chengdu now supplies at most 7,000 at 2,100.
  json::object alloc = Ok("POST", "/api/v1/allocations");
  std::int64_t from_chengdu = 0;
  for (const auto& a : alloc.at("assignments").as_array())
    if (a.at("supplier").as_string() == "chengdu") from_chengdu += a.at("quantity").as_int64();
  EXPECT_EQ(from_chengdu, 7000);
  // Update the demand, then close it: no open demand is left to allocate.
  Ok("PUT", "/api/v1/demands/DM1",
     R"({"buyer":"buyer","component":"CHS-EPS","annual_quantity":3000,"start_date":"2027-01-01","prefer_local":true,"max_share":1,"status":"open"})");
  EXPECT_EQ(Ok("GET", "/api/v1/demands/DM1").at("annual_quantity").as_int64(), 3000);
  EXPECT_EQ(Ok("POST", "/api/v1/demands/DM1/close").at("status").as_string(), "closed");
  EXPECT_EQ(Ok("POST", "/api/v1/allocations").at("assignments").as_array().size(), 0u);
  // All of it is in the store: a fresh load sees the closed demand and the new offer.
  const Dataset reloaded = store_->LoadDataset();
  ASSERT_EQ(reloaded.demands.size(), 1u);
  EXPECT_FALSE(reloaded.demands[0].open);
  EXPECT_EQ(reloaded.demands[0].annual_quantity, 3000);
  ASSERT_EQ(reloaded.offers.size(), 2u);
  EXPECT_EQ(reloaded.offers[1].id, "OF00002");
  EXPECT_EQ(reloaded.offers[1].valid_until, "2027-12-31");
}

// A new user's demand posts: prefer_local and max_share have defaults, every invalid field is named in one
// answer, a start date long past is refused, and the OpenAPI document says which fields may be left out.
TEST_F(ApiMatchTest, DemandDefaultsEveryInvalidFieldAtOnceAndNoStartLongPast) {
  const json::object made =
      Ok("POST", "/api/v1/demands",
         R"({"buyer":"buyer","component":"CHS-EPS","annual_quantity":5,"start_date":"2027-03-01"})", 201);
  EXPECT_EQ(made.at("prefer_local"), false);
  EXPECT_EQ(made.at("max_share").to_number<double>(), 1);
  const HttpResponse bad =
      Call("POST", "/api/v1/demands",
           R"({"buyer":"ghost","component":"XX-NONE","annual_quantity":0,"start_date":"2027-03-01",)"
           R"("max_share":2})");
  EXPECT_EQ(bad.status, 400);
  for (const char* named :
       {"field 'buyer': unknown enterprise 'ghost'", "field 'component': unknown component 'XX-NONE'",
        "field 'annual_quantity'", "field 'max_share'"})
    EXPECT_NE(bad.body.find(named), std::string::npos) << named << " in " << bad.body;
  const HttpResponse old =
      Call("POST", "/api/v1/demands",
           R"({"buyer":"buyer","component":"CHS-EPS","annual_quantity":5,"start_date":"2001-03-01"})");
  EXPECT_EQ(old.status, 400);
  EXPECT_NE(old.body.find("field 'start_date': 2001-03-01 is more than 365 days before today"),
            std::string::npos)
      << old.body;
  EXPECT_EQ(Ok("GET", "/api/v1/demands").at("total").as_int64(), 2) << "nothing written on failure";
  const json::object doc = Ok("GET", "/api/v1/openapi.json");
  const json::object& schema = doc.at("paths")
                                   .at("/api/v1/demands")
                                   .at("post")
                                   .at("requestBody")
                                   .at("content")
                                   .at("application/json")
                                   .at("schema")
                                   .as_object();
  for (const json::value& field : schema.at("required").as_array())
    for (const char* optional : {"buyer", "prefer_local", "max_share"})
      EXPECT_NE(field.as_string(), optional) << "required in the OpenAPI document";
  EXPECT_NE(json::serialize(schema.at("properties").at("buyer")).find("a member may leave it out"),
            std::string::npos);
}

// Dates are compared with the day given, not the clock (the grace is the bound).
TEST(DemandFromJson, StartDateGraceCountsDaysAcrossMonthsAndLeapYears) {
  const Dataset d = testing::SteeringMarket();
  const auto net = Network::Build(Dataset(d));
  auto at = [&](const std::string& start, const std::string& today) {
    json::object o{
        {"buyer", "buyer"}, {"component", "CHS-EPS"}, {"annual_quantity", 5}, {"start_date", start}};
    return DemandFromJson(*net, o, "DMX", today).start_date;
  };
  EXPECT_EQ(at("2027-03-01", "2028-02-29"), "2027-03-01");     // 365 days back, across a leap day
  EXPECT_THROW(at("2027-02-28", "2028-02-29"), InvalidInput);  // 366
  EXPECT_EQ(at("2001-03-01", "2002-03-01"), "2001-03-01");
  EXPECT_THROW(at("2001-03-01", "2026-12-06"), InvalidInput);
}

TEST(ApiReadOnly, WritesWithoutAStoreAre503) {
  Api api(std::make_shared<Platform>(testing::SteeringMarket()), testing::OperatorOptions());
  const HttpResponse r =
      api.Handle({"POST", "/api/v1/offers",
                  R"({"supplier":"chengdu","component":"CHS-EPS","annual_capacity":1,"unit_price_yuan":1})"});
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("read_only"), std::string::npos);
}

}  // namespace
}  // namespace chainscope
