// server: the HTTP/JSON API as a plain function from HttpRequest to HttpResponse — no sockets, so every
// route and error is testable directly (the Beast transport in http_server.h only moves bytes). Every
// request passes through one pipeline: Prepare (light, on an I/O thread) — parse the target → request
// context (headers, client, request id, one platform state) → authentication (a bearer token or the session
// cookie; service/accounts.h) → CSRF check for cookie-authenticated writes → request rate limit → the route
// table (routes.h: 404, 405 with Allow, undocumented query parameters and body fields refused) → the route's
// permission (service/access.h: 401/403) → a cached view when there is one; then Finish (on the compute
// pool for heavy routes) — the handler, which calls the service layer and applies the visibility policy in
// its views → one error table (service/errors.h) → response with X-Request-Id. GET views are cached per
// state revision and viewer class and carry an ETag (If-None-Match → 304).
#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "server/http.h"
#include "server/routes.h"
#include "service/access.h"
#include "service/accounts.h"
#include "service/cost.h"
#include "service/deadlines.h"
#include "service/errors.h"
#include "service/inbox.h"
#include "service/jobs.h"
#include "service/mailer.h"
#include "service/notice_worker.h"
#include "service/platform.h"
#include "service/rate_limit.h"

namespace chainscope {

/// What the pipeline knows about a request while it is handled.
struct RequestContext {
  const HttpRequest& request;
  std::string method = {};                        // as sent; HEAD is routed as GET
  std::string path = {};                          // percent-decoded
  std::map<std::string, std::string> query = {};  // percent-decoded; a repeated name keeps its last value
  std::map<std::string, std::string> path_params = {};  // the route pattern's {names}
  std::string request_id = {};
  Principal principal = {};                         // anonymous until authentication finds who it is
  std::shared_ptr<const PlatformState> state = {};  // one consistent chain + market for the whole request
  std::string table_format = "json";  // json, or csv or xlsx for a route with a table (?format=, Accept)
  /// The JSON body, parsed once at the door, when the route takes one and the request sent it.
  std::optional<boost::json::object> body = {};
  /// Set when the request's deadline passes (ApiOptions::request_timeout): the engines a handler calls look
  /// at it and stop with Cancelled, which the pipeline answers with 503 deadline_exceeded. Null: no deadline.
  std::shared_ptr<std::atomic<bool>> deadline = {};

  /// The stop flag to hand to the engines (null without a deadline).
  const std::atomic<bool>* stop() const { return deadline.get(); }
  const std::string* Query(std::string_view name) const;
  const std::string& PathParam(const std::string& name) const { return path_params.at(name); }
};

/// The JSON error body {"error": {"code", "message", "request_id"}} with the code's status.
/// {"error": {"code", "message", "request_id", "field" (when the message names one), "reason" (the coded
/// message, when the failure has one: {"code", "params", "message"})}}.
HttpResponse ErrorResponse(ErrorCode code, std::string_view message, std::string_view request_id = "",
                           const Message* reason = nullptr);

struct ApiOptions {
  std::filesystem::path static_root = {};  // served at "/" when it holds index.html (web/dist); may not exist
  /// Behind TLS (a reverse proxy terminating https): the session cookie is `__Host-cs_session`, Secure.
  bool secure_cookies = false;
  /// Requests per second per API token, or per client address otherwise (burst: 4 s worth); 0 = no limit.
  double requests_per_second = 100;
  AccountsOptions accounts = {};
  /// A platform over a dataset has no store and so no accounts: every request is then this principal
  /// (tests and local exploration of a dataset); unset, every request is anonymous. Ignored with a store.
  std::optional<Principal> without_accounts = {};
  /// Seals webhook signing secrets (service/secrets.h); unset, webhooks cannot be created (503).
  std::optional<SealingKey> webhook_key = {};
  WebhookPolicy webhooks = {};
  JobOptions jobs = {};
  /// The worker computing the notices writes owe (a platform with a store only).
  NoticeWorkerOptions notices = {};
  /// What one sweep, scenario, allocation or what-if may cost; over a bound it is refused (400) before it
  /// runs.
  CostBounds costs = {};
  /// How long a heavy request (an engine, a write) may run once it has its compute thread (serve
  /// --request-timeout): past it, the engine stops at its next look at the request's stop flag and the
  /// client gets 503 deadline_exceeded. Zero: no deadline.
  std::chrono::milliseconds request_timeout{std::chrono::seconds(kDefaultRequestTimeoutSeconds)};
  /// Where one-time links are e-mailed (service/mailer.h); no relay: they are only shown.
  MailOptions mail = {};
};

/// The session cookie's name: with the __Host- prefix when secure (then also Secure, Path=/, no Domain).
std::string_view SessionCookieName(bool secure);
/// The header the dashboard sends on every write; a cookie-authenticated write without it (or a matching
/// Origin) is refused as cross-site (403).
inline constexpr std::string_view kCsrfHeader = "X-Requested-With";

/// A request after the light front of the pipeline: either answered already (an error, a cached view)
/// or routed, waiting for Finish.
struct PreparedRequest {
  explicit PreparedRequest(const HttpRequest& r) : ctx{r} {}
  RequestContext ctx;
  const Route* route = nullptr;        // null: a static file (when not answered)
  std::optional<HttpResponse> answer;  // set: nothing more to do
  Cost cost() const { return route && !answer ? route->cost : Cost::kLight; }
};

class Api {
 public:
  explicit Api(std::shared_ptr<Platform> platform, ApiOptions options = {});
  ~Api();

  /// The whole pipeline: Prepare then Finish. Never throws: every failure becomes a JSON error response
  /// from the error table.
  HttpResponse Handle(const HttpRequest& request) const;
  /// The light front of the pipeline (see above), for an I/O thread. Never throws. `request` must outlive
  /// the result.
  PreparedRequest Prepare(const HttpRequest& request) const;
  /// The rest: the handler (on the compute pool when prepared.cost() is heavy). Never throws.
  HttpResponse Finish(PreparedRequest& prepared) const;

  Platform& platform() const { return *platform_; }
  /// The largest body the route of `method` and `target` takes (its max_body_bytes), or `fallback` when
  /// the route has none or there is no such route — what the HTTP server sets before reading a body.
  std::size_t BodyLimit(std::string_view method, std::string_view target, std::size_t fallback) const;
  /// The largest of every route's (nullopt) body limit and `fallback`.
  std::size_t BodyLimit(std::nullopt_t, std::size_t fallback) const;
  /// Sign-in, sessions and tokens; null for a platform without a store.
  Accounts* accounts() const { return accounts_.get(); }
  JobWorkers& jobs() const { return *jobs_; }
  /// Null for a platform without a store.
  NoticeWorker* notices() const { return notices_.get(); }
  const ApiOptions& options() const { return options_; }

 private:
  void Front(PreparedRequest& p) const;
  void Authenticate(RequestContext& ctx) const;
  /// Records a refused request (403, or a bearer token that does not work) in the audit trail; a store
  /// failure here is logged, never turned into the answer.
  void AuditDenied(const RequestContext& ctx, std::string_view reason) const;
  HttpResponse Run(PreparedRequest& p) const;
  /// A handler's answer as it is sent: a table route's list as CSV or XLSX when asked (from the rows the
  /// handler built), and without its JSON document.
  HttpResponse Rendered(const Route& route, const RequestContext& ctx, HttpResponse answer) const;
  HttpResponse Static(const RequestContext& ctx) const;
  std::string CacheKey(const RequestContext& ctx) const;
  std::string Etag(const RequestContext& ctx) const;
  HttpResponse Failure(const RequestContext& ctx, const std::exception& e) const;
  /// A request whose engine stopped: 503 deadline_exceeded naming the deadline when it had passed.
  HttpResponse StoppedAnswer(const RequestContext& ctx, const Cancelled& e) const;

  std::shared_ptr<Platform> platform_;
  ApiOptions options_;
  std::unique_ptr<DeadlineTimer> deadlines_;  // the heavy requests' deadlines
  std::unique_ptr<Accounts> accounts_;
  mutable RateLimiter requests_;
  struct CachedView {
    StoreRevision revision;
    HttpResponse response;
  };
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, CachedView>
      cache_;  // by viewer class, method, target; cleared when full
  mutable std::size_t cache_bytes_ = 0;
  std::unique_ptr<Store> job_store_;  // where jobs are kept for a platform without a store (in memory)
  std::unique_ptr<NoticeWorker> notices_;
  std::unique_ptr<JobWorkers> jobs_;  // declared last: destroyed (joined) first
};

/// Limits of list endpoints and of the view cache.
inline constexpr std::size_t kDefaultPageSize = 50;
inline constexpr std::size_t kMaxPageSize = 1000;
inline constexpr std::size_t kMaxCachedViews = 512;
inline constexpr std::size_t kMaxCachedViewBytes = 4 << 20;  // a larger answer is not cached
inline constexpr std::size_t kMaxCacheBytes = 64 << 20;      // all cached answers together

}  // namespace chainscope
