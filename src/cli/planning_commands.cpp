// cli: the planning commands — site-select (where an enterprise should build) and frontier (how far local
// sourcing can rise at what premium) — as text, JSON (the API's views, view/planning_json.h) or tables.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <map>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/json_csv.h"
#include "cli/text.h"
#include "core/number_text.h"
#include "io/json_text.h"
#include "service/planning.h"
#include "view/planning_json.h"

namespace chainscope::cli {
namespace json = boost::json;
namespace {

std::string Share(double x) {
  return Percent(x);
}

}  // namespace

int SiteSelect(const SiteSelectOptions& o) {
  if (o.json && o.csv) throw InvalidInput("choose one of --json and --csv");
  const std::string keep_existing = o.no_existing ? "false" : "";
  const Params params = FlagParams({{"enterprise", &o.enterprise},
                                    {"component", &o.component},
                                    {"capacity", &o.capacity},
                                    {"sites", &o.sites},
                                    {"radius_km", &o.radius_km},
                                    {"candidates", &o.candidates},
                                    {"max_share", &o.max_share},
                                    {"time_limit_seconds", &o.time_limit_seconds},
                                    {"keep_existing", &keep_existing}},
                                   o.weights, kSuitabilityParts);
  const auto platform = Platform::Open(o.db);
  const auto state = platform->state();
  const auto net = state->chain;
  const SiteSelectionAnswer a = AnswerSiteSelection(*platform, *state, LocalOperator(), params);
  const json::object view = SiteSelectionJson(*net, a);
  if (o.json) return fmt::print("{}\n", JsonText(view)), 0;
  if (o.csv) return PrintTable(view.at("chosen").as_array(), net->data(), "site selection: chosen sites"), 0;

  const SiteSelection& s = a.selection;
  const SiteCostModel& c = s.model.cost;
  const ComponentType& comp = net->component(s.model.component);
  fmt::print("Site selection for {} ({}): plants of {} {} a year of {} ({}), at most {} new\n",
             net->enterprise(s.model.enterprise).name, net->enterprise(s.model.enterprise).id,
             Thousands(c.capacity_units), comp.unit, comp.name, comp.code, c.max_sites);
  fmt::print(
      "cost model: investment {} yuan per plant ({} yuan per unit of capacity, {} land), over {} years "
      "= {} yuan/yr before incentives; transport {} yuan per unit-km; unserved {} yuan per unit\n",
      Yuan(c.investment_yuan), PlainNumber(c.investment_yuan_per_unit), Share(c.land_share),
      PlainNumber(c.amortisation_years), Yuan(c.base_fixed_cost_yuan),
      PlainNumber(c.transport_yuan_per_unit_km), PlainNumber(c.unmet_penalty_yuan_per_unit));
  fmt::print("customers: {} buyers in {} places, {} {} a year{}\n\n", s.model.customers.size(),
             s.model.groups.size(), Thousands(s.solution.demand_units), comp.unit,
             c.radius_km ? fmt::format(" (delivery within {} km)", PlainNumber(*c.radius_km)) : "");
  fmt::print("{:<10} {:<9} {:<34} {:>12} {:>9} {:>14} {:>14}\n", "site", "kind", "name", "units", "buyers",
             "fixed yuan/yr", "transport");
  for (const ChosenSite& site : s.solution.chosen) {
    const SiteCandidate& cand = s.model.candidates[site.candidate];
    fmt::print("{:<10} {:<9} {:<34} {:>12} {:>9} {:>14} {:>14}\n", cand.id, ToString(cand.kind),
               Clip(net->place(cand.place).name, 34), Thousands(site.units), site.served.size(),
               Yuan(site.fixed_cost_yuan), Yuan(site.transport_cost_yuan));
  }
  const SiteSolution& sol = s.solution;
  fmt::print(
      "\n{}: total {} yuan/yr (fixed {}, transport {}, unserved {} units: {}); bound {}, gap {}; {} "
      "nodes, {:.2f} s\n",
      ToString(sol.status), Yuan(sol.total_cost_yuan), Yuan(sol.fixed_cost_yuan),
      Yuan(sol.transport_cost_yuan), Thousands(sol.unserved_units), Yuan(sol.penalty_yuan),
      Yuan(sol.bound_yuan), PlainNumber(std::round(sol.gap * 1e6) / 1e6), sol.nodes, sol.seconds);
  const SiteWhatIf& w = a.what_if;
  fmt::print("\nwhat-if ({} {} a year of purchases move to the new plants)\n", Thousands(w.moved_units),
             comp.unit);
  fmt::print("{:<52} {:>9} {:>9}\n", "measure", "before", "after");
  const auto line = [](std::string_view label, double b, double x) {
    fmt::print("{:<52} {:>9} {:>9}\n", label, Share(b), Share(x));
  };
  line(fmt::format("{} bought in Chongqing from Chongqing (value)", comp.code),
       w.before.chongqing_local_share, w.after.chongqing_local_share);
  line(fmt::format("{} bought in Sichuan from Sichuan (value)", comp.code), w.before.sichuan_local_share,
       w.after.sichuan_local_share);
  for (FlowCategory cat : {FlowCategory::kSichuanToChongqing, FlowCategory::kChongqingToSichuan})
    fmt::print("{:<52} {:>9} {:>9}\n", fmt::format("{} flow, yuan/yr", Label(cat)),
               Yuan(w.before.flows_yuan[static_cast<std::size_t>(cat)]),
               Yuan(w.after.flows_yuan[static_cast<std::size_t>(cat)]));
  fmt::print("\nsuitability (radius {} km)\n{:>3}  {:<10} {:<34} {:>6}\n", PlainNumber(s.ranking.radius_km),
             "#", "site", "name", "score");
  for (std::size_t i = 0; i < s.ranking.items.size() && i < 10; ++i) {
    const Suitability& x = s.ranking.items[i];
    const SiteCandidate& cand = s.model.candidates[x.candidate];
    fmt::print("{:>3}  {:<10} {:<34} {:>6.3f}\n", i + 1, cand.id, Clip(net->place(cand.place).name, 34),
               x.score);
  }
  for (const WeightSensitivity& ws : s.ranking.sensitivity) {
    const auto side = [&](const std::optional<double>& d, const std::optional<std::uint32_t>& who,
                          char sign) {
      return d ? fmt::format("{}{:.1f} pp → {}", sign, 100 * *d, s.model.candidates[*who].id)
               : std::string("never");
    };
    fmt::print("  weight {:<10} {:>5.1f}%: first place changes at {} / {}\n", kSuitabilityParts[ws.part],
               100 * s.ranking.weights[ws.part], side(ws.up, ws.up_winner, '+'),
               side(ws.down, ws.down_winner, '-'));
  }
  for (const Message& m : s.warnings) fmt::print("warning: {}\n", m.text);
  return 0;
}

int LocalizationFrontier(const FrontierOptions& o) {
  if (o.json && o.csv) throw InvalidInput("choose one of --json and --csv");
  const Params params = FlagParams({{"province", &o.province},
                                    {"powertrain", &o.powertrain},
                                    {"max_premium", &o.max_premium},
                                    {"steps", &o.steps},
                                    {"target", &o.target},
                                    {"max_share", &o.max_share},
                                    {"switching_cost", &o.switching_cost},
                                    {"component", &o.component}});
  const auto net = Platform::Open(o.db)->state()->chain;
  const FrontierAnswer a = AnswerFrontier(*net, params);
  const json::object view = FrontierJson(*net, a);
  if (o.json) return fmt::print("{}\n", JsonText(view)), 0;
  if (o.csv) return PrintTable(view.at("points").as_array(), net->data(), "localization frontier"), 0;
  const Frontier& f = a.frontier;
  fmt::print(
      "Localization frontier: vehicle makers in {}, {} powertrains; today {} of {} yuan/yr is local ({})\n\n",
      a.province ? ToString(*a.province) : "Sichuan + Chongqing (each buyer's own province)",
      ToString(a.powertrain), Yuan(f.local_value_yuan), Yuan(f.value_yuan), Share(f.current_share));
  fmt::print("{:>8} {:>12} {:>16} {:>16}\n", "premium", "local share", "extra yuan/yr", "moved yuan/yr");
  for (const FrontierPoint& p : f.points)
    fmt::print("{:>8} {:>12} {:>16} {:>16}\n", Share(p.premium), Share(p.local_share),
               Yuan(p.extra_cost_yuan), Yuan(p.moved_value_yuan));
  const FrontierTarget& t = f.target;
  if (t.reachable)
    fmt::print("\ntarget {}: reached at a premium of {} ({} yuan/yr){}\n", Share(t.share), Share(*t.premium),
               Yuan(*t.extra_cost_yuan), t.reached ? "" : ", beyond --max-premium");
  else {
    fmt::print("\ntarget {}: out of reach; local capacity allows at most {}. Missing capacity in:\n",
               Share(t.share), Share(t.reachable_share));
    for (ComponentId c : t.blocking) {
      for (const ComponentFrontier& row : f.by_component)
        if (row.component == c)
          fmt::print("  {:<10} {:<34} {} yuan/yr stays non-local ({})\n", net->component(c).code,
                     Clip(net->component(c).name, 34), Yuan(row.stuck_value_yuan), ToString(row.limit));
    }
  }
  for (const Message& m : f.warnings) fmt::print("warning: {}\n", m.text);
  return 0;
}

}  // namespace chainscope::cli
