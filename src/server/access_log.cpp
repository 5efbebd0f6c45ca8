#include "server/access_log.h"

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

namespace chainscope {
namespace {

std::shared_ptr<spdlog::logger> AccessLogger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    l->set_pattern("%v");
    return l;
  }();
  return logger;
}

}  // namespace

void ConfigureLogging(const LogOptions& options) {
  const spdlog::level::level_enum level = spdlog::level::from_str(options.level);
  if (level == spdlog::level::off && options.level != "off")
    throw InvalidInput(fmt::format("--log-level: unknown level '{}' (trace, debug, info, warn, error, critical, off)",
                                   options.level));
  spdlog::sink_ptr sink;
  try {
    if (options.file.empty())
      sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    else
      sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.file);
  } catch (const spdlog::spdlog_ex& e) {
    throw Error(fmt::format("--log-file: {}", e.what()));
  }
  auto app = std::make_shared<spdlog::logger>("chainscope", sink);
  app->set_level(level);
  spdlog::set_default_logger(app);
  auto access = AccessLogger();
  access->sinks().clear();
  access->sinks().push_back(sink);
  access->set_level(level);
}

void LogAccess(const AccessRecord& r) {
  const auto logger = AccessLogger();
  if (!logger->should_log(spdlog::level::info)) return;
  const auto now = std::chrono::system_clock::now();
  const boost::json::object line{
      {"time", fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::floor<std::chrono::milliseconds>(now))},
      {"request_id", r.request_id},
      {"client", r.client},
      {"method", r.method},
      {"path", ValidUtf8(r.target)},
      {"status", r.status},
      {"bytes", r.bytes},
      {"duration_ms", std::round(r.duration_ms * 1000) / 1000},
      {"principal", r.principal}};
  logger->info(boost::json::serialize(line));
}

}  // namespace chainscope
