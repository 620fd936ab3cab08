#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace plenary::mail {

// One message as an SMTP client handed it over.
struct ReceivedMail {
  std::string hello;                 // the EHLO/HELO argument
  std::string mail_from;             // the MAIL FROM argument, parameters included
  std::vector<std::string> rcpt_to;  // the RCPT TO arguments
  std::string data;                  // the DATA, dot-stuffing undone, CRLF line ends
};

// A minimal SMTP server for tests, on 127.0.0.1 and an ephemeral port, serving one connection at
// a time on its own thread: EHLO (advertising SIZE, 8BITMIME and SMTPUTF8), HELO, MAIL FROM,
// RCPT TO, DATA, RSET, NOOP, QUIT. It keeps every message it accepts. Uses no exceptions.
class SmtpSink {
 public:
  SmtpSink();
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  bool listening() const { return port_ != 0; }
  uint16_t port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  // Answer every RCPT TO with "550 5.1.1 mailbox unavailable".
  void RejectRecipients() { reject_recipients_ = true; }

  std::vector<ReceivedMail> received() const;

 private:
  void Accept();
  void Serve(boost::asio::ip::tcp::socket& socket);

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> reject_recipients_{false};
  mutable std::mutex mutex_;
  std::vector<ReceivedMail> received_;  // guarded by mutex_
  std::thread thread_;
};

// A loopback port on which nothing listens (bound, then released), for "connection refused".
uint16_t ClosedPort();

}  // namespace plenary::mail
