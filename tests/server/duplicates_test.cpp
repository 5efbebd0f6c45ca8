// Duplicate enterprises through the API: the likely pairs with their reasons (JSON and as a table), and the
// merge — admins only, refused without change when it would duplicate a link, seen at once, audit-logged.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "server/stored_api.h"
#include "with_duplicates.h"

namespace chainscope {
namespace {
namespace json = boost::json;

class DuplicatesApi : public testing::StoredApiTest {
 protected:
  void SetUp() override {
    Open(testing::WithDuplicates());
    analyst_ = testing::AddTestAccount(*store_, "analyst@example.com", "analyst");
  }
  /// Whether the pairs name a pair of `a` and `b` (either way round).
  static bool Lists(const json::object& view, std::string_view a, std::string_view b) {
    for (const json::value& p : view.at("pairs").as_array()) {
      const std::string_view x = p.at("a").as_string(), y = p.at("b").as_string();
      if ((x == a && y == b) || (x == b && y == a)) return true;
    }
    return false;
  }
  testing::TestAccount analyst_;
};

TEST_F(DuplicatesApi, PairsWithReasonsThenAMergeSeenAtOnce) {
  const json::object found = OkAs(analyst_, "GET", "/api/v1/duplicates");
  ASSERT_TRUE(Lists(found, "pack1", "pack2")) << json::serialize(found);
  EXPECT_GE(found.at("found").to_number<double>(), 1);
  for (const json::value& p : found.at("pairs").as_array()) {
    EXPECT_GE(p.at("score").to_number<double>(), 0.8);
    EXPECT_FALSE(p.at("reasons").as_array().empty());
  }
  EXPECT_EQ(OkAs(analyst_, "GET", "/api/v1/duplicates?limit=1").at("pairs").as_array().size(), 1u);
  const HttpResponse csv = As(analyst_, "GET", "/api/v1/duplicates?format=csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("pack2"), std::string::npos) << csv.body;
  EXPECT_EQ(As(analyst_, "GET", "/api/v1/duplicates?threshold=2").status, 400);

  // Only admins merge; bad requests name the field; nothing changes on any refusal.
  const std::string merge = R"({"keep":"pack1","drop":"pack2"})";
  EXPECT_EQ(As(analyst_, "POST", "/api/v1/duplicates/merge", merge).status, 403);
  const std::string before = Call("GET", "/api/v1/enterprises/pack1").body;
  Expect(std::vector<Case>{
      {"POST", "/api/v1/duplicates/merge", R"({"keep":"pack1"})", 400, "field 'drop' is required"},
      {"POST", "/api/v1/duplicates/merge", R"({"keep":"pack1","drop":"pack1"})", 400, "the same enterprise"},
      {"POST", "/api/v1/duplicates/merge", R"({"keep":"pack1","drop":7})", 400, "field 'drop' must be"},
      {"POST", "/api/v1/duplicates/merge", R"({"keep":"pack1","drop":"ghost"})", 404, "ghost"},
      {"POST", "/api/v1/duplicates/merge", R"({"keep":"pack1","drop":"pack3","x":1})", 400, "unknown field"},
      // pack3 supplies oem1 with BAT-PACK as pack1 does: the merge would make a second such link.
      {"POST", "/api/v1/duplicates/merge", R"({"keep":"pack1","drop":"pack3"})", 409, "oem1"},
  });
  EXPECT_EQ(Call("GET", "/api/v1/enterprises/pack1").body, before);
  EXPECT_EQ(Call("GET", "/api/v1/enterprises/pack3").status, 200);

  const json::object merged = Ok("POST", "/api/v1/duplicates/merge", merge);
  EXPECT_EQ(merged.at("kept"), "pack1");
  EXPECT_EQ(merged.at("moved").at("links"), 1);
  EXPECT_EQ(merged.at("moved").at("demands"), 1);
  EXPECT_EQ(merged.at("capabilities_dropped"), 1);
  // Seen at once by this server: pack2 is gone, its link to oem1 is pack1's, the pair is no longer listed.
  EXPECT_EQ(Call("GET", "/api/v1/enterprises/pack2").status, 404);
  EXPECT_NE(Call("GET", "/api/v1/links?supplier=pack1&component=CHS-EPS").body.find("\"oem1\""),
            std::string::npos);
  EXPECT_FALSE(Lists(OkAs(analyst_, "GET", "/api/v1/duplicates"), "pack1", "pack2"));
  const json::object audit = Ok("GET", "/api/v1/audit?entity=enterprise:pack2");
  ASSERT_EQ(audit.at("items").as_array().size(), 1u) << json::serialize(audit);
  EXPECT_EQ(audit.at("items").at(0).at("action"), "enterprise.merge");
  EXPECT_EQ(audit.at("items").at(0).at("actor"), "admin@example.com");
  EXPECT_EQ(Call("POST", "/api/v1/duplicates/merge", merge).status, 404);
}

}  // namespace
}  // namespace chainscope
