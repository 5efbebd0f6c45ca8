#include "io/validate.h"

#include <fmt/format.h>
#include <unordered_map>
#include <unordered_set>

#include "core/taxonomy.h"

namespace chainscope {

std::string ImportIssue::ToString() const {
  if (column.empty()) return fmt::format("{}: {}", where, reason);
  return fmt::format("{}: column '{}': {}", where, column, reason);
}

namespace {
std::string Summary(const std::vector<ImportIssue>& issues) {
  std::string out = fmt::format("import failed, nothing was written ({} problem{}):", issues.size(),
                                issues.size() == 1 ? "" : "s");
  for (const ImportIssue& i : issues) out += "\n  " + i.ToString();
  return out;
}
}  // namespace

ImportError::ImportError(std::vector<ImportIssue> issues)
    : InvalidInput(Summary(issues)), issues_(std::move(issues)) {}

std::string SourceMap::Where(Table t, std::size_t row) const {
  const auto ti = static_cast<std::size_t>(t);
  const std::size_t pos = row < line[ti].size() ? line[ti][row] : row;
  if (json) return fmt::format("{}: {}[{}]", file[ti], SpecOf(t).name, pos);
  return fmt::format("{}:{}", file[ti], pos);
}

void ValidateDataset(const Dataset& d, const SourceMap& src, std::vector<ImportIssue>& issues) {
  auto add = [&](Table t, std::size_t row, std::string_view column, std::string reason) {
    if (issues.size() < kMaxImportIssues)
      issues.push_back({src.Where(t, row), std::string(column), std::move(reason)});
  };
  // Keys of every table, then references to them.
  std::array<std::unordered_set<std::string>, kTableCount> keys;
  for (const TableSpec& spec : TableSpecs()) {
    const auto ti = static_cast<std::size_t>(spec.table);
    const std::size_t rows = RowCount(d, spec.table);
    keys[ti].reserve(rows * 2);
    for (std::size_t r = 0; r < rows; ++r) {
      const Row row = EncodeRow(d, spec.table, r);
      for (std::size_t c = 0; c < spec.columns.size(); ++c) {
        const ColumnSpec& col = spec.columns[c];
        if (!col.is_reference) continue;
        const auto* value = std::get_if<std::string>(&row[c]);
        if (!value || value->empty()) continue;
        if (!keys[static_cast<std::size_t>(col.references)].contains(*value))
          add(spec.table, r, col.name, fmt::format("unknown {} '{}'", SingularOf(col.references), *value));
      }
      std::string key = KeyOf(spec, row);
      if (!keys[ti].insert(key).second) {
        std::string columns;
        for (std::size_t k : spec.key)
          columns += (columns.empty() ? "" : ", ") + std::string(spec.columns[k].name);
        add(spec.table, r, spec.key.size() == 1 ? spec.columns[spec.key[0]].name : "",
            fmt::format("duplicate {} '{}'", spec.key.size() == 1 ? "id" : "key (" + columns + ")", key));
      }
    }
  }

  // One credit code names one company: two enterprises with it are one (merge them, or fix the code).
  std::unordered_map<std::string_view, std::string_view> holder_of_code;
  for (std::size_t r = 0; r < d.enterprises.size(); ++r) {
    const Enterprise& e = d.enterprises[r];
    if (e.uscc.empty()) continue;
    const auto [it, fresh] = holder_of_code.emplace(e.uscc, e.id);
    if (!fresh)
      add(Table::kEnterprises, r, "uscc",
          fmt::format("credit code '{}' is also enterprise '{}''s: one code names one company", e.uscc,
                      it->second));
  }

  std::unordered_map<std::string_view, Role> role;
  std::unordered_map<std::string_view, std::string_view> place_of;
  for (const Enterprise& e : d.enterprises) role.emplace(e.id, e.role), place_of.emplace(e.id, e.place);
  std::unordered_map<std::string_view, std::string_view> park_place;
  for (const Park& p : d.parks) park_place.emplace(p.id, p.place);
  auto role_is = [&](std::string_view id, auto pred) {
    auto it = role.find(id);
    return it == role.end() || pred(it->second);  // unknown ids are reported above
  };

  for (std::size_t r = 0; r < d.components.size(); ++r) {
    const ComponentType& c = d.components[r];
    const Assembly* a = FindAssembly(c.assembly);
    if (!a) {
      std::string known;
      for (const Assembly& x : Assemblies()) known += (known.empty() ? "" : ", ") + std::string(x.code);
      add(Table::kComponents, r, "assembly",
          fmt::format("unknown assembly '{}' (one of {})", c.assembly, known));
    } else if (a->direction != c.direction) {
      add(Table::kComponents, r, "direction",
          fmt::format("assembly {} belongs to direction {}, not {}", c.assembly, ToString(a->direction),
                      ToString(c.direction)));
    }
  }
  std::unordered_set<std::string_view> component_codes;
  for (const ComponentType& c : d.components) component_codes.insert(c.code);
  for (std::size_t r = 0; r < d.places.size(); ++r)
    for (const std::string& code : d.places[r].focus)
      if (!component_codes.contains(code))
        add(Table::kPlaces, r, "focus", fmt::format("unknown component '{}'", code));
  for (std::size_t r = 0; r < d.enterprises.size(); ++r) {
    const Enterprise& e = d.enterprises[r];
    if (auto it = park_place.find(e.park); !e.park.empty() && it != park_place.end() && it->second != e.place)
      add(Table::kEnterprises, r, "park",
          fmt::format("park '{}' is in place '{}', not in the enterprise's place '{}'", e.park, it->second,
                      e.place));
  }
  for (std::size_t r = 0; r < d.vehicle_lines.size(); ++r)
    if (!role_is(d.vehicle_lines[r].oem, [](Role x) { return x == Role::kOem; }))
      add(Table::kVehicleLines, r, "oem", fmt::format("'{}' is not an OEM", d.vehicle_lines[r].oem));
  auto maker = [](Role x) { return IsPartsMaker(x); };
  for (std::size_t r = 0; r < d.capabilities.size(); ++r) {
    const Capability& c = d.capabilities[r];
    if (!role_is(c.supplier, maker))
      add(Table::kCapabilities, r, "supplier",
          fmt::format("'{}' is not a parts maker (tier1, tier2, material)", c.supplier));
    if (c.committed > c.annual_capacity)
      add(Table::kCapabilities, r, "committed",
          fmt::format("committed {} exceeds annual_capacity {}", c.committed, c.annual_capacity));
  }
  for (std::size_t r = 0; r < d.links.size(); ++r) {
    const SupplyLink& l = d.links[r];
    if (l.buyer == l.supplier) add(Table::kLinks, r, "supplier", "an enterprise cannot supply itself");
    if (!role_is(l.supplier, maker))
      add(Table::kLinks, r, "supplier",
          fmt::format("'{}' is not a parts maker (tier1, tier2, material)", l.supplier));
  }
  for (std::size_t r = 0; r < d.demands.size(); ++r)
    if (d.demands[r].max_share <= 0) add(Table::kDemands, r, "max_share", "must be greater than 0");
  for (std::size_t r = 0; r < d.offers.size(); ++r)
    if (!role_is(d.offers[r].supplier, maker))
      add(Table::kOffers, r, "supplier", fmt::format("'{}' is not a parts maker", d.offers[r].supplier));
  for (std::size_t r = 0; r < d.distribution.size(); ++r) {
    const Distribution& x = d.distribution[r];
    if (!role_is(x.dealer, [](Role y) { return y == Role::kDealer; }))
      add(Table::kDistribution, r, "dealer", fmt::format("'{}' is not a dealer", x.dealer));
    if (!role_is(x.oem, [](Role y) { return y == Role::kOem; }))
      add(Table::kDistribution, r, "oem", fmt::format("'{}' is not an OEM", x.oem));
  }

  // Recipes must be acyclic (a component cannot need itself, directly or through its inputs).
  std::unordered_map<std::string_view, std::vector<std::pair<std::string_view, std::size_t>>> inputs;
  for (std::size_t r = 0; r < d.component_inputs.size(); ++r)
    inputs[d.component_inputs[r].component].push_back({d.component_inputs[r].input_component, r});
  std::unordered_map<std::string_view, int> state;  // 1 = on the stack, 2 = done
  std::vector<std::pair<std::string_view, std::size_t>> stack;
  for (const auto& [root, unused] : inputs) {
    if (state[root]) continue;
    stack.push_back({root, 0});
    state[root] = 1;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      auto it = inputs.find(node);
      if (it == inputs.end() || next >= it->second.size()) {
        state[node] = 2;
        stack.pop_back();
        continue;
      }
      const auto [child, row] = it->second[next++];
      if (state[child] == 1) {
        add(Table::kComponentInputs, row, "input_component",
            fmt::format("recipe cycle: '{}' needs '{}', which needs '{}' again", node, child,
                        node == child ? node : child));
      } else if (state[child] == 0) {
        state[child] = 1;
        stack.push_back({child, 0});
      }
    }
  }
}

}  // namespace chainscope
