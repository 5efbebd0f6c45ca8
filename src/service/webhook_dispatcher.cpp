#include "service/webhook_dispatcher.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast.hpp>
#include <boost/beast/ssl.hpp>

#include "core/audit.h"
#include "service/log.h"

namespace chainscope {
namespace {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

struct Outcome {
  int status = 0;  // the HTTP status; 0 when there was no answer
  std::string error;
};

http::request<http::string_body> RequestOf(const WebhookTarget& t, const std::string& body,
                                           const std::vector<std::pair<std::string, std::string>>& headers) {
  http::request<http::string_body> req{http::verb::post, t.path, 11};
  const bool default_port = t.port == (t.https ? "443" : "80");
  req.set(http::field::host, default_port ? t.host : t.host + ":" + t.port);
  req.set(http::field::user_agent, "chainscope-webhooks/1");
  req.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  return req;
}

template <class Stream>
net::awaitable<int> Exchange(Stream& stream, http::request<http::string_body>& req) {
  co_await http::async_write(stream, req, net::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024);  // the answer's body is not used; a receiver may say why it refused
  co_await http::async_read(stream, buffer, parser, net::use_awaitable);
  co_return static_cast<int>(parser.get().result_int());
}

/// One POST to one of `endpoints` (already checked), within `timeout`.
Outcome Post(const WebhookTarget& t, const tcp::resolver::results_type& endpoints,
             http::request<http::string_body> req, std::chrono::milliseconds timeout) {
  // Declared before the io_context, so that a coroutine still pending at the timeout (destroyed with the
  // io_context) never outlives what it refers to.
  Outcome out;
  bool done = false;
  auto finish = [&](std::exception_ptr e, int status) {
    done = true;
    if (!e) {
      out.status = status;
      return;
    }
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& x) {
      out.error = x.what();
    }
  };
  ssl::context tls(ssl::context::tls_client);
  net::io_context io;
  if (t.https) {
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);
    auto stream = std::make_shared<beast::ssl_stream<beast::tcp_stream>>(io, tls);
    if (!SSL_set_tlsext_host_name(stream->native_handle(), t.host.c_str()))
      return {0, "cannot set the TLS server name"};
    stream->set_verify_callback(ssl::host_name_verification(t.host));
    net::co_spawn(
        io,
        [&, stream]() -> net::awaitable<int> {
          co_await beast::get_lowest_layer(*stream).async_connect(endpoints, net::use_awaitable);
          co_await stream->async_handshake(ssl::stream_base::client, net::use_awaitable);
          co_return co_await Exchange(*stream, req);
        },
        finish);
  } else {
    auto stream = std::make_shared<beast::tcp_stream>(io);
    net::co_spawn(
        io,
        [&, stream]() -> net::awaitable<int> {
          co_await stream->async_connect(endpoints, net::use_awaitable);
          co_return co_await Exchange(*stream, req);
        },
        finish);
  }
  io.run_for(timeout);
  if (!done) return {0, fmt::format("no answer within {} ms", timeout.count())};
  return out;
}

}  // namespace

WebhookDispatcher::WebhookDispatcher(OutboxStore& store, SealingKey key, WebhookDispatchOptions options,
                                     bool start)
    : store_(store), key_(std::move(key)), options_(std::move(options)) {
  if (!start) return;
  thread_ = std::jthread([this](std::stop_token stop) {
    while (!stop.stop_requested()) {
      try {
        RunOnce();
      } catch (const std::exception& e) {
        LogEvent(LogLevel::kError, fmt::format("webhooks: {}", e.what()));
      }
      const auto until = std::chrono::steady_clock::now() + options_.poll;
      while (!stop.stop_requested() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::min(options_.poll, std::chrono::milliseconds(50)));
    }
  });
}

WebhookDispatcher::~WebhookDispatcher() = default;

std::size_t WebhookDispatcher::RunOnce() {
  const auto now = std::chrono::system_clock::now();
  const std::vector<WebhookDelivery> due =
      store_.ClaimDueDeliveries(UtcMillis(now), UtcMillis(now + options_.lease), options_.batch);
  for (const WebhookDelivery& d : due) Attempt(d);
  return due.size();
}

void WebhookDispatcher::Attempt(WebhookDelivery d) {
  Outcome outcome;
  const std::optional<Webhook> hook = store_.WebhookById(d.webhook);
  const std::optional<Notification> notice = store_.NotificationById(d.notification);
  ++d.attempts;
  if (!hook || !hook->active || !notice) {
    d.status = WebhookDelivery::Status::kFailed;
    d.last_error = "the webhook was removed";
    store_.RecordDeliveryAttempt(d);
    return;
  }
  try {
    const WebhookTarget target = ParseWebhookUrl(hook->url);
    net::io_context io;
    tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(target.host, target.port);
    for (const auto& e : endpoints)
      if (!options_.policy.allow_private && IsPrivateAddress(e.endpoint().address().to_string()))
        throw Error(fmt::format("refused: {} resolves to the private address {}", target.host,
                                e.endpoint().address().to_string()));
    const std::string msg_id = fmt::format("msg_{}", notice->id);
    const std::int64_t timestamp =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    const std::string body =
        fmt::format(R"({{"type":{},"timestamp":{},"data":{}}})", JsonQuote(notice->event),
                    JsonQuote(notice->created_at), notice->payload);
    const std::string secret = key_.Open(hook->sealed_secret);
    outcome = Post(target, endpoints,
                   RequestOf(target, body,
                             {{"webhook-id", msg_id},
                              {"webhook-timestamp", std::to_string(timestamp)},
                              {"webhook-signature", WebhookSignature(secret, msg_id, timestamp, body)}}),
                   options_.timeout);
  } catch (const std::exception& e) {
    outcome.error = e.what();
  }
  d.last_http_status = outcome.status;
  if (outcome.status >= 200 && outcome.status < 300) {
    d.status = WebhookDelivery::Status::kDelivered;
    d.delivered_at = UtcMillis();
    d.last_error.clear();
  } else {
    d.last_error =
        outcome.error.empty() ? fmt::format("the receiver answered {}", outcome.status) : outcome.error;
    if (static_cast<std::size_t>(d.attempts) > options_.backoff.size()) {
      d.status = WebhookDelivery::Status::kFailed;
    } else {
      d.next_attempt_at = UtcMillis(std::chrono::system_clock::now() +
                                    options_.backoff[static_cast<std::size_t>(d.attempts) - 1]);
    }
  }
  store_.RecordDeliveryAttempt(d);
}

}  // namespace chainscope
