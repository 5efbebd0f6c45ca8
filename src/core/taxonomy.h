// core: the chain taxonomy of the Chengdu–Chongqing automotive base — 3 directions × 4 assemblies = 12
// assemblies, and the 56 built-in component types with their powertrain use, unit, typical quantity per
// vehicle and typical unit price (yuan), plus the tier-2 recipes (which inputs a component needs).
// The built-in tables seed the generated dataset; an imported dataset brings its own components.csv,
// whose assemblies must be among the 12 below.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace chainscope {

struct Assembly {
  std::string_view code;
  std::string_view name;
  std::string_view name_zh;
  Direction direction;
};

/// The 12 assemblies, 4 per direction, in display order.
std::span<const Assembly> Assemblies();
/// nullptr when `code` is not one of the 12.
const Assembly* FindAssembly(std::string_view code);
std::string_view DirectionLabel(Direction d);    // "New energy", …
std::string_view DirectionLabelZh(Direction d);  // "新能源", …

/// The 56 built-in component types, grouped by assembly in display order.
const std::vector<ComponentType>& BuiltinComponents();
/// Tier-2 recipes over the built-in components (acyclic).
const std::vector<ComponentInput>& BuiltinComponentInputs();

}  // namespace chainscope
