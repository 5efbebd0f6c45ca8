// tests: the store backends every store test runs against — SQLite always, and PostgreSQL when
// CHAINSCOPE_TEST_PG names a database (scripts/test starts a server and sets it; CHAINSCOPE_REQUIRE_PG=1
// makes its absence a failure). Each test gets a fresh empty database: a file, or a schema of its own.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <pqxx/pqxx>
#include <random>
#include <string>
#include <vector>

#include "store/store.h"
#include "test_util.h"

namespace chainscope::testing {

inline std::string PostgresTestUrl() {
  const char* url = std::getenv("CHAINSCOPE_TEST_PG");
  return url ? url : "";
}

/// "sqlite", and "postgresql" when a test database is given.
inline std::vector<std::string> StoreBackends() {
  std::vector<std::string> out = {"sqlite"};
  if (!PostgresTestUrl().empty()) out.push_back("postgresql");
  return out;
}

/// A fresh, empty database of one backend, removed when the object dies (close its stores first).
class TestDatabase {
 public:
  explicit TestDatabase(const std::string& backend) {
    if (backend == "sqlite") {
      url_ = (dir_ / "store.db").string();
      return;
    }
    static std::atomic<int> counter{0};
    schema_ = "test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
              std::to_string(std::random_device{}() % 100000);
    const std::string base = PostgresTestUrl();
    pqxx::connection c(base);
    pqxx::nontransaction t(c);
    t.exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    t.exec("CREATE SCHEMA " + schema_);
    url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
  }
  ~TestDatabase() {
    if (schema_.empty()) return;
    try {
      pqxx::connection c(PostgresTestUrl());
      pqxx::nontransaction t(c);
      t.exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    } catch (const std::exception&) {
    }
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& url() const { return url_; }
  std::unique_ptr<Store> Open() const { return OpenStore(url_); }
  bool postgresql() const { return !schema_.empty(); }
  /// Runs one statement as the test's own superuser-side connection (to tamper with the store, as an
  /// attacker with database access would). PostgreSQL only.
  void Execute(const std::string& sql) const {
    pqxx::connection c(url_);
    pqxx::nontransaction t(c);
    t.exec(sql);
  }
  /// The first column of the first row of a query, as text. PostgreSQL only.
  std::string Text(const std::string& sql) const {
    pqxx::connection c(url_);
    pqxx::nontransaction t(c);
    const pqxx::result r = t.exec(sql);
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].c_str();
  }

 private:
  TempDir dir_;
  std::string url_, schema_;
};

/// Names parameterised tests by backend ("sqlite", "postgresql").
struct BackendName {
  std::string operator()(const ::testing::TestParamInfo<std::string>& info) const { return info.param; }
};

}  // namespace chainscope::testing
