// server: the HTTP/1.1 transport (Boost.Beast, C++20 coroutines). It only moves bytes between sockets and
// Api::Handle, and enforces the limits that keep slow or hostile clients from starving others.
// Beast is compiled in this one translation unit only.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace chainscope {

class Api;

inline constexpr std::size_t kMaxBodyBytes = 1 << 20;        // request body
inline constexpr std::uint32_t kMaxHeaderBytes = 16 * 1024;  // request line + headers
inline constexpr int kReadTimeoutSeconds = 15;  // to receive a whole request, and idle keep-alive; then close
inline constexpr int kWriteTimeoutSeconds = 30;
inline constexpr int kMaxConnections = 256;  // beyond: 503 and close

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 = any free port
  int threads = 2;
  int read_timeout_seconds = kReadTimeoutSeconds;
  int max_connections = kMaxConnections;
};

class HttpServer {
 public:
  /// Binds and listens at once (throws Error when the address is taken); serving starts with Start/Run.
  HttpServer(const Api& api, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// The bound port (useful with port 0).
  std::uint16_t port() const;
  /// Serves on background threads until Stop().
  void Start();
  /// Serves on this thread and options.threads − 1 more until SIGINT/SIGTERM or Stop().
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chainscope
