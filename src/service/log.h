// service: the logs (spdlog), as JSON lines on standard error or in --log-file: one line per HTTP request —
// time, request id, client, method, path, status, bytes, duration in ms, principal — and one per event
// (time, level, message: internal errors with their request id, stops, failed refreshes).
#pragma once

#include <string>
#include <string_view>

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
enum class LogLevel { kInfo, kWarn, kError };
void LogEvent(LogLevel level, std::string_view message);
/// Writes out what the log holds.
void FlushLogs();

}  // namespace chainscope
