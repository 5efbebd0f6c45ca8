// core: the immutable in-memory network snapshot every engine reads (DESIGN §4). Rows of a Dataset become
// dense integer ids; adjacency is CSR (compressed sparse rows): links by buyer and by supplier,
// capabilities by supplier and by component, lines by OEM, BOM by line, recipes by component.
// Built in O(rows) from one Dataset; never modified afterwards (a write makes a new snapshot).
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/model.h"

namespace chainscope {

/// A dense index into one kind of row; distinct types keep enterprise and component ids apart.
template <class Tag>
struct DenseId {
  std::uint32_t value = UINT32_MAX;
  constexpr DenseId() = default;
  constexpr explicit DenseId(std::uint32_t v) : value(v) {}
  constexpr bool valid() const { return value != UINT32_MAX; }
  constexpr auto operator<=>(const DenseId&) const = default;
};
using PlaceId = DenseId<struct PlaceTag>;
using ComponentId = DenseId<struct ComponentTag>;
using EnterpriseId = DenseId<struct EnterpriseTag>;
using LineId = DenseId<struct LineTag>;

/// One 64-bit key for an (enterprise, component) pair, for hash maps keyed by both.
inline std::uint64_t PairKey(EnterpriseId e, ComponentId c) {
  return (static_cast<std::uint64_t>(e.value) << 32) | c.value;
}

/// Compressed sparse rows: the items of row r are items[offsets[r] .. offsets[r+1]).
struct Csr {
  std::vector<std::uint32_t> offsets;  // size rows + 1
  std::vector<std::uint32_t> items;
  std::span<const std::uint32_t> Row(std::uint32_t r) const {
    return {items.data() + offsets[r], items.data() + offsets[r + 1]};
  }
  /// Builds from (row, item) pairs by counting sort; items keep their input order within a row. O(n + rows).
  static Csr Build(std::uint32_t rows, std::span<const std::uint32_t> row_of,
                   std::span<const std::uint32_t> item);
};

/// A supply link with dense ids (index = row in Dataset::links).
struct NetLink {
  EnterpriseId buyer;
  EnterpriseId supplier;
  ComponentId component;
  std::int64_t annual_volume = 0;
  double unit_price_yuan = 0;
  double buyer_inventory_days = 0;
  double value_yuan() const { return static_cast<double>(annual_volume) * unit_price_yuan; }
};

/// The links of one enterprise for one component: a buyer's purchases of it (a purchase group) or a
/// supplier's sales of it (a sale group).
struct LinkGroup {
  EnterpriseId enterprise;
  ComponentId component;
};

struct NetCapability {
  EnterpriseId supplier;
  ComponentId component;
  std::int64_t annual_capacity = 0;
  std::int64_t committed = 0;
};

struct NetBomItem {
  ComponentId component;
  double qty_per_vehicle = 0;
};

struct NetInput {
  ComponentId input;
  double qty_per_unit = 0;
};

class Network {
 public:
  Network(const Network&) = delete;  // the indexes hold views into data_
  Network& operator=(const Network&) = delete;

  /// Builds the snapshot; throws InvalidInput when a row refers to an unknown id.
  static std::shared_ptr<const Network> Build(Dataset dataset);

  const Dataset& data() const { return data_; }

  std::size_t place_count() const { return data_.places.size(); }
  std::size_t component_count() const { return data_.components.size(); }
  std::size_t enterprise_count() const { return data_.enterprises.size(); }
  std::size_t line_count() const { return data_.vehicle_lines.size(); }
  std::size_t link_count() const { return links_.size(); }

  const Place& place(PlaceId p) const { return data_.places[p.value]; }
  const ComponentType& component(ComponentId c) const { return data_.components[c.value]; }
  const Enterprise& enterprise(EnterpriseId e) const { return data_.enterprises[e.value]; }
  const VehicleLine& line(LineId l) const { return data_.vehicle_lines[l.value]; }

  PlaceId place_of(EnterpriseId e) const { return PlaceId(enterprise_place_[e.value]); }
  Province province_of(EnterpriseId e) const { return place(place_of(e)).province; }
  PlaceId line_place(LineId l) const { return PlaceId(line_place_[l.value]); }
  EnterpriseId line_oem(LineId l) const { return EnterpriseId(line_oem_[l.value]); }

  /// Invalid id when unknown. O(1) expected.
  PlaceId FindPlace(std::string_view code) const;
  ComponentId FindComponent(std::string_view code) const;
  EnterpriseId FindEnterprise(std::string_view id) const;

  const std::vector<NetLink>& links() const { return links_; }
  const NetLink& link(std::uint32_t i) const { return links_[i]; }
  /// Link indexes bought by / sold by an enterprise, and links of a component.
  std::span<const std::uint32_t> links_by_buyer(EnterpriseId e) const { return by_buyer_.Row(e.value); }
  std::span<const std::uint32_t> links_by_supplier(EnterpriseId e) const { return by_supplier_.Row(e.value); }
  std::span<const std::uint32_t> links_by_component(ComponentId c) const {
    return by_component_.Row(c.value);
  }

  /// Link groups: every link is in one purchase group (its buyer, its component) and one sale group (its
  /// supplier, its component); an enterprise's groups have consecutive ids. Find… is O(groups of e).
  std::size_t purchase_group_count() const { return purchases_.groups.size(); }
  const LinkGroup& purchase_group(std::uint32_t g) const { return purchases_.groups[g]; }
  std::span<const std::uint32_t> purchase_group_links(std::uint32_t g) const {
    return purchases_.links.Row(g);
  }
  std::uint32_t purchase_group_of(std::uint32_t link) const { return purchases_.group_of_link[link]; }
  /// The group of b's purchases of c, or UINT32_MAX.
  std::uint32_t FindPurchaseGroup(EnterpriseId b, ComponentId c) const { return purchases_.Find(b, c); }
  std::size_t sale_group_count() const { return sales_.groups.size(); }
  const LinkGroup& sale_group(std::uint32_t g) const { return sales_.groups[g]; }
  std::span<const std::uint32_t> sale_group_links(std::uint32_t g) const { return sales_.links.Row(g); }
  std::uint32_t sale_group_of(std::uint32_t link) const { return sales_.group_of_link[link]; }
  std::uint32_t FindSaleGroup(EnterpriseId s, ComponentId c) const { return sales_.Find(s, c); }

  const std::vector<NetCapability>& capabilities() const { return capabilities_; }
  std::span<const std::uint32_t> capabilities_of(EnterpriseId e) const {
    return caps_by_supplier_.Row(e.value);
  }
  std::span<const std::uint32_t> makers_of(ComponentId c) const { return caps_by_component_.Row(c.value); }

  std::span<const std::uint32_t> lines_of(EnterpriseId oem) const { return lines_by_oem_.Row(oem.value); }
  std::span<const NetBomItem> bom(LineId l) const {
    return {bom_.data() + bom_offsets_[l.value], bom_.data() + bom_offsets_[l.value + 1]};
  }
  std::span<const NetInput> inputs(ComponentId c) const {
    return {inputs_.data() + input_offsets_[c.value], inputs_.data() + input_offsets_[c.value + 1]};
  }
  /// Dense assembly index (0..11 in taxonomy order, or UINT32_MAX for an unknown assembly).
  std::uint32_t assembly_of(ComponentId c) const { return component_assembly_[c.value]; }

 private:
  Network() = default;
  Dataset data_;
  std::unordered_map<std::string_view, std::uint32_t> place_index_, component_index_, enterprise_index_;
  std::vector<std::uint32_t> enterprise_place_, line_place_, line_oem_, component_assembly_;
  std::vector<NetLink> links_;
  Csr by_buyer_, by_supplier_, by_component_;
  struct LinkGrouping {
    std::vector<LinkGroup> groups;
    Csr links;  // links per group
    std::vector<std::uint32_t> group_of_link;
    std::vector<std::uint32_t> first_group;  // per enterprise, size enterprises + 1
    std::uint32_t Find(EnterpriseId e, ComponentId c) const;
    /// Groups the rows of `by_enterprise` (links per enterprise) by component. O(links + components).
    static LinkGrouping Build(const Network& net, const Csr& by_enterprise);
  };
  LinkGrouping purchases_, sales_;
  std::vector<NetCapability> capabilities_;
  Csr caps_by_supplier_, caps_by_component_;
  Csr lines_by_oem_;
  std::vector<std::uint32_t> bom_offsets_, input_offsets_;
  std::vector<NetBomItem> bom_;
  std::vector<NetInput> inputs_;
};

}  // namespace chainscope
