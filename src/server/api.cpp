#include "server/api.h"

#include <fmt/format.h>
#include <algorithm>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>

#include "core/number_text.h"
#include "io/csv.h"
#include "io/table.h"
#include "io/xlsx.h"
#include "server/handlers.h"
#include "server/request_check.h"
#include "service/log.h"
#include "service/secrets.h"
#include "view/json_out.h"

namespace chainscope {
namespace json = boost::json;
namespace {

constexpr std::string_view kApiPrefix = "/api/v1";

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

const std::string* FindHeader(const std::vector<std::pair<std::string, std::string>>& headers,
                              std::string_view name) {
  for (const auto& [n, v] : headers)
    if (IEquals(n, name)) return &v;
  return nullptr;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) throw InvalidInput("malformed percent-encoding in URL");
      const int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) throw InvalidInput("malformed percent-encoding in URL");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

void RequireText(std::string_view s) {
  // Everything later echoed in messages or matched against names must be text.
  if (FindInvalidUtf8(s) != std::string_view::npos || s.find('\0') != std::string_view::npos)
    throw InvalidInput("the URL is not valid UTF-8 text once percent-decoded");
}

/// The segments of a raw path ("/api/v1/x" → api, v1, x), each percent-decoded on its own when `decode`
/// (so an encoded '/' stays inside its segment).
std::vector<std::string> PathSegments(std::string_view raw_path, bool decode) {
  std::vector<std::string> segments;
  std::string_view rest = raw_path.substr(1);
  while (true) {
    const std::size_t slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    segments.push_back(decode ? PercentDecode(part, false) : std::string(part));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return segments;
}

/// The path (decoded whole, for static files), its segments (each decoded on its own, for routing) and
/// the query.
void ParseTarget(const HttpRequest& r, RequestContext& ctx, std::vector<std::string>& segments) {
  std::string_view target = r.target;
  if (target.empty() || target.front() != '/') throw InvalidInput("request target must start with '/'");
  const std::size_t q = target.find('?');
  const std::string_view raw_path = target.substr(0, q);
  ctx.path = PercentDecode(raw_path, false);
  RequireText(ctx.path);
  segments = PathSegments(raw_path, true);
  if (q == std::string_view::npos) return;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      std::string name = PercentDecode(pair.substr(0, eq), true);
      std::string value = eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1), true);
      RequireText(name);
      RequireText(value);
      ctx.query[std::move(name)] = std::move(value);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
}

/// X-Request-Id when it is a sane token (the record-id alphabet, at most 64 bytes), else a new random one.
std::string RequestIdOf(const HttpRequest& r) {
  if (const std::string* given = r.Header("X-Request-Id"); given && IsValidRecordId(*given)) return *given;
  thread_local std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{:016x}", random());
}

/// What the client asks the answer in: ?format= (taken out of the query), or else the Accept header; json for
/// a route without a table unless ?format= asks for another (then 400).
std::string TableFormat(const Route& route, RequestContext& ctx) {
  if (const auto it = ctx.query.find("format"); it != ctx.query.end()) {
    std::string format = it->second;
    ctx.query.erase(it);
    if (format != "json" && format != "csv" && format != "xlsx")
      throw InvalidInput("query parameter 'format' must be json, csv or xlsx");
    if (format != "json" && route.table.empty())
      throw InvalidInput("query parameter 'format': this answer is not a table; it is served as json only");
    return format;
  }
  if (route.table.empty()) return "json";
  if (const std::string* accept = ctx.request.Header("Accept")) {
    if (accept->find(kXlsxContentType) != std::string::npos) return "xlsx";
    if (accept->find("text/csv") != std::string::npos) return "csv";
  }
  return "json";
}

/// The answer's list as a CSV or XLSX table, with a file name for the download.
HttpResponse AsTable(HttpResponse r, const Route& route, const RequestContext& ctx) {
  // The rows as the handler built them (handlers::Json keeps them beside the text).
  if (!r.document) throw Error("a table route answered without its rows");
  const boost::json::value& doc = *r.document;
  const boost::json::value* list = doc.is_object() ? doc.get_object().if_contains(route.table) : nullptr;
  const FlatTable table = FlattenItems(list && list->is_array() ? list->get_array() : boost::json::array{});
  const std::string name = route.pattern.substr(route.pattern.rfind('/') + 1);
  if (ctx.table_format == "xlsx") {
    r.body = XlsxBytes(table, AboutTable(ctx.state->chain->data(), ctx.method + " " + ctx.request.target));
    r.content_type = std::string(kXlsxContentType);
  } else {
    r.body = TableCsv(table, true);  // with the BOM: Excel reads the file as UTF-8 (Chinese names)
    r.content_type = "text/csv; charset=utf-8";
  }
  r.headers.emplace_back("Content-Disposition",
                         fmt::format("attachment; filename=\"chainscope-{}.{}\"", name, ctx.table_format));
  return r;
}

std::string ContentType(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

constexpr std::string_view kLandingPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chainscope</title></head>
<body style="font-family:sans-serif;max-width:48rem;margin:2rem auto">
<h1>chainscope</h1>
<p>The Chengdu–Chongqing automotive industry chain platform. The dashboard is not built on this server
(web/dist is absent); the API is available:</p>
<ul>
<li><a href="/api/v1/health">/api/v1/health</a></li>
<li><a href="/api/v1/taxonomy">/api/v1/taxonomy</a></li>
<li><a href="/api/v1/places">/api/v1/places</a></li>
<li><a href="/api/v1/enterprises?role=oem">/api/v1/enterprises?role=oem</a></li>
<li><a href="/api/v1/links?buyer=changan&amp;limit=20">/api/v1/links?buyer=changan</a></li>
<li><a href="/api/v1/calibration">/api/v1/calibration</a></li>
<li><a href="/api/v1/openapi.json">/api/v1/openapi.json</a></li>
</ul></body></html>
)";

}  // namespace

const std::string* HttpRequest::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

const std::string* HttpResponse::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

const std::string* RequestContext::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? nullptr : &it->second;
}

HttpResponse ErrorResponse(ErrorCode code, std::string_view message, std::string_view request_id,
                           const Message* reason) {
  const std::string text = ValidUtf8(message);  // JSON text must be UTF-8
  const ErrorInfo& info = InfoOf(code);
  json::object error{{"code", info.name}, {"message", text}};
  // Messages that name what the user must fix start with it (service convention): the dashboard shows the
  // error at that form field.
  for (std::string_view prefix : {"field '", "query parameter '", "unknown field '"}) {
    if (!text.starts_with(prefix)) continue;
    const std::size_t end = text.find('\'', prefix.size());
    if (end != std::string::npos) error["field"] = text.substr(prefix.size(), end - prefix.size());
    break;
  }
  if (!request_id.empty()) error["request_id"] = request_id;
  if (reason) error["reason"] = MessageJson(*reason);
  HttpResponse r = handlers::Json(json::object{{"error", std::move(error)}}, info.http_status);
  if (!request_id.empty()) r.headers.emplace_back("X-Request-Id", std::string(request_id));
  return r;
}

std::string_view SessionCookieName(bool secure) {
  return secure ? "__Host-cs_session" : "cs_session";
}

Api::Api(std::shared_ptr<Platform> platform, ApiOptions options)
    : platform_(std::move(platform)),
      options_(std::move(options)),
      requests_(std::max(1.0, options_.requests_per_second * 4), options_.requests_per_second) {
  if (options_.request_timeout.count() > 0) deadlines_ = std::make_unique<DeadlineTimer>();
  if (Store* store = platform_->store()) {
    accounts_ = std::make_unique<Accounts>(*store, options_.accounts);
    notices_ = std::make_unique<NoticeWorker>(platform_, options_.notices);
  }
  if (!platform_->store()) job_store_ = OpenStore(":memory:");
  jobs_ = std::make_unique<JobWorkers>(platform_, platform_->store() ? *platform_->store() : *job_store_,
                                       handlers::JobKinds(platform_, options_.costs), options_.jobs);
}

Api::~Api() = default;

HttpResponse Api::StoppedAnswer(const RequestContext& ctx, const Cancelled& e) const {
  if (!ctx.deadline || !ctx.deadline->load()) return Failure(ctx, e);
  const double seconds = std::chrono::duration<double>(options_.request_timeout).count();
  LogEvent(LogLevel::kWarn, fmt::format("request {} {} {}: stopped at its deadline of {:g} s", ctx.request_id,
                                        ctx.request.method, ctx.request.target, seconds));
  return Failure(ctx, ServiceError(ErrorCode::kDeadlineExceeded,
                                   Message{"request.deadline",
                                           {{"seconds", PlainNumber(seconds)}, {"flag", "--request-timeout"}},
                                           fmt::format("the request was stopped at this server's deadline of "
                                                       "{} s (serve --request-timeout); narrow it (fewer "
                                                       "demands, a smaller scope) or ask the operator",
                                                       PlainNumber(seconds))}));
}

HttpResponse Api::Failure(const RequestContext& ctx, const std::exception& e) const {
  const ErrorCode code = CodeOf(e);
  HttpResponse response;
  if (code == ErrorCode::kInternal) {
    LogEvent(LogLevel::kError, fmt::format("request {} {} {}: internal error: {}", ctx.request_id,
                                           ctx.request.method, ctx.request.target, e.what()));
    response = ErrorResponse(code, "internal error", ctx.request_id);
  } else {
    const auto* coded = dynamic_cast<const Error*>(&e);
    response =
        ErrorResponse(code, e.what(), ctx.request_id, coded && coded->reason() ? &*coded->reason() : nullptr);
  }
  if (const auto* s = dynamic_cast<const ServiceError*>(&e); s && s->retry_after_seconds() > 0)
    response.headers.emplace_back("Retry-After", std::to_string(s->retry_after_seconds()));
  if (code == ErrorCode::kUnauthorized && ctx.request.Header("Authorization"))
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"chainscope\"");
  return response;
}

std::size_t Api::BodyLimit(std::string_view method, std::string_view target, std::size_t fallback) const {
  if (target.empty() || target.front() != '/') return fallback;
  const std::vector<std::string> segments = PathSegments(target.substr(0, target.find('?')), false);
  const RouteMatch match = MatchRoute(RouteTable(), method, segments);
  return match.route && match.route->max_body_bytes > 0 ? match.route->max_body_bytes : fallback;
}

std::size_t Api::BodyLimit(std::nullopt_t, std::size_t fallback) const {
  std::size_t largest = fallback;
  for (const Route& r : RouteTable()) largest = std::max(largest, r.max_body_bytes);
  return largest;
}

HttpResponse Api::Handle(const HttpRequest& request) const {
  PreparedRequest p = Prepare(request);
  return Finish(p);
}

PreparedRequest Api::Prepare(const HttpRequest& request) const {
  PreparedRequest p(request);
  p.ctx.method = request.method;
  p.ctx.request_id = RequestIdOf(request);
  try {
    Front(p);
  } catch (const std::exception& e) {
    p.answer = Failure(p.ctx, e);
  }
  return p;
}

HttpResponse Api::Finish(PreparedRequest& p) const {
  HttpResponse response;
  if (p.answer) {
    response = std::move(*p.answer);
  } else {
    if (deadlines_ && p.cost() == Cost::kHeavy)
      p.ctx.deadline = deadlines_->Arm(DeadlineTimer::Clock::now() + options_.request_timeout);
    try {
      response = Run(p);
    } catch (const Cancelled& e) {
      response = StoppedAnswer(p.ctx, e);
    } catch (const std::exception& e) {
      response = Failure(p.ctx, e);
    }
    p.ctx.deadline.reset();
  }
  if (p.route && !p.route->table.empty()) {
    auto vary = std::find_if(response.headers.begin(), response.headers.end(),
                             [](const auto& h) { return h.first == "Vary"; });
    if (vary == response.headers.end())
      response.headers.emplace_back("Vary", "Accept");
    else
      vary->second += ", Accept";
  }
  if (!response.Header("X-Request-Id")) response.headers.emplace_back("X-Request-Id", p.ctx.request_id);
  response.principal = p.ctx.principal.Label();
  return response;
}

namespace {

/// The value of one cookie in a Cookie header ("a=1; b=2"), or "".
std::string_view CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const std::size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=')
      return pair.substr(name.size() + 1);
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return {};
}

/// "host:port" of an Origin ("https://host:port"), or "" when it is not one.
std::string_view OriginHost(std::string_view origin) {
  const std::size_t scheme = origin.find("://");
  if (scheme == std::string_view::npos) return {};
  return origin.substr(scheme + 3);
}

}  // namespace

void Api::Authenticate(RequestContext& ctx) const {
  if (!accounts_) {
    if (options_.without_accounts) ctx.principal = *options_.without_accounts;
    return;
  }
  if (const std::string* auth = ctx.request.Header("Authorization")) {
    // An explicit credential that does not work is an error, never a silent fall-back to anonymous.
    constexpr std::string_view kScheme = "bearer ";
    const std::string_view value = *auth;
    if (value.size() <= kScheme.size() || !IEquals(value.substr(0, kScheme.size()), kScheme))
      throw ServiceError(ErrorCode::kUnauthorized, "Authorization must be 'Bearer <token>'");
    std::string_view token = value.substr(kScheme.size());
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    std::optional<Principal> p;
    if (token.starts_with(kTokenPrefix)) p = accounts_->Authenticate(token);
    if (!p) {
      AuditDenied(ctx, "unknown, revoked or expired API token");
      throw ServiceError(ErrorCode::kUnauthorized, "the API token is unknown, revoked or expired");
    }
    ctx.principal = std::move(*p);
    return;
  }
  const std::string* cookies = ctx.request.Header("Cookie");
  if (!cookies) return;
  const std::string_view secret = CookieValue(*cookies, SessionCookieName(options_.secure_cookies));
  // A stale session (expired, signed out) leaves the request anonymous: public pages still work, and
  // everything else answers 401, which sends the dashboard to its sign-in page.
  if (secret.starts_with(kSessionPrefix))
    if (std::optional<Principal> p = accounts_->Authenticate(secret)) ctx.principal = std::move(*p);
}

void Api::AuditDenied(const RequestContext& ctx, std::string_view reason) const {
  if (!accounts_) return;
  Principal who = ctx.principal;
  who.request_id = ctx.request_id;
  who.client = ctx.request.client;
  accounts_->RecordDenied(who, fmt::format("{} {}", ctx.method, ctx.path), reason);
}

void Api::Front(PreparedRequest& p) const {
  RequestContext& ctx = p.ctx;
  std::vector<std::string> segments;
  ParseTarget(ctx.request, ctx, segments);
  const std::string& path = ctx.path;
  if (path != "/api" && !path.starts_with("/api/")) return;  // a static file: Finish serves it
  Authenticate(ctx);
  ctx.principal.request_id = ctx.request_id;
  ctx.principal.client = ctx.request.client;
  const std::string limit_key = ctx.principal.signed_in() && ctx.principal.via == Credential::Kind::kToken
                                    ? fmt::format("token:{}", ctx.principal.credential_id)
                                    : "address:" + ctx.request.client;
  if (const int wait = requests_.Take(limit_key))
    throw ServiceError(
        ErrorCode::kTooManyRequests,
        fmt::format("request rate over {:g} a second; slow down", options_.requests_per_second), wait);
  if (path != kApiPrefix && !path.starts_with(std::string(kApiPrefix) + "/"))
    throw ServiceError(ErrorCode::kNotFound,
                       fmt::format("no API endpoint {} (this server speaks {})", path, kApiPrefix));
  RouteMatch match = MatchRoute(RouteTable(), ctx.method, segments);
  if (!match.route) {
    if (match.allowed.empty())
      throw ServiceError(ErrorCode::kNotFound,
                         fmt::format("no API endpoint {} (see {}/openapi.json)", path, kApiPrefix));
    std::string allow;
    for (const std::string& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
    if (std::find(match.allowed.begin(), match.allowed.end(), "GET") != match.allowed.end())
      allow += ", HEAD";
    HttpResponse r = ErrorResponse(
        ErrorCode::kMethodNotAllowed,
        fmt::format("{} is not allowed on {} (allowed: {})", ctx.method, path, allow), ctx.request_id);
    r.headers.emplace_back("Allow", allow);
    p.answer = std::move(r);
    return;
  }
  const Route& route = *match.route;
  p.route = &route;
  ctx.path_params = std::move(match.path_params);
  const bool writes = ctx.method != "GET" && ctx.method != "HEAD" && ctx.method != "OPTIONS";
  if (writes && ctx.principal.via == Credential::Kind::kSession && ctx.principal.credential_id > 0) {
    // The browser sends the cookie with any request to this origin; only pages of this origin can add a
    // custom header (or send their own Origin), so a write without either came from another site.
    const std::string* custom = ctx.request.Header(kCsrfHeader);
    const std::string* origin = ctx.request.Header("Origin");
    const std::string* host = ctx.request.Header("Host");
    const bool same_origin = origin && host && OriginHost(*origin) == *host;
    if (!(custom && *custom == "chainscope") && !same_origin) {
      AuditDenied(ctx, "cross-site request");
      throw ServiceError(ErrorCode::kForbidden,
                         fmt::format("cross-site request refused: a signed-in write must send the header "
                                     "'{}: chainscope' or come from this site's own pages",
                                     kCsrfHeader));
    }
  }
  try {
    Authorize(route.access, ctx.principal);
  } catch (const ServiceError& e) {
    if (e.code() == ErrorCode::kForbidden) AuditDenied(ctx, fmt::format("needs {}", ToString(route.access)));
    throw;
  }
  ctx.table_format = TableFormat(route, ctx);
  CheckRequest(route, ctx);
  ctx.state = platform_->state();
  if (!route.cacheable) return;
  const std::string etag = Etag(ctx);
  if (const std::string* none_match = ctx.request.Header("If-None-Match");
      none_match && *none_match == etag) {
    HttpResponse not_modified;
    not_modified.status = 304;
    not_modified.content_type.clear();
    not_modified.headers.emplace_back("ETag", etag);
    not_modified.headers.emplace_back("Vary", "Cookie, Authorization");
    p.answer = std::move(not_modified);
    return;
  }
  std::lock_guard lock(cache_mutex_);
  if (auto it = cache_.find(CacheKey(ctx)); it != cache_.end() && it->second.revision == ctx.state->revision)
    p.answer = it->second.response;
}

HttpResponse Api::Rendered(const Route& route, const RequestContext& ctx, HttpResponse answer) const {
  if (!route.table.empty() && answer.status == 200 && ctx.table_format != "json")
    answer = AsTable(std::move(answer), route, ctx);
  answer.document.reset();  // from here on the answer is its text: what is sent and cached
  return answer;
}

HttpResponse Api::Run(PreparedRequest& p) const {
  RequestContext& ctx = p.ctx;
  if (!p.route) return Static(ctx);
  const Route& route = *p.route;
  if (!route.cacheable) return Rendered(route, ctx, route.handler(*this, ctx));
  // A view of the state: serialised (or tabled) once per state revision, viewer class and format, with an
  // ETag.
  HttpResponse response = Rendered(route, ctx, route.handler(*this, ctx));
  response.headers.emplace_back("ETag", Etag(ctx));
  response.headers.emplace_back("Vary", "Cookie, Authorization");
  if (ctx.principal.signed_in()) response.headers.emplace_back("Cache-Control", "private, no-cache");
  if (response.status == 200 && response.body.size() <= kMaxCachedViewBytes) {
    std::lock_guard lock(cache_mutex_);
    if (cache_.size() >= kMaxCachedViews || cache_bytes_ + response.body.size() > kMaxCacheBytes) {
      cache_.clear();
      cache_bytes_ = 0;
    }
    if (auto [it, inserted] =
            cache_.insert_or_assign(CacheKey(ctx), CachedView{ctx.state->revision, response});
        inserted)
      cache_bytes_ += response.body.size();
  }
  return response;
}

std::string Api::CacheKey(const RequestContext& ctx) const {
  const HttpRequest& r = ctx.request;
  // The format is part of the key: the cached answer carries the format's own ETag (the body is the JSON).
  return fmt::format("{} {} {} {}", ViewClass(ctx.principal), ctx.table_format,
                     r.method == "HEAD" ? std::string("GET") : r.method, r.target);
}

std::string Api::Etag(const RequestContext& ctx) const {
  // The viewer class is part of the tag: a browser that signs out must not get 304 for a view it saw
  // signed in.
  return fmt::format("W/\"{}.{}.{}{}\"", ctx.state->revision.chain_revision, ctx.state->revision.revision,
                     ViewClass(ctx.principal), ctx.table_format == "json" ? "" : "." + ctx.table_format);
}

HttpResponse Api::Static(const RequestContext& ctx) const {
  if (ctx.method != "GET" && ctx.method != "HEAD") {
    HttpResponse r =
        ErrorResponse(ErrorCode::kMethodNotAllowed,
                      fmt::format("{} is not allowed on {}", ctx.method, ctx.path), ctx.request_id);
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  const bool have_dist =
      !options_.static_root.empty() && std::filesystem::exists(options_.static_root / "index.html");
  if (!have_dist) {
    if (ctx.path != "/" && ctx.path != "/index.html")
      throw ServiceError(ErrorCode::kNotFound, fmt::format("no file {}", ctx.path));
    HttpResponse r;
    r.content_type = "text/html; charset=utf-8";
    r.body = kLandingPage;
    return r;
  }
  // Only plain relative paths below the root: every segment a non-empty name that does not start with '.'
  // (so no "..", no hidden files, no "//" that would make the path absolute) and no backslash; then the
  // canonical file (symbolic links resolved) must still lie inside the canonical root.
  const std::string_view rel_text =
      ctx.path == "/" ? std::string_view("index.html") : std::string_view(ctx.path).substr(1);
  std::size_t start = 0;
  while (start <= rel_text.size()) {
    const std::size_t slash = std::min(rel_text.find('/', start), rel_text.size());
    const std::string_view part = rel_text.substr(start, slash - start);
    if (part.empty() || part.front() == '.' || part.find('\\') != std::string_view::npos)
      throw ServiceError(ErrorCode::kNotFound, "no such file");
    start = slash + 1;
  }
  std::error_code ec;
  const std::filesystem::path root = std::filesystem::canonical(options_.static_root, ec);
  if (ec) throw ServiceError(ErrorCode::kNotFound, "no such file");
  auto inside_root = [&](const std::filesystem::path& p) -> std::optional<std::filesystem::path> {
    std::error_code e;
    std::filesystem::path c = std::filesystem::canonical(p, e);
    if (e || !std::filesystem::is_regular_file(c, e)) return std::nullopt;
    const auto [root_end, c_it] = std::mismatch(root.begin(), root.end(), c.begin(), c.end());
    if (root_end != root.end()) return std::nullopt;
    return c;
  };
  std::optional<std::filesystem::path> found = inside_root(root / std::filesystem::path(rel_text));
  // A dashboard route (/map, /chain?…) is the single-page app's index.html; a missing file (a name with
  // an extension, e.g. a stale /assets/x.js) is a 404, so the browser reports it instead of running HTML.
  const std::string_view last = rel_text.substr(rel_text.rfind('/') + 1);
  if (!found && last.find('.') == std::string_view::npos) found = inside_root(root / "index.html");
  if (!found) throw ServiceError(ErrorCode::kNotFound, "no such file");
  const std::filesystem::path file = *found;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ServiceError(ErrorCode::kNotFound, "no such file");
  std::ostringstream ss;
  ss << in.rdbuf();
  HttpResponse r;
  r.content_type = ContentType(file);
  r.body = ss.str();
  // Vite names built assets by content hash: they never change, so browsers keep them; index.html names
  // the current ones and is revalidated on every load.
  const bool hashed_asset = rel_text.starts_with("assets/") && file.filename() != "index.html";
  r.headers.emplace_back("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace chainscope
