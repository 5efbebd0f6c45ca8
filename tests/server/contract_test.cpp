// The typed contract: every route's declarations are what the door checks and what the OpenAPI document
// states. For each declared bound or value list, a value just outside it is refused (400, the field named,
// nothing run), and the document carries the same bound. (Each real answer is held to its schema in the
// authorization matrix and wherever the stored-API tests call the API.)
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cctype>
#include <set>

#include "core/number_text.h"
#include "io/dataset_io.h"
#include "server/openapi.h"
#include "server/routes.h"
#include "server/stored_api.h"

namespace chainscope {
namespace {
namespace json = boost::json;

/// The route's pattern with each {name} as a plausible segment.
std::string Concrete(const std::string& pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    i = pattern.find('}', i);
    out += "1";
  }
  return out;
}

/// Values the declaration refuses: below its minimum, above its maximum, not one of its values, of another
/// type; as query text, or as a JSON value.
std::vector<std::pair<std::string, json::value>> Outside(const FieldDoc& f) {
  std::vector<std::pair<std::string, json::value>> out;
  const bool whole = f.type == "integer";
  if (f.minimum) {
    const double below = whole ? *f.minimum - 1 : *f.minimum - 0.5;
    out.emplace_back(PlainNumber(below), json::value(below));
  }
  if (f.maximum) {
    const double above = whole ? *f.maximum + 1 : *f.maximum * 1.5 + 1;
    out.emplace_back(PlainNumber(above), json::value(above));
  }
  if (whole) out.emplace_back("1.5", json::value(1.5));
  if (f.type == "integer" || f.type == "number") out.emplace_back("many", json::value("many"));
  if (!f.allowed.empty()) {
    if (f.type == "array")
      out.emplace_back("", json::array{"no-such-value"});
    else
      out.emplace_back("no-such-value", json::value("no-such-value"));
  }
  if (f.type == "boolean") out.emplace_back("", json::value("yes"));
  return out;
}

class Contract : public testing::StoredApiTest {
 protected:
  void SetUp() override { Open(ReadDataset(testing::MiniDataset())); }
};

TEST_F(Contract, EveryDeclaredBoundAndValueListIsCheckedAtTheDoorAndDocumented) {
  const json::value& doc = OpenApiDocument();
  std::size_t checked = 0;
  for (const Route& route : RouteTable()) {
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const json::object& operation = doc.at("paths").at(route.pattern).at(method).as_object();
    const std::string target = Concrete(route.pattern);
    for (const FieldDoc& f : route.doc.query) {
      // The document states the declaration.
      const json::value* declared = nullptr;
      for (const json::value& p : operation.at("parameters").as_array())
        if (p.at("name") == f.name.c_str() && p.at("in") == "query") declared = &p.at("schema");
      ASSERT_NE(declared, nullptr) << route.pattern << " " << f.name;
      if (f.minimum) {
        EXPECT_EQ(declared->at("minimum").to_number<double>(), *f.minimum) << f.name;
      }
      if (f.maximum) {
        EXPECT_EQ(declared->at("maximum").to_number<double>(), *f.maximum) << f.name;
      }
      if (!f.allowed.empty()) {
        EXPECT_EQ(declared->at("enum").as_array().size(), f.allowed.size()) << f.name;
      }
      for (const auto& [text, ignored] : Outside(f)) {
        if (text.empty()) continue;
        SCOPED_TRACE(route.method + " " + target + "?" + f.name + "=" + text);
        const HttpResponse r = Call(route.method, target + "?" + f.name + "=" + text);
        EXPECT_EQ(r.status, 400) << r.body;
        EXPECT_EQ(json::parse(r.body).at("error").at("field"), f.name.c_str()) << r.body;
        ++checked;
      }
    }
    for (const FieldDoc& f : route.doc.body) {
      const json::object& declared = operation.at("requestBody")
                                         .at("content")
                                         .at("application/json")
                                         .at("schema")
                                         .at("properties")
                                         .at(f.name)
                                         .as_object();
      if (f.minimum) {
        EXPECT_EQ(declared.at("minimum").to_number<double>(), *f.minimum) << f.name;
      }
      if (f.maximum) {
        EXPECT_EQ(declared.at("maximum").to_number<double>(), *f.maximum) << f.name;
      }
      if (f.checked_by_use_case)
        continue;  // e.g. a record's fields: checked against core/schema, all at once
      for (const auto& [ignored, value] : Outside(f)) {
        const std::string body = json::serialize(json::object{{f.name, value}});
        SCOPED_TRACE(route.method + " " + target + " " + body);
        const HttpResponse r = As(admin_, route.method, target, body);
        EXPECT_EQ(r.status, 400) << r.body;
        EXPECT_EQ(json::parse(r.body).at("error").at("field"), f.name.c_str()) << r.body;
        ++checked;
      }
    }
  }
  // The table declares bounds or values on page sizes, provinces, stress and response fields, …
  EXPECT_GT(checked, 100u);
}

TEST_F(Contract, AnErrorQuotesAtMostASnippetOfWhatWasSent) {
  const std::string long_text(4000, 'x');
  for (const std::string& target :
       {"/api/v1/enterprises?province=" + long_text, "/api/v1/enterprises?" + long_text + "=1",
        "/api/v1/enterprises?limit=9" + long_text}) {
    const HttpResponse r = Call("GET", target);
    EXPECT_EQ(r.status, 400);
    const std::string message(json::parse(r.body).at("error").at("message").as_string());
    EXPECT_LT(message.size(), 300u) << message;
    EXPECT_NE(message.find("xxxx…"), std::string::npos) << message;
  }
}

TEST_F(Contract, ARequiredFieldLeftOutIsRefusedAtTheDoorNamingIt) {
  std::size_t checked = 0;
  for (const Route& route : RouteTable()) {
    std::set<std::string> required;
    for (const FieldDoc& f : route.doc.body)
      if (f.required && !f.checked_by_use_case) required.insert(f.name);
    if (required.empty()) continue;
    for (const std::string body : {"{}", ""}) {
      SCOPED_TRACE(route.method + " " + route.pattern + " with '" + body + "'");
      const HttpResponse r = As(admin_, route.method, Concrete(route.pattern), body);
      EXPECT_EQ(r.status, 400) << r.body;
      const json::value answer = json::parse(r.body);
      const json::value& field = answer.at("error").at("field");
      EXPECT_TRUE(field.is_string() && required.contains(std::string(field.as_string()))) << r.body;
      ++checked;
    }
  }
  // Twenty-three routes: sign-in, tokens, accounts, passwords, webhooks, the threshold, responses, merge,
  // what-if; a lead, its stage and funds; a policy added and replaced; site selection; a registration, its
  // rejection, a password set by link, an invitation; a service, a service request, an interest and a
  // booking.
  EXPECT_EQ(checked, 46u);
}

TEST_F(Contract, TheDocumentDeclaresAnAnswerSchemaForEveryRouteAndStatus) {
  const json::value& doc = OpenApiDocument();
  const json::object& schemas = doc.at("components").at("schemas").as_object();
  for (const Route& route : RouteTable()) {
    EXPECT_TRUE(schemas.contains(route.doc.response_schema)) << route.pattern;
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& kv : doc.at("paths").at(route.pattern).at(method).at("responses").as_object()) {
      const json::value& schema = kv.value().at("content").at("application/json").at("schema");
      const std::string ref(schema.at("$ref").as_string());
      EXPECT_TRUE(schemas.contains(ref.substr(ref.rfind('/') + 1))) << route.pattern << " " << kv.key();
    }
  }
  // Every object schema is closed, so that an undeclared field in an answer fails the schema check.
  std::function<void(const json::value&, const std::string&)> closed = [&](const json::value& s,
                                                                           const std::string& at) {
    if (!s.is_object()) return;
    const json::object& o = s.get_object();
    if (o.contains("properties")) {
      EXPECT_EQ(o.at("additionalProperties"), false) << at;
    }
    for (const auto& kv : o) {
      if (kv.value().is_array())
        for (const json::value& x : kv.value().get_array()) closed(x, at);
      closed(kv.value(), at + "." + std::string(kv.key()));
    }
  };
  for (const auto& kv : schemas) closed(kv.value(), std::string(kv.key()));
}

}  // namespace
}  // namespace chainscope

namespace chainscope {
namespace {

TEST(ContractBounds, EveryNumberARouteTakesHasALeastAndAMostValue) {
  // Issue 27: a number without bounds let a price of 1e308 in; every numeric query parameter, path
  // parameter and body field now declares both ends, and the door and the document state them.
  std::vector<std::string> unbounded;
  for (const Route& route : RouteTable())
    for (const std::vector<FieldDoc>* fields : {&route.doc.query, &route.doc.path, &route.doc.body})
      for (const FieldDoc& f : *fields)
        if ((f.type == "integer" || f.type == "number") && (!f.minimum || !f.maximum))
          unbounded.push_back(route.method + " " + route.pattern + " " + f.name);
  EXPECT_EQ(unbounded, std::vector<std::string>{});
}

}  // namespace
}  // namespace chainscope
