#include "core/network.h"

#include <fmt/format.h>

#include "core/taxonomy.h"

namespace chainscope {

Csr Csr::Build(std::uint32_t rows, std::span<const std::uint32_t> row_of,
               std::span<const std::uint32_t> item) {
  Csr csr;
  csr.offsets.assign(rows + 1, 0);
  for (std::uint32_t r : row_of) ++csr.offsets[r + 1];
  for (std::uint32_t r = 0; r < rows; ++r) csr.offsets[r + 1] += csr.offsets[r];
  csr.items.resize(row_of.size());
  std::vector<std::uint32_t> next(csr.offsets.begin(), csr.offsets.end() - 1);
  for (std::size_t i = 0; i < row_of.size(); ++i) csr.items[next[row_of[i]]++] = item[i];
  return csr;
}

namespace {

using Index = std::unordered_map<std::string_view, std::uint32_t>;

template <class Rows, class KeyOf>
Index MakeIndex(const Rows& rows, KeyOf key_of) {
  Index index;
  index.reserve(rows.size() * 2);
  for (std::uint32_t i = 0; i < rows.size(); ++i) index.emplace(key_of(rows[i]), i);
  return index;
}

std::uint32_t Resolve(const Index& index, std::string_view key, std::string_view table, std::size_t row,
                      std::string_view column) {
  auto it = index.find(key);
  if (it == index.end())
    throw InvalidInput(fmt::format("{} row {}: {} '{}' does not exist", table, row + 1, column, key));
  return it->second;
}

// Builds offsets of rows grouped by a key that already arrives sorted or not: counting sort by key.
template <class T>
std::vector<T> GroupBy(std::uint32_t rows, const std::vector<std::uint32_t>& key, std::vector<T> items,
                       std::vector<std::uint32_t>& offsets) {
  std::vector<std::uint32_t> order(items.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  Csr csr = Csr::Build(rows, key, order);
  offsets = std::move(csr.offsets);
  std::vector<T> grouped;
  grouped.reserve(items.size());
  for (std::uint32_t i : csr.items) grouped.push_back(items[i]);
  return grouped;
}

}  // namespace

std::shared_ptr<const Network> Network::Build(Dataset dataset) {
  auto net = std::shared_ptr<Network>(new Network());
  Network& n = *net;
  n.data_ = std::move(dataset);
  const Dataset& d = n.data_;
  n.place_index_ = MakeIndex(d.places, [](const Place& p) -> std::string_view { return p.code; });
  n.component_index_ =
      MakeIndex(d.components, [](const ComponentType& c) -> std::string_view { return c.code; });
  n.enterprise_index_ =
      MakeIndex(d.enterprises, [](const Enterprise& e) -> std::string_view { return e.id; });
  const auto enterprises = static_cast<std::uint32_t>(d.enterprises.size());
  const auto components = static_cast<std::uint32_t>(d.components.size());
  const auto lines = static_cast<std::uint32_t>(d.vehicle_lines.size());

  n.component_assembly_.resize(components, UINT32_MAX);
  const auto assemblies = Assemblies();
  for (std::uint32_t c = 0; c < components; ++c)
    for (std::uint32_t a = 0; a < assemblies.size(); ++a)
      if (assemblies[a].code == d.components[c].assembly) n.component_assembly_[c] = a;

  n.enterprise_place_.resize(enterprises);
  for (std::uint32_t e = 0; e < enterprises; ++e)
    n.enterprise_place_[e] = Resolve(n.place_index_, d.enterprises[e].place, "enterprises", e, "place");

  n.line_place_.resize(lines);
  n.line_oem_.resize(lines);
  for (std::uint32_t l = 0; l < lines; ++l) {
    n.line_place_[l] = Resolve(n.place_index_, d.vehicle_lines[l].place, "vehicle_lines", l, "place");
    n.line_oem_[l] = Resolve(n.enterprise_index_, d.vehicle_lines[l].oem, "vehicle_lines", l, "oem");
  }
  std::vector<std::uint32_t> identity(lines);
  for (std::uint32_t l = 0; l < lines; ++l) identity[l] = l;
  n.lines_by_oem_ = Csr::Build(enterprises, n.line_oem_, identity);

  Index line_index =
      MakeIndex(d.vehicle_lines, [](const VehicleLine& v) -> std::string_view { return v.id; });
  std::vector<std::uint32_t> bom_line(d.bom.size());
  std::vector<NetBomItem> bom(d.bom.size());
  for (std::size_t i = 0; i < d.bom.size(); ++i) {
    bom_line[i] = Resolve(line_index, d.bom[i].vehicle_line, "bom", i, "vehicle_line");
    bom[i] = {ComponentId(Resolve(n.component_index_, d.bom[i].component, "bom", i, "component")),
              d.bom[i].qty_per_vehicle};
  }
  n.bom_ = GroupBy(lines, bom_line, std::move(bom), n.bom_offsets_);

  std::vector<std::uint32_t> input_of(d.component_inputs.size());
  std::vector<NetInput> inputs(d.component_inputs.size());
  for (std::size_t i = 0; i < d.component_inputs.size(); ++i) {
    const ComponentInput& ci = d.component_inputs[i];
    input_of[i] = Resolve(n.component_index_, ci.component, "component_inputs", i, "component");
    inputs[i] = {ComponentId(Resolve(n.component_index_, ci.input_component, "component_inputs", i,
                                     "input_component")),
                 ci.qty_per_unit};
  }
  n.inputs_ = GroupBy(components, input_of, std::move(inputs), n.input_offsets_);

  const std::size_t link_count = d.links.size();
  n.links_.resize(link_count);
  std::vector<std::uint32_t> buyer(link_count), supplier(link_count), component(link_count), ids(link_count);
  for (std::size_t i = 0; i < link_count; ++i) {
    const SupplyLink& l = d.links[i];
    NetLink& nl = n.links_[i];
    nl.buyer = EnterpriseId(buyer[i] = Resolve(n.enterprise_index_, l.buyer, "links", i, "buyer"));
    nl.supplier =
        EnterpriseId(supplier[i] = Resolve(n.enterprise_index_, l.supplier, "links", i, "supplier"));
    nl.component =
        ComponentId(component[i] = Resolve(n.component_index_, l.component, "links", i, "component"));
    nl.annual_volume = l.annual_volume;
    nl.unit_price_yuan = l.unit_price_yuan;
    nl.buyer_inventory_days = l.buyer_inventory_days;
    ids[i] = static_cast<std::uint32_t>(i);
  }
  n.by_buyer_ = Csr::Build(enterprises, buyer, ids);
  n.by_supplier_ = Csr::Build(enterprises, supplier, ids);
  n.by_component_ = Csr::Build(components, component, ids);
  n.purchases_ = LinkGrouping::Build(n, n.by_buyer_);
  n.sales_ = LinkGrouping::Build(n, n.by_supplier_);

  const std::size_t cap_count = d.capabilities.size();
  n.capabilities_.resize(cap_count);
  std::vector<std::uint32_t> cap_supplier(cap_count), cap_component(cap_count), cap_ids(cap_count);
  for (std::size_t i = 0; i < cap_count; ++i) {
    const Capability& c = d.capabilities[i];
    cap_supplier[i] = Resolve(n.enterprise_index_, c.supplier, "capabilities", i, "supplier");
    cap_component[i] = Resolve(n.component_index_, c.component, "capabilities", i, "component");
    n.capabilities_[i] = {EnterpriseId(cap_supplier[i]), ComponentId(cap_component[i]), c.annual_capacity,
                          c.committed};
    cap_ids[i] = static_cast<std::uint32_t>(i);
  }
  n.caps_by_supplier_ = Csr::Build(enterprises, cap_supplier, cap_ids);
  n.caps_by_component_ = Csr::Build(components, cap_component, cap_ids);
  return net;
}

Network::LinkGrouping Network::LinkGrouping::Build(const Network& net, const Csr& by_enterprise) {
  LinkGrouping g;
  const auto enterprises = static_cast<std::uint32_t>(by_enterprise.offsets.size() - 1);
  g.group_of_link.resize(net.link_count());
  g.first_group.resize(enterprises + 1);
  std::vector<std::uint32_t> slot(net.component_count(), UINT32_MAX);  // component → group of this enterprise
  for (std::uint32_t e = 0; e < enterprises; ++e) {
    g.first_group[e] = static_cast<std::uint32_t>(g.groups.size());
    const auto row = by_enterprise.Row(e);
    for (std::uint32_t l : row) {
      const ComponentId c = net.link(l).component;
      if (slot[c.value] == UINT32_MAX) {
        slot[c.value] = static_cast<std::uint32_t>(g.groups.size());
        g.groups.push_back({EnterpriseId(e), c});
      }
      g.group_of_link[l] = slot[c.value];
    }
    for (std::uint32_t l : row) slot[net.link(l).component.value] = UINT32_MAX;
  }
  g.first_group[enterprises] = static_cast<std::uint32_t>(g.groups.size());
  std::vector<std::uint32_t> ids(net.link_count());
  for (std::uint32_t l = 0; l < ids.size(); ++l) ids[l] = l;
  g.links = Csr::Build(static_cast<std::uint32_t>(g.groups.size()), g.group_of_link, ids);
  return g;
}

std::uint32_t Network::LinkGrouping::Find(EnterpriseId e, ComponentId c) const {
  for (std::uint32_t i = first_group[e.value]; i < first_group[e.value + 1]; ++i)
    if (groups[i].component == c) return i;
  return UINT32_MAX;
}

PlaceId Network::FindPlace(std::string_view code) const {
  auto it = place_index_.find(code);
  return it == place_index_.end() ? PlaceId() : PlaceId(it->second);
}
ComponentId Network::FindComponent(std::string_view code) const {
  auto it = component_index_.find(code);
  return it == component_index_.end() ? ComponentId() : ComponentId(it->second);
}
EnterpriseId Network::FindEnterprise(std::string_view id) const {
  auto it = enterprise_index_.find(id);
  return it == enterprise_index_.end() ? EnterpriseId() : EnterpriseId(it->second);
}

}  // namespace chainscope
