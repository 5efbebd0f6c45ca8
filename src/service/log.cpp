#include "service/log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>

#include "core/model.h"
#include "io/csv.h"
#include "io/json_text.h"

namespace chainscope {
namespace {

/// The one logger: every line is a JSON object made here, so the pattern is the message alone.
std::shared_ptr<spdlog::logger> Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l =
        std::make_shared<spdlog::logger>("chainscope", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    l->set_pattern("%v");
    return l;
  }();
  return logger;
}

std::string Now() {
  const auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", now);
}

}  // namespace

void ConfigureLogging(const LogOptions& options) {
  const spdlog::level::level_enum level = spdlog::level::from_str(options.level);
  if (level == spdlog::level::off && options.level != "off")
    throw InvalidInput(fmt::format(
        "--log-level: unknown level '{}' (trace, debug, info, warn, error, critical, off)", options.level));
  spdlog::sink_ptr sink;
  try {
    if (options.file.empty())
      sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    else
      sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.file);
  } catch (const spdlog::spdlog_ex& e) {
    throw Error(fmt::format("--log-file: {}", e.what()));
  }
  auto logger = Logger();
  logger->sinks().clear();
  logger->sinks().push_back(sink);
  logger->set_pattern("%v");
  logger->set_level(level);
  // A log file is written through line by line (one write each): `tail -f` sees every request as it is
  // answered, and a crash loses none. Standard error is unbuffered already.
  logger->flush_on(options.file.empty() ? spdlog::level::off : spdlog::level::trace);
}

void LogAccess(const AccessRecord& r) {
  const auto logger = Logger();
  if (!logger->should_log(spdlog::level::info)) return;
  const boost::json::object line{{"time", Now()},
                                 {"request_id", ValidUtf8(r.request_id)},
                                 {"client", ValidUtf8(r.client)},
                                 {"method", ValidUtf8(r.method)},
                                 {"path", ValidUtf8(r.target)},
                                 {"status", r.status},
                                 {"bytes", r.bytes},
                                 {"duration_ms", std::round(r.duration_ms * 1000) / 1000},
                                 {"principal", r.principal}};
  logger->info(JsonText(line));
}

void LogEvent(LogLevel level, std::string_view message) {
  const auto logger = Logger();
  const spdlog::level::level_enum l = level == LogLevel::kError  ? spdlog::level::err
                                      : level == LogLevel::kWarn ? spdlog::level::warn
                                                                 : spdlog::level::info;
  if (!logger->should_log(l)) return;
  const std::string_view name = level == LogLevel::kError  ? "error"
                                : level == LogLevel::kWarn ? "warn"
                                                           : "info";
  logger->log(
      l, JsonText(boost::json::object{{"time", Now()}, {"level", name}, {"message", ValidUtf8(message)}}));
}

void FlushLogs() {
  Logger()->flush();
}

}  // namespace chainscope
