#include "server/http_client.h"

#include <boost/asio.hpp>

namespace chainscope::testing {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Client::Socket {
  net::io_context ioc;
  tcp::socket socket{ioc};
  net::streambuf buffer;
};

Client::Client(std::uint16_t port, const std::string& source) : socket_(std::make_unique<Socket>()) {
  if (!source.empty()) {
    socket_->socket.open(tcp::v4());
    socket_->socket.bind({net::ip::make_address(source), 0});
  }
  socket_->socket.connect({net::ip::make_address("127.0.0.1"), port});
}

Client::~Client() = default;

void Client::Send(const std::string& bytes) {
  net::write(socket_->socket, net::buffer(bytes));
}

RawResponse Client::Read() {
  net::streambuf& buffer = socket_->buffer;
  boost::system::error_code ec;
  const std::size_t header_end = net::read_until(socket_->socket, buffer, "\r\n\r\n", ec);
  if (ec) return {};
  std::string all(net::buffers_begin(buffer.data()), net::buffers_begin(buffer.data()) + header_end);
  buffer.consume(header_end);
  RawResponse r;
  r.headers = all;
  r.status = std::stoi(all.substr(9, 3));
  std::size_t length = 0;
  if (const auto at = all.find("Content-Length: "); at != std::string::npos)
    length = std::stoul(all.substr(at + 16));
  if (buffer.size() < length)
    net::read(socket_->socket, buffer, net::transfer_exactly(length - buffer.size()), ec);
  r.body.assign(net::buffers_begin(buffer.data()), net::buffers_begin(buffer.data()) + length);
  buffer.consume(length);
  return r;
}

RawResponse Client::Call(const std::string& method, const std::string& target, const std::string& body,
                         const std::string& headers) {
  Send(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n" + always + headers +
       (body.empty()
            ? ""
            : "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n") +
       "\r\n" + body);
  return Read();
}

RawResponse Client::Get(const std::string& target, bool keep_alive) {
  Send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + always +
       (keep_alive ? "" : "Connection: close\r\n") + "\r\n");
  return Read();
}

bool Client::OpenAndSilent() {
  boost::system::error_code ec;
  socket_->socket.non_blocking(true);
  char c;
  socket_->socket.read_some(net::buffer(&c, 1), ec);
  socket_->socket.non_blocking(false);
  return ec == net::error::would_block;
}

bool Client::Closed() {
  boost::system::error_code ec;
  char c;
  socket_->socket.read_some(net::buffer(&c, 1), ec);
  return ec == net::error::eof || ec == net::error::connection_reset;
}

}  // namespace chainscope::testing
