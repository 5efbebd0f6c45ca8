// The chain analytics through the API on the hand-computed chain (tests/data/chain, stored in SQLite):
// request → status and body cases, the output contract, and the what-if run.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "io/dataset_io.h"
#include "stored_api.h"

namespace chainscope {
namespace {
namespace json = boost::json;

class ApiAnalyticsTest : public testing::StoredApiTest {
 protected:
  void SetUp() override { Open(ReadDataset(testing::TestData() / "chain")); }
};

TEST_F(ApiAnalyticsTest, RequestResponseCases) {
  const Case cases[] = {
      {"GET", "/api/v1/analytics/localization", "", 200, R"("key":"total")"},
      {"GET", "/api/v1/analytics/localization?by=powertrain&buyer_province=Sichuan", "", 200,
       R"("key":"NEV")"},
      {"GET", "/api/v1/analytics/localization?by=colour", "", 400, "query parameter 'by' must be total, oem"},
      {"GET", "/api/v1/analytics/localization?buyers=some", "", 400, "'buyers' must be oem or all"},
      {"GET", "/api/v1/analytics/localization?buyer_province=Tibet", "", 400, "unknown province 'Tibet'"},
      {"GET", "/api/v1/analytics/localization?oem=ghost", "", 400, "unknown enterprise 'ghost'"},
      {"GET", "/api/v1/analytics/localization?component=XX", "", 400, "unknown component 'XX'"},
      {"GET", "/api/v1/analytics/localization?limit=3", "", 400, "unknown query parameter 'limit'"},
      {"POST", "/api/v1/analytics/localization", "", 405, "method_not_allowed"},
      {"GET", "/api/v1/analytics/flows?assembly=BAT&oem=oemB", "", 200, R"("place_pairs":2)"},
      {"GET", "/api/v1/analytics/flows?assembly=XYZ", "", 400, "unknown assembly 'XYZ'"},
      {"GET", "/api/v1/analytics/flows?limit=1", "", 200, R"("place_pairs":8)"},
      {"GET", "/api/v1/analytics/weak-links", "", 200, R"("single_sourced_pairs":5)"},
      {"GET", "/api/v1/analytics/weak-links?gap_threshold=abc", "", 400, "'gap_threshold' must be a number"},
      {"GET", "/api/v1/analytics/weak-links?gap_threshold=-1", "", 400,
       "'gap_threshold' must be a number from"},
      {"GET", "/api/v1/analytics/weak-links?buyers=oem", "", 200, R"("single_sourced_pairs":4)"},
      {"GET", "/api/v1/analytics/invest?component=ECU", "", 200, R"("place":"500118")"},
      {"GET", "/api/v1/analytics/invest?max_share=2", "", 400, "'max_share' must be a number from"},
      {"GET", "/api/v1/analytics/invest?capacity=0", "", 400, "'capacity' must be a whole number ≥ 1"},
      {"GET", "/api/v1/analytics/invest?weight_gap=x", "", 400, "'weight_gap' must be a number"},
      {"GET", "/api/v1/analytics/invest?weight_colour=1", "", 400, "unknown query parameter 'weight_colour'"},
      {"GET", "/api/v1/analytics/invest?top=5000", "", 400, "'top' must be at most 1000"},
      {"GET", "/api/v1/analytics/invest/what-if", "", 405, "(allowed: POST)"},
      {"POST", "/api/v1/analytics/invest/what-if", "{", 400, "not valid JSON"},
      {"POST", "/api/v1/analytics/invest/what-if", R"({"place":"510100"})", 400,
       "field 'component' is required"},
      {"POST", "/api/v1/analytics/invest/what-if", R"({"component":"EPS","place":"510100","colour":1})", 400,
       "unknown field 'colour'"},
      {"POST", "/api/v1/analytics/invest/what-if", R"({"component":"EPS","place":"ABROAD"})", 400,
       "is not in Chongqing or Sichuan"},
      {"POST", "/api/v1/analytics/invest/what-if", R"({"component":"EPS","place":"999"})", 400,
       "unknown place '999'"},
      {"POST", "/api/v1/analytics/invest/what-if",
       R"({"component":"EPS","place":"510100","capacity_units":0})", 400,
       "'capacity_units' must be a whole number"},
      {"POST", "/api/v1/analytics/invest/what-if", R"({"component":"EPS","place":"510100","id":"pack1"})",
       400, "'pack1' is in use"},
      {"GET", "/api/v1/analytics/nothing", "", 404, "no API endpoint"},
  };
  Expect(cases);
}

TEST_F(ApiAnalyticsTest, OutputContract) {
  const json::object loc = Ok("GET", "/api/v1/analytics/localization?by=oem");
  for (const auto& row : loc.at("rows").as_array())
    for (const char* field :
         {"key", "local_share_value", "local_share_volume", "regional_share_value", "value_yuan"})
      EXPECT_TRUE(row.as_object().contains(field)) << field;
  EXPECT_EQ(loc.at("rows").as_array()[0].at("key").as_string(), "oemB");  // 85 M before oemA's 53 M
  EXPECT_NEAR(loc.at("rows").as_array()[1].at("local_share_value").to_number<double>(), 50.0 / 53, 1e-12);

  const json::object weak = Ok("GET", "/api/v1/analytics/weak-links");
  for (const char* list : {"single_sourced", "hhi", "coverage", "critical_suppliers", "gaps"})
    EXPECT_TRUE(weak.at(list).is_array()) << list;
  const auto& first = weak.at("critical_suppliers").as_array()[0].as_object();
  EXPECT_EQ(first.at("supplier").as_string(), "eps1");
  EXPECT_EQ(first.at("buyers").as_array(), json::array({"oemA"}));
  EXPECT_EQ(first.at("components").as_array(), json::array({"EPS"}));
  EXPECT_EQ(first.at("vehicles_exposed").to_number<double>(), 4000);
  EXPECT_EQ(first.at("value_exposed_yuan").to_number<double>(), 5e8);

  const json::object flows = Ok("GET", "/api/v1/analytics/flows");
  double sum = 0;
  for (const auto& c : flows.at("categories").as_array()) sum += c.at("value_yuan").to_number<double>();
  EXPECT_NEAR(sum, flows.at("total_value_yuan").to_number<double>(), 1e-3);
  EXPECT_EQ(flows.at("sankey").at("nodes").as_array().size(), 8u);

  const json::object what_if = Ok("POST", "/api/v1/analytics/invest/what-if",
                                  R"({"component":"CELL","place":"500116","capacity_units":300000})");
  EXPECT_EQ(what_if.at("plan").at("units").to_number<std::int64_t>(), 90000);
  EXPECT_NEAR(what_if.at("change").at("local_share_all_tiers_pp").to_number<double>(), 100 * 27.0 / 107,
              1e-9);
  EXPECT_NEAR(what_if.at("change").at("single_sourced_value_yuan").to_number<double>(), -54e6, 1e-3);
  // A what-if changes nothing that is stored or served.
  EXPECT_EQ(Ok("GET", "/api/v1/analytics/weak-links").at("single_sourced_value_yuan"),
            weak.at("single_sourced_value_yuan"));
  EXPECT_EQ(store_->LoadDataset().enterprises.size(), 9u);
}

}  // namespace
}  // namespace chainscope

namespace chainscope {
namespace {

TEST_F(ApiAnalyticsTest, TablesAsCsvAndXlsxByFormatOrAccept) {
  // CSV: the view's list, UTF-8 with BOM, one row per item, the same figures as the JSON.
  const boost::json::array rows =
      Ok("GET", "/api/v1/analytics/localization?by=powertrain").at("rows").as_array();
  const HttpResponse csv = Call("GET", "/api/v1/analytics/localization?by=powertrain&format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBFkey,label,"));
  EXPECT_EQ(static_cast<std::size_t>(std::count(csv.body.begin(), csv.body.end(), '\n')), rows.size() + 1);
  ASSERT_NE(csv.Header("Content-Disposition"), nullptr);
  EXPECT_EQ(*csv.Header("Content-Disposition"), "attachment; filename=\"chainscope-localization.csv\"");
  // XLSX: by the query or by Accept; a workbook (a zip), its own ETag, and Vary: Accept.
  const HttpResponse xlsx = Call("GET", "/api/v1/analytics/weak-links?format=xlsx");
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  EXPECT_EQ(xlsx.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  HttpRequest accept = testing::As(admin_, "GET", "/api/v1/analytics/weak-links");
  accept.headers.emplace_back("Accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const HttpResponse by_accept = api_->Handle(accept);
  EXPECT_EQ(by_accept.content_type, xlsx.content_type);
  EXPECT_EQ(by_accept.body.substr(0, 2), "PK");
  const HttpResponse json_answer = Call("GET", "/api/v1/analytics/weak-links");
  EXPECT_EQ(json_answer.content_type.find("application/json"), 0u);
  ASSERT_TRUE(json_answer.Header("ETag") && xlsx.Header("ETag"));
  EXPECT_NE(*json_answer.Header("ETag"), *xlsx.Header("ETag"));
  ASSERT_NE(json_answer.Header("Vary"), nullptr);
  EXPECT_NE(json_answer.Header("Vary")->find("Accept"), std::string::npos);
  // A POST with a table, a paged list.
  EXPECT_EQ(Call("POST", "/api/v1/allocations?format=csv", "{}").content_type, "text/csv; charset=utf-8");
  EXPECT_TRUE(Call("GET", "/api/v1/enterprises?format=csv").body.starts_with("\xEF\xBB\xBFid,"));
  Expect(std::vector<Case>{
      {"GET", "/api/v1/analytics/weak-links?format=pdf", "", 400, "'format' must be json, csv or xlsx"},
      {"GET", "/api/v1/health?format=xlsx", "", 400, "not a table"},
      {"GET", "/api/v1/health?format=json", "", 200, "ok"},
  });
}

}  // namespace
}  // namespace chainscope
