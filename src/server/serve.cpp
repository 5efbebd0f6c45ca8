#include "server/serve.h"

#include <fmt/format.h>

#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>

#include "core/model.h"
#include "server/api.h"
#include "server/http_server.h"
#include "service/log.h"
#include "service/platform.h"
#include "service/webhook_dispatcher.h"

namespace chainscope {

int Serve(const ServeOptions& o) {
  if (o.port < 0 || o.port > 65535) throw InvalidInput(fmt::format("--port must be 0–65535, got {}", o.port));
  ConfigureLogging({o.log_level, o.log_file});
  const auto start = std::chrono::steady_clock::now();
  auto platform = Platform::Open(o.db);
  const std::string where = platform->store()->Describe();
  platform->RefreshEvery(std::chrono::milliseconds(kRefreshMilliseconds));
  if (!(o.rate_limit >= 0) || o.rate_limit > 1e6) throw InvalidInput("--rate-limit must be 0–1000000");
  ApiOptions api_options;
  api_options.static_root = o.web;
  api_options.secure_cookies = o.secure_cookies;
  api_options.requests_per_second = o.rate_limit;
  if (o.job_workers < 1 || o.job_workers > 64) throw InvalidInput("--job-workers must be 1–64");
  if (!(o.job_lease_s >= 1 && o.job_lease_s <= 3600))
    throw InvalidInput("--job-lease must be 1–3600 seconds");
  api_options.jobs.workers = static_cast<unsigned>(o.job_workers);
  api_options.jobs.lease = std::chrono::milliseconds(static_cast<std::int64_t>(o.job_lease_s * 1000));
  api_options.jobs.max_part_run =
      std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(3 * o.costs.job_seconds * 1000)));
  CheckCostBounds(o.costs);
  api_options.costs = o.costs;
  if (!(o.request_timeout_s == 0 ||
        (o.request_timeout_s >= 0.01 && o.request_timeout_s <= kMaxRequestTimeoutSeconds)))
    throw InvalidInput(fmt::format("--request-timeout must be 0 (none) or 0.01–{} seconds, got {}",
                                   kMaxRequestTimeoutSeconds, o.request_timeout_s));
  api_options.request_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(o.request_timeout_s * 1000)));
  std::string key_file = o.secrets_key;
  if (key_file.empty() && platform->StoreKind() != "sqlite")
    throw InvalidInput(
        "--secrets-key is required with PostgreSQL: every server of the store must use the same key file");
  if (key_file.empty()) key_file = (o.db.starts_with("sqlite:") ? o.db.substr(7) : o.db) + ".key";
  api_options.webhook_key = SealingKey::LoadOrCreate(key_file);
  api_options.webhooks.allow_private = o.webhooks_allow_private;
  if (!o.smtp.empty()) {
    if (!o.smtp.starts_with("smtp://") && !o.smtp.starts_with("smtps://"))
      throw InvalidInput(fmt::format("--smtp must be an smtp:// or smtps:// URL, got '{}'", o.smtp));
    std::string public_url = o.public_url;
    if (public_url.empty()) {
      if (o.port == 0) throw InvalidInput("--public-url is required with --smtp and --port 0");
      public_url = fmt::format("http://{}:{}",
                               o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host, o.port);
    }
    while (public_url.ends_with('/')) public_url.pop_back();
    api_options.mail = {o.smtp, o.smtp_from, public_url};
  }
  Api api(platform, api_options);
  WebhookDispatchOptions dispatch;
  dispatch.policy = api_options.webhooks;
  WebhookDispatcher webhooks(*platform->store(), *api_options.webhook_key, dispatch);
  ServerOptions so;
  so.host = o.host;
  so.port = static_cast<std::uint16_t>(o.port);
  so.threads = std::max(1, o.threads);
  so.compute_threads = std::max(0, o.compute_threads);
  for (const std::string& proxy : o.trusted_proxies) {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(proxy, ec);
    if (ec) throw InvalidInput(fmt::format("--trust-proxy must be an IP address, got '{}'", proxy));
    so.trusted_proxies.push_back(address.to_string());
  }
  HttpServer server(api, so);
  const auto state = platform->state();
  fmt::print("chainscope: loaded {} enterprises, {} links, {} demands and {} offers from {} in {:.2f} s\n",
             state->chain->enterprise_count(), state->chain->link_count(), state->market->demands.size(),
             state->market->offers.size(), where,
             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  const std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  fmt::print(
      "chainscope: serving on http://{}:{}/  (API: http://{}:{}/api/v1/health; at most {} connections; "
      "Ctrl-C stops)\n",
      host, server.port(), host, server.port(), server.max_connections());
  std::fflush(stdout);
  server.Run();
  fmt::print("chainscope: stopped\n");
  return 0;
}

}  // namespace chainscope
