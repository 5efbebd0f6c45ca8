// tests: a deliberately plain HTTP/1.1 client over a real socket, for tests through the real server.
#pragma once

#include <boost/asio.hpp>
#include <string>

namespace chainscope::testing {

namespace net = boost::asio;
using tcp = net::ip::tcp;

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
  explicit Client(std::uint16_t port, const std::string& source = "") : socket_(ioc_) {
    if (!source.empty()) {
      socket_.open(tcp::v4());
      socket_.bind({net::ip::make_address(source), 0});
    }
    socket_.connect({net::ip::make_address("127.0.0.1"), port});
  }
  void Send(const std::string& bytes) { net::write(socket_, net::buffer(bytes)); }
  /// Header lines sent with every Call and Get ("Authorization: Bearer …\r\n").
  std::string always;
  RawResponse Read() {
    boost::system::error_code ec;
    const std::size_t header_end = net::read_until(socket_, buffer_, "\r\n\r\n", ec);
    if (ec) return {};
    std::string all(net::buffers_begin(buffer_.data()), net::buffers_begin(buffer_.data()) + header_end);
    buffer_.consume(header_end);
    RawResponse r;
    r.headers = all;
    r.status = std::stoi(all.substr(9, 3));
    std::size_t length = 0;
    if (const auto at = all.find("Content-Length: "); at != std::string::npos)
      length = std::stoul(all.substr(at + 16));
    if (buffer_.size() < length)
      net::read(socket_, buffer_, net::transfer_exactly(length - buffer_.size()), ec);
    r.body.assign(net::buffers_begin(buffer_.data()), net::buffers_begin(buffer_.data()) + length);
    buffer_.consume(length);
    return r;
  }
  /// A request with a JSON body and extra header lines ("If-Match: …\r\n").
  RawResponse Call(const std::string& method, const std::string& target, const std::string& body = "",
                   const std::string& headers = "") {
    Send(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n" + always + headers +
         (body.empty()
              ? ""
              : "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n") +
         "\r\n" + body);
    return Read();
  }
  RawResponse Get(const std::string& target, bool keep_alive = true) {
    Send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + always +
         (keep_alive ? "" : "Connection: close\r\n") + "\r\n");
    return Read();
  }
  /// True when the connection is open and the server has sent nothing (a read would block).
  bool OpenAndSilent() {
    boost::system::error_code ec;
    socket_.non_blocking(true);
    char c;
    socket_.read_some(net::buffer(&c, 1), ec);
    socket_.non_blocking(false);
    return ec == net::error::would_block;
  }
  /// True when the server has closed the connection (reads EOF).
  bool Closed() {
    boost::system::error_code ec;
    char c;
    socket_.read_some(net::buffer(&c, 1), ec);
    return ec == net::error::eof || ec == net::error::connection_reset;
  }

 private:
  net::io_context ioc_;
  tcp::socket socket_;
  net::streambuf buffer_;
};

}  // namespace chainscope::testing
