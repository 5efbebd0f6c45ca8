// Crash trials: `chainscope import` killed with SIGKILL at a random moment while it replaces an existing
// database, 20 times per store. Each time the database must hold the old dataset or the new one, whole
// (and SQLite's file must pass PRAGMA integrity_check) — never a mix, never an error.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <chrono>
#include <random>
#include <thread>

#include <boost/json.hpp>
#include <mutex>
#include <set>

#include "dataset/generator.h"
#include "io/dataset_io.h"
#include "server/accounts_util.h"
#include "server/http_client.h"
#include "server/serve_process.h"
#include "store_backends.h"
#include "test_util.h"

namespace chainscope {
namespace {

std::string IntegrityCheck(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, nullptr);
  std::string out =
      sqlite3_step(s) == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(s, 0)) : "?";
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

class ImportCrash : public ::testing::TestWithParam<std::string> {};
INSTANTIATE_TEST_SUITE_P(Backends, ImportCrash, ::testing::ValuesIn(testing::StoreBackends()),
                         testing::BackendName());

TEST_P(ImportCrash, AKilledImportLeavesTheOldDataOrTheNewWhole) {
  testing::TempDir tmp;
  const Dataset old_data = GenerateDataset({1, 1}), new_data = GenerateDataset({3, 2});
  WriteDatasetCsv(new_data, tmp / "new");
  const std::string old_json = DatasetToJson(old_data), new_json = DatasetToJson(new_data);
  // How long one whole import takes here, so that the kills fall before, during and after its commit.
  double import_ms = 0;
  {
    const testing::TestDatabase db(GetParam());
    db.Open()->ReplaceDataset(old_data);
    const auto start = std::chrono::steady_clock::now();
    ASSERT_EQ(std::system((std::string(testing::ChainscopeBin()) + " import " + (tmp / "new").string() +
                           " --db '" + db.url() + "' > /dev/null")
                              .c_str()),
              0);
    import_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }
  std::mt19937 rng(20261202);
  std::uniform_real_distribution<double> when(0, 1.3 * import_ms);
  int old_seen = 0, new_seen = 0;
  for (int trial = 0; trial < 20; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    const testing::TestDatabase db(GetParam());
    db.Open()->ReplaceDataset(old_data);
    const pid_t pid = fork();
    if (pid == 0) {
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
      execl(testing::ChainscopeBin(), testing::ChainscopeBin(), "import", (tmp / "new").c_str(), "--db",
            db.url().c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    // Somewhere from before the transaction starts to after it commits.
    std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(when(rng)));
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    if (!db.postgresql()) {
      EXPECT_EQ(IntegrityCheck(db.url()), "ok");
    }
    const std::string now = DatasetToJson(db.Open()->LoadDataset());
    if (now == old_json)
      ++old_seen;
    else if (now == new_json)
      ++new_seen;
    else
      ADD_FAILURE() << "the database holds neither the old dataset nor the new one";
  }
  std::printf("%s: one import takes %.0f ms; of 20 kills, %d left the old data, %d the new\n",
              GetParam().c_str(), import_ms, old_seen, new_seen);
  EXPECT_EQ(old_seen + new_seen, 20);
}

TEST_P(ImportCrash, EveryAcknowledgedWriteSurvivesAServerKilledMidBurst) {
  // A server killed with SIGKILL while four clients post demands as fast as it takes them: after it is
  // gone, every demand it answered 201 for is in the store (and SQLite's file is sound), 5 trials.
  testing::TempDir tmp;
  for (int trial = 0; trial < 5; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    const testing::TestDatabase db(GetParam());
    std::string token;
    {
      auto store = db.Open();
      store->ReplaceDataset(ReadDataset(testing::MiniDataset()));
      token = testing::AddTestAccount(*store, "buyer@oem1.example", "member", "oem1").token;
    }
    testing::ServeProcess serve(db.url(), {"--secrets-key", (tmp / "key").string(), "--rate-limit", "0"});
    ASSERT_NE(serve.port(), 0);
    std::mutex m;
    std::set<std::string> acknowledged;
    std::vector<std::thread> clients;
    std::atomic<bool> stop{false};
    for (int c = 0; c < 4; ++c)
      clients.emplace_back([&] {
        testing::Client client(serve.port());
        client.always = "Authorization: Bearer " + token + "\r\n";
        while (!stop) {
          const testing::RawResponse r = client.Call(
              "POST", "/api/v1/demands",
              R"({"buyer":"oem1","component":"CHS-EPS","annual_quantity":10,"start_date":"2027-03-01","prefer_local":false,"max_share":1})");
          if (r.status != 201) {  // the server is gone (status 0), or it refused: say why
            if (r.status != 0 && !stop) ADD_FAILURE() << r.status << " " << r.body;
            return;
          }
          std::lock_guard lock(m);
          acknowledged.insert(std::string(boost::json::parse(r.body).at("id").as_string()));
        }
      });
    std::this_thread::sleep_for(std::chrono::milliseconds(400 + 150 * trial));
    serve.Kill();
    stop = true;
    for (auto& t : clients) t.join();
    EXPECT_GT(acknowledged.size(), 0u);
    if (!db.postgresql()) {
      EXPECT_EQ(IntegrityCheck(db.url()), "ok");
    }
    std::set<std::string> stored;
    for (const Demand& d : db.Open()->LoadDataset().demands) stored.insert(d.id);
    for (const std::string& id : acknowledged)
      EXPECT_TRUE(stored.contains(id)) << id << " was acknowledged, then lost";
    std::printf("%s trial %d: %zu demands acknowledged before the kill, all stored\n", GetParam().c_str(),
                trial, acknowledged.size());
  }
}

}  // namespace
}  // namespace chainscope
