// `chainscope serve` as a process on the calibrated dataset: a running scenario job is cancelled by DELETE
// (it used to ignore it and keep its slot), and SIGTERM stops the server — in-flight work ended, exit 0 —
// even while a scenario runs (it used to hang).
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "server/http_client.h"
#include "server/serve_process.h"
#include "test_util.h"

namespace chainscope {
namespace {
namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using testing::Client;
using testing::RunCli;
using testing::ServeProcess;

// Instrumented builds (ASan, TSan) run the LP several times slower, so the promptness bounds scale.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr double kSlowdown = 3;
#else
constexpr double kSlowdown = 1;
#endif

/// The Sichuan power-rationing scenario in daily buckets: about a minute of LP at scale 1.
const std::string kLongScenario =
    R"({"scenario":{"name":"long","horizon_days":60,"bucket_days":1,"disruptions":[{"province":"Sichuan",)"
    R"("start_day":7,"duration_days":14,"capacity_loss":0.5,"vehicle_plants":true}]}})";

std::string StatusOf(Client& c, const std::string& job) {
  return std::string(json::parse(c.Get("/api/v1/stress/" + job).body).at("status").as_string());
}

TEST(ServeProcess, ScenarioJobsAreCancelledAndSigtermStopsTheServer) {
  testing::TempDir tmp;
  const std::string db = (tmp / "cc.db").string();
  ASSERT_EQ(RunCli("generate --out " + (tmp / "ds").string()), 0);
  ASSERT_EQ(RunCli("import " + (tmp / "ds").string() + " --db " + db), 0);
  ASSERT_EQ(
      std::system(("printf 'correct horse battery\\n' | " + std::string(CHAINSCOPE_BIN) + " user add --db " +
                   db + " --email analyst@example.com --role analyst --password-stdin" + " > /dev/null")
                      .c_str()),
      0);
  ServeProcess serve(db);
  ASSERT_NE(serve.port(), 0);
  Client c(serve.port());
  // Signed in with the session cookie, as the dashboard is (which also sends its CSRF header).
  const auto login = c.Call("POST", "/api/v1/auth/login",
                            R"({"email":"analyst@example.com","password":"correct horse battery"})");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookie = login.Header("Set-Cookie");
  c.always = "Cookie: " + cookie.substr(0, cookie.find(';')) + "\r\nX-Requested-With: chainscope\r\n";
  auto started = c.Call("POST", "/api/v1/stress", kLongScenario);
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string job(json::parse(started.body).at("job").as_string());
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // well into building or solving
  ASSERT_EQ(StatusOf(c, job), "running");
  EXPECT_EQ(c.Call("DELETE", "/api/v1/stress/" + job).status, 202);
  const auto asked = Clock::now();
  while (StatusOf(c, job) == "running" && Clock::now() - asked < std::chrono::seconds(60))
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const double cancel_s = std::chrono::duration<double>(Clock::now() - asked).count();
  EXPECT_EQ(StatusOf(c, job), "cancelled");
  EXPECT_LT(cancel_s, 10.0 * kSlowdown) << "the scenario ignored its cancel";
  // Its slot is free again: two more can start (the bound is two running).
  auto a = c.Call("POST", "/api/v1/stress", kLongScenario),
       b = c.Call("POST", "/api/v1/stress", kLongScenario);
  EXPECT_EQ(a.status, 202) << a.body;
  EXPECT_EQ(b.status, 202) << b.body;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // SIGTERM with two scenarios running and an idle keep-alive connection open: the server exits 0 promptly.
  const auto term = Clock::now();
  EXPECT_EQ(serve.Terminate(std::chrono::seconds(60)), 0);
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - term).count(), 12.0 * kSlowdown);
}

}  // namespace
}  // namespace chainscope
