#include "smtp_sink.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "core/text.h"

namespace plenary::mail {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

// Reads one line without its CRLF; false at the end of the connection.
bool ReadLine(tcp::socket& socket, asio::streambuf& buffer, std::string& line) {
  error_code ec;
  size_t n = asio::read_until(socket, buffer, "\r\n", ec);
  if (ec) {
    return false;
  }
  auto begin = asio::buffers_begin(buffer.data());
  line.assign(begin, begin + static_cast<std::ptrdiff_t>(n) - 2);
  buffer.consume(n);
  return true;
}

bool Write(tcp::socket& socket, std::string_view text) {
  error_code ec;
  asio::write(socket, asio::buffer(text.data(), text.size()), ec);
  return !ec;
}

// The argument after "VERB:" or "VERB ", e.g. "<a@b.org> SIZE=12" for "MAIL FROM:<a@b.org> ...".
std::string ArgumentAfter(std::string_view line, size_t prefix) {
  return std::string(Trim(line.substr(std::min(prefix, line.size()))));
}

}  // namespace

SmtpSink::SmtpSink() : acceptor_(io_) {
  error_code ec;
  tcp::endpoint endpoint(asio::ip::address_v4::loopback(), 0);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) {
    acceptor_.bind(endpoint, ec);
  }
  if (!ec) {
    acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return;  // listening() stays false
  }
  port_ = acceptor_.local_endpoint(ec).port();
  thread_ = std::thread([this] { Accept(); });
}

SmtpSink::~SmtpSink() {
  stopping_ = true;
  if (thread_.joinable()) {
    // Wake the blocking accept with a connection of our own.
    error_code ec;
    tcp::socket wake(io_);
    wake.connect(tcp::endpoint(asio::ip::address_v4::loopback(), port_), ec);
    thread_.join();
  }
}

std::vector<ReceivedMail> SmtpSink::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

void SmtpSink::Accept() {
  while (!stopping_) {
    error_code ec;
    tcp::socket socket(io_);
    acceptor_.accept(socket, ec);
    if (ec || stopping_) {
      continue;
    }
    Serve(socket);
  }
}

void SmtpSink::Serve(tcp::socket& socket) {
  asio::streambuf buffer;
  std::string line;
  ReceivedMail mail;
  if (!Write(socket, "220 sink.test ESMTP ready\r\n")) {
    return;
  }
  while (ReadLine(socket, buffer, line)) {
    std::string verb = AsciiLower(line.substr(0, 4));
    std::string reply = "502 5.5.1 command not implemented\r\n";
    if (verb == "ehlo") {
      mail.hello = ArgumentAfter(line, 4);
      reply = "250-sink.test\r\n250-SIZE 10485760\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n";
    } else if (verb == "helo") {
      mail.hello = ArgumentAfter(line, 4);
      reply = "250 sink.test\r\n";
    } else if (AsciiLower(line).starts_with("mail from:")) {
      mail.mail_from = ArgumentAfter(line, 10);
      mail.rcpt_to.clear();
      reply = "250 2.1.0 ok\r\n";
    } else if (AsciiLower(line).starts_with("rcpt to:")) {
      if (reject_recipients_) {
        reply = "550 5.1.1 mailbox unavailable\r\n";
      } else {
        mail.rcpt_to.push_back(ArgumentAfter(line, 8));
        reply = "250 2.1.5 ok\r\n";
      }
    } else if (verb == "data") {
      if (!Write(socket, "354 end data with <CR><LF>.<CR><LF>\r\n")) {
        return;
      }
      mail.data.clear();
      while (true) {
        if (!ReadLine(socket, buffer, line)) {
          return;
        }
        if (line == ".") {
          break;
        }
        mail.data += line.starts_with('.') ? line.substr(1) : line;  // undo dot-stuffing
        mail.data += "\r\n";
      }
      {
        std::lock_guard lock(mutex_);
        received_.push_back(mail);
      }
      reply = "250 2.0.0 queued\r\n";
    } else if (verb == "rset" || verb == "noop") {
      reply = "250 2.0.0 ok\r\n";
    } else if (verb == "quit") {
      Write(socket, "221 2.0.0 bye\r\n");
      return;
    }
    if (!Write(socket, reply)) {
      return;
    }
  }
}

uint16_t ClosedPort() {
  asio::io_context io;
  tcp::acceptor acceptor(io);
  error_code ec;
  tcp::endpoint endpoint(asio::ip::address_v4::loopback(), 0);
  acceptor.open(endpoint.protocol(), ec);
  acceptor.bind(endpoint, ec);
  uint16_t port = acceptor.local_endpoint(ec).port();
  acceptor.close(ec);
  return port;
}

}  // namespace plenary::mail
