// tests: a loopback SMTP receiver — enough of RFC 5321 for a client to deliver (220, EHLO/HELO, MAIL, RCPT,
// DATA, QUIT) — that keeps every message it is given, for tests of e-mail sent through a relay.
#pragma once

#include <atomic>
#include <boost/asio.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace chainscope::testing {

class SmtpReceiver {
 public:
  struct Message {
    std::string from, to, data;  // data: the headers and body as sent, dot-unstuffed
  };

  SmtpReceiver() : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] { Serve(); });
  }
  ~SmtpReceiver() {
    stopping_ = true;
    boost::system::error_code ec;
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket wake(io);  // unblocks the accept
    wake.connect({boost::asio::ip::make_address("127.0.0.1"), port()}, ec);
    thread_.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  std::vector<Message> messages() {
    std::lock_guard lock(mutex_);
    return messages_;
  }

 private:
  void Serve() {
    for (;;) {
      boost::system::error_code ec;
      boost::asio::ip::tcp::socket socket(io_);
      acceptor_.accept(socket, ec);
      if (ec || stopping_) return;
      Session(socket);
    }
  }
  void Session(boost::asio::ip::tcp::socket& socket) {
    boost::system::error_code ec;
    boost::asio::streambuf buffer;
    auto say = [&](const std::string& line) {
      boost::asio::write(socket, boost::asio::buffer(line + "\r\n"), ec);
    };
    auto line = [&]() -> std::string {
      boost::asio::read_until(socket, buffer, "\r\n", ec);
      if (ec) return "QUIT";
      std::istream in(&buffer);
      std::string l;
      std::getline(in, l);
      if (!l.empty() && l.back() == '\r') l.pop_back();
      return l;
    };
    Message m;
    say("220 receiver.test ESMTP");
    for (;;) {
      const std::string l = line();
      const std::string verb = l.substr(0, 4);
      if (verb == "EHLO" || verb == "HELO") {
        say("250 receiver.test");
      } else if (verb == "MAIL") {
        m = {};
        m.from = l.substr(l.find(':') + 1);
        say("250 OK");
      } else if (verb == "RCPT") {
        m.to = l.substr(l.find(':') + 1);
        say("250 OK");
      } else if (verb == "DATA") {
        say("354 go on");
        for (std::string d = line(); d != "." && !ec; d = line())
          m.data += (d.starts_with("..") ? d.substr(1) : d) + "\n";
        {
          std::lock_guard lock(mutex_);
          messages_.push_back(m);
        }
        say("250 OK");
      } else if (verb == "QUIT" || ec) {
        say("221 bye");
        return;
      } else {
        say("250 OK");
      }
    }
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<Message> messages_;
  std::thread thread_;
};

}  // namespace chainscope::testing
