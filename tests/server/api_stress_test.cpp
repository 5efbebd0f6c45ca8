// Stress and scenario jobs through the API: start (202), progress, result contract, errors, cancel.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "io/dataset_io.h"
#include "server/accounts_util.h"
#include "server/api.h"
#include "server/contract.h"
#include "test_util.h"

namespace chainscope {
namespace {
namespace json = boost::json;

json::object WaitFor(const Api& api, const std::string& id) {
  for (int i = 0; i < 600; ++i) {
    const HttpResponse r = api.Handle({"GET", "/api/v1/stress/" + id, ""});
    EXPECT_EQ(r.status, 200) << r.body;
    for (const std::string& v : testing::ContractViolations("GET", "/api/v1/stress/{id}", r))
      ADD_FAILURE() << v;
    json::object view = json::parse(r.body).as_object();
    if (view.at("status") != "running" && view.at("status") != "queued") return view;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "job " << id << " did not finish";
  return {};
}

TEST(ApiStress, SweepJobOnTheHandComputedChain) {
  const Api api(std::make_shared<Platform>(ReadDataset(testing::TestData() / "chain")),
                testing::OperatorOptions());
  HttpResponse r = api.Handle({"POST", "/api/v1/stress", R"({"ttr_days": 30, "mitigate": 2})"});
  ASSERT_EQ(r.status, 202) << r.body;
  const json::object started = json::parse(r.body).as_object();
  const std::string id(started.at("job").as_string());
  EXPECT_EQ(started.at("kind"), "stress");
  const json::object done = WaitFor(api, id);
  ASSERT_EQ(done.at("status"), "done") << json::serialize(done);
  EXPECT_EQ(done.at("progress").at("done"), done.at("progress").at("total"));
  const auto& nodes = done.at("result").at("nodes").as_array();
  ASSERT_EQ(nodes.size(), 7u);
  // eps1: 32.9 units at oemA + 54.8 of finished goods cover 10.96 a day for 8 days; over 30 days 241 ICE
  // vehicles (the 100,000-yuan line) are lost.
  const json::object& first = nodes[0].as_object();
  EXPECT_EQ(first.at("id"), "eps1");
  EXPECT_NEAR(first.at("tts_days").to_number<double>(), 8, 1e-6);
  EXPECT_NEAR(first.at("pi_vehicles").to_number<double>(), 30 * 4000.0 / 365 - 8 * 4000.0 / 365, 1e-6);
  EXPECT_NEAR(first.at("rei").to_number<double>(), 1, 1e-12);
  for (const char* field :
       {"id", "tts_days", "pi_vehicles", "pi_value_yuan", "rei", "spend_yuan", "ttr_days"})
    EXPECT_TRUE(first.contains(field)) << field;
  const auto& mitigations = done.at("result").at("mitigations").as_array();
  ASSERT_EQ(mitigations.size(), 2u);
  EXPECT_TRUE(mitigations[0].at("buffer").at("possible").as_bool());
  EXPECT_EQ(api.Handle({"GET", "/api/v1/stress", ""}).body.find(id) != std::string::npos, true);
  r = api.Handle({"DELETE", "/api/v1/stress/" + id, ""});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(api.Handle({"GET", "/api/v1/stress/" + id, ""}).status, 404);
}

TEST(ApiStress, ScenarioJobAndErrors) {
  const Api api(std::make_shared<Platform>(ReadDataset(testing::TestData() / "chain")),
                testing::OperatorOptions());
  HttpResponse r = api.Handle(
      {"POST", "/api/v1/stress",
       R"({"scenario": {"horizon_days": 20, "disruptions": [{"enterprise": "ecu1", "duration_days": 12}]}})"});
  ASSERT_EQ(r.status, 202) << r.body;
  // What it costs, stated before it runs: 20 daily buckets in two runs (days 0–11 disrupted, 12–19 not).
  const json::object cost = json::parse(r.body).at("cost").as_object();
  EXPECT_EQ(cost.at("buckets"), 20);
  EXPECT_EQ(cost.at("bucket_days").to_number<double>(), 1);
  EXPECT_EQ(cost.at("runs"), 2);
  EXPECT_GT(cost.at("lp_columns").to_number<double>(), cost.at("largest_lp_columns").to_number<double>());
  EXPECT_GT(cost.at("largest_lp_columns").to_number<double>(), 0);
  EXPECT_GT(cost.at("result_cells").to_number<double>(), 0);
  const json::object done = WaitFor(api, std::string(json::parse(r.body).at("job").as_string()));
  ASSERT_EQ(done.at("status"), "done") << json::serialize(done);
  // ECU: 8.22 a day, 41.1 at oemA and 41.1 at ecu1 cover 10 days; days 10 and 11 are lost (16.4 vehicles).
  EXPECT_NEAR(done.at("result").at("lost_vehicles").to_number<double>(), 2 * 3000.0 / 365, 1e-6);
  EXPECT_EQ(done.at("result").at("by_bucket").as_array().size(), 20u);
  EXPECT_EQ(done.at("result").at("by_oem").as_array()[0].at("oem"), "oemA");
  const std::pair<std::string, std::string> bad[] = {
      {R"({"colour": 1})", "unknown field 'colour'"},
      {R"({"ttr_days": -1})", "field 'ttr_days' must be a number from 0"},
      {R"({"alternatives": "yes"})", "field 'alternatives' must be true or false"},
      {R"({"scenario": {"disruptions": [{"enterprise": "ecu1"}]}})", "field 'duration_days' is required"},
      {"{", "not valid JSON"},
      // Over a bound: refused at the door, naming the cost and what to change.
      {R"({"scenario": {"horizon_days": 3650, "bucket_days": 0.0001, "disruptions": [{"enterprise": "ecu1",)"
       R"( "duration_days": 12}]}})",
       "use longer buckets (bucket_days) or a shorter horizon"},
  };
  for (const auto& [body, message] : bad) {
    r = api.Handle({"POST", "/api/v1/stress", body});
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    EXPECT_NE(r.body.find(message), std::string::npos) << r.body;
  }
  // The bound's refusal is also coded, for a dashboard in another language.
  EXPECT_EQ(json::parse(r.body).at("error").at("reason").at("code"), "scenario.over_limit") << r.body;
  // An unknown target is refused when the request is submitted (it used to be found only inside the job,
  // which then failed): a 400 naming it, and no job.
  const std::size_t jobs_before =
      json::parse(api.Handle({"GET", "/api/v1/stress", ""}).body).at("jobs").as_array().size();
  for (const auto& [disruption, message] : std::vector<std::pair<std::string, std::string>>{
           {R"("enterprise": "ghost")", "unknown enterprise 'ghost'"},
           {R"("place": "510199")", "unknown place '510199'"},
           {R"("province": "Hubei")", "unknown province 'Hubei'"},
           {R"("component": "XXX-YYY")", "unknown component 'XXX-YYY'"}}) {
    r = api.Handle({"POST", "/api/v1/stress",
                    R"({"scenario": {"disruptions": [{)" + disruption + R"(, "duration_days": 3}]}})"});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("disruptions[0]: " + message), std::string::npos) << r.body;
    const json::value body = json::parse(r.body);
    const json::value& reason = body.at("error").at("reason");
    EXPECT_EQ(reason.at("code"), "scenario.unknown_target");
    EXPECT_EQ(reason.at("params").at("index"), "0");
    EXPECT_NE(message.find(std::string(reason.at("params").at("kind").as_string()) + " '" +
                           std::string(reason.at("params").at("target").as_string()) + "'"),
              std::string::npos)
        << r.body;
  }
  EXPECT_EQ(json::parse(api.Handle({"GET", "/api/v1/stress", ""}).body).at("jobs").as_array().size(),
            jobs_before);
  EXPECT_EQ(api.Handle({"GET", "/api/v1/stress/J999", ""}).status, 404);
  EXPECT_EQ(api.Handle({"DELETE", "/api/v1/stress/J999", ""}).status, 404);
  EXPECT_EQ(api.Handle({"PUT", "/api/v1/stress", ""}).status, 405);
}

}  // namespace
}  // namespace chainscope
