// The real server on a free loopback port: every endpoint over TCP, every error status, and the limits
// that keep slow or hostile clients from starving others.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "io/csv.h"
#include "io/dataset_io.h"
#include "server/accounts_util.h"
#include "server/api.h"
#include "server/http_client.h"
#include "server/http_server.h"
#include "store/store.h"
#include "test_util.h"

namespace chainscope {
namespace {
using testing::Client;
using testing::RawResponse;

class HttpServerTest : public ::testing::Test {
 protected:
  void StartServer(ServerOptions options = {}) {
    options.port = 0;
    server_ = std::make_unique<HttpServer>(api_, options);
    server_->Start();
  }
  void SetUp() override { StartServer(); }
  void TearDown() override { server_->Stop(); }
  std::uint16_t port() const { return server_->port(); }

  Api api_{std::make_shared<Platform>(ReadDataset(testing::MiniDataset())), testing::OperatorOptions()};
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, EveryEndpointAnswersOverTcpOnOneKeepAliveConnection) {
  Client c(port());
  for (const char* target :
       {"/api/v1/health", "/api/v1/places", "/api/v1/taxonomy", "/api/v1/enterprises",
        "/api/v1/enterprises/oem1", "/api/v1/links?buyer=oem1", "/api/v1/calibration", "/api/v1/openapi.json",
        "/api/v1/analytics/localization?by=powertrain", "/api/v1/analytics/flows",
        "/api/v1/analytics/weak-links", "/api/v1/analytics/invest", "/api/v1/stress", "/"}) {
    const RawResponse r = c.Get(target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    EXPECT_FALSE(r.body.empty()) << target;
  }
  EXPECT_EQ(c.Get("/api/v1/enterprises/ghost").status, 404);
  EXPECT_EQ(c.Get("/api/v1/enterprises?role=boss").status, 400);
  const RawResponse last = c.Get("/api/v1/health", false);
  EXPECT_EQ(last.status, 200);
  EXPECT_TRUE(c.Closed());
}

TEST_F(HttpServerTest, AStressJobOverTcp) {
  Client c(port());
  const std::string body = R"({"ttr_days": 30})";
  c.Send("POST /api/v1/stress HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body);
  const RawResponse started = c.Read();
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string id(boost::json::parse(started.body).at("job").as_string());
  for (int i = 0; i < 200; ++i) {
    const RawResponse r = c.Get("/api/v1/stress/" + id);
    ASSERT_EQ(r.status, 200) << r.body;
    if (r.body.find(R"("status":"running")") == std::string::npos &&
        r.body.find(R"("status":"queued")") == std::string::npos) {
      EXPECT_NE(r.body.find(R"("status":"done")"), std::string::npos) << r.body;
      EXPECT_NE(r.body.find(R"("nodes":[{"id":)"), std::string::npos) << r.body;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "the job did not finish";
}

TEST_F(HttpServerTest, AnUploadRouteTakesALargerBodyThanTheRest) {
  // A 3 MiB list of enterprises: over the server's 1 MiB, under the import route's own bound.
  std::string csv = "企业名称,所在地\n";
  for (int i = 0; csv.size() < 3u << 20; ++i)
    csv += "重庆测试零部件" + std::to_string(i) + "有限公司,江津区\n";
  const std::string rows = std::to_string(std::count(csv.begin(), csv.end(), '\n') - 1);
  {
    Client c(port());
    c.Send(
        "POST /api/v1/imports?kind=enterprises HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
        "Content-Length: " +
        std::to_string(csv.size()) + "\r\n\r\n" + csv);
    const RawResponse r = c.Read();
    EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
    EXPECT_NE(r.body.find("\"new\":" + rows), std::string::npos) << r.body.substr(0, 300);
  }
  {  // the same body elsewhere is refused
    Client c(port());
    c.Send("POST /api/v1/demands HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(csv.size()) + "\r\n\r\n");
    c.Send(csv.substr(0, 64 * 1024));
    EXPECT_EQ(c.Read().status, 413);
  }
  {  // and the import route has its own bound, named in the refusal
    Client c(port());
    c.Send(
        "POST /api/v1/imports?kind=enterprises HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
        "Content-Length: " +
        std::to_string((64u << 20) + 1) + "\r\n\r\n");
    c.Send(csv.substr(0, 64 * 1024));
    const RawResponse r = c.Read();
    EXPECT_EQ(r.status, 413);
    EXPECT_NE(r.body.find("over 67108864 bytes"), std::string::npos) << r.body;
  }
}

TEST_F(HttpServerTest, ErrorStatusesFromTheTransport) {
  {  // body over the limit
    Client c(port());
    c.Send("POST /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(kMaxBodyBytes + 1) +
           "\r\n\r\n");
    c.Send(std::string(64 * 1024, 'x'));
    const RawResponse r = c.Read();
    EXPECT_EQ(r.status, 413);
    EXPECT_NE(r.body.find("payload_too_large"), std::string::npos);
  }
  {  // headers over the limit
    Client c(port());
    c.Send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(kMaxHeaderBytes + 10, 'a') +
           "\r\n\r\n");
    EXPECT_EQ(c.Read().status, 431);
  }
  {  // not HTTP at all
    Client c(port());
    c.Send("HELLO THERE\r\n\r\n");
    const RawResponse r = c.Read();
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("malformed HTTP request"), std::string::npos);
  }
  {  // wrong method on a real route, over the wire
    Client c(port());
    c.Send("PUT /api/v1/places HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
    EXPECT_EQ(c.Read().status, 405);
  }
  // The server is still healthy after all that.
  Client after(port());
  EXPECT_EQ(after.Get("/api/v1/health").status, 200);
}

TEST_F(HttpServerTest, ASlowClientTimesOutWithoutBlockingOthers) {
  server_->Stop();
  ServerOptions options;
  options.read_timeout_seconds = 1;
  StartServer(options);
  Client slow(port());
  slow.Send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");  // never finishes the headers
  Client fast(port());
  EXPECT_EQ(fast.Get("/api/v1/health").status, 200);
  // The server drops the half-sent request after the read timeout (1 s here), freeing its slot.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(slow.Closed());
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GT(waited, 0.5);
  EXPECT_LT(waited, 5.0);
  Client idle(port());  // an idle keep-alive connection is closed the same way
  EXPECT_EQ(idle.Get("/api/v1/health").status, 200);
  EXPECT_TRUE(idle.Closed());
}

TEST_F(HttpServerTest, ConnectionsBeyondTheBoundAreTurnedAway) {
  server_->Stop();
  ServerOptions options;
  options.max_connections = 2;
  StartServer(options);
  Client a(port()), b(port());
  EXPECT_EQ(a.Get("/api/v1/health").status, 200);  // both are now surely accepted and held open
  EXPECT_EQ(b.Get("/api/v1/health").status, 200);
  Client c(port());
  const RawResponse r = c.Read();
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("connection limit"), std::string::npos) << r.body;
  EXPECT_EQ(r.Header("Retry-After"), std::to_string(kRetryAfterSeconds));
}

TEST_F(HttpServerTest, TheConnectionBoundComesFromTheFileDescriptorLimit) {
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);  // raised to the hard limit by the server
  EXPECT_EQ(server_->max_connections(),
            static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 1 << 20)) - kReservedFileDescriptors);
  EXPECT_GT(server_->max_connections(), 2000);
}

TEST_F(HttpServerTest, OneClientAddressCannotTakeEveryConnection) {
  server_->Stop();
  ServerOptions options;
  options.max_connections_per_client = 3;
  StartServer(options);
  std::vector<std::unique_ptr<Client>> greedy;
  for (int i = 0; i < 3; ++i) {
    greedy.push_back(std::make_unique<Client>(port(), "127.0.0.2"));
    EXPECT_EQ(greedy.back()->Get("/api/v1/health").status, 200);
  }
  Client fourth(port(), "127.0.0.2");
  const RawResponse refused = fourth.Read();
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_NE(refused.body.find("too many connections from 127.0.0.2"), std::string::npos) << refused.body;
  Client other(port(), "127.0.0.3");  // another address is served
  EXPECT_EQ(other.Get("/api/v1/health").status, 200);
  greedy.clear();  // closing frees the address's slots
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  Client again(port(), "127.0.0.2");
  EXPECT_EQ(again.Get("/api/v1/health").status, 200);
}

TEST_F(HttpServerTest, TwoThousandHalfRequestsDoNotStarveANormalClient) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);  // this process holds both ends of every connection
  if (limit.rlim_cur < 4200) GTEST_SKIP() << "needs 4,200 file descriptors, has " << limit.rlim_cur;
  // 2,000 slow clients from 40 addresses (the per-address bound is not what saves us here), each sending
  // half a request and then nothing.
  std::vector<std::unique_ptr<Client>> slow;
  for (int i = 0; i < 2000; ++i) {
    slow.push_back(std::make_unique<Client>(port(), "127.0.1." + std::to_string(1 + i % 40)));
    slow.back()->Send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
  }
  const auto start = std::chrono::steady_clock::now();
  Client normal(port());
  const RawResponse r = normal.Get("/api/v1/enterprises?limit=5");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.status, 200);
  EXPECT_LT(seconds, 1.0);
  // And every slow client still holds its connection, unanswered: none was refused or cut to make room.
  int open = 0;
  for (auto& c : slow) open += c->OpenAndSilent() ? 1 : 0;
  EXPECT_EQ(open, 2000);
}

// Regression tests for defects found by trying the server as an attacker would.
class HttpServerStaticTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(tmp_ / "dist" / "assets");
    testing::WriteText(tmp_ / "dist" / "index.html", "<html>dashboard</html>");
    testing::WriteText(tmp_ / "dist" / "assets" / "app.js", "console.log(1)");
    testing::WriteText(tmp_ / "dist" / ".env", "SECRET=hidden-dotfile");
    testing::WriteText(tmp_ / "secret.txt", "SECRET=outside-the-root");
    std::filesystem::create_symlink(tmp_ / "secret.txt", tmp_ / "dist" / "link.txt");
    store_path_ = (tmp_ / "private.db").string();
    OpenStore(store_path_)->ReplaceDataset(ReadDataset(testing::MiniDataset()));
    api_ =
        std::make_unique<Api>(std::make_shared<Platform>(OpenStore(store_path_)), ApiOptions{tmp_ / "dist"});
    ServerOptions options;
    options.port = 0;
    server_ = std::make_unique<HttpServer>(*api_, options);
    server_->Start();
  }
  void TearDown() override { server_->Stop(); }
  testing::TempDir tmp_;
  std::string store_path_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerStaticTest, NoFileOutsideTheStaticRootIsEverServed) {
  const std::string secret_path = (tmp_ / "secret.txt").string();
  const std::string db_path = (tmp_ / "dist" / ".." / "private.db").string();
  for (const std::string& target :
       {std::string("//etc/passwd"), std::string("/%2Fetc/passwd"), std::string("//proc/self/environ"),
        std::string("/%2F%2Fetc/passwd"), "/" + secret_path, "/%2F" + secret_path.substr(1), "/" + db_path,
        std::string("/../secret.txt"), std::string("/%2e%2e/secret.txt"),
        std::string("/assets/../../secret.txt"), std::string("/.env"),
        std::string("/assets/..%2F..%2Fsecret.txt"), std::string("/link.txt"),
        std::string("/assets%5C..%5C..%5Csecret.txt"), "/" + store_path_, std::string("/..%2Fprivate.db")}) {
    SCOPED_TRACE(target);
    Client c(server_->port());
    const RawResponse r = c.Get(target);
    EXPECT_TRUE(r.status == 404 || r.status == 400 || r.body == "<html>dashboard</html>") << r.status;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("SECRET="), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("PATH="), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("SQLite format"), std::string::npos) << "the database file was served";
  }
  Client c(server_->port());
  EXPECT_EQ(c.Get("/assets/app.js").body, "console.log(1)");
  EXPECT_EQ(c.Get("/").body, "<html>dashboard</html>");
  EXPECT_EQ(c.Get("/map/chongqing").body, "<html>dashboard</html>");  // a single-page app route
}

TEST_F(HttpServerStaticTest, MissingAssetsAre404AndHashedAssetsAreCachedForever) {
  Client c(server_->port());
  // A stale asset name must not be answered with index.html (the browser would run HTML as script).
  EXPECT_EQ(c.Get("/assets/index-0ld.js").status, 404);
  EXPECT_EQ(c.Get("/favicon.ico").status, 404);
  const RawResponse asset = c.Get("/assets/app.js");
  EXPECT_EQ(asset.Header("Cache-Control"), "public, max-age=31536000, immutable");
  const RawResponse index = c.Get("/matchmaking");
  EXPECT_EQ(index.body, "<html>dashboard</html>");
  EXPECT_EQ(index.Header("Cache-Control"), "no-cache");
}

TEST_F(HttpServerStaticTest, UnknownApiVersionsAreJson404NotTheDashboard) {
  Client c(server_->port());
  for (const char* target : {"/api/v2/x", "/api", "/api/", "/api/v1x/health"}) {
    const RawResponse r = c.Get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_NE(r.body.find(R"("code":"not_found")"), std::string::npos) << target << ": " << r.body;
  }
}

TEST_F(HttpServerStaticTest, HealthDoesNotShowTheStorePath) {
  Client c(server_->port());
  const RawResponse r = c.Get("/api/v1/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(R"("store":"sqlite")"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("private.db"), std::string::npos) << r.body;
}

TEST_F(HttpServerTest, TransferEncodingOtherThanChunkedIsRefusedAndTheConnectionClosed) {
  for (const char* coding : {"xchunked", "chunked, identity", "gzip", "identity"}) {
    SCOPED_TRACE(coding);
    Client c(port());
    // A second request hidden in the body: it must never be answered.
    c.Send(std::string("POST /api/v1/match HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ") + coding +
           "\r\n\r\nGET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
    const RawResponse r = c.Read();
    EXPECT_TRUE(r.status == 400 || r.status == 501) << r.status << " " << r.body;
    EXPECT_TRUE(c.Closed());
  }
  // Real chunked bodies still work.
  Client c(port());
  c.Send(
      "POST /api/v1/match HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "2\r\n{}\r\n0\r\n\r\n");
  const RawResponse r = c.Read();
  EXPECT_EQ(r.status, 400) << r.body;  // an empty match request: a validation error, not a framing one
  EXPECT_NE(r.body.find("field"), std::string::npos) << r.body;
}

TEST_F(HttpServerTest, InvalidUtf8InTheUrlIsA400WithValidJson) {
  Client c(port());
  for (const char* target : {"/api/v1/%FF", "/api/v1/enterprises?q=%FF", "/api/v1/enterprises/%C3%28",
                             "/api/v1/enterprises?%FE=1", "/api/v1/nothing%00"}) {
    const RawResponse r = c.Get(target);
    EXPECT_EQ(r.status, 400) << target << ": " << r.body;
    EXPECT_EQ(FindInvalidUtf8(r.body), std::string_view::npos) << target;
    EXPECT_NO_THROW(boost::json::parse(r.body)) << target;
  }
}

TEST(HttpServer, BusyPortIsAClearError) {
  Api api{std::make_shared<Platform>(ReadDataset(testing::MiniDataset()))};
  ServerOptions options;
  options.port = 0;
  HttpServer first(api, options);
  options.port = first.port();
  try {
    HttpServer second(api, options);
    FAIL() << "bound twice";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
              std::string::npos);
  }
}

}  // namespace
}  // namespace chainscope

namespace chainscope {
namespace {

TEST(ClientBehindProxy, OnlyATrustedProxysLastHopIsBelieved) {
  const std::vector<std::string> proxies = {"127.0.0.1", "10.0.0.2"};
  EXPECT_EQ(ClientBehindProxy("127.0.0.1", "203.0.113.7", proxies), "203.0.113.7");
  // A client's own (forged) entries come first; the proxy appends the address it saw.
  EXPECT_EQ(ClientBehindProxy("10.0.0.2", "1.2.3.4, 198.51.100.9", proxies), "198.51.100.9");
  EXPECT_EQ(ClientBehindProxy("127.0.0.1", " 2001:db8::1 ", proxies), "2001:db8::1");
  // Not a proxy we trust, or not an address: the peer.
  EXPECT_EQ(ClientBehindProxy("192.0.2.50", "203.0.113.7", proxies), "192.0.2.50");
  EXPECT_EQ(ClientBehindProxy("127.0.0.1", "unknown", proxies), "127.0.0.1");
  EXPECT_EQ(ClientBehindProxy("127.0.0.1", "", proxies), "127.0.0.1");
  EXPECT_EQ(ClientBehindProxy("127.0.0.1", "203.0.113.7", {}), "127.0.0.1");
}

}  // namespace
}  // namespace chainscope

namespace chainscope {
namespace {

// ReadHttpRequest, the request reader the fuzzers drive (tests/fuzz/regressions/fuzz_http holds the inputs
// that found these): the same limits and checks as a connection, ending at the end of the bytes.
TEST(ReadHttpRequest, EndsOnEveryInputAndRefusesWhatAConnectionRefuses) {
  EXPECT_FALSE(ReadHttpRequest("", "10.0.0.1"));  // nothing came (it used to trip Beast's assertion)
  // A chunked body cut inside a chunk header: incomplete, not an endless loop.
  EXPECT_FALSE(ReadHttpRequest(
      "POST /api/v1/demands HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1f\r\n{\"a\":1",
      "10.0.0.1"));
  EXPECT_FALSE(ReadHttpRequest("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n", "10.0.0.1"));
  auto ok = ReadHttpRequest(
      "POST /api/v1/match HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 1.2.3.4, 5.6.7.8\r\nContent-Length: "
      "2\r\n\r\n{}",
      "10.0.0.1", {"10.0.0.1"});
  ASSERT_TRUE(ok && std::holds_alternative<HttpRequest>(*ok));
  const HttpRequest& request = std::get<HttpRequest>(*ok);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/api/v1/match");
  EXPECT_EQ(request.body, "{}");
  EXPECT_EQ(request.client, "5.6.7.8");
  auto refused = [](std::string_view bytes) {
    auto r = ReadHttpRequest(bytes, "10.0.0.1");
    return r && std::holds_alternative<HttpResponse>(*r) ? std::get<HttpResponse>(*r).status : 0;
  };
  EXPECT_EQ(refused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"), 501);
  EXPECT_EQ(refused("GET / HTTP/1.1\r\nX: " + std::string(kMaxHeaderBytes, 'a') + "\r\n\r\n"), 431);
  EXPECT_EQ(refused("POST / HTTP/1.1\r\nContent-Length: " + std::to_string(kMaxBodyBytes + 1) + "\r\n\r\n"),
            413);
  EXPECT_EQ(refused("NOT HTTP AT ALL\r\n\r\n"), 400);
}

}  // namespace
}  // namespace chainscope
