// tests/fuzz: an Api over a real SQLite store holding the mini dataset, with accounts of each kind, for the
// fuzzers that send it requests. Check() is the oracle: no answer is a 500, every answer is JSON (or the
// dashboard's files), and a refused request (4xx) leaves the store as it was — every table but the audit
// trail and the rate limits (which record refusals), and the tokens' last-use times.
#pragma once

#include <sqlite3.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "fuzz_util.h"
#include "io/dataset_io.h"
#include "server/accounts_util.h"
#include "server/api.h"
#include "store/store.h"

namespace chainscope::fuzz {

class ApiHarness {
 public:
  ApiHarness() {
    const std::string path = (dir_ / "fuzz.db").string();
    OpenStore(path)->ReplaceDataset(ReadDataset(testing::MiniDataset()));
    std::unique_ptr<Store> store = OpenStore(path);
    accounts_[0] = testing::AddTestAccount(*store, "admin@example.com", "admin");
    accounts_[1] = testing::AddTestAccount(*store, "buyer@oem1.example", "member", "oem1");
    accounts_[2] = testing::AddTestAccount(*store, "sales@cell1.example", "member", "cell1");
    accounts_[3] = testing::AddTestAccount(*store, "analyst@bureau.example", "analyst");
    ApiOptions options;
    options.requests_per_second = 0;
    options.jobs.start = false;     // jobs are queued, not run: a request's effects are its own
    options.notices.start = false;  // notice work is left queued, likewise
    api_ = std::make_unique<Api>(std::make_shared<Platform>(std::move(store)), options);
    if (sqlite3_open_v2(path.c_str(), &raw_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) Finding("open");
    sqlite3_busy_timeout(raw_, 10000);
  }
  ~ApiHarness() { sqlite3_close(raw_); }

  /// The bearer token of account `who` (0 admin, 1 buyer of oem1, 2 seller of cell1, 3 analyst).
  const std::string& Token(int who) const { return accounts_[who].token; }
  /// As account `who`; 4 and above: anonymous.
  void Authorize(HttpRequest& r, int who) const {
    if (who < 4) r.headers.push_back(accounts_[who].AuthHeader());
  }

  /// Handles the request and checks the answer (see the header comment).
  HttpResponse Check(const HttpRequest& request) {
    const std::string before = Fingerprint();
    const HttpResponse r = api_->Handle(request);
    if (r.status == 500)
      Finding("a 500", request.method + " " + request.target + "\n" + request.body + "\n" + r.body);
    if (r.status < 100 || r.status > 599) Finding("an HTTP status out of range");
    if (r.content_type.find("json") != std::string::npos) {
      boost::system::error_code ec;
      boost::json::parse(r.body, ec);
      if (ec) Finding("a JSON answer that does not parse", r.body);
    }
    if (r.status >= 400 && Fingerprint() != before)
      Finding("a refused request changed the store",
              request.method + " " + request.target + "\n" + request.body + "\n" + r.body);
    return r;
  }

 private:
  /// Every row of every table the oracle watches, as text.
  std::string Fingerprint() {
    std::string out;
    std::vector<std::string> tables;
    Query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit_log', 'rate_limits') "
        "ORDER BY name",
        [&](sqlite3_stmt* s) {
          tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
        });
    for (const std::string& t : tables) {
      out += "#" + t + "\n";
      Query("SELECT * FROM \"" + t + "\" ORDER BY rowid", [&](sqlite3_stmt* s) {
        for (int c = 0; c < sqlite3_column_count(s); ++c) {
          if (std::string_view(sqlite3_column_name(s, c)) == "last_used_at") continue;
          const unsigned char* text = sqlite3_column_text(s, c);
          out += text ? reinterpret_cast<const char*>(text) : "NULL";
          out += '\x1f';
        }
        out += '\n';
      });
    }
    return out;
  }
  template <typename OnRow>
  void Query(const std::string& sql, OnRow on_row) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(raw_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) Finding("fingerprint", sql);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) on_row(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) Finding("fingerprint", sql);
  }

  testing::TempDir dir_;
  testing::TestAccount accounts_[4];
  std::unique_ptr<Api> api_;
  sqlite3* raw_ = nullptr;
};

}  // namespace chainscope::fuzz
