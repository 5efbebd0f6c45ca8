// tests: an Api over a real store (SQLite, or PostgreSQL for the fixtures run on each backend; writes
// enabled), and data-driven request → response cases.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <span>
#include <string>

#include "server/accounts_util.h"
#include "server/api.h"
#include "server/contract.h"
#include "store/store.h"
#include "store_backends.h"
#include "test_util.h"

namespace chainscope::testing {

class StoredApiTest : public ::testing::Test {
 protected:
  /// Stores `d` in a fresh database of `backend_` and serves it.
  void Open(const Dataset& d) {
    db_ = std::make_unique<TestDatabase>(backend_);
    db_path_ = db_->url();
    OpenStore(db_path_)->ReplaceDataset(d);
    platform_ = std::make_shared<Platform>(OpenStore(db_path_));
    ApiOptions options;
    options.requests_per_second = 0;
    options.webhook_key = SealingKey(std::array<unsigned char, 32>{7});
    options.webhooks.allow_private = true;  // test receivers listen on loopback
    options.notices.start = false;          // Drained() works the notices after each request instead
    api_ = std::make_unique<Api>(platform_, options);
    store_ = OpenStore(db_path_);  // a second connection, as another process would have
    admin_ = AddTestAccount(*store_, "admin@example.com", "admin");
  }
  /// A request as the admin (every route, every record).
  HttpResponse Call(const std::string& method, const std::string& target, const std::string& body = "") {
    return Checked(method, target, Drained(api_->Handle(testing::As(admin_, method, target, body))));
  }
  /// `answer`, once the notice work its request left is done (as the server's notice worker does it within
  /// a poll: the tests of what a notice says read it at once).
  HttpResponse Drained(HttpResponse answer) {
    if (NoticeWorker* w = api_->notices())
      while (w->RunOnce()) {
      }
    return answer;
  }
  /// `answer`, after holding it to the OpenAPI document (server/contract.h).
  static HttpResponse Checked(const std::string& method, const std::string& target, HttpResponse answer) {
    for (const std::string& v : ContractViolationsOf(method, target, answer)) ADD_FAILURE() << v;
    return answer;
  }
  boost::json::object Ok(const std::string& method, const std::string& target, const std::string& body = "",
                         int status = 200) {
    const HttpResponse r = Call(method, target, body);
    EXPECT_EQ(r.status, status) << method << " " << target << " " << body << ": " << r.body;
    return boost::json::parse(r.body).as_object();
  }

  /// A request as account `a` (JSON body when given), from client address `client`.
  HttpResponse As(const TestAccount& a, const std::string& method, const std::string& target,
                  const std::string& body = "", const std::string& client = "local") {
    HttpRequest r = testing::As(a, method, target, body);
    if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    r.client = client;
    return Checked(method, target, Drained(api_->Handle(r)));
  }
  /// As(), expecting `status`; the answer's JSON object.
  boost::json::object OkAs(const TestAccount& a, const std::string& method, const std::string& target,
                           const std::string& body = "", int status = 200) {
    const HttpResponse r = As(a, method, target, body);
    EXPECT_EQ(r.status, status) << method << " " << target << " " << body << ": " << r.body;
    return boost::json::parse(r.body).as_object();
  }

  /// One request and what its answer must be: the status, and a text the (JSON) body contains.
  struct Case {
    std::string method, target, body;
    int status;
    std::string contains;
  };
  void Expect(std::span<const Case> cases) {
    for (const Case& c : cases) {
      SCOPED_TRACE(c.method + " " + c.target + " " + c.body);
      const HttpResponse r = Call(c.method, c.target, c.body);
      EXPECT_EQ(r.status, c.status) << r.body;
      EXPECT_NE(r.body.find(c.contains), std::string::npos) << r.body;
      EXPECT_NO_THROW(boost::json::parse(r.body));
    }
  }

  TempDir tmp_;
  std::string backend_ = "sqlite";  // a fixture run on each backend sets it from its parameter
  std::unique_ptr<TestDatabase> db_;
  std::string db_path_;  // the store's URL
  std::shared_ptr<Platform> platform_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<Store> store_;
  TestAccount admin_;
};

/// A StoredApiTest fixture run on each backend: TEST_P, and INSTANTIATE_BACKENDS(Fixture).
class StoredApiOnEachBackend : public StoredApiTest, public ::testing::WithParamInterface<std::string> {
 protected:
  StoredApiOnEachBackend() { backend_ = GetParam(); }
};

}  // namespace chainscope::testing

#define INSTANTIATE_BACKENDS(fixture)                                                                      \
  INSTANTIATE_TEST_SUITE_P(Backends, fixture, ::testing::ValuesIn(::chainscope::testing::StoreBackends()), \
                           ::chainscope::testing::BackendName())
