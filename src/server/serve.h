// server: the one entry a front end uses to run the HTTP server — `chainscope serve` fills a ServeOptions
// from its flags; Serve wires the store, the platform (service), the API pipeline, the job workers, the
// webhook dispatcher and the transport, prints where it listens, and runs until stopped.
#pragma once

#include <string>
#include <vector>

#include "service/cost.h"
#include "service/deadlines.h"

namespace chainscope {

struct ServeOptions {
  std::string db;
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 2;
  int compute_threads = 0;
  std::string web = "web/dist";
  std::string log_level = "info", log_file;
  bool secure_cookies = false;  // served over https by a reverse proxy
  double rate_limit = 100;      // requests per second per token or address; 0 = none
  std::string
      secrets_key;  // the key file sealing webhook secrets; SQLite default: the database path + ".key"
  bool webhooks_allow_private = false;       // let webhooks target private and loopback addresses
  int job_workers = 2;                       // job parts worked on at once
  double job_lease_s = 10;                   // a part not renewed for this long is taken over
  std::vector<std::string> trusted_proxies;  // reverse proxies whose X-Forwarded-For names the client
  CostBounds costs;                          // what one sweep, scenario, allocation or what-if may cost
  double request_timeout_s =
      kDefaultRequestTimeoutSeconds;  // a heavy request's deadline (ApiOptions::request_timeout); 0 = none
  std::string smtp;  // an SMTP relay's URL: one-time links are also e-mailed; empty: only shown
  std::string smtp_from = "chainscope@localhost";
  std::string public_url;  // the dashboard's address in e-mailed links (default http://HOST:PORT)
};

/// Serves until SIGINT or SIGTERM; returns the exit code (0). Throws InvalidInput naming the flag for an
/// option out of range, and what opening the store throws.
int Serve(const ServeOptions& o);

}  // namespace chainscope
