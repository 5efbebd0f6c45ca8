#include "core/schema.h"

#include <fmt/format.h>
#include <charconv>
#include <cmath>

#include "core/number_text.h"
#include "core/uscc.h"

namespace chainscope {
namespace {

using enum FieldKind;
constexpr double kNoMax = std::numeric_limits<double>::infinity();

ColumnSpec Column(std::string_view name, FieldKind kind, bool optional = false) {
  ColumnSpec c;
  c.name = name;
  c.kind = kind;
  c.optional = optional;
  return c;
}
ColumnSpec Text(std::string_view name, bool optional = false) {
  return Column(name, kText, optional);
}
ColumnSpec Enum(std::string_view name, std::vector<std::string_view> allowed) {
  ColumnSpec c = Column(name, kText);
  c.allowed = std::move(allowed);
  return c;
}
ColumnSpec Ref(std::string_view name, Table to, bool optional = false) {
  ColumnSpec c = Column(name, kText, optional);
  c.references = to;
  c.is_reference = true;
  return c;
}
ColumnSpec Int(std::string_view name, double min = 0, double max = kNoMax) {
  ColumnSpec c = Column(name, kInt);
  c.min = min;
  c.max = max;
  return c;
}
ColumnSpec Real(std::string_view name, double min = 0, double max = kNoMax, bool optional = false) {
  ColumnSpec c = Column(name, kReal, optional);
  c.min = min;
  c.max = max;
  return c;
}
ColumnSpec Bool(std::string_view name) {
  return Column(name, kBool);
}
ColumnSpec List(std::string_view name) {
  return Column(name, kList, true);
}
ColumnSpec Extra(ColumnSpec c, std::string_view default_text) {
  c.extra = true;
  c.default_text = default_text;
  return c;
}
ColumnSpec Uscc(std::string_view name) {
  ColumnSpec c = Column(name, kText, true);
  c.uscc = true;
  return c;
}
ColumnSpec Date(std::string_view name, bool optional = false) {
  return Column(name, kDate, optional);
}

std::vector<TableSpec> BuildSpecs() {
  using enum Table;
  const std::vector<std::string_view> provinces{"Chongqing", "Sichuan", "OtherChina", "Abroad"};
  const std::vector<std::string_view> directions{"new_energy", "intelligent_connected", "traditional"};
  const std::vector<std::string_view> uses{"ICE", "NEV", "BOTH"};
  const std::vector<std::string_view> roles{"oem",       "tier1",  "tier2",    "material",
                                            "logistics", "dealer", "institute"};
  const std::vector<std::string_view> lines{"ICE", "NEV", "commercial"};
  return {
      {kPlaces,
       "places",
       {Text("code"), Text("name"), Text("name_zh"), Enum("province", provinces), Real("lat", -90, 90, true),
        Real("lon", -180, 180, true), Extra(List("focus"), "")},
       {0}},
      {kParks, "parks", {Text("id"), Text("name"), Ref("place", kPlaces)}, {0}},
      {kComponents,
       "components",
       {Text("code"), Text("name"), Text("name_zh"), Text("assembly"), Enum("direction", directions),
        Enum("powertrain", uses), Text("unit"), Real("unit_price_yuan", 0, kMaxPriceYuan),
        Extra(Real("typical_qty_per_vehicle", 0, kMaxQuantityPerUnit), "0")},
       {0}},
      {kComponentInputs,
       "component_inputs",
       {Ref("component", kComponents), Ref("input_component", kComponents),
        Real("qty_per_unit", 0, kMaxQuantityPerUnit)},
       {0, 1}},
      {kEnterprises,
       "enterprises",
       {Text("id"), Text("name"), Text("name_zh"), Enum("role", roles), Ref("place", kPlaces),
        Ref("park", kParks, true), List("certifications"), Real("ttr_days", 0, kMaxDaysStated),
        Extra(Int("employees", 0, kMaxEmployees), "0"), Extra(Bool("synthetic"), "false"),
        Extra(Uscc("uscc"), "")},
       {0}},
      {kVehicleLines,
       "vehicle_lines",
       {Text("id"), Ref("oem", kEnterprises), Ref("place", kPlaces), Enum("powertrain", lines),
        Int("annual_volume", 0, kMaxAnnualUnits), Real("unit_price_yuan", 0, kMaxPriceYuan)},
       {0}},
      {kBom,
       "bom",
       {Ref("vehicle_line", kVehicleLines), Ref("component", kComponents),
        Real("qty_per_vehicle", 0, kMaxQuantityPerUnit)},
       {0, 1}},
      {kCapabilities,
       "capabilities",
       {Ref("supplier", kEnterprises), Ref("component", kComponents),
        Int("annual_capacity", 0, kMaxAnnualUnits), Int("committed", 0, kMaxAnnualUnits),
        Real("unit_price_yuan", kMinPriceYuan, kMaxPriceYuan), Real("lead_time_days", 0, kMaxDaysStated),
        Real("quality", 0, 1), Real("inventory_days", 0, kMaxDaysStated)},
       {0, 1}},
      {kLinks,
       "links",
       {Ref("buyer", kEnterprises), Ref("supplier", kEnterprises), Ref("component", kComponents),
        Int("annual_volume", 0, kMaxAnnualUnits), Real("unit_price_yuan", kMinPriceYuan, kMaxPriceYuan),
        Real("buyer_inventory_days", 0, kMaxDaysStated),
        Extra(Real("in_transit_days", 0, kMaxDaysStated), "0")},
       {0, 1, 2}},
      {kDemands,
       "demands",
       {Text("id"), Ref("buyer", kEnterprises), Ref("component", kComponents),
        Int("annual_quantity", 1, kMaxAnnualUnits), Date("start_date"),
        Real("max_distance_km", 0, kMaxDistanceKm, true), List("required_certs"), Bool("prefer_local"),
        Real("max_share", kMinShare, 1), Extra(Enum("status", {"open", "closed"}), "open")},
       {0}},
      {kOffers,
       "offers",
       {Text("id"), Ref("supplier", kEnterprises), Ref("component", kComponents),
        Int("annual_capacity", 1, kMaxAnnualUnits), Real("unit_price_yuan", kMinPriceYuan, kMaxPriceYuan),
        Date("valid_until", true), Extra(Enum("status", {"open", "closed"}), "open"),
        Extra(Bool("price_public"), "false")},
       {0}},
      {kDistribution,
       "distribution",
       {Ref("dealer", kEnterprises), Ref("oem", kEnterprises), Int("annual_volume", 0, kMaxAnnualUnits)},
       {0, 1}},
  };
}

bool IsDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  const int year = std::stoi(std::string(s.substr(0, 4)));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

std::expected<void, std::string> CheckBounds(double v, const ColumnSpec& c) {
  if (!std::isfinite(v)) return std::unexpected("not a finite number");
  if (v < c.min) {
    if (c.min == 0) return std::unexpected(fmt::format("negative value {}", PlainNumber(v)));
    return std::unexpected(fmt::format("{} is below the minimum {}", PlainNumber(v), PlainNumber(c.min)));
  }
  if (v > c.max)
    return std::unexpected(fmt::format("{} is above the maximum {}", PlainNumber(v), PlainNumber(c.max)));
  return {};
}

std::string Join(const std::vector<std::string_view>& values) {
  std::string out;
  for (auto v : values) out += (out.empty() ? "" : ", ") + std::string(v);
  return out;
}

}  // namespace

std::span<const TableSpec> TableSpecs() {
  static const std::vector<TableSpec> specs = BuildSpecs();
  return specs;
}

const TableSpec& SpecOf(Table t) {
  return TableSpecs()[static_cast<std::size_t>(t)];
}

std::string_view SingularOf(Table t) {
  switch (t) {
    case Table::kPlaces:
      return "place";
    case Table::kParks:
      return "park";
    case Table::kComponents:
      return "component";
    case Table::kComponentInputs:
      return "component input";
    case Table::kEnterprises:
      return "enterprise";
    case Table::kVehicleLines:
      return "vehicle line";
    case Table::kBom:
      return "BOM item";
    case Table::kCapabilities:
      return "capability";
    case Table::kLinks:
      return "link";
    case Table::kDemands:
      return "demand";
    case Table::kOffers:
      return "offer";
    case Table::kDistribution:
      return "distribution row";
  }
  return "row";
}

std::expected<Cell, std::string> ParseCell(std::string_view text, const ColumnSpec& c) {
  if (text.empty()) {
    if (c.optional) return c.kind == kList ? Cell{std::vector<std::string>{}} : Cell{};
    return std::unexpected("empty value");
  }
  switch (c.kind) {
    case kText: {
      if (c.uscc) {
        if (const std::optional<UsccProblem> problem = CheckUscc(text))
          return std::unexpected(
              fmt::format("'{}' is not a unified social credit code: {}", text, Describe(*problem)));
        return Cell{*NormalizeUscc(text)};
      }
      Cell cell{std::string(text)};
      if (auto ok = CheckCell(cell, c); !ok) return std::unexpected(ok.error());
      return cell;
    }
    case kInt: {
      std::int64_t v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec == std::errc::result_out_of_range)
        return std::unexpected(fmt::format("'{}' is out of range", text));
      if (ec != std::errc() || end != text.data() + text.size())
        return std::unexpected(fmt::format("'{}' is not a whole number", text));
      if (auto ok = CheckBounds(static_cast<double>(v), c); !ok) return std::unexpected(ok.error());
      return Cell{v};
    }
    case kReal: {
      double v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || end != text.data() + text.size())
        return std::unexpected(fmt::format("'{}' is not a number", text));
      if (auto ok = CheckBounds(v, c); !ok) return std::unexpected(ok.error());
      return Cell{v};
    }
    case kBool:
      if (text == "true" || text == "1" || text == "yes") return Cell{true};
      if (text == "false" || text == "0" || text == "no") return Cell{false};
      return std::unexpected(fmt::format("'{}' is not true or false", text));
    case kList: {
      std::vector<std::string> items;
      std::size_t start = 0;
      while (start <= text.size()) {
        std::size_t end = text.find(';', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view item = text.substr(start, end - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.empty()) return std::unexpected("empty item in ';'-separated list");
        items.emplace_back(item);
        start = end + 1;
      }
      return Cell{std::move(items)};
    }
    case kDate:
      if (!IsDate(text)) return std::unexpected(fmt::format("'{}' is not a date YYYY-MM-DD", text));
      return Cell{std::string(text)};
  }
  return std::unexpected("unknown column kind");
}

std::expected<void, std::string> CheckCell(const Cell& cell, const ColumnSpec& c) {
  if (std::holds_alternative<std::monostate>(cell)) {
    if (c.optional) return {};
    return std::unexpected("missing value");
  }
  switch (c.kind) {
    case kText:
    case kDate: {
      const auto* s = std::get_if<std::string>(&cell);
      if (!s) return std::unexpected("expected a text");
      if (s->empty()) {
        if (c.optional) return {};
        return std::unexpected("empty value");
      }
      if (c.kind == kDate && !IsDate(*s))
        return std::unexpected(fmt::format("'{}' is not a date YYYY-MM-DD", *s));
      if (c.uscc) {
        if (const std::optional<UsccProblem> problem = CheckUscc(*s))
          return std::unexpected(
              fmt::format("'{}' is not a unified social credit code: {}", *s, Describe(*problem)));
        if (NormalizeUscc(*s) != *s)
          return std::unexpected(fmt::format("'{}' must be written without spaces, in capitals", *s));
      }
      if (!c.allowed.empty()) {
        for (auto a : c.allowed)
          if (a == *s) return {};
        return std::unexpected(fmt::format("'{}' is not one of {}", *s, Join(c.allowed)));
      }
      return {};
    }
    case kInt:
      if (const auto* v = std::get_if<std::int64_t>(&cell)) return CheckBounds(static_cast<double>(*v), c);
      return std::unexpected("expected a whole number");
    case kReal:
      if (const auto* v = std::get_if<double>(&cell)) return CheckBounds(*v, c);
      return std::unexpected("expected a number");
    case kBool:
      if (std::holds_alternative<bool>(cell)) return {};
      return std::unexpected("expected true or false");
    case kList:
      if (const auto* v = std::get_if<std::vector<std::string>>(&cell)) {
        for (const auto& item : *v)
          if (item.empty() || item.find(';') != std::string::npos)
            return std::unexpected("list items must be non-empty and contain no ';'");
        return {};
      }
      return std::unexpected("expected a list of texts");
  }
  return std::unexpected("unknown column kind");
}

std::string FormatCell(const Cell& cell) {
  struct Visitor {
    std::string operator()(std::monostate) const { return {}; }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(std::int64_t v) const { return std::to_string(v); }
    std::string operator()(double v) const { return PlainNumber(v); }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(const std::vector<std::string>& v) const {
      std::string out;
      for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ";" : "") + v[i];
      return out;
    }
  };
  return std::visit(Visitor{}, cell);
}

std::string KeyOf(const TableSpec& spec, const Row& row) {
  std::string key;
  for (std::size_t i = 0; i < spec.key.size(); ++i) {
    if (i) key += '|';
    key += FormatCell(row[spec.key[i]]);
  }
  return key;
}

// ---- Dataset <-> rows ---------------------------------------------------------------------------------
namespace {

const std::string& S(const Row& r, std::size_t i) {
  return std::get<std::string>(r[i]);
}
std::string OptS(const Row& r, std::size_t i) {
  return std::holds_alternative<std::string>(r[i]) ? std::get<std::string>(r[i]) : std::string();
}
std::int64_t I(const Row& r, std::size_t i) {
  return std::get<std::int64_t>(r[i]);
}
double D(const Row& r, std::size_t i) {
  return std::get<double>(r[i]);
}
std::optional<double> OptD(const Row& r, std::size_t i) {
  if (const auto* v = std::get_if<double>(&r[i])) return *v;
  return std::nullopt;
}
bool B(const Row& r, std::size_t i) {
  return std::get<bool>(r[i]);
}
std::vector<std::string> L(const Row& r, std::size_t i) {
  if (const auto* v = std::get_if<std::vector<std::string>>(&r[i])) return *v;
  return {};
}
Cell Opt(const std::optional<double>& v) {
  return v ? Cell{*v} : Cell{};
}
Cell OptText(const std::string& s) {
  return s.empty() ? Cell{} : Cell{s};
}

}  // namespace

std::size_t RowCount(const Dataset& d, Table t) {
  switch (t) {
    case Table::kPlaces:
      return d.places.size();
    case Table::kParks:
      return d.parks.size();
    case Table::kComponents:
      return d.components.size();
    case Table::kComponentInputs:
      return d.component_inputs.size();
    case Table::kEnterprises:
      return d.enterprises.size();
    case Table::kVehicleLines:
      return d.vehicle_lines.size();
    case Table::kBom:
      return d.bom.size();
    case Table::kCapabilities:
      return d.capabilities.size();
    case Table::kLinks:
      return d.links.size();
    case Table::kDemands:
      return d.demands.size();
    case Table::kOffers:
      return d.offers.size();
    case Table::kDistribution:
      return d.distribution.size();
  }
  return 0;
}

Row EncodeRow(const Dataset& d, Table t, std::size_t i) {
  switch (t) {
    case Table::kPlaces: {
      const Place& p = d.places[i];
      return {p.code, p.name, p.name_zh, std::string(ToString(p.province)), Opt(p.lat), Opt(p.lon), p.focus};
    }
    case Table::kParks: {
      const Park& p = d.parks[i];
      return {p.id, p.name, p.place};
    }
    case Table::kComponents: {
      const ComponentType& c = d.components[i];
      return {c.code,
              c.name,
              c.name_zh,
              c.assembly,
              std::string(ToString(c.direction)),
              std::string(ToString(c.powertrain)),
              c.unit,
              c.unit_price_yuan,
              c.typical_qty_per_vehicle};
    }
    case Table::kComponentInputs: {
      const ComponentInput& c = d.component_inputs[i];
      return {c.component, c.input_component, c.qty_per_unit};
    }
    case Table::kEnterprises: {
      const Enterprise& e = d.enterprises[i];
      return {e.id,        e.name,          e.name_zh,        std::string(ToString(e.role)),
              e.place,     OptText(e.park), e.certifications, e.ttr_days,
              e.employees, e.synthetic,     OptText(e.uscc)};
    }
    case Table::kVehicleLines: {
      const VehicleLine& v = d.vehicle_lines[i];
      return {v.id, v.oem, v.place, std::string(ToString(v.powertrain)), v.annual_volume, v.unit_price_yuan};
    }
    case Table::kBom: {
      const BomItem& b = d.bom[i];
      return {b.vehicle_line, b.component, b.qty_per_vehicle};
    }
    case Table::kCapabilities: {
      const Capability& c = d.capabilities[i];
      return {c.supplier,        c.component,      c.annual_capacity, c.committed,
              c.unit_price_yuan, c.lead_time_days, c.quality,         c.inventory_days};
    }
    case Table::kLinks: {
      const SupplyLink& l = d.links[i];
      return {l.buyer,          l.supplier,        l.component,
              l.annual_volume,  l.unit_price_yuan, l.buyer_inventory_days,
              l.in_transit_days};
    }
    case Table::kDemands: {
      const Demand& m = d.demands[i];
      return {m.id,
              m.buyer,
              m.component,
              m.annual_quantity,
              m.start_date,
              Opt(m.max_distance_km),
              m.required_certs,
              m.prefer_local,
              m.max_share,
              std::string(m.open ? "open" : "closed")};
    }
    case Table::kOffers: {
      const Offer& o = d.offers[i];
      return {o.id,
              o.supplier,
              o.component,
              o.annual_capacity,
              o.unit_price_yuan,
              OptText(o.valid_until),
              std::string(o.open ? "open" : "closed"),
              o.price_public};
    }
    case Table::kDistribution: {
      const Distribution& x = d.distribution[i];
      return {x.dealer, x.oem, x.annual_volume};
    }
  }
  return {};
}

void AppendRow(Dataset& d, Table t, const Row& r) {
  switch (t) {
    case Table::kPlaces:
      d.places.push_back(
          {S(r, 0), S(r, 1), S(r, 2), *ParseProvince(S(r, 3)), OptD(r, 4), OptD(r, 5), L(r, 6)});
      return;
    case Table::kParks:
      d.parks.push_back({S(r, 0), S(r, 1), S(r, 2)});
      return;
    case Table::kComponents:
      d.components.push_back({S(r, 0), S(r, 1), S(r, 2), S(r, 3), *ParseDirection(S(r, 4)),
                              *ParseComponentUse(S(r, 5)), S(r, 6), D(r, 7), D(r, 8)});
      return;
    case Table::kComponentInputs:
      d.component_inputs.push_back({S(r, 0), S(r, 1), D(r, 2)});
      return;
    case Table::kEnterprises:
      d.enterprises.push_back({S(r, 0), S(r, 1), S(r, 2), *ParseRole(S(r, 3)), S(r, 4), OptS(r, 5), L(r, 6),
                               D(r, 7), I(r, 8), B(r, 9), OptS(r, 10)});
      return;
    case Table::kVehicleLines:
      d.vehicle_lines.push_back({S(r, 0), S(r, 1), S(r, 2), *ParseLinePowertrain(S(r, 3)), I(r, 4), D(r, 5)});
      return;
    case Table::kBom:
      d.bom.push_back({S(r, 0), S(r, 1), D(r, 2)});
      return;
    case Table::kCapabilities:
      d.capabilities.push_back({S(r, 0), S(r, 1), I(r, 2), I(r, 3), D(r, 4), D(r, 5), D(r, 6), D(r, 7)});
      return;
    case Table::kLinks:
      d.links.push_back({S(r, 0), S(r, 1), S(r, 2), I(r, 3), D(r, 4), D(r, 5), D(r, 6)});
      return;
    case Table::kDemands:
      d.demands.push_back({S(r, 0), S(r, 1), S(r, 2), I(r, 3), S(r, 4), OptD(r, 5), L(r, 6), B(r, 7), D(r, 8),
                           S(r, 9) == "open"});
      return;
    case Table::kOffers:
      d.offers.push_back(
          {S(r, 0), S(r, 1), S(r, 2), I(r, 3), D(r, 4), OptS(r, 5), S(r, 6) == "open", B(r, 7)});
      return;
    case Table::kDistribution:
      d.distribution.push_back({S(r, 0), S(r, 1), I(r, 2)});
      return;
  }
}

bool IsCalendarDate(std::string_view s) {
  return IsDate(s);
}

}  // namespace chainscope
