#include "http/server.h"

#include <atomic>
#include <exception>
#include <thread>

#include <boost/asio.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

#include "core/log.h"
#include "http/response_cache.h"

namespace plenary::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct Server::State : std::enable_shared_from_this<Server::State> {
  State(const Router& r, ServerOptions o)
      : router(r),
        options(std::move(o)),
        pool(options.worker_threads > 0 ? options.worker_threads
                                        : std::max(2u, std::thread::hardware_concurrency())),
        acceptor(io),
        signals(io),
        cache(options.cache_ttl, options.cache_entries) {}

  const Router& router;
  ServerOptions options;
  asio::io_context io{1};
  asio::thread_pool pool;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  bool catching_signals = false;
  ResponseCache cache;
  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};  // requests read but not yet answered
};

namespace {

Method ToMethod(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get:
      return Method::kGet;
    case bhttp::verb::head:
      return Method::kHead;
    case bhttp::verb::post:
      return Method::kPost;
    case bhttp::verb::put:
      return Method::kPut;
    case bhttp::verb::patch:
      return Method::kPatch;
    case bhttp::verb::delete_:
      return Method::kDelete;
    case bhttp::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

// Builds our Request from Beast's; a path that does not decode is refused by the caller.
std::optional<Request> ToRequest(bhttp::request<bhttp::string_body>&& in, std::string remote) {
  Request req;
  req.method = ToMethod(in.method());
  req.target = std::string(in.target());
  std::string_view target = req.target;
  size_t q = target.find('?');
  auto path = PercentDecode(target.substr(0, q), false);
  if (!path || path->empty() || path->front() != '/') {
    return std::nullopt;
  }
  req.path = std::move(*path);
  if (q != std::string_view::npos) {
    req.query = ParseQuery(target.substr(q + 1));
  }
  for (const auto& field : in) {
    req.headers.Add(std::string_view(field.name_string().data(), field.name_string().size()),
                    std::string(field.value()));
  }
  req.body = std::move(in.body());
  req.remote_address = std::move(remote);
  return req;
}

void AddDefaultHeaders(Response& response) {
  if (!response.headers.Get("x-content-type-options")) {
    response.headers.Set("x-content-type-options", "nosniff");
  }
  if (!response.headers.Get("referrer-policy")) {
    response.headers.Set("referrer-policy", "same-origin");
  }
  auto type = response.headers.Get("content-type");
  if (type && type->starts_with("text/html") && !response.headers.Get("content-security-policy")) {
    response.headers.Set("content-security-policy",
                         "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
  }
}

// Honours If-None-Match for responses that carry an ETag.
void ApplyConditional(const Request& request, Response& response) {
  auto etag = response.headers.Get("etag");
  auto match = request.headers.Get("if-none-match");
  if (response.status == 200 && etag && match && *match == *etag) {
    response.status = 304;
    response.body.clear();
  }
}

bhttp::response<bhttp::string_body> ToBeast(Response&& r, unsigned version, bool keep_alive,
                                            bool head) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(r.status), version};
  for (auto& [name, value] : r.headers.all()) {
    out.set(name, value);
  }
  size_t length = r.body.size();
  if (!head) {
    out.body() = std::move(r.body);
  }
  out.keep_alive(keep_alive);
  out.content_length(length);
  return out;
}

// A refusal made by the server itself (before any handler): always JSON, with `status`.
Response Refusal(int status, StatusCode code, std::string message) {
  Response r = Response::Error(Status(code, std::move(message)));
  r.status = status;
  return r;
}

}  // namespace

namespace {

void LogAccess(const Request& req, int status, size_t bytes,
               std::chrono::steady_clock::time_point t0) {
  auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  log::Info("http", {{"method", MethodName(req.method)},
                     {"path", req.path},
                     {"status", fmt::format("{}", status)},
                     {"bytes", fmt::format("{}", bytes)},
                     {"ms", fmt::format("{:.2f}", micros / 1000.0)},
                     {"remote", req.remote_address}});
}

Response Dispatch(Server::State& state, Request& request) {
  try {
    return state.router.Dispatch(request);
  } catch (const std::exception& e) {
    // Handlers do not throw; a foreign library did. Answer 500 and keep serving.
    log::Error("handler_exception", {{"path", request.path}, {"what", e.what()}});
    return state.router.RespondError(request, Internal("unexpected error; it has been logged"));
  }
}

// Runs the handler on the worker pool; the caller resumes on the I/O thread with the response.
// (A coroutine spawned on the pool: `co_await post(pool, use_awaitable)` would not move this
// coroutine, whose completions always return to its own executor, and every handler would run
// on the I/O thread, one at a time.)
asio::awaitable<Response> RunHandler(Server::State& state, Request& request) {
  co_return co_await asio::co_spawn(
      state.pool,
      [&state, &request]() -> asio::awaitable<Response> { co_return Dispatch(state, request); },
      asio::use_awaitable);
}

// The Reply of a response that comes later: resumes the connection's coroutine, on its own
// executor, with the response; dropped without a call, with a 500. Holds the server's state so
// that the loop it posts to outlives it.
template <typename Handler>
class Resumption {
 public:
  Resumption(Handler handler, std::shared_ptr<Server::State> state)
      : handler_(std::move(handler)), state_(std::move(state)) {}
  Resumption(const Resumption&) = delete;
  Resumption& operator=(const Resumption&) = delete;
  ~Resumption() {
    if (handler_) {
      log::Error("reply_lost", {});
      Resume(Refusal(500, StatusCode::kInternal, "the response was lost; it has been logged"));
    }
  }

  // Called once: the Reply's contract.
  void Resume(Response response) {
    if (!handler_) {
      return;
    }
    auto executor = asio::get_associated_executor(*handler_);
    asio::post(executor,
               [handler = std::move(*handler_), response = std::move(response)]() mutable {
                 std::move(handler)(std::move(response));
               });
    handler_.reset();
  }

 private:
  std::optional<Handler> handler_;
  std::shared_ptr<Server::State> state_;
};

// Starts the work of a response that comes later and waits for its reply.
asio::awaitable<Response> AwaitLater(Server::State& state, std::function<void(Reply)> start) {
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Response)>(
      [&state, &start](auto handler) {
        auto resumption = std::make_shared<Resumption<decltype(handler)>>(std::move(handler),
                                                                          state.shared_from_this());
        try {
          start([resumption](Response r) { resumption->Resume(std::move(r)); });
        } catch (const std::exception& e) {
          log::Error("handler_exception", {{"what", e.what()}});  // the 500 comes from the drop
        }
      },
      asio::use_awaitable);
}

// Serves public reads from the cache on the I/O thread; everything else goes to a handler.
asio::awaitable<Response> Respond(Server::State& state, Request& request) {
  std::optional<std::string> key;
  if (state.cache.enabled()) {
    key = ResponseCache::KeyFor(request);
    if (key) {
      if (auto hit = state.cache.Find(*key)) {
        co_return std::move(*hit);
      }
    }
  }
  Response response = co_await RunHandler(state, request);
  if (response.later) {
    response = co_await AwaitLater(state, std::move(response.later));
  }
  if (key) {
    state.cache.Store(*key, response);
  } else if (request.method != Method::kGet && request.method != Method::kHead &&
             response.status < 400) {
    state.cache.Invalidate();
  }
  co_return response;
}

asio::awaitable<void> Serve(Server::State& state, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::error_code ec;
  auto endpoint = stream.socket().remote_endpoint(ec);
  std::string remote = ec ? "unknown" : endpoint.address().to_string();
  beast::flat_buffer buffer;
  while (!state.stopping) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(state.options.max_header_bytes));
    parser.body_limit(state.options.max_body_bytes);
    stream.expires_after(state.options.read_timeout);
    beast::error_code read_ec;
    co_await bhttp::async_read(stream, buffer, parser,
                               asio::redirect_error(asio::use_awaitable, read_ec));
    if (read_ec == bhttp::error::end_of_stream || read_ec == beast::error::timeout ||
        read_ec == asio::error::operation_aborted || read_ec == asio::error::connection_reset ||
        read_ec == asio::error::eof) {
      break;
    }
    state.in_flight++;
    Response response;
    Request request;
    bool keep_alive = false;
    unsigned version = 11;
    auto t0 = std::chrono::steady_clock::now();
    if (read_ec) {
      int status = read_ec == bhttp::error::body_limit     ? 413
                   : read_ec == bhttp::error::header_limit ? 431
                                                           : 400;
      response = Refusal(
          status, status == 413 ? StatusCode::kResourceExhausted : StatusCode::kInvalidArgument,
          status == 413
              ? fmt::format("request body is larger than {} bytes", state.options.max_body_bytes)
          : status == 431 ? "request headers are too large"
                          : "malformed HTTP request: " + read_ec.message());
      request.remote_address = remote;
    } else {
      auto message = parser.release();
      version = message.version();
      keep_alive = message.keep_alive();
      auto converted = ToRequest(std::move(message), remote);
      if (!converted) {
        response = Refusal(400, StatusCode::kInvalidArgument, "the request path is not valid");
      } else {
        request = std::move(*converted);
        response = co_await Respond(state, request);
        ApplyConditional(request, response);
      }
    }
    if (state.stopping) {
      keep_alive = false;
    }
    AddDefaultHeaders(response);
    int status = response.status;
    size_t bytes = response.body.size();
    auto out = ToBeast(std::move(response), version, keep_alive, request.method == Method::kHead);
    stream.expires_after(state.options.write_timeout);
    beast::error_code write_ec;
    co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, write_ec));
    state.in_flight--;
    if (state.options.access_log) {
      LogAccess(request, status, bytes, t0);
    }
    if (write_ec || !keep_alive) {
      break;
    }
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> Accept(Server::State& state) {
  while (!state.stopping) {
    beast::error_code ec;
    tcp::socket socket =
        co_await state.acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (state.stopping || ec == asio::error::operation_aborted) {
        break;
      }
      std::string error = ec.message();
      log::Warn("accept_failed", {{"error", error}});
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(state.io, Serve(state, std::move(socket)), asio::detached);
  }
}

}  // namespace

namespace {

// Closes the acceptor, lets in-flight requests finish (up to the grace period), then stops the
// I/O loop; idle keep-alive connections are simply closed.
asio::awaitable<void> DrainThenStop(Server::State& state) {
  beast::error_code ec;
  state.acceptor.close(ec);
  state.signals.cancel(ec);
  asio::steady_timer timer(state.io);
  auto deadline = std::chrono::steady_clock::now() + state.options.shutdown_grace;
  while (state.in_flight > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  state.io.stop();
}

}  // namespace

Server::Server(const Router& router, ServerOptions options)
    : state_(std::make_shared<State>(router, std::move(options))) {}

Server::~Server() {
  Stop();
  state_->pool.join();
}

Result<uint16_t> Server::Listen() {
  beast::error_code ec;
  auto address = asio::ip::make_address(state_->options.host, ec);
  if (ec) {
    return Error(InvalidArgument("not an IP address: " + state_->options.host));
  }
  tcp::endpoint endpoint{address, state_->options.port};
  auto& acceptor = state_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) {
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return Error(Unavailable(fmt::format("cannot listen on {}:{}: {}", state_->options.host,
                                         state_->options.port, ec.message())));
  }
  return acceptor.local_endpoint().port();
}

void Server::CatchSignals() {
  auto& state = *state_;
  if (state.catching_signals) {
    return;
  }
  state.catching_signals = true;
  state.signals.add(SIGINT);
  state.signals.add(SIGTERM);
  state.signals.async_wait([this](const beast::error_code& ec, int) {
    if (!ec) {
      log::Info("shutdown_requested");
      Stop();
    }
  });
}

void Server::Run(bool handle_signals) {
  auto& state = *state_;
  if (handle_signals) {
    CatchSignals();
  }
  asio::co_spawn(state.io, Accept(state), asio::detached);
  state.io.run();
}

void Server::Stop() {
  auto& state = *state_;
  if (state.stopping.exchange(true)) {
    return;
  }
  asio::co_spawn(state.io, DrainThenStop(state), asio::detached);
}

}  // namespace plenary::http
