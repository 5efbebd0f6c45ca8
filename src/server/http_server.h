// server: the HTTP/1.1 transport (Boost.Beast, C++20 coroutines). It moves bytes between sockets and the
// API pipeline and enforces the limits that keep slow or hostile clients from starving others: I/O threads
// only parse and write; heavy routes run on a bounded compute pool with a queue-time budget; connections
// are bounded in total (from the process's file-descriptor limit) and per client address; a request must
// arrive within the read timeout. Beast is compiled in this one translation unit only.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "server/http.h"

namespace chainscope {

class Api;

inline constexpr std::size_t kMaxBodyBytes = 1 << 20;        // request body
inline constexpr std::uint32_t kMaxHeaderBytes = 16 * 1024;  // request line + headers
inline constexpr int kReadTimeoutSeconds = 10;  // to receive a whole request, and idle keep-alive; then close
inline constexpr int kWriteTimeoutSeconds = 30;
inline constexpr int kMaxConnectionsPerClient = 128;  // from one address; beyond: 429 and close
inline constexpr int kReservedFileDescriptors = 64;   // kept for the store, logs and jobs
inline constexpr int kMaxQueuedHeavyRequests = 256;   // waiting for the compute pool; beyond: 503
inline constexpr int kQueueBudgetSeconds = 10;        // a heavy request not started by then: 503
inline constexpr int kRetryAfterSeconds = 2;          // what a 503 tells the client to wait
inline constexpr int kStopDeadlineSeconds = 10;       // in-flight requests get this long on SIGTERM

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 = any free port
  int threads = 2;            // I/O threads
  int compute_threads = 0;    // 0: the machine's cores
  int read_timeout_seconds = kReadTimeoutSeconds;
  int max_connections = 0;  // 0: from the file-descriptor limit (raised to its hard limit)
  int max_connections_per_client = kMaxConnectionsPerClient;
  int queue_budget_seconds = kQueueBudgetSeconds;
  int stop_deadline_seconds = kStopDeadlineSeconds;
  bool access_log = true;
  /// Reverse proxies (their addresses) whose X-Forwarded-For is believed: a request from one of them is the
  /// client's named last in that header (what the proxy saw). From any other peer the header is ignored,
  /// so a client cannot pick its own address for the limits and the audit trail.
  std::vector<std::string> trusted_proxies = {};
};

/// The client's address: the last address of `x_forwarded_for` when `peer` is one of `trusted_proxies` and
/// that entry is an IP address; `peer` otherwise.
std::string ClientBehindProxy(const std::string& peer, std::string_view x_forwarded_for,
                              const std::vector<std::string>& trusted_proxies);

/// Reads one HTTP/1.1 request from `bytes` as a connection from `peer` does (the same limits and checks; the
/// end of the bytes is the end of the stream): the request for the Api, or the refusal the server answers
/// before closing the connection; nullopt when the bytes end before the request does. The fuzzers' door.
std::optional<std::variant<HttpRequest, HttpResponse>> ReadHttpRequest(
    std::string_view bytes, const std::string& peer, const std::vector<std::string>& trusted_proxies = {});

class HttpServer {
 public:
  /// Binds and listens at once (throws Error when the address is taken); serving starts with Start/Run.
  HttpServer(const Api& api, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// The bound port (useful with port 0).
  std::uint16_t port() const;
  /// The connection bound in force (options.max_connections, or the one derived from the fd limit).
  int max_connections() const;
  /// Serves on background threads until Stop().
  void Start();
  /// Serves on this thread and options.threads − 1 more until SIGINT/SIGTERM or Stop(), then stops
  /// gracefully.
  void Run();
  /// Graceful: stops accepting, closes idle connections, lets in-flight requests finish (up to the stop
  /// deadline), then ends the threads.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chainscope
