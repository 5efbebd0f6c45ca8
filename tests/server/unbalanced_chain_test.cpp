// The platform's own loop must not break the resilience engine (a new user's blocker): Changan posts a demand
// for 30,000 battery packs, CATL Sichuan answers, both confirm, and the deal becomes a supply link that
// CATL's recorded cell purchases and pack capacity do not cover. Before, every sweep and scenario was refused
// ("the undisrupted chain is not feasible"; HTTP 400, CLI exit 2); now they run on the balanced chain and say
// what they assumed. Through a real `chainscope serve` and the CLI, and on a dataset imported with unbalanced
// links.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "server/cli_accounts.h"
#include "server/http_client.h"
#include "server/serve_process.h"
#include "test_util.h"

namespace chainscope {
namespace {
namespace json = boost::json;
using testing::AddUser;
using testing::Client;
using testing::RunCli;
using testing::ServeProcess;
using testing::SignIn;

json::object Object(const testing::RawResponse& r, int status) {
  EXPECT_EQ(r.status, status) << r.body;
  return json::parse(r.body).as_object();
}

/// Starts a stress job and waits for it to end; its final view.
json::object RunJob(Client& c, const std::string& body) {
  const json::object started = Object(c.Call("POST", "/api/v1/stress", body), 202);
  const std::string job(started.at("job").as_string());
  for (int i = 0; i < 1200; ++i) {
    json::object view = Object(c.Get("/api/v1/stress/" + job), 200);
    if (view.at("status") != "running" && view.at("status") != "queued") return view;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "job " << job << " did not finish";
  return {};
}

/// The warning of `code` about (enterprise, component) in a result, or null.
const json::object* FindWarning(const json::object& result, const std::string& code,
                                const std::string& enterprise, const std::string& component) {
  for (const json::value& w : result.at("warnings").as_array())
    if (w.at("code") == code.c_str() && w.at("enterprise") == enterprise.c_str() &&
        w.at("component") == component.c_str())
      return &w.as_object();
  return nullptr;
}

std::string Capture(const std::string& args, int* exit_code) {
  const std::string command = std::string(testing::ChainscopeBin()) + " " + args + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  *exit_code = pclose(pipe);
  return out;
}

const std::string kSichuanRationing =
    R"({"name":"Sichuan power rationing","horizon_days":30,"disruptions":[)"
    R"({"province":"Sichuan","start_day":3,"duration_days":14,"capacity_loss":0.5}]})";

TEST(UnbalancedChain, AConfirmedDealBeyondTheSuppliersRecordsLeavesStressTestsRunningWithWarnings) {
  testing::TempDir tmp;
  const std::string db = (tmp / "cc.db").string();
  ASSERT_EQ(RunCli("generate --out " + (tmp / "ds").string()), 0);
  ASSERT_EQ(RunCli("import " + (tmp / "ds").string() + " --db " + db), 0);
  ASSERT_NO_FATAL_FAILURE(AddUser(db, "changan@example.com", "member", "changan"));
  ASSERT_NO_FATAL_FAILURE(AddUser(db, "catl@example.com", "member", "catl-yibin"));
  ASSERT_NO_FATAL_FAILURE(AddUser(db, "analyst@example.com", "analyst"));
  int code = 0;
  const json::object balanced = json::parse(Capture("stress --db " + db + " --json", &code)).as_object();
  ASSERT_EQ(code, 0);
  EXPECT_EQ(balanced.at("warning_count").as_int64(), 0) << "the calibrated dataset balances";

  ServeProcess serve(db);
  ASSERT_NE(serve.port(), 0);
  Client changan(serve.port()), catl(serve.port()), analyst(serve.port());
  ASSERT_NO_FATAL_FAILURE(SignIn(changan, "changan@example.com"));
  ASSERT_NO_FATAL_FAILURE(SignIn(catl, "catl@example.com"));
  ASSERT_NO_FATAL_FAILURE(SignIn(analyst, "analyst@example.com"));
  // The loop, as the new user ran it.
  const json::object demand =
      Object(changan.Call("POST", "/api/v1/demands",
                          R"({"component":"BAT-PACK","annual_quantity":30000,"start_date":"2027-03-01",)"
                          R"("prefer_local":false,"max_share":1})"),
             201);
  const std::string dm(demand.at("id").as_string());
  const json::object response =
      Object(catl.Call("POST", "/api/v1/demands/" + dm + "/responses",
                       R"({"annual_quantity":30000,"unit_price_yuan":52000,"lead_time_days":30})"),
             201);
  const std::string rs(response.at("id").as_string());
  const json::object deal = Object(changan.Call("POST", "/api/v1/responses/" + rs + "/accept", "{}"), 201);
  const std::string dl(deal.at("id").as_string());
  Object(changan.Call("POST", "/api/v1/deals/" + dl + "/confirm"), 200);
  EXPECT_TRUE(Object(catl.Call("POST", "/api/v1/deals/" + dl + "/confirm"), 200).at("linked").as_bool());

  // The sweep runs and names what it assumed: CATL's cells come short of its pack sales.
  const json::object sweep = RunJob(analyst, R"({"ttr_days":30})");
  ASSERT_EQ(sweep.at("status"), "done") << json::serialize(sweep);
  const json::object& result = sweep.at("result").as_object();
  EXPECT_GT(result.at("nodes").as_array().size(), 1000u);
  EXPECT_GE(result.at("warning_count").as_int64(), 1);
  const json::object* cells = FindWarning(result, "unrecorded_supply", "catl-yibin", "BAT-CELL");
  ASSERT_NE(cells, nullptr) << json::serialize(result.at("warnings"));
  EXPECT_GT(cells->at("assumed_units_per_year").to_number<double>(), 0);
  EXPECT_NEAR(cells->at("needed_units_per_year").to_number<double>() -
                  cells->at("recorded_units_per_year").to_number<double>(),
              cells->at("assumed_units_per_year").to_number<double>(), 1e-6);
  EXPECT_FALSE(cells->at("enterprise_name_zh").as_string().empty());
  EXPECT_FALSE(cells->at("component_name_zh").as_string().empty());
  EXPECT_NE(std::string(cells->at("message").as_string()).find("unrecorded source"), std::string::npos);

  // The Sichuan scenario too.
  const json::object scenario = RunJob(analyst, R"({"scenario":)" + kSichuanRationing + "}");
  ASSERT_EQ(scenario.at("status"), "done") << json::serialize(scenario);
  EXPECT_GT(scenario.at("result").at("lost_vehicles").to_number<double>(), 0);
  EXPECT_NE(FindWarning(scenario.at("result").as_object(), "unrecorded_supply", "catl-yibin", "BAT-CELL"),
            nullptr);

  // And the CLI, on the same database.
  const json::object cli = json::parse(Capture("stress --db " + db + " --json", &code)).as_object();
  EXPECT_EQ(code, 0);
  EXPECT_NE(FindWarning(cli, "unrecorded_supply", "catl-yibin", "BAT-CELL"), nullptr);
  std::ofstream(tmp / "sichuan.json") << kSichuanRationing;
  const json::object cli_scenario =
      json::parse(
          Capture("stress --db " + db + " --json --scenario " + (tmp / "sichuan.json").string(), &code))
          .as_object();
  EXPECT_EQ(code, 0);
  EXPECT_GE(cli_scenario.at("warning_count").as_int64(), 1);
}

TEST(UnbalancedChain, ADatasetImportedWithUnbalancedLinksIsAnalysedWithWarnings) {
  testing::TempDir tmp;
  const auto ds = tmp / "ds";
  ASSERT_EQ(RunCli("generate --out " + ds.string()), 0);
  // Triple every link of CATL Sichuan's packs: more sold than its capacity, more cells needed than bought.
  std::ifstream in(ds / "links.csv");
  std::stringstream text;
  text << in.rdbuf();
  in.close();
  std::istringstream lines(text.str());
  std::string line, header, out;
  std::getline(lines, header);
  out = header + "\n";
  int tripled = 0;
  const std::size_t volume_column = 3;  // buyer, supplier, component, annual_volume, …
  ASSERT_EQ(header.rfind("buyer,supplier,component,annual_volume", 0), 0u) << header;
  while (std::getline(lines, line)) {
    if (line.find(",catl-yibin,BAT-PACK,") != std::string::npos) {
      std::vector<std::string> cells;
      std::stringstream fields(line);
      for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
      cells[volume_column] = std::to_string(std::stoll(cells[volume_column]) * 3);
      line.clear();
      for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + cells[i];
      ++tripled;
    }
    out += line + "\n";
  }
  ASSERT_GT(tripled, 0);
  std::ofstream(ds / "links.csv") << out;
  const std::string db = (tmp / "unbalanced.db").string();
  ASSERT_EQ(RunCli("import " + ds.string() + " --db " + db), 0);
  int code = 0;
  const json::object sweep = json::parse(Capture("stress --db " + db + " --json", &code)).as_object();
  ASSERT_EQ(code, 0);
  EXPECT_NE(FindWarning(sweep, "capacity_below_sales", "catl-yibin", "BAT-PACK"), nullptr)
      << json::serialize(sweep.at("warnings"));
  EXPECT_NE(FindWarning(sweep, "unrecorded_supply", "catl-yibin", "BAT-CELL"), nullptr);
  std::ofstream(tmp / "sichuan.json") << kSichuanRationing;
  const json::object scenario =
      json::parse(
          Capture("stress --db " + db + " --json --scenario " + (tmp / "sichuan.json").string(), &code))
          .as_object();
  EXPECT_EQ(code, 0);
  EXPECT_GT(scenario.at("lost_vehicles").to_number<double>(), 0);
  EXPECT_NE(FindWarning(scenario, "capacity_below_sales", "catl-yibin", "BAT-PACK"), nullptr);
  // The server on the same database answers the scenario with the same warnings.
  AddUser(db, "analyst@example.com", "analyst");
  ServeProcess serve(db);
  Client analyst(serve.port());
  ASSERT_NO_FATAL_FAILURE(SignIn(analyst, "analyst@example.com"));
  const json::object job = RunJob(analyst, R"({"scenario":)" + kSichuanRationing + "}");
  ASSERT_EQ(job.at("status"), "done") << json::serialize(job);
  EXPECT_NE(FindWarning(job.at("result").as_object(), "capacity_below_sales", "catl-yibin", "BAT-PACK"),
            nullptr);
}

}  // namespace
}  // namespace chainscope
