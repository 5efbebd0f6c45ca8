// server: the access log and the application log (spdlog). One JSON line per request — time, request id,
// client, method, path, status, bytes, duration in ms, principal — on the "access" logger; internal errors
// and operator messages on the default logger. Both go to standard error, or to --log-file.
#pragma once

#include <string>

namespace chainscope {

struct LogOptions {
  std::string level = "info";  // trace, debug, info, warn, error, critical, off
  std::string file;            // empty: standard error
};
/// Sets up both loggers; throws InvalidInput for an unknown level, Error for a file that cannot be opened.
void ConfigureLogging(const LogOptions& options);

struct AccessRecord {
  std::string request_id, client, method, target, principal;
  int status = 0;
  std::size_t bytes = 0;  // response body
  double duration_ms = 0;
};
void LogAccess(const AccessRecord& record);

}  // namespace chainscope
