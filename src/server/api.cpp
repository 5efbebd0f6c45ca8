#include "server/api.h"

#include <fmt/format.h>
#include <algorithm>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>

#include "io/csv.h"
#include "server/handlers.h"
#include "service/log.h"

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

std::string Listed(const std::vector<FieldDoc>& fields) {
  std::string out;
  for (const FieldDoc& f : fields) out += (out.empty() ? "" : ", ") + f.name;
  return out.empty() ? "none" : out;
}

/// Refuses query parameters and body fields the route does not document.
void CheckAgainstDoc(const Route& route, const RequestContext& ctx) {
  for (const auto& [name, value] : ctx.query) {
    const bool known = std::any_of(route.doc.query.begin(), route.doc.query.end(),
                                   [&](const FieldDoc& f) { return f.name == name; });
    if (!known)
      throw InvalidInput(
          fmt::format("unknown query parameter '{}' (allowed: {})", name, Listed(route.doc.query)));
  }
  if (route.doc.body.empty() || ctx.request.body.empty()) return;
  boost::system::error_code ec;
  const json::value v = json::parse(ctx.request.body, ec);
  if (ec || !v.is_object()) return;  // the handler says what is wrong with it
  for (const auto& kv : v.get_object()) {
    const bool known = std::any_of(route.doc.body.begin(), route.doc.body.end(),
                                   [&](const FieldDoc& f) { return f.name == kv.key(); });
    if (!known)
      throw InvalidInput(fmt::format("unknown field '{}' (allowed: {})", std::string_view(kv.key()),
                                     Listed(route.doc.body)));
  }
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

HttpResponse ErrorResponse(ErrorCode code, std::string_view message, std::string_view request_id) {
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
  HttpResponse r = handlers::Json(json::object{{"error", std::move(error)}}, info.http_status);
  if (!request_id.empty()) r.headers.emplace_back("X-Request-Id", std::string(request_id));
  return r;
}

Api::Api(std::shared_ptr<Platform> platform, ApiOptions options)
    : platform_(std::move(platform)), options_(std::move(options)) {}

Api::~Api() = default;

HttpResponse Api::Handle(const HttpRequest& request) const {
  RequestContext ctx{request};
  ctx.method = request.method;
  ctx.request_id = RequestIdOf(request);
  HttpResponse response;
  try {
    response = Dispatch(ctx);
  } catch (const std::exception& e) {
    const ErrorCode code = CodeOf(e);
    if (code == ErrorCode::kInternal) {
      LogEvent(LogLevel::kError, fmt::format("request {} {} {}: internal error: {}", ctx.request_id,
                                             request.method, request.target, e.what()));
      response = ErrorResponse(code, "internal error", ctx.request_id);
    } else {
      response = ErrorResponse(code, e.what(), ctx.request_id);
    }
  }
  if (!response.Header("X-Request-Id")) response.headers.emplace_back("X-Request-Id", ctx.request_id);
  response.principal = ctx.principal;
  return response;
}

HttpResponse Api::Dispatch(RequestContext& ctx) const {
  std::vector<std::string> segments;
  ParseTarget(ctx.request, ctx, segments);
  const std::string& path = ctx.path;
  if (path != "/api" && !path.starts_with("/api/")) return Static(ctx);
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
    return r;
  }
  const Route& route = *match.route;
  ctx.path_params = std::move(match.path_params);
  CheckAgainstDoc(route, ctx);
  // Authentication and the permission check go here, once, for every route (the accounts issue).
  ctx.state = platform_->state();
  if (!route.cacheable) return route.handler(*this, ctx);
  // A view of the state: serialised once per state revision, with an ETag.
  const std::string etag =
      fmt::format("W/\"{}.{}\"", ctx.state->revision.chain_revision, ctx.state->revision.revision);
  HttpResponse response;
  const std::string key = CacheKey(ctx.request);
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = cache_.find(key); it != cache_.end() && it->second.revision == ctx.state->revision)
      response = it->second.response;
  }
  if (response.body.empty()) {
    response = route.handler(*this, ctx);
    response.headers.emplace_back("ETag", etag);
    if (response.status == 200 && response.body.size() <= kMaxCachedViewBytes) {
      std::lock_guard lock(cache_mutex_);
      if (cache_.size() >= kMaxCachedViews || cache_bytes_ + response.body.size() > kMaxCacheBytes) {
        cache_.clear();
        cache_bytes_ = 0;
      }
      if (auto [it, inserted] = cache_.insert_or_assign(key, CachedView{ctx.state->revision, response});
          inserted)
        cache_bytes_ += response.body.size();
    }
  }
  if (const std::string* none_match = ctx.request.Header("If-None-Match");
      none_match && *none_match == etag) {
    HttpResponse not_modified;
    not_modified.status = 304;
    not_modified.content_type.clear();
    not_modified.headers.emplace_back("ETag", etag);
    return not_modified;
  }
  return response;
}

std::string Api::CacheKey(const HttpRequest& request) const {
  return (request.method == "HEAD" ? std::string("GET") : request.method) + " " + request.target;
}

std::optional<HttpResponse> Api::Cached(const HttpRequest& request) const {
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  if (request.Header("If-None-Match")) return std::nullopt;  // the pipeline answers 304s
  const auto state = platform_->state();
  std::lock_guard lock(cache_mutex_);
  auto it = cache_.find(CacheKey(request));
  if (it == cache_.end() || it->second.revision != state->revision) return std::nullopt;
  HttpResponse r = it->second.response;
  r.headers.emplace_back("X-Request-Id", RequestIdOf(request));
  return r;
}

Cost Api::CostOf(const HttpRequest& request) const {
  const std::string_view target = request.target;
  const std::string_view raw_path = target.substr(0, target.find('?'));
  if (!raw_path.starts_with("/api/")) return Cost::kLight;
  // Undecoded segments suffice: only the literal parts of patterns decide the cost.
  const RouteMatch match = MatchRoute(RouteTable(), request.method, PathSegments(raw_path, false));
  return match.route ? match.route->cost : Cost::kLight;
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
