// Signing in, sessions, tokens, CSRF and abuse limits through the real HTTP server on a real SQLite store.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "io/dataset_io.h"
#include "server/accounts_util.h"
#include "server/http_client.h"
#include "server/http_server.h"
#include "store_backends.h"
#include "test_util.h"

namespace chainscope {
namespace {
namespace json = boost::json;
using testing::Client;
using testing::RawResponse;

const std::string kDemand =
    R"({"buyer":"oem1","component":"CHS-EPS","annual_quantity":100,"start_date":"2027-03-01",)"
    R"("prefer_local":false,"max_share":1})";

std::string LoginBody(const std::string& email, std::string_view password = testing::kTestPassword) {
  return R"({"email":")" + email + R"(","password":")" + std::string(password) + "\"}";
}

/// Run on each store backend (store_backends.h).
class AuthServerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { Start(ApiOptions{}); }
  void Start(ApiOptions api_options) {
    if (server_) server_->Stop();
    if (!database_) {
      database_ = std::make_unique<testing::TestDatabase>(GetParam());
      db_ = database_->url();
      OpenStore(db_)->ReplaceDataset(ReadDataset(testing::MiniDataset()));
      store_ = OpenStore(db_);
      buyer_ = testing::AddTestAccount(*store_, "buyer@oem1.example", "member", "oem1");
      analyst_ = testing::AddTestAccount(*store_, "analyst@bureau.example", "analyst");
    }
    api_ = std::make_unique<Api>(std::make_shared<Platform>(OpenStore(db_)), api_options);
    ServerOptions options;
    options.port = 0;
    options.access_log = false;
    server_ = std::make_unique<HttpServer>(*api_, options);
    server_->Start();
  }
  void TearDown() override { server_->Stop(); }
  std::uint16_t port() const { return server_->port(); }

  /// Signs in on `c`; returns the Set-Cookie header.
  std::string SignIn(Client& c, const std::string& email) {
    const RawResponse r = c.Call("POST", "/api/v1/auth/login", LoginBody(email));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Header("Set-Cookie");
  }
  static std::string CookieLine(const std::string& set_cookie) {
    return "Cookie: " + set_cookie.substr(0, set_cookie.find(';')) + "\r\n";
  }

  testing::TempDir tmp_;
  std::unique_ptr<testing::TestDatabase> database_;
  std::string db_;
  std::unique_ptr<Store> store_;
  testing::TestAccount buyer_, analyst_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<HttpServer> server_;
};

INSTANTIATE_TEST_SUITE_P(Backends, AuthServerTest, ::testing::ValuesIn(testing::StoreBackends()),
                         testing::BackendName());

// Through the same server the change is seen at once: the server's kept credentials are stale as soon as
// its store writes an account (Store::AccountsEpoch) — here the enterprise's administrator disables a
// colleague whose token was just read and kept.
TEST_P(AuthServerTest, AnAccountDisabledThroughThisServerIsSignedOutAtOnce) {
  const testing::TestAccount admin =
      testing::AddTestAccount(*store_, "admin@oem1.example", "member", "oem1", true);
  Client erp(port());
  erp.always = buyer_.AuthLine();
  EXPECT_EQ(erp.Get("/api/v1/demands").status, 200);
  Client a(port());
  a.always = admin.AuthLine();
  EXPECT_EQ(a.Call("POST", "/api/v1/colleagues/" + std::to_string(buyer_.user.id) + "/disable").status, 200);
  EXPECT_EQ(erp.Get("/api/v1/demands").status, 401);
}

TEST_P(AuthServerTest, ASessionCookieIsHttpOnlyLaxAndStopsWorkingAfterLogout) {
  Client c(port());
  const std::string cookie = SignIn(c, "buyer@oem1.example");
  EXPECT_TRUE(cookie.starts_with("cs_session=cs_s_")) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // plain http here
  const RawResponse me = c.Call("GET", "/api/v1/me", "", CookieLine(cookie));
  ASSERT_EQ(me.status, 200) << me.body;
  const json::object user = json::parse(me.body).at("user").as_object();
  EXPECT_EQ(user.at("email").as_string(), "buyer@oem1.example");
  EXPECT_EQ(user.at("role").as_string(), "member");
  EXPECT_EQ(user.at("enterprise").as_string(), "oem1");
  EXPECT_EQ(user.at("enterprise_name_zh").as_string(), "测试汽车");
  // Someone who copied the cookie uses it from elsewhere; the owner signs out; the copy is dead.
  Client thief(port(), "127.0.0.2");
  EXPECT_EQ(thief.Call("GET", "/api/v1/links", "", CookieLine(cookie)).status, 200);
  const RawResponse out =
      c.Call("POST", "/api/v1/auth/logout", "", CookieLine(cookie) + "X-Requested-With: chainscope\r\n");
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_NE(out.Header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(thief.Call("GET", "/api/v1/links", "", CookieLine(cookie)).status, 401);
  EXPECT_EQ(thief.Call("GET", "/api/v1/me", "", CookieLine(cookie)).body, R"({"user":null})");
  // A stale cookie still lets the public pages work.
  EXPECT_EQ(thief.Call("GET", "/api/v1/taxonomy", "", CookieLine(cookie)).status, 200);
}

TEST_P(AuthServerTest, BehindTlsTheCookieIsHostPrefixedAndSecure) {
  ApiOptions secure;
  secure.secure_cookies = true;
  Start(secure);
  Client c(port());
  const std::string cookie = SignIn(c, "buyer@oem1.example");
  EXPECT_TRUE(cookie.starts_with("__Host-cs_session=")) << cookie;
  EXPECT_NE(cookie.find("; Secure"), std::string::npos);
  EXPECT_NE(c.Call("GET", "/api/v1/me", "", CookieLine(cookie)).body, R"({"user":null})");
  // The plain name is not accepted when the server runs secure.
  EXPECT_EQ(c.Call("GET", "/api/v1/me", "",
                   "Cookie: cs_session=" + cookie.substr(18, cookie.find(';') - 18) + "\r\n")
                .body,
            R"({"user":null})");
}

TEST_P(AuthServerTest, WrongPasswordsAreLimitedPerAccountAndPerAddress) {
  Client c(port());
  const RawResponse wrong =
      c.Call("POST", "/api/v1/auth/login", LoginBody("buyer@oem1.example", "not it at all"));
  EXPECT_EQ(wrong.status, 401);
  const RawResponse unknown = c.Call("POST", "/api/v1/auth/login", LoginBody("nobody@oem1.example"));
  EXPECT_EQ(unknown.status, 401);
  // The same answer for an unknown account and a wrong password.
  EXPECT_EQ(json::parse(wrong.body).at("error").at("message"),
            json::parse(unknown.body).at("error").at("message"));
  for (int i = 0; i < 4; ++i)
    c.Call("POST", "/api/v1/auth/login", LoginBody("buyer@oem1.example", "still not it"));
  // Five failures for the account: even the right password now waits.
  const RawResponse locked = c.Call("POST", "/api/v1/auth/login", LoginBody("buyer@oem1.example"));
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_GE(std::stoi(locked.Header("Retry-After")), 1);
  // Another account from another address is not affected.
  Client other(port(), "127.0.0.3");
  EXPECT_EQ(other.Call("POST", "/api/v1/auth/login", LoginBody("analyst@bureau.example")).status, 200);
  // Ten failures from one address (over any accounts): that address waits too.
  Client noisy(port(), "127.0.0.4");
  for (int i = 0; i < 10; ++i)
    noisy.Call("POST", "/api/v1/auth/login",
               LoginBody("guess" + std::to_string(i) + "@x.example", "nope nope nope"));
  EXPECT_EQ(noisy.Call("POST", "/api/v1/auth/login", LoginBody("analyst@bureau.example")).status, 429);
  // Sign-in takes JSON only (a cross-site form cannot send it without a preflight).
  const std::string body = LoginBody("analyst@bureau.example");
  other.Send(
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body);
  const RawResponse form = other.Read();
  EXPECT_EQ(form.status, 400) << form.body;
  EXPECT_EQ(form.Header("Set-Cookie"), "");
}

TEST_P(AuthServerTest, CookieWritesNeedTheDashboardsHeaderOrTheSameOrigin) {
  Client c(port());
  const std::string cookie = CookieLine(SignIn(c, "buyer@oem1.example"));
  const RawResponse forged = c.Call("POST", "/api/v1/demands", kDemand, cookie);
  EXPECT_EQ(forged.status, 403) << forged.body;
  EXPECT_NE(forged.body.find("cross-site"), std::string::npos);
  EXPECT_EQ(c.Call("POST", "/api/v1/demands", kDemand, cookie + "Origin: https://evil.example\r\n").status,
            403);
  EXPECT_EQ(
      c.Call("POST", "/api/v1/demands", kDemand, cookie + "X-Requested-With: XMLHttpRequest\r\n").status,
      403);
  EXPECT_EQ(c.Call("POST", "/api/v1/demands", kDemand, cookie + "X-Requested-With: chainscope\r\n").status,
            201);
  EXPECT_EQ(c.Call("POST", "/api/v1/demands", kDemand, cookie + "Origin: http://localhost\r\n").status, 201);
  // Nothing the forged requests sent was stored: the mini dataset's DM1 and the two accepted.
  EXPECT_EQ(OpenStore(db_)->LoadMarket().demands.size(), 3u);
  // A bearer token is not sent by browsers on their own: no header needed.
  EXPECT_EQ(c.Call("POST", "/api/v1/demands", kDemand, buyer_.AuthLine()).status, 201);
}

TEST_P(AuthServerTest, TokensAreShownOnceListedWithoutSecretAndRevocable) {
  Client c(port());
  c.always = buyer_.AuthLine();
  const RawResponse made = c.Call("POST", "/api/v1/tokens", R"({"name":"ERP sync","expires_days":7})");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string token(json::parse(made.body).at("token").as_string());
  EXPECT_TRUE(token.starts_with("cs_t_"));
  EXPECT_EQ(token.size(), 5u + 43u);
  Client erp(port());
  erp.always = "Authorization: Bearer " + token + "\r\n";
  EXPECT_EQ(erp.Get("/api/v1/demands").status, 200);
  const RawResponse list = c.Get("/api/v1/tokens");
  EXPECT_EQ(list.body.find(token), std::string::npos);  // never the secret again
  const json::array tokens = json::parse(list.body).at("tokens").as_array();
  ASSERT_EQ(tokens.size(), 2u);  // ERP sync, and the test's own
  EXPECT_EQ(tokens[0].at("name").as_string(), "ERP sync");
  EXPECT_FALSE(tokens[0].at("last_used_at").is_null());  // used once above
  const std::string id = std::to_string(tokens[0].at("id").as_int64());
  EXPECT_EQ(erp.Call("DELETE", "/api/v1/tokens/" + id).status, 200);  // a token may revoke itself
  const RawResponse dead = erp.Get("/api/v1/demands");
  EXPECT_EQ(dead.status, 401);
  EXPECT_NE(dead.Header("WWW-Authenticate").find("Bearer"), std::string::npos);
  // Bad ones: never anonymous, always 401.
  for (const std::string& bad : {std::string("Bearer cs_t_nope"), std::string("Basic dXNlcjpwYXNz"),
                                 std::string("Bearer "), "Bearer " + token + "x"}) {
    Client x(port());
    EXPECT_EQ(x.Call("GET", "/api/v1/taxonomy", "", "Authorization: " + bad + "\r\n").status, 401) << bad;
  }
  EXPECT_EQ(c.Call("POST", "/api/v1/tokens", R"({"name":"","expires_days":7})").status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/tokens", R"({"name":"x","expires_days":4000})").status, 400);
}

// A server keeps a credential it has read for kCredentialRecheck (one store read a second, not one per
// request); a change made through another server or process — here an account disabled from another store
// connection, as `chainscope user disable` does — still ends its sessions and tokens within that.
TEST_P(AuthServerTest, ADisabledAccountStopsWithinTheRecheckAndOnlyHashesAreStored) {
  Client c(port());
  const std::string cookie = CookieLine(SignIn(c, "buyer@oem1.example"));
  c.always = buyer_.AuthLine();
  EXPECT_EQ(c.Get("/api/v1/me").status, 200);  // read and kept
  Accounts(*store_).SetDisabled("buyer@oem1.example", true);
  const auto disabled = std::chrono::steady_clock::now();
  int status = 200;
  while (status == 200 && std::chrono::steady_clock::now() - disabled < 3 * kCredentialRecheck) {
    status = c.Get("/api/v1/me").status;
    if (status == 200) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(status, 401);  // the token is refused outright
  EXPECT_LE(std::chrono::steady_clock::now() - disabled, kCredentialRecheck + std::chrono::milliseconds(500));
  c.always.clear();
  EXPECT_EQ(c.Call("GET", "/api/v1/me", "", cookie).body, R"({"user":null})");  // the session is gone
  EXPECT_EQ(c.Call("POST", "/api/v1/auth/login", LoginBody("buyer@oem1.example")).status, 401);
  Accounts(*store_).SetDisabled("buyer@oem1.example", false);
  EXPECT_EQ(c.Call("POST", "/api/v1/auth/login", LoginBody("buyer@oem1.example")).status, 200);
  // No secret is in the database file in clear: not the token, not the session, not the password.
  server_->Stop();
  api_.reset();
  store_.reset();
  // (PostgreSQL: every row of the accounts and credentials, as text.)
  const std::string bytes = database_->postgresql()
                                ? database_->Text(
                                      "SELECT (SELECT string_agg(u::text, ' ') FROM users u) || ' ' || "
                                      "(SELECT string_agg(c::text, ' ') FROM credentials c)")
                                : testing::ReadText(db_);
  EXPECT_EQ(bytes.find(buyer_.token), std::string::npos);
  const std::string session = cookie.substr(cookie.find('=') + 1, cookie.find("\r\n") - cookie.find('=') - 1);
  ASSERT_TRUE(session.starts_with("cs_s_")) << session;
  EXPECT_EQ(bytes.find(session), std::string::npos);
  EXPECT_EQ(bytes.find(std::string(testing::kTestPassword)), std::string::npos);
  EXPECT_NE(bytes.find("$argon2id$"), std::string::npos);
  Start(ApiOptions{});
}

TEST_P(AuthServerTest, TheRequestRateIsLimitedPerTokenAndPerAddress) {
  ApiOptions limited;
  limited.requests_per_second = 5;  // burst 20
  Start(limited);
  Client c(port());
  c.always = analyst_.AuthLine();
  int refused = 0, retry_after = 0;
  for (int i = 0; i < 40; ++i) {
    const RawResponse r = c.Get("/api/v1/health");
    if (r.status == 429) {
      ++refused;
      retry_after = std::stoi(r.Header("Retry-After"));
    }
  }
  EXPECT_GE(refused, 15);
  EXPECT_GE(retry_after, 1);
  // Another caller is not held back by this token's use.
  Client other(port(), "127.0.0.5");
  EXPECT_EQ(other.Get("/api/v1/health").status, 200);
}

}  // namespace
}  // namespace chainscope
