#include "server/http_server.h"

#include <fmt/format.h>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>
#include <vector>

#include "core/model.h"
#include "server/api.h"

namespace chainscope {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);

struct HttpServer::Impl {
  const Api& api;
  ServerOptions options;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::atomic<int> active{0};
  std::vector<std::thread> threads;
  std::optional<net::signal_set> signals;

  Impl(const Api& a, ServerOptions o) : api(a), options(std::move(o)) {}

  static http::response<http::string_body> ToBeast(const HttpResponse& r, unsigned version, bool keep_alive) {
    http::response<http::string_body> res{static_cast<http::status>(r.status), version};
    res.set(http::field::server, "chainscope");
    res.set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) res.set(name, value);
    res.keep_alive(keep_alive);
    res.body() = r.body;
    res.prepare_payload();
    return res;
  }

  net::awaitable<void> WriteAndClose(beast::tcp_stream& stream, const HttpResponse& r) {
    auto res = ToBeast(r, 11, false);
    stream.expires_after(std::chrono::seconds(kWriteTimeoutSeconds));
    co_await http::async_write(stream, res, kTuple);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  net::awaitable<void> Session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    while (true) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(kMaxHeaderBytes);
      parser.body_limit(kMaxBodyBytes);
      stream.expires_after(std::chrono::seconds(options.read_timeout_seconds));
      auto [ec, bytes] = co_await http::async_read(stream, buffer, parser, kTuple);
      (void)bytes;
      if (ec == http::error::end_of_stream || ec == net::error::connection_reset || ec == net::error::eof)
        break;
      // A timeout (idle keep-alive or a request not received in time) has already closed the socket:
      // beast::tcp_stream closes on expiry, so there is nothing to answer.
      if (ec == beast::error::timeout) break;
      if (ec == http::error::body_limit) {
        co_await WriteAndClose(stream,
                               ErrorResponse(413, "payload_too_large",
                                             fmt::format("request body over {} bytes", kMaxBodyBytes)));
        break;
      }
      if (ec == http::error::header_limit) {
        co_await WriteAndClose(stream,
                               ErrorResponse(431, "headers_too_large",
                                             fmt::format("request headers over {} bytes", kMaxHeaderBytes)));
        break;
      }
      if (ec) {
        co_await WriteAndClose(
            stream,
            ErrorResponse(400, "bad_request", fmt::format("malformed HTTP request: {}", ec.message())));
        break;
      }
      http::request<http::string_body> req = parser.release();
      // Only "chunked" is a transfer coding we decode; anything else ("xchunked", "chunked, identity",
      // "gzip") would leave the body's end to guesswork, and a proxy in front may frame it differently
      // (request smuggling). Refuse and close.
      if (const auto te = req.find(http::field::transfer_encoding); te != req.end()) {
        if (!beast::iequals(te->value(), "chunked") || !req.chunked()) {
          co_await WriteAndClose(stream,
                                 ErrorResponse(501, "not_implemented",
                                               "unsupported Transfer-Encoding (only chunked is accepted)"));
          break;
        }
      }
      HttpRequest request{std::string(req.method_string()), std::string(req.target()), std::move(req.body())};
      HttpResponse response = api.Handle(request);
      const bool keep_alive = req.keep_alive();
      auto res = ToBeast(response, req.version(), keep_alive);
      if (req.method() == http::verb::head) res.body().clear();
      stream.expires_after(std::chrono::seconds(kWriteTimeoutSeconds));
      auto [wec, written] = co_await http::async_write(stream, res, kTuple);
      (void)written;
      if (wec || !keep_alive) break;
    }
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  net::awaitable<void> Accept() {
    while (acceptor.is_open()) {
      auto [ec, socket] = co_await acceptor.async_accept(kTuple);
      if (ec) {
        if (ec == net::error::operation_aborted) co_return;
        continue;
      }
      if (active.load() >= options.max_connections) {
        net::co_spawn(
            ioc,
            [this, s = std::move(socket)]() mutable -> net::awaitable<void> {
              beast::tcp_stream stream(std::move(s));
              co_await WriteAndClose(stream,
                                     ErrorResponse(503, "too_many_connections",
                                                   "the server is at its connection limit; retry shortly"));
            },
            net::detached);
        continue;
      }
      ++active;
      net::co_spawn(ioc, Session(std::move(socket)), [this](std::exception_ptr) { --active; });
    }
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
  net::co_spawn(impl_->ioc, impl_->Accept(), net::detached);
}

HttpServer::~HttpServer() {
  Stop();
}

std::uint16_t HttpServer::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void HttpServer::Start() {
  for (int i = 0; i < std::max(1, impl_->options.threads); ++i)
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

void HttpServer::Run() {
  impl_->signals.emplace(impl_->ioc, SIGINT, SIGTERM);
  impl_->signals->async_wait([this](const beast::error_code&, int) { impl_->ioc.stop(); });
  for (int i = 1; i < impl_->options.threads; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  Stop();
}

void HttpServer::Stop() {
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  impl_->threads.clear();
}

}  // namespace chainscope
