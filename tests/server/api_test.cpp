// The API without sockets: data-driven request → status and body cases, then structural checks.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>

#include <boost/json.hpp>
#include <limits>
#include <set>

#include "io/dataset_io.h"
#include "server/accounts_util.h"
#include "server/api.h"
#include "server/handlers.h"
#include "server/openapi.h"
#include "test_util.h"

namespace chainscope {
namespace {
namespace json = boost::json;

class ApiTest : public ::testing::Test {
 protected:
  ApiTest()
      : api_(std::make_shared<Platform>(ReadDataset(testing::MiniDataset())), testing::OperatorOptions()) {}
  HttpResponse Get(const std::string& target) const { return api_.Handle({"GET", target, ""}); }
  json::value GetJson(const std::string& target, int status = 200) const {
    const HttpResponse r = Get(target);
    EXPECT_EQ(r.status, status) << target << ": " << r.body;
    return json::parse(r.body);
  }
  Api api_;
};

struct Case {
  std::string method, target;
  int status;
  std::string body_contains;
};

TEST(JsonResponses, ANumberThatIsNotFiniteNeverReachesTheBody) {
  // JSON has no Infinity or NaN: a response holding one is the server's error (500, no detail), not a body
  // no client can parse.
  const json::value inf = json::object{
      {"items", json::array{1.5, json::object{{"score", std::numeric_limits<double>::infinity()}}}}};
  EXPECT_THROW(handlers::Json(inf), Error);
  EXPECT_THROW(handlers::Json(json::value(std::nan(""))), Error);
  EXPECT_EQ(handlers::Json(json::object{{"score", 0.5}}).body, R"({"score":0.5})");
}

TEST_F(ApiTest, RequestResponseCases) {
  const Case cases[] = {
      {"GET", "/api/v1/health", 200, R"("status":"ok")"},
      {"GET", "/api/v1/health", 200, R"("links":3)"},
      {"HEAD", "/api/v1/health", 200, R"("status":"ok")"},
      {"POST", "/api/v1/health", 405,
       R"x({"error":{"code":"method_not_allowed","message":"POST is not allowed on /api/v1/health (allowed: GET, HEAD)",)x"},
      {"DELETE", "/api/v1/enterprises/oem1", 405, "method_not_allowed"},
      {"GET", "/api/v1/nothing", 404, R"("code":"not_found")"},
      {"GET", "/api/v1/enterprises/ghost", 404, "no enterprise with id 'ghost'"},
      {"GET", "/api/v1/enterprises/oem1/extra", 404, "no API endpoint"},
      {"GET", "/api/v1/enterprises?role=boss", 400, "unknown role 'boss'"},
      {"GET", "/api/v1/enterprises?colour=red", 400, "unknown query parameter 'colour'"},
      {"GET", "/api/v1/enterprises?limit=abc", 400, "'limit' must be a whole number"},
      {"GET", "/api/v1/enterprises?limit=5000", 400, "'limit' must be at most 1000"},
      {"GET", "/api/v1/enterprises?limit=-1", 400, "'limit' must be a whole number"},
      {"GET", "/api/v1/enterprises?place=999999", 400, "unknown place '999999'"},
      {"GET", "/api/v1/enterprises?province=Tibet", 400, "unknown province 'Tibet'"},
      {"GET", "/api/v1/enterprises?component=XX", 400, "unknown component 'XX'"},
      {"GET", "/api/v1/enterprises?q=%ZZ", 400, "malformed percent-encoding"},
      {"GET", "/api/v1/enterprises?q=%E6%B5%8B%E8%AF%95", 200, R"("total":1)"},  // 测试
      {"GET", "/api/v1/enterprises?q=test+motors", 200, R"("id":"oem1")"},
      // The credit code finds its enterprise, in any case; the answer carries it.
      {"GET", "/api/v1/enterprises?q=9150011620230001x6", 200, R"("uscc":"9150011620230001X6")"},
      {"GET", "/api/v1/enterprises?q=915101002023000284", 200, R"("total":1)"},
      {"GET", "/api/v1/enterprises?role=tier1&province=Sichuan", 200, R"("total":1,)"},
      {"GET", "/api/v1/enterprises?component=BAT-CELL", 200, R"("id":"cell1")"},
      {"GET", "/api/v1/links?buyer=ghost", 400, "unknown enterprise 'ghost'"},
      {"GET", "/api/v1/links?buyer=oem1&supplier_province=Sichuan", 200, R"("total":1,)"},
      {"GET", "/api/v1/links?component=BAT-CELL", 200, R"("value_yuan":297600000)"},
      {"GET", "/api/v1/places?province=Sichuan", 200, R"("code":"510100")"},
      {"GET", "/api/v1/places?province=Chongqing", 200, R"("pilot":"western_chongqing")"},
      {"GET", "/api/v1/taxonomy?x=1", 400, "unknown query parameter 'x' (allowed: none)"},
      {"GET", "/", 200, "<h1>chainscope</h1>"},
      {"GET", "/missing.js", 404, "not_found"},
      {"GET", "relative", 400, "must start with '/'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.method + " " + c.target);
    const HttpResponse r = api_.Handle({c.method, c.target, ""});
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_NE(r.body.find(c.body_contains), std::string::npos) << r.body;
    if (c.target.starts_with("/api/")) {
      EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
      EXPECT_NO_THROW(json::parse(r.body));
    }
  }
}

// Each place counts its enterprises by role, as the directory lists them: the dashboard's counts come from
// here, never from paging through the whole directory.
TEST_F(ApiTest, PlacesCountTheirEnterprisesByRoleAsTheDirectoryDoes) {
  std::size_t places_with_any = 0;
  const json::value places = GetJson("/api/v1/places");
  for (const json::value& v : places.at("places").as_array()) {
    const json::object& p = v.as_object();
    const std::string code(p.at("code").as_string());
    std::int64_t sum = 0;
    for (const auto& [role, n] : p.at("by_role").as_object()) {
      ASSERT_GT(n.as_int64(), 0) << code << " " << role;  // roles with none are left out
      const json::value page =
          GetJson(fmt::format("/api/v1/enterprises?place={}&role={}&limit=1", code, std::string_view(role)));
      EXPECT_EQ(page.at("total").as_int64(), n.as_int64()) << code << " " << role;
      sum += n.as_int64();
    }
    EXPECT_EQ(sum, p.at("enterprises").as_int64()) << code;
    places_with_any += sum > 0;
  }
  EXPECT_GE(places_with_any, 3u);  // the mini dataset's enterprises are in several places
}

// The map's counts, by hand on the mini dataset: Jiangjin has the OEM and the steering maker, Chengdu the
// pack maker and the dealer, "elsewhere in China" the cell maker; battery packs and cells are assembly BAT.
TEST_F(ApiTest, PlaceCountsOfTheDirectoryFiltersByHand) {
  const json::value all = GetJson("/api/v1/places/enterprises");
  EXPECT_EQ(all.at("total").as_int64(), 5);
  // Every certification held in the directory, once each, for filters and forms: with the taxonomy.
  EXPECT_EQ(json::serialize(GetJson("/api/v1/taxonomy").at("certifications")),
            R"(["IATF 16949","ISO 14001"])");
  std::map<std::string, std::string> groups;
  std::map<std::string, std::int64_t> parts;
  for (const json::value& p : all.at("places").as_array()) {
    groups[std::string(p.at("place").as_string())] = json::serialize(p.at("groups"));
    parts[std::string(p.at("place").as_string())] = p.at("parts_makers").as_int64();
  }
  EXPECT_EQ(groups, (std::map<std::string, std::string>{{"500116", R"({"CHS":1,"OEM":1})"},
                                                        {"510100", R"({"BAT":1,"OTHER":1})"},
                                                        {"CN-OTHER", R"({"BAT":1})"}}));
  EXPECT_EQ(parts, (std::map<std::string, std::int64_t>{{"500116", 1}, {"510100", 1}, {"CN-OTHER", 1}}));
  EXPECT_EQ(GetJson("/api/v1/places/enterprises?assembly=BAT").at("total").as_int64(), 2);
  EXPECT_EQ(GetJson("/api/v1/places/enterprises?certification=IATF%2016949").at("total").as_int64(), 3);
  const json::value none = GetJson("/api/v1/places/enterprises?role=oem&assembly=BAT");
  EXPECT_EQ(none.at("total").as_int64(), 0);
  EXPECT_TRUE(none.at("places").as_array().empty());
  EXPECT_EQ(GetJson("/api/v1/enterprises?assembly=BAT&certification=ISO%2014001").at("total").as_int64(), 1);
  const HttpResponse bad = Get("/api/v1/places/enterprises?assembly=XX");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("query parameter 'assembly': unknown assembly 'XX'"), std::string::npos)
      << bad.body;
}

// Whatever the filters, the counts per place are what the directory lists with the same filters there.
TEST_F(ApiTest, PlaceCountsAgreeWithTheDirectoryUnderEveryFilter) {
  for (const std::string filter :
       {"", "role=tier1", "assembly=BAT", "component=CHS-EPS", "province=Chongqing",
        "certification=IATF%2016949", "q=maker", "q=%E6%B5%8B%E8%AF%95", "assembly=BAT&province=Sichuan",
        "role=oem&certification=IATF%2016949"}) {
    SCOPED_TRACE(filter);
    const json::value counts = GetJson("/api/v1/places/enterprises?" + filter);
    EXPECT_EQ(counts.at("total").as_int64(),
              GetJson("/api/v1/enterprises?limit=1&" + filter).at("total").as_int64());
    std::int64_t sum = 0;
    for (const json::value& p : counts.at("places").as_array()) {
      const std::string place(p.at("place").as_string());
      std::int64_t in_groups = 0;
      for (const auto& [group, n] : p.at("groups").as_object()) in_groups += n.as_int64();
      EXPECT_EQ(in_groups, p.at("enterprises").as_int64()) << place;
      EXPECT_EQ(p.at("enterprises").as_int64(),
                GetJson("/api/v1/enterprises?limit=1&place=" + place + "&" + filter).at("total").as_int64())
          << place;
      sum += p.at("enterprises").as_int64();
    }
    EXPECT_EQ(sum, counts.at("total").as_int64());
  }
}

// A component's buyers with their purchases, by hand on the mini dataset: Jiangjin's OEM buys packs from
// Chengdu (10,000 × 44,000 yuan, not local) and steering from Jiangjin (10,000 × 2,400, local); the pack
// maker buys cells from elsewhere in China (960,000 × 310).
TEST_F(ApiTest, LinkBuyersAggregateTheLinksByHand) {
  EXPECT_EQ(
      json::serialize(GetJson("/api/v1/links/buyers?component=BAT-PACK")),
      R"({"buyers":[{"buyer":"oem1","buyer_name":"Test Motors, Jiangjin","buyer_name_zh":"测试汽车",)"
      R"("province":"Chongqing","value_yuan":440000000,"volume":10000,"suppliers":1,"local_share":0}]})");
  const json::array all = GetJson("/api/v1/links/buyers").at("buyers").as_array();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].at("buyer").as_string(), "oem1");  // 464 M yuan before the pack maker's 297.6 M
  EXPECT_EQ(all[0].at("value_yuan").to_number<double>(), 464'000'000);
  EXPECT_EQ(all[0].at("volume").as_int64(), 20'000);
  EXPECT_EQ(all[0].at("suppliers").as_int64(), 2);
  EXPECT_NEAR(all[0].at("local_share").to_number<double>(), 24.0 / 464.0, 1e-12);
  EXPECT_EQ(all[1].at("buyer").as_string(), "pack1");
  EXPECT_EQ(all[1].at("value_yuan").to_number<double>(), 297'600'000);
  EXPECT_EQ(all[1].at("local_share").to_number<double>(), 0);
  EXPECT_EQ(Get("/api/v1/links/buyers?component=XX").status, 400);
}

TEST_F(ApiTest, EnterpriseDetailHasCapabilitiesCustomersSuppliersAndLines) {
  const json::object pack = GetJson("/api/v1/enterprises/pack1").as_object();
  EXPECT_EQ(pack.at("province").as_string(), "Sichuan");
  ASSERT_EQ(pack.at("capabilities").as_array().size(), 1u);
  EXPECT_EQ(pack.at("capabilities").as_array()[0].at("free_capacity").as_int64(), 5000);
  ASSERT_EQ(pack.at("customers").as_array().size(), 1u);
  EXPECT_EQ(pack.at("customers").as_array()[0].at("buyer").at("id").as_string(), "oem1");
  ASSERT_EQ(pack.at("suppliers").as_array().size(), 1u);
  EXPECT_TRUE(pack.at("suppliers").as_array()[0].at("distance_km").is_null());  // elsewhere in China
  const json::object oem = GetJson("/api/v1/enterprises/oem1").as_object();
  ASSERT_EQ(oem.at("vehicle_lines").as_array().size(), 1u);
  // Jiangjin (29.283°N 106.253°E) to Chengdu (30.659°N 104.066°E) by hand: Δlat 1.376° = 153.0 km,
  // Δlon 2.187° × cos 30.0° = 210.6 km, √(153.0² + 210.6²) = 260.3 km (flat approximation, good to 0.5 km).
  const double km = oem.at("suppliers").as_array()[0].at("distance_km").to_number<double>();
  EXPECT_NEAR(km, 260.3, 0.5);
  EXPECT_FALSE(oem.at("suppliers").as_array()[0].at("local").as_bool());
  EXPECT_TRUE(oem.at("suppliers").as_array()[0].at("regional").as_bool());
}

TEST_F(ApiTest, PaginationCoversEveryItemOnce) {
  std::set<std::string> seen;
  std::size_t total = 0;
  for (std::size_t offset = 0;; offset += 2) {
    const json::object page =
        GetJson("/api/v1/enterprises?limit=2&offset=" + std::to_string(offset)).as_object();
    total = page.at("total").to_number<std::size_t>();
    const auto& items = page.at("items").as_array();
    if (items.empty()) break;
    EXPECT_LE(items.size(), 2u);
    for (const auto& item : items) EXPECT_TRUE(seen.insert(std::string(item.at("id").as_string())).second);
  }
  EXPECT_EQ(seen.size(), total);
  EXPECT_EQ(total, 5u);
}

TEST_F(ApiTest, TaxonomyAndCalibration) {
  const json::object tax = GetJson("/api/v1/taxonomy").as_object();
  EXPECT_EQ(tax.at("directions").as_array().size(), 3u);
  EXPECT_EQ(tax.at("directions").as_array()[0].at("assemblies").as_array().size(), 4u);
  EXPECT_EQ(tax.at("directions").as_array()[0].at("name_zh").as_string(), "新能源");
  // The multi-tier recipe the dashboard draws as a tree: a pack is made of 96 cells (mini dataset).
  const json::object& battery = tax.at("directions").as_array()[0].at("assemblies").as_array()[0].as_object();
  bool pack_found = false;
  for (const json::value& c : battery.at("components").as_array()) {
    if (c.at("code").as_string() != "BAT-PACK") continue;
    pack_found = true;
    const json::array& inputs = c.at("inputs").as_array();
    ASSERT_FALSE(inputs.empty());
    EXPECT_EQ(inputs[0].at("component").as_string(), "BAT-CELL");
    EXPECT_DOUBLE_EQ(inputs[0].at("qty_per_unit").to_number<double>(), 96.0);
  }
  EXPECT_TRUE(pack_found);
  const json::object cal = GetJson("/api/v1/calibration").as_object();
  EXPECT_FALSE(cal.at("figures").as_array().empty());
}

TEST_F(ApiTest, OpenApiDescribesEveryEndpointAndEachAnswers) {
  const json::object doc = GetJson("/api/v1/openapi.json").as_object();
  EXPECT_EQ(doc.at("openapi").as_string(), "3.0.3");
  const json::object& paths = doc.at("paths").as_object();
  for (const char* route :
       {"/api/v1/health", "/api/v1/openapi.json", "/api/v1/places", "/api/v1/taxonomy", "/api/v1/calibration",
        "/api/v1/enterprises", "/api/v1/enterprises/{id}", "/api/v1/links"})
    EXPECT_TRUE(paths.contains(route)) << route;
  for (const char* route :
       {"/api/v1/analytics/localization", "/api/v1/analytics/flows", "/api/v1/analytics/weak-links",
        "/api/v1/analytics/invest", "/api/v1/analytics/invest/what-if", "/api/v1/match",
        "/api/v1/allocations", "/api/v1/stress", "/api/v1/stress/{id}"})
    EXPECT_TRUE(paths.contains(route)) << route;
  for (const auto& kv : paths) {
    if (!kv.value().as_object().contains("get")) {
      EXPECT_TRUE(kv.value().as_object().contains("post") || kv.value().as_object().contains("put") ||
                  kv.value().as_object().contains("delete"))
          << kv.key();
      continue;
    }
    std::string path(kv.key());
    if (path.starts_with("/api/v1/stress/")) continue;  // a job's id: api_stress_test.cpp
    // Accounts need a store; this API is over a dataset (the authorization matrix calls them all).
    if (path == "/api/v1/me" || path == "/api/v1/tokens" || path == "/api/v1/users" ||
        path == "/api/v1/audit" || path.starts_with("/api/v1/deals/") ||               // (deals_test.cpp)
        path.starts_with("/api/v1/inbox/") || path.starts_with("/api/v1/webhooks") ||  // (inbox_test.cpp)
        path.starts_with("/api/v1/leads") ||
        path.starts_with("/api/v1/promotion/") ||  // (promotion_test.cpp)
        path.starts_with("/api/v1/policies") || path.starts_with("/api/v1/registrations") ||
        path == "/api/v1/colleagues" ||       // (registrations_test.cpp)
        path.starts_with("/api/v1/service"))  // (services_test.cpp)
      continue;
    if (const auto at = path.find("{id}"); at != std::string::npos) {
      // A real id of that kind: the first of its list.
      const std::string list = path.substr(0, at - 1);
      const std::string id =
          list == "/api/v1/enterprises"
              ? "oem1"
              : std::string(GetJson(list).at("items").as_array().at(0).at("id").as_string());
      path.replace(at, 4, id);
    }
    EXPECT_EQ(Get(path).status, 200) << path;
    // Every documented query parameter is accepted.
    for (const auto& p : kv.value().at("get").at("parameters").as_array()) {
      if (p.at("in").as_string() != "query") continue;
      const std::string name(p.at("name").as_string());
      const std::string value = name == "limit" || name == "offset" ? "1" : "x";
      const HttpResponse r = Get(path + "?" + name + "=" + value);
      EXPECT_EQ(r.body.find("unknown query parameter"), std::string::npos)
          << path << "?" << name << ": " << r.body;
    }
  }
}

TEST_F(ApiTest, ServesTheBuiltDashboardWhenPresent) {
  testing::TempDir web;
  testing::WriteText(web / "index.html", "<html>dashboard</html>");
  std::filesystem::create_directories(web / "assets");
  testing::WriteText(web / "assets" / "app.js", "console.log(1)");
  Api api(std::make_shared<Platform>(ReadDataset(testing::MiniDataset())), {web.path()});
  EXPECT_EQ(api.Handle({"GET", "/", ""}).body, "<html>dashboard</html>");
  const HttpResponse js = api.Handle({"GET", "/assets/app.js", ""});
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(api.Handle({"GET", "/map/view", ""}).body, "<html>dashboard</html>");  // app route
  EXPECT_EQ(api.Handle({"GET", "/../secret", ""}).status, 404);
  EXPECT_EQ(api.Handle({"GET", "/%2e%2e/secret", ""}).status, 404);
}

}  // namespace
}  // namespace chainscope
