// cli: the chain analytics commands — localization, flows, weak-links, invest — as tables, JSON (the API's
// own views, view/analytics_json.h) or CSV (the same views flattened, one row per list item).
#include <fmt/format.h>
#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/json_csv.h"
#include "cli/text.h"
#include "core/taxonomy.h"
#include "io/json_text.h"
#include "service/analytics.h"
#include "service/params.h"
#include "view/analytics_json.h"

namespace chainscope::cli {
namespace json = boost::json;
namespace {

std::shared_ptr<const Network> Load(const std::string& db) {
  return Platform::Open(db)->state()->chain;
}

void CheckOutput(bool json, bool csv) {
  if (json && csv) throw InvalidInput("choose one of --json and --csv");
}

constexpr std::size_t kTableRows = 20;

/// Rows a table shows: --limit N (0 = all), else kTableRows.
std::size_t TableLimit(const AnalyticsOptions& o) {
  if (o.limit == kUnsetLimit) return kTableRows;
  return o.limit == 0 ? kNoLimit : o.limit;
}
/// Items each JSON list holds: --limit N (0 = all), else all.
std::size_t ListLimit(const AnalyticsOptions& o) {
  return o.limit == kUnsetLimit || o.limit == 0 ? kNoLimit : o.limit;
}

std::string ScopeText(BuyerScope s, const std::optional<Province>& p) {
  std::string text = s == BuyerScope::kOems ? "purchases by vehicle makers" : "purchases at every tier";
  if (p) text += fmt::format(" in {}", ToString(*p));
  return text;
}

}  // namespace

int Localization(const AnalyticsOptions& o) {
  CheckOutput(o.json, o.csv);
  auto net = Load(o.db);
  const LocalizationAnswer a = AnswerLocalization(*net, FlagParams({{"by", &o.by},
                                                                    {"buyers", &o.buyers},
                                                                    {"buyer_province", &o.buyer_province},
                                                                    {"oem", &o.oem},
                                                                    {"component", &o.component}}));
  const LocalizationQuery& q = a.query;
  const std::vector<LocalizationRow>& rows = a.rows;
  const json::object view = LocalizationJson(q, rows);
  if (o.json) return fmt::print("{}\n", JsonText(view)), 0;
  if (o.csv) return PrintTable(view.at("rows").as_array(), net->data(), "localization"), 0;
  fmt::print("Local sourcing by {} — {}\n", ToString(q.by), ScopeText(q.scope, q.buyer_province));
  fmt::print(
      "local = supplier in the buyer's own province; regional = in Sichuan + Chongqing; deep = the whole "
      "upstream path stays there\n\n");
  fmt::print("{:<16} {:<32} {:>13} {:>8} {:>8} {:>9} {:>8} {:>9} {:>8}\n", "key", "name", "value yuan/yr",
             "local", "local", "regional", "deep", "deep", "unknown");
  fmt::print("{:<16} {:<32} {:>13} {:>8} {:>8} {:>9} {:>8} {:>9} {:>8}\n", "", "", "", "value", "volume",
             "value", "local", "regional", "origin");
  const std::size_t shown = TableLimit(o);
  for (std::size_t i = 0; i < rows.size() && i < shown; ++i) {
    const LocalizationRow& r = rows[i];
    fmt::print("{:<16} {:<32} {:>13} {:>8} {:>8} {:>9} {:>8} {:>9} {:>8}\n", Clip(r.key, 16),
               Clip(r.label, 32), Yuan(r.value_yuan), Percent(r.local_share_value()),
               Percent(r.local_share_volume()), Percent(r.regional_share_value()),
               Percent(r.deep_local_share_value()), Percent(r.deep_regional_share_value()),
               Percent(r.value_yuan > 0 ? r.deep_unknown_value_yuan / r.value_yuan : 0));
  }
  if (rows.size() > shown) fmt::print("… {} more rows (--limit 0 shows all)\n", rows.size() - shown);
  return 0;
}

int Flows(const AnalyticsOptions& o) {
  CheckOutput(o.json, o.csv);
  auto net = Load(o.db);
  const FlowsAnswer a = AnswerFlows(
      *net,
      FlagParams(
          {{"buyers", &o.buyers}, {"component", &o.component}, {"assembly", &o.assembly}, {"oem", &o.oem}}));
  const FlowQuery& q = a.query;
  const FlowReport& r = a.report;
  const json::object view = FlowsJson(*net, r, ListLimit(o));
  const std::size_t shown = TableLimit(o);
  if (o.json) return fmt::print("{}\n", JsonText(view)), 0;
  if (o.csv) return PrintTable(FlowsJson(*net, r).at("places").as_array(), net->data(), "flows: places"), 0;
  fmt::print("Purchase flows, supplier → buyer — {}: {} yuan/yr on {} links\n\n",
             ScopeText(q.scope, std::nullopt), Yuan(r.total_value_yuan),
             Thousands(static_cast<std::int64_t>(r.links)));
  fmt::print("{:<30} {:>14} {:>7}\n", "flow", "value yuan/yr", "share");
  for (std::size_t c = 0; c < kFlowCategoryCount; ++c) {
    const double v = r.category_value_yuan[c];
    fmt::print("{:<30} {:>14} {:>7}\n", Label(static_cast<FlowCategory>(c)), Yuan(v),
               Percent(r.total_value_yuan > 0 ? v / r.total_value_yuan : 0));
  }
  fmt::print("\n{:<14} {:<18} {:<14} {:<18} {:>14} {:>7}\n", "from", "", "to", "", "value yuan/yr", "links");
  for (std::size_t i = 0; i < r.places.size() && i < shown; ++i) {
    const Flow& f = r.places[i];
    const Place& from = net->place(f.from);
    const Place& to = net->place(f.to);
    fmt::print("{:<14} {:<18} {:<14} {:<18} {:>14} {:>7}\n", from.code, Clip(from.name, 18), to.code,
               Clip(to.name, 18), Yuan(f.value_yuan), f.links);
  }
  if (r.places.size() > shown)
    fmt::print("… {} more place pairs (--limit 0 shows all)\n", r.places.size() - shown);
  return 0;
}

int WeakLinks(const AnalyticsOptions& o) {
  CheckOutput(o.json, o.csv);
  const Params params = FlagParams(
      {{"buyers", &o.buyers}, {"buyer_province", &o.buyer_province}, {"gap_threshold", &o.gap_threshold}});
  auto net = Load(o.db);
  const WeakLinksAnswer a = AnswerWeakLinks(*net, params);
  const WeakLinksQuery& q = a.query;
  const WeakLinksReport& r = a.report;
  if (o.json) return fmt::print("{}\n", JsonText(WeakLinksJson(*net, r, ListLimit(o)))), 0;
  if (o.csv)
    return PrintTable(WeakLinksJson(*net, r).at("critical_suppliers").as_array(), net->data(),
                      "weak links: critical suppliers"),
           0;
  const std::size_t n = TableLimit(o);
  fmt::print("Weak links — {}\n\n", ScopeText(q.scope, q.buyer_province));
  fmt::print("single-sourced (buyer, component) pairs: {} of {}, {} yuan/yr ({} of purchase value)\n",
             Thousands(static_cast<std::int64_t>(r.single_sourced.size())),
             Thousands(static_cast<std::int64_t>(r.source_pairs)), Yuan(r.single_sourced_value_yuan),
             Percent(r.purchase_value_yuan > 0 ? r.single_sourced_value_yuan / r.purchase_value_yuan : 0));
  fmt::print("critical suppliers: {}\n\n", r.critical_suppliers.size());

  fmt::print(
      "Critical suppliers (their loss leaves a buyer with no qualified source, directly or via tier 2)\n");
  fmt::print("{:<12} {:<38} {:<12} {:>6} {:>10} {:>14}  {}\n", "supplier", "name", "place", "buyers",
             "vehicles", "vehicle value", "components");
  for (std::size_t i = 0; i < r.critical_suppliers.size() && i < n; ++i) {
    const CriticalSupplier& c = r.critical_suppliers[i];
    std::vector<std::string_view> comps;
    std::vector<EnterpriseId> buyers;
    for (const SourcePair& p : c.cut) {
      comps.push_back(net->component(p.component).code);
      buyers.push_back(p.buyer);
    }
    std::sort(comps.begin(), comps.end());
    comps.erase(std::unique(comps.begin(), comps.end()), comps.end());
    std::sort(buyers.begin(), buyers.end());
    buyers.erase(std::unique(buyers.begin(), buyers.end()), buyers.end());
    std::string comp_text;
    for (auto x : comps) comp_text += (comp_text.empty() ? "" : ", ") + std::string(x);
    fmt::print("{:<12} {:<38} {:<12} {:>6} {:>10} {:>14}  {}\n", net->enterprise(c.supplier).id,
               Clip(net->enterprise(c.supplier).name, 38),
               Clip(net->place(net->place_of(c.supplier)).name, 12), buyers.size(),
               Thousands(static_cast<std::int64_t>(c.vehicles_exposed)), Yuan(c.value_exposed_yuan),
               Clip(comp_text, 40));
  }
  fmt::print("\nLargest single-sourced purchases\n{:<16} {:<10} {:<12} {:>14}\n", "buyer", "component",
             "supplier", "value yuan/yr");
  for (std::size_t i = 0; i < r.single_sourced.size() && i < n; ++i) {
    const SingleSourced& s = r.single_sourced[i];
    fmt::print("{:<16} {:<10} {:<12} {:>14}\n", Clip(net->enterprise(s.buyer).id, 16),
               net->component(s.component).code, net->enterprise(s.supplier).id, Yuan(s.value_yuan));
  }
  fmt::print(
      "\nMost concentrated component types, region-wide (HHI 0–10,000; over 2,500 is highly concentrated)\n");
  fmt::print("{:<10} {:<34} {:>7} {:>9} {:>12} {:>9}\n", "component", "name", "HHI", "suppliers",
             "top supplier", "top share");
  for (std::size_t i = 0; i < r.hhi_region.size() && i < n; ++i) {
    const Concentration& c = r.hhi_region[i];
    fmt::print("{:<10} {:<34} {:>7.0f} {:>9} {:>12} {:>9}\n", net->component(c.component).code,
               Clip(net->component(c.component).name, 34), c.hhi, c.suppliers,
               c.top_supplier.valid() ? net->enterprise(c.top_supplier).id : "-", Percent(c.top_share));
  }
  fmt::print("\nChain gaps: local capacity covers under {} of local demand (largest uncovered value first)\n",
             Percent(q.gap_threshold));
  fmt::print("{:<10} {:<34} {:<10} {:>14} {:>14} {:>9} {:>14}\n", "component", "name", "area", "demand units",
             "capacity", "coverage", "uncovered yuan");
  for (std::size_t i = 0; i < r.gaps.size() && i < n; ++i) {
    const Coverage& c = r.gaps[i];
    fmt::print("{:<10} {:<34} {:<10} {:>14} {:>14} {:>9} {:>14}\n", net->component(c.component).code,
               Clip(net->component(c.component).name, 34), ToString(c.area),
               Thousands(static_cast<std::int64_t>(c.demand_units)),
               Thousands(static_cast<std::int64_t>(c.capacity_units)), Percent(c.coverage()),
               Yuan(c.uncovered_value_yuan()));
  }
  return 0;
}

int Invest(const InvestOptions& o) {
  CheckOutput(o.json, o.csv);
  auto net = Load(o.db);
  const Params params = FlagParams({{"top", &o.top},
                                    {"per_component", &o.per_component},
                                    {"radius_km", &o.radius_km},
                                    {"capacity", &o.capacity},
                                    {"max_share", &o.max_share},
                                    {"component", &o.component},
                                    {"province", &o.province}},
                                   o.weights, kInvestPartNames);
  if (o.what_if) {
    if (o.component.empty() || o.place.empty()) throw InvalidInput("--what-if needs --component and --place");
    // The same request body the API takes, from the flags (their values checked as the ranking's are).
    const InvestQuery checked = InvestQueryOf(*net, params);
    json::object body{{"component", o.component}, {"place", o.place}, {"max_share", checked.max_share}};
    if (checked.capacity_units) body["capacity_units"] = *checked.capacity_units;
    if (!o.id.empty()) body["id"] = o.id;
    if (!o.name.empty()) body["name"] = o.name;
    // The operator's own machine: no server bound on the what-if's cost.
    const WhatIfResult r = AnswerWhatIf(*net, body, std::numeric_limits<std::size_t>::max()).result;
    const json::object view = WhatIfJson(*net, r);
    if (o.json) return fmt::print("{}\n", JsonText(view)), 0;
    if (o.csv)
      return PrintTable(view.at("plan").at("moves").as_array(), net->data(), "investment what-if: moves"), 0;
    const Place& place = net->place(net->FindPlace(r.supplier.place));
    const ComponentType& comp = net->component(net->FindComponent(r.supplier.component));
    fmt::print("What if {} ({}) were attracted: {} {} a year of {} ({}) in {} ({})\n", r.supplier.name,
               r.supplier.id, Thousands(*r.supplier.capacity_units), comp.unit, comp.name, comp.code,
               place.name, ToString(place.province));
    fmt::print(
        "it takes over {} {} ({} yuan/yr) from {} buyers' non-local suppliers, each at most {} of its "
        "volume\n\n",
        Thousands(r.plan.units), comp.unit, Yuan(r.plan.value_yuan), r.plan.moves.size(),
        Percent(r.supplier.max_share));
    const WhatIfMeasures& b = r.before;
    const WhatIfMeasures& a = r.after;
    fmt::print("{:<58} {:>14} {:>14} {:>12}\n", "measure", "before", "after", "change");
    auto share = [](std::string_view label, double x, double y) {
      fmt::print("{:<58} {:>14} {:>14} {:>+11.2f}pp\n", label, Percent(x), Percent(y), 100 * (y - x));
    };
    const std::string prov(ToString(place.province));
    share(fmt::format("local sourcing of vehicle makers in {} (value)", prov), b.local_share_value,
          a.local_share_value);
    share(fmt::format("local sourcing, every tier, in {} (value)", prov), b.local_share_all_tiers_value,
          a.local_share_all_tiers_value);
    share(fmt::format("local sourcing of {} in {} (value)", comp.code, prov), b.component_local_share_value,
          a.component_local_share_value);
    fmt::print("{:<58} {:>14} {:>14} {:>12}\n",
               fmt::format("capacity in {} ÷ demand for {}", prov, comp.code), Percent(b.component_coverage),
               Percent(a.component_coverage),
               fmt::format("{:+.1f}pp", 100 * (a.component_coverage - b.component_coverage)));
    fmt::print("{:<58} {:>14.0f} {:>14.0f} {:>+12.0f}\n", fmt::format("HHI of {} region-wide", comp.code),
               b.component_hhi, a.component_hhi, a.component_hhi - b.component_hhi);
    fmt::print("{:<58} {:>14} {:>14} {:>12}\n", "single-sourced purchase value, yuan/yr",
               Yuan(b.single_sourced_value_yuan), Yuan(a.single_sourced_value_yuan),
               Yuan(a.single_sourced_value_yuan - b.single_sourced_value_yuan));
    fmt::print("{:<58} {:>14} {:>14} {:>+12}\n", "single-sourced pairs", b.single_sourced_pairs,
               a.single_sourced_pairs,
               static_cast<std::int64_t>(a.single_sourced_pairs) -
                   static_cast<std::int64_t>(b.single_sourced_pairs));
    fmt::print(
        "{:<58} {:>14} {:>14} {:>+12}\n", "critical suppliers", b.critical_suppliers, a.critical_suppliers,
        static_cast<std::int64_t>(a.critical_suppliers) - static_cast<std::int64_t>(b.critical_suppliers));
    return 0;
  }
  const InvestAnswer answer = AnswerInvest(*net, params);
  const InvestQuery& q = answer.query;
  const std::vector<InvestTarget>& targets = answer.targets;
  const json::object view = InvestJson(*net, q, targets);
  if (o.json) return fmt::print("{}\n", JsonText(view)), 0;
  if (o.csv) return PrintTable(view.at("targets").as_array(), net->data(), "investment targets"), 0;
  fmt::print(
      "Investment targets: component makers to attract, by district or city (radius {:.0f} km; one maker of "
      "the median capacity unless --capacity; each buyer moves at most {} of its volume)\n\n",
      q.radius_km, Percent(q.max_share));
  fmt::print("{:>3}  {:<9} {:<28} {:<14} {:>6} {:>5} {:>13} {:>13} {:>7} {:>9} {:>13}\n", "#", "component",
             "name", "place", "score", "focus", "addressable", "moved yuan", "buyers", "local +pp",
             "single-src −");
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const InvestTarget& t = targets[i];
    fmt::print("{:>3}  {:<9} {:<28} {:<14} {:>6.3f} {:>5} {:>13} {:>13} {:>7} {:>9.2f} {:>13}\n", i + 1,
               net->component(t.component).code, Clip(net->component(t.component).name, 28),
               Clip(net->place(t.place).name, 14), t.score, t.focus ? "yes" : "",
               Yuan(t.addressable_value_yuan), Yuan(t.moved_value_yuan), t.buyers_served,
               t.local_share_gain_pp, Yuan(t.single_sourced_drop_yuan));
  }
  fmt::print(
      "\nlocal +pp: gain in local sourcing of the province's vehicle makers (value); single-src −: drop in "
      "single-sourced value. `--what-if --component C --place P` recomputes everything with such a maker.\n");
  return 0;
}

}  // namespace chainscope::cli
