// server: the HTTP/JSON API as a plain function from HttpRequest to HttpResponse — no sockets, so every
// route and error is testable directly (the Beast transport in http_server.h only moves bytes). Every
// request passes through one pipeline (Api::Handle): parse the target → request context (headers, client,
// request id, principal, one platform state) → the route table (routes.h: 404, 405 with Allow, undocumented
// query parameters and body fields refused) → permission (a placeholder until accounts) → handler, which
// calls the service layer → one error table (service/errors.h) → response with X-Request-Id.
// GET views of the platform state are cached per state revision and carry an ETag (If-None-Match → 304).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "server/http.h"
#include "server/jobs.h"
#include "server/routes.h"
#include "service/errors.h"
#include "service/platform.h"

namespace chainscope {

/// What the pipeline knows about a request while it is handled.
struct RequestContext {
  const HttpRequest& request;
  std::string method = {};                        // as sent; HEAD is routed as GET
  std::string path = {};                          // percent-decoded
  std::map<std::string, std::string> query = {};  // percent-decoded; a repeated name keeps its last value
  std::map<std::string, std::string> path_params = {};  // the route pattern's {names}
  std::string request_id = {};
  std::string principal = "anonymous";              // set by authentication, when there is one
  std::shared_ptr<const PlatformState> state = {};  // one consistent chain + market for the whole request

  const std::string* Query(std::string_view name) const;
  const std::string& PathParam(const std::string& name) const { return path_params.at(name); }
};

/// The JSON error body {"error": {"code", "message", "request_id"}} with the code's status.
HttpResponse ErrorResponse(ErrorCode code, std::string_view message, std::string_view request_id = "");

struct ApiOptions {
  std::filesystem::path static_root;  // served at "/" when it holds index.html (web/dist); may not exist
};

class Api {
 public:
  explicit Api(std::shared_ptr<Platform> platform, ApiOptions options = {});
  ~Api();

  /// Never throws: every failure becomes a JSON error response from the error table.
  HttpResponse Handle(const HttpRequest& request) const;
  /// Where the transport should run this request: heavy routes go to the compute pool. A cached answer
  /// (see Cached) is always light.
  Cost CostOf(const HttpRequest& request) const;
  /// The cached answer to a GET of a cacheable route at the current state, when there is one. Cheap:
  /// for the I/O thread.
  std::optional<HttpResponse> Cached(const HttpRequest& request) const;

  Platform& platform() const { return *platform_; }
  JobRunner& jobs() const { return jobs_; }
  const ApiOptions& options() const { return options_; }

 private:
  HttpResponse Dispatch(RequestContext& ctx) const;
  HttpResponse Static(const RequestContext& ctx) const;
  std::string CacheKey(const HttpRequest& request) const;

  std::shared_ptr<Platform> platform_;
  ApiOptions options_;
  struct CachedView {
    StoreRevision revision;
    HttpResponse response;
  };
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, CachedView> cache_;  // by method + target; cleared when full
  mutable std::size_t cache_bytes_ = 0;
  mutable JobRunner jobs_;  // declared last: destroyed (joined) first
};

/// Limits of list endpoints and of the view cache.
inline constexpr std::size_t kDefaultPageSize = 50;
inline constexpr std::size_t kMaxPageSize = 1000;
inline constexpr std::size_t kMaxCachedViews = 512;
inline constexpr std::size_t kMaxCachedViewBytes = 4 << 20;  // a larger answer is not cached
inline constexpr std::size_t kMaxCacheBytes = 64 << 20;      // all cached answers together

}  // namespace chainscope
