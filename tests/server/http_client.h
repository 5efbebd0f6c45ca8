// tests: a deliberately plain HTTP/1.1 client over a real socket, for tests through the real server. Its
// socket code is compiled once (http_client.cpp), so that test files do not each parse Boost.Asio.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace chainscope::testing {

struct RawResponse {
  int status = 0;
  std::string headers;
  std::string body;
  /// The value of a response header (case as the server writes it), or "".
  std::string Header(const std::string& name) const {
    const auto at = headers.find("\r\n" + name + ": ");
    if (at == std::string::npos) return "";
    const auto start = at + name.size() + 4;
    return headers.substr(start, headers.find("\r\n", start) - start);
  }
};

// A deliberately plain HTTP client: writes bytes, reads one response (Content-Length framed).
class Client {
 public:
  /// Connects to 127.0.0.1:port, from `source` (another loopback address stands for another client).
  explicit Client(std::uint16_t port, const std::string& source = "");
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  void Send(const std::string& bytes);
  /// Header lines sent with every Call and Get ("Authorization: Bearer …\r\n").
  std::string always;
  RawResponse Read();
  /// A request with a JSON body and extra header lines ("If-Match: …\r\n").
  RawResponse Call(const std::string& method, const std::string& target, const std::string& body = "",
                   const std::string& headers = "");
  RawResponse Get(const std::string& target, bool keep_alive = true);
  /// True when the connection is open and the server has sent nothing (a read would block).
  bool OpenAndSilent();
  /// True when the server has closed the connection (reads EOF).
  bool Closed();

 private:
  struct Socket;
  std::unique_ptr<Socket> socket_;
};

}  // namespace chainscope::testing
