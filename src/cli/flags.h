// cli: the given flags as the service's named parameters (errors name the flag), shared by the commands
// that build a request from flags and repeatable --weight name=value options.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/text.h"
#include "service/params.h"

namespace chainscope::cli {

/// The non-empty flags, and each --weight as weight_<name>; a name outside `parts` is refused.
inline Params FlagParams(std::initializer_list<std::pair<const char*, const std::string*>> flags,
                         const std::vector<std::string>& weights = {},
                         std::span<const std::string_view> parts = {}) {
  std::map<std::string, std::string> values;
  for (const auto& [name, value] : flags)
    if (!value->empty()) values[name] = *value;
  for (const std::string& w : weights) {
    const auto [name, value] = ParseWeight(w);
    if (std::find(parts.begin(), parts.end(), name) == parts.end())
      throw InvalidInput(fmt::format("--weight: unknown weight '{}' ({})", name, fmt::join(parts, ", ")));
    values["weight_" + name] = fmt::format("{}", value);
  }
  return Params(std::move(values), Params::FlagNames());
}

}  // namespace chainscope::cli
