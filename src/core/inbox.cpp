#include "core/inbox.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace chainscope {

std::string UtcMillis(std::chrono::system_clock::time_point t) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - seconds).count();
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", seconds, ms);
}

}  // namespace chainscope
