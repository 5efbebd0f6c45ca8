// Several `chainscope serve` processes on one PostgreSQL (DESIGN §5b), as an operator runs them behind a
// reverse proxy: a write on A is read on B within a second; a session made on A works on B; failed sign-ins
// count across both; 8 × 50 demands
// posted at once through A and B are each stored exactly once; a stress sweep started through A, with A
// killed (SIGKILL) in the middle, is finished by B — its parts taken over when their leases run out — with
// the result one run of the sweep gives.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "core/network.h"
#include "resilience/stress.h"
#include "server/cli_accounts.h"
#include "server/http_client.h"
#include "server/serve_process.h"
#include "service/accounts.h"
#include "service/matching.h"
#include "store_backends.h"
#include "test_util.h"
#include "view/resilience_json.h"

namespace chainscope {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::Client;
using testing::RawResponse;
using testing::RunCli;
using testing::ServeProcess;
using testing::SignIn;

const std::string kDemand =
    R"({"buyer":"changan","component":"CHS-EPS","annual_quantity":100,"start_date":"2027-03-01",)"
    R"("prefer_local":false,"max_share":1})";

json::object JsonOf(const RawResponse& r) {
  return json::parse(r.body).as_object();
}

/// A result without its timing, which no two runs share.
json::object Untimed(json::object o) {
  o.erase("seconds");
  return o;
}

class SeveralServers : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing::PostgresTestUrl().empty()) GTEST_SKIP() << "no PostgreSQL (CHAINSCOPE_TEST_PG)";
    db_ = std::make_unique<testing::TestDatabase>("postgresql");
    url_ = "'" + db_->url() + "'";
    ASSERT_EQ(RunCli("generate --scale 3 --out " + (tmp_ / "ds").string()), 0);
    ASSERT_EQ(RunCli("import " + (tmp_ / "ds").string() + " --db " + url_), 0);
    for (const char* who : {"analyst@bureau.example --role analyst",
                            "buyer@changan.example --role member --enterprise changan"})
      ASSERT_EQ(std::system(("printf 'correct horse battery\\n' | " + std::string(testing::ChainscopeBin()) +
                             " user add --db " + url_ + " --email " + who + " --password-stdin > /dev/null")
                                .c_str()),
                0);
    a_ = Serve();
    b_ = Serve();
    ASSERT_NE(a_->port(), 0);
    ASSERT_NE(b_->port(), 0);
  }
  std::unique_ptr<ServeProcess> Serve() {
    return std::make_unique<ServeProcess>(
        db_->url(), std::vector<std::string>{"--secrets-key", (tmp_ / "secrets.key").string(), "--job-lease",
                                             "2", "--rate-limit", "0"});
  }

  testing::TempDir tmp_;
  std::unique_ptr<testing::TestDatabase> db_;
  std::string url_;  // quoted for the shell
  std::unique_ptr<ServeProcess> a_, b_;
};

TEST_F(SeveralServers, WritesSessionsAndConcurrentPostsAreShared) {
  Client on_a(a_->port()), on_b(b_->port());
  SignIn(on_a, "buyer@changan.example");
  on_b.always = on_a.always;  // the session made on A, used on B
  EXPECT_EQ(on_b.Get("/api/v1/me").body.find("buyer@changan.example") != std::string::npos, true);
  const RawResponse created = on_a.Call("POST", "/api/v1/demands", kDemand);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(JsonOf(created).at("id").as_string());
  const auto written = Clock::now();
  int status = 0;
  while ((status = on_b.Get("/api/v1/demands/" + id).status) != 200 && Clock::now() - written < 3s)
    std::this_thread::sleep_for(5ms);
  const double seen_s = std::chrono::duration<double>(Clock::now() - written).count();
  EXPECT_EQ(status, 200);
  EXPECT_LT(seen_s, 1.0) << "B saw A's write after " << seen_s << " s";

  // 8 writers × 50 demands, half through A and half through B, all at once.
  constexpr int kThreads = 8, kPerThread = 50;
  std::vector<std::vector<std::string>> ids(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      Client c(t % 2 ? b_->port() : a_->port());
      c.always = on_a.always;
      for (int i = 0; i < kPerThread; ++i) {
        const RawResponse r = c.Call("POST", "/api/v1/demands", kDemand);
        if (r.status == 201)
          ids[t].emplace_back(json::parse(r.body).at("id").as_string());
        else
          ADD_FAILURE() << r.status << " " << r.body;
      }
    });
  for (auto& t : threads) t.join();
  std::multiset<std::string> acknowledged;
  for (const auto& v : ids) acknowledged.insert(v.begin(), v.end());
  ASSERT_EQ(acknowledged.size(), static_cast<std::size_t>(kThreads * kPerThread));
  for (const auto& i : acknowledged) EXPECT_EQ(acknowledged.count(i), 1u) << "two 201s share id " << i;
  std::map<std::string, int> stored;
  std::int64_t changans = 0;
  for (const Demand& d : db_->Open()->LoadDataset().demands) {
    ++stored[d.id];
    changans += d.buyer == "changan";
  }
  for (const auto& i : acknowledged) EXPECT_EQ(stored[i], 1) << i;
  // Failed sign-ins are counted in the store: tried alternately on A and B, an account is locked after
  // its 5 failures, not after 5 on each server.
  Client anon_a(a_->port()), anon_b(b_->port());
  int failures = 0;
  for (int i = 0; i < 20; ++i) {
    const RawResponse r = (i % 2 ? anon_b : anon_a)
                              .Call("POST", "/api/v1/auth/login",
                                    R"({"email":"analyst@bureau.example","password":"not the password"})");
    if (r.status == 429) break;
    EXPECT_EQ(r.status, 401) << r.body;
    ++failures;
  }
  EXPECT_EQ(failures, AccountsOptions{}.login_failures_per_account);
  // Both servers count them all (each from its own snapshot, refreshed by the NOTIFY of every write). New
  // connections: the first ones may have sat idle past the server's keep-alive while the writers ran.
  for (const std::uint16_t port : {a_->port(), b_->port()}) {
    Client c(port);
    c.always = on_a.always;
    std::int64_t total = 0;
    const auto since = Clock::now();
    while ((total = JsonOf(c.Get("/api/v1/demands?limit=1&buyer=changan")).at("total").as_int64()) !=
               changans &&
           Clock::now() - since < 3s)
      std::this_thread::sleep_for(20ms);
    EXPECT_EQ(total, changans);
  }
}

TEST_F(SeveralServers, ASweepStartedOnAKilledServerIsFinishedByAnotherWithTheSameResult) {
  b_.reset();  // A alone works on the sweep at first, so that it surely holds parts when it dies
  Client on_a(a_->port());
  SignIn(on_a, "analyst@bureau.example");
  const std::string body = R"({"ttr_days": 30})";
  const RawResponse started = on_a.Call("POST", "/api/v1/stress", body);
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string job(JsonOf(started).at("job").as_string());
  EXPECT_GT(JsonOf(started).at("parts").as_int64(), 3);
  // Kill A while the sweep is under way (some parts done, A's two workers holding others).
  for (const auto since = Clock::now(); Clock::now() - since < 60s; std::this_thread::sleep_for(10ms)) {
    const json::object view = JsonOf(on_a.Get("/api/v1/stress/" + job));
    if (view.at("progress").at("done").as_int64() > 0 || view.at("status") == "done") {
      ASSERT_NE(view.at("status"), "done") << "the sweep ended before A could be killed";
      break;
    }
  }
  a_->Kill();
  // B, started now, finishes it: A's parts are taken over once their 2 s leases run out.
  b_ = Serve();
  Client on_b(b_->port());
  SignIn(on_b, "analyst@bureau.example");
  auto finish = [&](const std::string& id) {
    json::object view;
    for (const auto since = Clock::now(); Clock::now() - since < 180s; std::this_thread::sleep_for(50ms)) {
      view = JsonOf(on_b.Get("/api/v1/stress/" + id));
      if (view.at("status") != "running" && view.at("status") != "queued") break;
    }
    return view;
  };
  const json::object finished = finish(job);
  ASSERT_EQ(finished.at("status"), "done") << json::serialize(finished);
  EXPECT_GE(std::stoi(db_->Text("SELECT MAX(attempts) FROM job_parts WHERE job = '" + job + "'")), 2)
      << "no part was taken over";
  // The same result as the same sweep run on one server from start to end.
  const RawResponse again = on_b.Call("POST", "/api/v1/stress", body);
  ASSERT_EQ(again.status, 202) << again.body;
  const json::object alone = finish(std::string(JsonOf(again).at("job").as_string()));
  ASSERT_EQ(alone.at("status"), "done") << json::serialize(alone);
  const json::object got = Untimed(finished.at("result").as_object()),
                     want = Untimed(alone.at("result").as_object());
  EXPECT_TRUE(got == want) << "got:  " << json::serialize(got).substr(0, 2000)
                           << "\nwant: " << json::serialize(want).substr(0, 2000);
  // And, to within rounding (the snapshot's sums run in another order), what one in-process run gives.
  const auto net = Network::Build(db_->Open()->LoadDataset());
  const StressRequest request = StressRequestOf(json::parse(body).as_object());
  const StressResult direct = RunStress(SupplyNetwork(*net), request.options);
  std::map<std::string, double> direct_pi;  // by enterprise (near ties may rank either way)
  for (const NodeRisk& n : direct.nodes) direct_pi[net->enterprise(n.node).id] = n.pi_value_yuan;
  const json::array& nodes = got.at("nodes").as_array();
  ASSERT_EQ(nodes.size(), direct.nodes.size());
  for (const json::value& n : nodes) {
    const std::string id(n.at("id").as_string());
    ASSERT_TRUE(direct_pi.contains(id)) << id;
    // The answer's money is rounded to the fen (half a fen at most), beside the parts' rounding error.
    EXPECT_NEAR(n.at("pi_value_yuan").to_number<double>(), direct_pi[id], 0.005 + 1e-9 * (1 + direct_pi[id]))
        << id;
  }
}

}  // namespace
}  // namespace chainscope

namespace chainscope {
namespace {

TEST_F(SeveralServers, TwentyOverlappingBookingsThroughTwoServersGetExactlyOne201) {
  ASSERT_EQ(RunCli("service add --db " + url_ +
                   " --provider caeri --kind testing --title-zh 电磁兼容试验 --title-en 'EMC testing'"
                   " --bookable --capacity-hours 2000"),
            0);
  Client on_a(a_->port());
  SignIn(on_a, "buyer@changan.example");
  std::atomic<int> created{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i)
    threads.emplace_back([&, i] {
      Client c(i % 2 ? b_->port() : a_->port());
      c.always = on_a.always;
      // Every slot holds 10:00–11:00 UTC, 9 days ahead.
      const RawResponse r = c.Call("POST", "/api/v1/services/SV00001/bookings",
                                   R"({"start":")" + testing::UtcDaysAhead(9, 9 + i % 2) + R"(","end":")" +
                                       testing::UtcDaysAhead(9, 11 + i % 3) + R"("})");
      if (r.status == 201)
        ++created;
      else if (r.status == 409)
        ++conflicts;
      else
        ADD_FAILURE() << r.status << " " << r.body;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflicts.load(), 19);
  EXPECT_EQ(db_->Open()->Bookings({.service = "SV00001", .live_only = true}).size(), 1u);
}

}  // namespace
}  // namespace chainscope
