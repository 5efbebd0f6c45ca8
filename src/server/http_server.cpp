#include "server/http_server.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <variant>
#include <vector>

#include "core/model.h"
#include "server/api.h"
#include "service/log.h"

namespace chainscope {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);

namespace {

/// The connection bound from the file-descriptor limit, after raising the soft limit to the hard one.
int ConnectionsFromFdLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024 - kReservedFileDescriptors;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  const auto usable =
      static_cast<long long>(std::min<rlim_t>(limit.rlim_cur, 1 << 20)) - kReservedFileDescriptors;
  return static_cast<int>(std::max(16LL, usable));
}

double MillisecondsSince(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

HttpResponse Refusal(ErrorCode code, std::string_view message) {
  HttpResponse r = ErrorResponse(code, message);
  if (code == ErrorCode::kOverloaded || code == ErrorCode::kTooManyRequests)
    r.headers.emplace_back("Retry-After", std::to_string(kRetryAfterSeconds));
  return r;
}

/// A parser with the server's limits on the request line, headers and body.
std::unique_ptr<http::request_parser<http::string_body>> NewParser() {
  auto parser = std::make_unique<http::request_parser<http::string_body>>();
  parser->header_limit(kMaxHeaderBytes);
  parser->body_limit(kMaxBodyBytes);
  return parser;
}

/// The answer to a request that could not be read (over a limit, or not HTTP).
HttpResponse ReadFailure(const beast::error_code& ec, std::size_t body_limit = kMaxBodyBytes) {
  return ec == http::error::body_limit
             ? Refusal(ErrorCode::kPayloadTooLarge, fmt::format("request body over {} bytes", body_limit))
         : ec == http::error::header_limit
             ? Refusal(ErrorCode::kHeadersTooLarge,
                       fmt::format("request headers over {} bytes", kMaxHeaderBytes))
             : Refusal(ErrorCode::kBadRequest, fmt::format("malformed HTTP request: {}", ec.message()));
}

/// The request the Api handles, from a parsed one that arrived from `peer`; or the refusal the server
/// answers before closing the connection.
std::variant<HttpRequest, HttpResponse> FromBeast(http::request<http::string_body>& req,
                                                  const std::string& peer,
                                                  const std::vector<std::string>& trusted_proxies) {
  HttpRequest request{
      std::string(req.method_string()), std::string(req.target()), std::move(req.body()), {}, peer};
  for (const auto& field : req) request.headers.emplace_back(field.name_string(), field.value());
  if (const std::string* forwarded = request.Header("X-Forwarded-For"))
    request.client = ClientBehindProxy(peer, *forwarded, trusted_proxies);
  // Only "chunked" is a transfer coding we decode; anything else ("xchunked", "chunked, identity", "gzip")
  // would leave the body's end to guesswork, and a proxy in front may frame it differently (request
  // smuggling). Refuse and close.
  if (const auto te = req.find(http::field::transfer_encoding); te != req.end()) {
    if (!beast::iequals(te->value(), "chunked") || !req.chunked())
      return Refusal(ErrorCode::kNotImplemented, "unsupported Transfer-Encoding (only chunked is accepted)");
  }
  return request;
}

}  // namespace

std::optional<std::variant<HttpRequest, HttpResponse>> ReadHttpRequest(
    std::string_view bytes, const std::string& peer, const std::vector<std::string>& trusted_proxies) {
  auto parser = NewParser();
  beast::error_code ec;
  while (!parser->is_done()) {
    const std::size_t used = parser->put(net::buffer(bytes.data(), bytes.size()), ec);
    bytes.remove_prefix(used);
    if (ec == http::error::need_more && used > 0 && !bytes.empty()) continue;  // progress: offer the rest
    if (ec == http::error::need_more) {
      if (!parser->got_some()) return std::nullopt;  // nothing came: the connection just closed
      // At the end of the bytes, as at the end of a stream: a body that runs to the end is complete.
      parser->put_eof(ec);
      if (ec) return std::nullopt;
      break;
    }
    if (ec) return ReadFailure(ec);
    if (used == 0 && !parser->is_done()) return std::nullopt;
  }
  return FromBeast(parser->get(), peer, trusted_proxies);
}

struct HttpServer::Impl {
  /// One connection. Everything a session does runs on its strand, so Stop can look at `busy` and cancel
  /// an idle read without racing the session's own coroutine.
  struct Session {
    explicit Session(tcp::socket s, std::string c) : stream(std::move(s)), client(std::move(c)) {}
    beast::tcp_stream stream;
    std::string client;
    bool busy = false;  // between a request's arrival and its response's last byte
  };

  const Api& api;
  const std::size_t largest_body = api.BodyLimit(std::nullopt, kMaxBodyBytes);  // of every route
  ServerOptions options;
  int max_connections = 0;
  net::io_context ioc;
  net::strand<net::io_context::executor_type> accept_strand{net::make_strand(ioc)};
  tcp::acceptor acceptor{accept_strand};
  net::thread_pool compute;
  std::atomic<int> queued{0};
  std::mutex mutex;  // guards sessions, per_client, active
  std::set<std::shared_ptr<Session>> sessions;
  std::map<std::string, int> per_client;
  int active = 0;
  std::atomic<bool> stopping{false};
  std::optional<net::steady_timer> stop_deadline;
  std::vector<std::thread> threads;
  std::optional<net::signal_set> signals;

  Impl(const Api& a, ServerOptions o)
      : api(a),
        options(std::move(o)),
        compute(static_cast<std::size_t>(options.compute_threads > 0
                                             ? options.compute_threads
                                             : std::max(1u, std::thread::hardware_concurrency()))) {
    max_connections = options.max_connections > 0 ? options.max_connections : ConnectionsFromFdLimit();
  }

  static http::response<http::string_body> ToBeast(const HttpResponse& r, unsigned version, bool keep_alive) {
    http::response<http::string_body> res{static_cast<http::status>(r.status), version};
    res.set(http::field::server, "chainscope");
    if (!r.content_type.empty()) res.set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) res.set(name, value);
    res.keep_alive(keep_alive);
    res.body() = r.body;
    res.prepare_payload();
    return res;
  }

  void Log(const Session& s, std::string_view method, std::string_view target, const HttpResponse& r,
           Clock::time_point started, const std::string* client = nullptr) {
    if (!options.access_log) return;
    const std::string* id = r.Header("X-Request-Id");
    LogAccess({id ? *id : "", client ? *client : s.client, std::string(method), std::string(target),
               r.principal, r.status, r.body.size(), MillisecondsSince(started)});
  }

  net::awaitable<void> WriteAndClose(beast::tcp_stream& stream, const HttpResponse& r) {
    auto res = ToBeast(r, 11, false);
    stream.expires_after(std::chrono::seconds(kWriteTimeoutSeconds));
    co_await http::async_write(stream, res, kTuple);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  /// Runs a heavy request on the compute pool and resumes on the session's strand with its answer; 503
  /// when the queue is full or the request waited past its budget.
  net::awaitable<HttpResponse> OnComputePool(PreparedRequest& prepared) {
    if (queued.fetch_add(1) >= kMaxQueuedHeavyRequests) {
      --queued;
      co_return Refusal(ErrorCode::kOverloaded, "the server is busy; retry shortly");
    }
    const auto enqueued = Clock::now();
    // The initiation is a named local, and captures only a pointer to the request (which lives in the
    // caller's frame until the answer is back): GCC 12 mis-copies lambda captures made inside a co_await
    // expression.
    PreparedRequest* req = &prepared;
    auto initiation = [this, enqueued, req](auto handler) {
      net::post(compute, [this, enqueued, req, handler = std::move(handler)]() mutable {
        --queued;
        HttpResponse r =
            Clock::now() - enqueued > std::chrono::seconds(options.queue_budget_seconds)
                ? Refusal(ErrorCode::kOverloaded, "the request waited too long for a compute thread; retry")
                : api.Finish(*req);
        auto executor = net::get_associated_executor(handler);
        net::post(executor, [handler = std::move(handler), r = std::move(r)]() mutable {
          std::move(handler)(std::move(r));
        });
      });
    };
    HttpResponse response = co_await net::async_initiate<decltype(net::use_awaitable), void(HttpResponse)>(
        initiation, net::use_awaitable);
    co_return response;
  }

  net::awaitable<void> Serve(std::shared_ptr<Session> session) {
    beast::tcp_stream& stream = session->stream;
    beast::flat_buffer buffer;
    while (!stopping) {
      auto parser = NewParser();
      // Beast checks a Content-Length against the limit as the header completes: the largest any route
      // takes, then the route's own once its target is known.
      std::size_t body_limit = largest_body;
      parser->body_limit(largest_body);
      stream.expires_after(std::chrono::seconds(options.read_timeout_seconds));
      session->busy = false;
      // The header first: an upload route takes a larger body than the rest (Route::max_body_bytes).
      auto [ec, bytes] = co_await http::async_read_header(stream, buffer, *parser, kTuple);
      if (!ec) {
        const auto& header = parser->get();
        body_limit = api.BodyLimit(std::string_view(header.method_string()),
                                   std::string_view(header.target()), kMaxBodyBytes);
        parser->body_limit(body_limit);
        if (const auto length = parser->content_length(); length && *length > body_limit)
          ec = http::error::body_limit;
        else if (!parser->is_done())
          std::tie(ec, bytes) = co_await http::async_read(stream, buffer, *parser, kTuple);
      }
      (void)bytes;
      session->busy = true;
      const auto started = Clock::now();
      // End of stream, reset, a timeout (beast::tcp_stream has closed the socket) or a cancel by Stop:
      // nothing to answer.
      if (ec == http::error::end_of_stream || ec == net::error::connection_reset || ec == net::error::eof ||
          ec == beast::error::timeout || ec == net::error::operation_aborted)
        break;
      if (ec) {
        const HttpResponse r = ReadFailure(ec, body_limit);
        Log(*session, "-", "-", r, started);
        co_await WriteAndClose(stream, r);
        break;
      }
      http::request<http::string_body>& req = parser->get();
      std::variant<HttpRequest, HttpResponse> read = FromBeast(req, session->client, options.trusted_proxies);
      if (const HttpResponse* refusal = std::get_if<HttpResponse>(&read)) {
        Log(*session, std::string(req.method_string()), std::string(req.target()), *refusal, started);
        co_await WriteAndClose(stream, *refusal);
        break;
      }
      HttpRequest& request = std::get<HttpRequest>(read);
      HttpResponse response;
      PreparedRequest prepared = api.Prepare(request);
      if (prepared.cost() == Cost::kHeavy)
        response = co_await OnComputePool(prepared);
      else
        response = api.Finish(prepared);
      const bool keep_alive = req.keep_alive() && !stopping;
      auto res = ToBeast(response, req.version(), keep_alive);
      if (req.method() == http::verb::head) res.body().clear();
      stream.expires_after(std::chrono::seconds(kWriteTimeoutSeconds));
      auto [wec, written] = co_await http::async_write(stream, res, kTuple);
      (void)written;
      Log(*session, request.method, request.target, response, started, &request.client);
      if (wec || !keep_alive) break;
    }
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  net::awaitable<void> Refuse(std::shared_ptr<Session> session, HttpResponse response) {
    Log(*session, "-", "-", response, Clock::now());
    co_await WriteAndClose(session->stream, response);
  }

  void Finished(const std::shared_ptr<Session>& session) {
    std::lock_guard lock(mutex);
    sessions.erase(session);
    if (--per_client[session->client] == 0) per_client.erase(session->client);
    --active;
    if (stopping && active == 0) ioc.stop();
  }

  net::awaitable<void> Accept() {
    while (acceptor.is_open()) {
      auto strand = net::make_strand(ioc);
      auto [ec, socket] = co_await acceptor.async_accept(strand, kTuple);
      if (ec) {
        if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
        if (ec == net::error::no_descriptors) {  // out of file descriptors: let connections finish
          net::steady_timer pause(accept_strand, std::chrono::milliseconds(50));
          co_await pause.async_wait(kTuple);
        }
        continue;
      }
      beast::error_code peer_ec;
      const auto peer = socket.remote_endpoint(peer_ec);
      if (peer_ec) continue;
      std::string client = peer.address().to_string();
      auto session = std::make_shared<Session>(std::move(socket), client);
      std::optional<HttpResponse> refusal;
      {
        std::lock_guard lock(mutex);
        if (active >= max_connections)
          refusal = Refusal(ErrorCode::kOverloaded, "the server is at its connection limit; retry shortly");
        else if (per_client[client] >= options.max_connections_per_client)
          refusal =
              Refusal(ErrorCode::kTooManyRequests, fmt::format("too many connections from {} (at most {})",
                                                               client, options.max_connections_per_client));
        else {
          ++active;
          ++per_client[client];
          sessions.insert(session);
        }
        if (refusal && per_client[client] == 0) per_client.erase(client);
      }
      if (refusal) {
        net::co_spawn(strand, Refuse(session, std::move(*refusal)), net::detached);
        continue;
      }
      net::co_spawn(strand, Serve(session), [this, session](std::exception_ptr) { Finished(session); });
    }
  }

  /// Stops accepting, cancels idle reads, and lets busy sessions finish; the io_context stops when the
  /// last session ends or the deadline passes. Non-blocking; any thread.
  void BeginStop() {
    if (stopping.exchange(true)) return;
    net::post(accept_strand, [this] {
      beast::error_code ec;
      acceptor.close(ec);
      stop_deadline.emplace(ioc, std::chrono::seconds(options.stop_deadline_seconds));
      stop_deadline->async_wait([this](const beast::error_code& e) {
        if (!e) {
          LogEvent(LogLevel::kWarn, "stop deadline passed with requests in flight");
          ioc.stop();
        }
      });
    });
    std::lock_guard lock(mutex);
    for (const auto& s : sessions)
      net::post(s->stream.get_executor(), [s] {
        if (!s->busy) s->stream.cancel();
      });
    if (active == 0) ioc.stop();
  }
};

HttpServer::HttpServer(const Api& api, ServerOptions options)
    : impl_(std::make_unique<Impl>(api, std::move(options))) {
  try {
    const tcp::endpoint endpoint(net::ip::make_address(impl_->options.host), impl_->options.port);
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.set_option(net::socket_base::reuse_address(true));
    impl_->acceptor.bind(endpoint);
    impl_->acceptor.listen(net::socket_base::max_listen_connections);
  } catch (const std::exception& e) {
    throw Error(
        fmt::format("cannot listen on {}:{}: {}", impl_->options.host, impl_->options.port, e.what()));
  }
  net::co_spawn(impl_->accept_strand, impl_->Accept(), net::detached);
}

HttpServer::~HttpServer() {
  Stop();
  impl_->compute.join();
}

std::uint16_t HttpServer::port() const {
  return impl_->acceptor.local_endpoint().port();
}

int HttpServer::max_connections() const {
  return impl_->max_connections;
}

void HttpServer::Start() {
  for (int i = 0; i < std::max(1, impl_->options.threads); ++i)
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

void HttpServer::Run() {
  impl_->signals.emplace(impl_->ioc, SIGINT, SIGTERM);
  impl_->signals->async_wait([this](const beast::error_code& ec, int signal) {
    if (ec) return;
    LogEvent(LogLevel::kInfo,
             fmt::format("signal {}: finishing in-flight requests (at most {} s), then stopping", signal,
                         impl_->options.stop_deadline_seconds));
    impl_->BeginStop();
  });
  for (int i = 1; i < impl_->options.threads; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  Stop();
}

void HttpServer::Stop() {
  if (impl_->threads.empty()) {  // nothing runs the io_context: nothing can be in flight
    impl_->stopping = true;
    impl_->ioc.stop();
    return;
  }
  impl_->BeginStop();
  for (auto& t : impl_->threads)
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  impl_->threads.clear();
}

std::string ClientBehindProxy(const std::string& peer, std::string_view x_forwarded_for,
                              const std::vector<std::string>& trusted_proxies) {
  if (std::find(trusted_proxies.begin(), trusted_proxies.end(), peer) == trusted_proxies.end()) return peer;
  std::string_view last = x_forwarded_for.substr(x_forwarded_for.rfind(',') + 1);  // npos + 1 = 0: all of it
  while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
  while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.remove_suffix(1);
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(last), ec);
  return ec ? peer : address.to_string();
}

}  // namespace chainscope
