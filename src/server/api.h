// server: the HTTP/JSON API as a plain function from Request to Response — no sockets, so every route and
// error is testable directly (the Beast transport in http_server.h only moves bytes). Every request passes
// through one pipeline (Api::Handle): parse → context (where authentication, roles and the audit log will
// sit) → route → handler → one mapping of errors to statuses and JSON error bodies.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/network.h"
#include "match/supply_book.h"
#include "server/jobs.h"
#include "store/store.h"

namespace chainscope {

struct HttpRequest {
  std::string method;  // "GET", "POST", …
  std::string target;  // path and query, as sent: "/api/v1/enterprises?role=oem"
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

/// What the pipeline knows about a request while it is handled.
struct RequestContext {
  std::string method;
  std::string path;                          // percent-decoded
  std::map<std::string, std::string> query;  // percent-decoded; a repeated name keeps its last value
  std::string principal = "anonymous";       // set by authentication, when there is one
};

/// An error with its HTTP status and machine code ("not_found", "bad_request", …).
struct ApiError {
  int status;
  std::string code;
  std::string message;
};
HttpResponse ErrorResponse(int status, std::string_view code, std::string_view message);

class Api {
 public:
  /// `static_root`: folder served at "/" when it holds index.html (web/dist); may not exist.
  Api(std::shared_ptr<const Network> snapshot, std::string store_description, int schema_version,
      std::filesystem::path static_root);

  /// Never throws: every failure becomes a JSON error response.
  HttpResponse Handle(const HttpRequest& request) const;

  /// The snapshot requests read now; a write persists first, then swaps in a new snapshot atomically.
  std::shared_ptr<const Network> snapshot() const { return snapshot_.load(); }
  void ReplaceSnapshot(std::shared_ptr<const Network> next) { snapshot_.store(std::move(next)); }
  /// Enables the write endpoints (demands, offers); without a store they answer 503.
  void AttachStore(Store* store) { store_ = store; }

 private:
  HttpResponse Route(const RequestContext& ctx, const HttpRequest& request) const;
  HttpResponse Static(const RequestContext& ctx) const;
  HttpResponse Demands(const RequestContext& ctx, const HttpRequest& request, std::string_view rest) const;
  HttpResponse Offers(const RequestContext& ctx, const HttpRequest& request, std::string_view rest) const;
  /// POST starts a stress sweep or scenario job; GET lists or reads jobs; DELETE cancels or forgets one.
  HttpResponse StressJobs(const RequestContext& ctx, const HttpRequest& request, std::string_view rest) const;
  /// Persists `change` applied to a copy of the current dataset, then publishes the new snapshot.
  std::shared_ptr<const Network> Write(const std::function<void(Dataset&, Store&)>& change) const;

  mutable std::atomic<std::shared_ptr<const Network>> snapshot_;  // swapped by Write (a const request)
  std::string store_description_;
  int schema_version_;
  std::filesystem::path static_root_;
  /// The supply book of the current snapshot, built on first use.
  std::shared_ptr<const SupplyBook> Book(const std::shared_ptr<const Network>& net) const;
  Store* store_ = nullptr;
  mutable std::mutex book_mutex_;
  mutable std::shared_ptr<const Network> book_for_;  // the snapshot book_ was built from
  mutable std::shared_ptr<const SupplyBook> book_;
  mutable std::mutex write_mutex_;  // one writer at a time; readers never wait
  mutable JobRunner jobs_;          // declared last: destroyed (joined) first
};

/// Limits of list endpoints.
inline constexpr std::size_t kDefaultPageSize = 50;
inline constexpr std::size_t kMaxPageSize = 1000;

}  // namespace chainscope
