#include "resilience/scenario.h"

#include <fmt/format.h>
#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace chainscope {
namespace json = boost::json;
namespace {

constexpr double kDefaultRecoveryMarginDays = 30;
// Daily buckets by default up to a year: solved by runs of unchanged days (SolveBuckets), the Sichuan power
// rationing over 60 days takes about 1 s at scale 1 (bench_stress).
constexpr double kDailyBucketsUpToDays = 366;
constexpr double kMaxHorizonDays = 3650;

[[noreturn]] void Fail(const std::string& where, const std::string& path, const std::string& reason) {
  throw InvalidInput(fmt::format("{}: {}: {}", where, path, reason));
}

double Number(const json::object& o, std::string_view field, const std::string& where,
              const std::string& path, std::optional<double> fallback, double min, double max,
              bool min_exclusive = false) {
  const json::value* v = o.if_contains(field);
  if (!v) {
    if (fallback) return *fallback;
    Fail(where, path, fmt::format("field '{}' is required", field));
  }
  if (!v->is_number()) Fail(where, path, fmt::format("field '{}' must be a number", field));
  const double x = v->to_number<double>();
  if (!std::isfinite(x) || x < min || x > max || (min_exclusive && x == min))
    Fail(where, path,
         fmt::format("field '{}' must be {} {} and at most {}, got {}", field,
                     min_exclusive ? "greater than" : "at least", min, max, x));
  return x;
}

}  // namespace

Scenario ScenarioFromJson(const json::value& v, const std::string& where) {
  if (!v.is_object()) Fail(where, "(top)", "a scenario is a JSON object");
  const json::object& o = v.as_object();
  for (const auto& kv : o)
    if (kv.key() != "name" && kv.key() != "horizon_days" && kv.key() != "bucket_days" &&
        kv.key() != "disruptions")
      Fail(where, "(top)",
           fmt::format("unknown field '{}' (name, horizon_days, bucket_days, disruptions)",
                       std::string_view(kv.key())));
  Scenario s;
  if (const json::value* n = o.if_contains("name")) {
    if (!n->is_string()) Fail(where, "name", "must be a text");
    s.name = std::string(n->get_string());
  }
  if (o.contains("horizon_days"))
    s.horizon_days = Number(o, "horizon_days", where, "(top)", {}, 0, kMaxHorizonDays, true);
  if (o.contains("bucket_days"))
    s.bucket_days = Number(o, "bucket_days", where, "(top)", {}, 0, kMaxHorizonDays, true);
  const json::value* list = o.if_contains("disruptions");
  if (!list || !list->is_array() || list->as_array().empty())
    Fail(where, "disruptions", "a non-empty list of disruptions is required");
  const auto& items = list->as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string path = fmt::format("disruptions[{}]", i);
    if (!items[i].is_object()) Fail(where, path, "a disruption is a JSON object");
    const json::object& d = items[i].as_object();
    ScenarioDisruption x;
    int targets = 0;
    for (const auto& [field, kind] : {std::pair{"enterprise", ScenarioDisruption::Kind::kEnterprise},
                                      std::pair{"place", ScenarioDisruption::Kind::kPlace},
                                      std::pair{"province", ScenarioDisruption::Kind::kProvince},
                                      std::pair{"component", ScenarioDisruption::Kind::kComponent}}) {
      const json::value* t = d.if_contains(field);
      if (!t) continue;
      if (!t->is_string() || t->get_string().empty())
        Fail(where, path, fmt::format("field '{}' must be a non-empty text", field));
      x.kind = kind;
      x.target = std::string(t->get_string());
      ++targets;
    }
    if (targets != 1) Fail(where, path, "give exactly one of enterprise, place, province, component");
    for (const auto& kv : d)
      if (kv.key() != "enterprise" && kv.key() != "place" && kv.key() != "province" &&
          kv.key() != "component" && kv.key() != "start_day" && kv.key() != "duration_days" &&
          kv.key() != "capacity_loss" && kv.key() != "vehicle_plants")
        Fail(where, path,
             fmt::format(
                 "unknown field '{}' (enterprise, place, province, component, start_day, duration_days, "
                 "capacity_loss, vehicle_plants)",
                 std::string_view(kv.key())));
    x.start_day = Number(d, "start_day", where, path, 0.0, 0, kMaxHorizonDays);
    x.duration_days = Number(d, "duration_days", where, path, {}, 0, kMaxHorizonDays, true);
    x.capacity_loss = Number(d, "capacity_loss", where, path, 1.0, 0, 1, true);
    if (const json::value* p = d.if_contains("vehicle_plants")) {
      if (!p->is_bool()) Fail(where, path, "field 'vehicle_plants' must be true or false");
      x.vehicle_plants = p->get_bool();
    }
    s.disruptions.push_back(std::move(x));
  }
  return s;
}

namespace {

// The target of disruption i, found in the network; InvalidInput names the disruption and the target
// (coded "scenario.unknown_target" with the disruption's index, the kind of target and the target).
[[noreturn]] void UnknownTarget(std::size_t i, std::string_view kind, const std::string& target,
                                std::string_view also = "") {
  throw InvalidInput(Message{"scenario.unknown_target",
                             {{"index", std::to_string(i)}, {"kind", std::string(kind)}, {"target", target}},
                             fmt::format("disruptions[{}]: unknown {} '{}'{}", i, kind, target, also)});
}
EnterpriseId TargetEnterprise(const Network& net, const ScenarioDisruption& d, std::size_t i) {
  const EnterpriseId e = net.FindEnterprise(d.target);
  if (!e.valid()) UnknownTarget(i, "enterprise", d.target);
  return e;
}
PlaceId TargetPlace(const Network& net, const ScenarioDisruption& d, std::size_t i) {
  const PlaceId p = net.FindPlace(d.target);
  if (!p.valid()) UnknownTarget(i, "place", d.target);
  return p;
}
Province TargetProvince(const ScenarioDisruption& d, std::size_t i) {
  const std::optional<Province> p = ParseProvince(d.target);
  if (!p) UnknownTarget(i, "province", d.target, " (Chongqing, Sichuan, OtherChina, Abroad)");
  return *p;
}
ComponentId TargetComponent(const Network& net, const ScenarioDisruption& d, std::size_t i) {
  const ComponentId c = net.FindComponent(d.target);
  if (!c.valid()) UnknownTarget(i, "component", d.target);
  return c;
}

}  // namespace

namespace {

/// A scenario resolved against the chain: the sites and plants each disruption takes, the restricted model
/// of their downstream closure, and its cost.
struct PreparedScenario {
  BuiltModel model;
  std::vector<SiteDisruption> site_disruptions;
  ScenarioPlan plan;
  std::size_t sites_disrupted = 0, plants_disrupted = 0;
};

PreparedScenario Prepare(const SupplyNetwork& chain, const Scenario& scenario, const ModelOptions& options) {
  const Network& net = chain.net();
  // Sites (producers) and plants (lines) each disruption takes, with its window and loss.
  struct Hit {
    std::vector<std::uint32_t> producers;
    std::vector<LineId> lines;
    std::vector<std::uint32_t> unrecorded_sources;
  };
  std::vector<Hit> hits;
  for (std::size_t i = 0; i < scenario.disruptions.size(); ++i) {
    const ScenarioDisruption& d = scenario.disruptions[i];
    Hit h;
    auto take_enterprise = [&](EnterpriseId e, bool plants) {
      for (std::uint32_t q : chain.producers_of(e)) h.producers.push_back(q);
      if (plants)
        for (std::uint32_t l : net.lines_of(e)) h.lines.push_back(LineId(l));
    };
    switch (d.kind) {
      case ScenarioDisruption::Kind::kEnterprise: {
        take_enterprise(TargetEnterprise(net, d, i), true);
        break;
      }
      case ScenarioDisruption::Kind::kPlace:
      case ScenarioDisruption::Kind::kProvince: {
        std::optional<Province> province;
        PlaceId place;
        if (d.kind == ScenarioDisruption::Kind::kPlace)
          place = TargetPlace(net, d, i);
        else
          province = TargetProvince(d, i);
        auto inside = [&](PlaceId p) {
          return place.valid() ? p == place : net.place(p).province == *province;
        };
        for (std::uint32_t e = 0; e < net.enterprise_count(); ++e)
          if (inside(net.place_of(EnterpriseId(e)))) take_enterprise(EnterpriseId(e), false);
        if (d.vehicle_plants)
          for (std::uint32_t l = 0; l < net.line_count(); ++l)
            if (inside(net.line_place(LineId(l)))) h.lines.push_back(LineId(l));
        break;
      }
      case ScenarioDisruption::Kind::kComponent: {
        const ComponentId c = TargetComponent(net, d, i);
        for (const NetCapability& cap : net.capabilities())
          if (cap.component == c)
            if (const std::uint32_t q = chain.FindProducer(cap.supplier, c); q != UINT32_MAX)
              h.producers.push_back(q);
        for (std::uint32_t n = 0; n < chain.sources().size(); ++n)
          if (chain.sources()[n].component == c && chain.sources()[n].unrecorded_per_day > 0)
            h.unrecorded_sources.push_back(n);
        break;
      }
    }
    hits.push_back(std::move(h));
  }
  DisruptedNodes all;
  std::set<std::uint32_t> producers, lines, unrecorded;
  for (const Hit& h : hits) {
    producers.insert(h.producers.begin(), h.producers.end());
    for (LineId l : h.lines) lines.insert(l.value);
    unrecorded.insert(h.unrecorded_sources.begin(), h.unrecorded_sources.end());
  }
  all.producers.assign(producers.begin(), producers.end());
  all.unrecorded_sources.assign(unrecorded.begin(), unrecorded.end());
  for (std::uint32_t l : lines) all.lines.push_back(LineId(l));

  PreparedScenario p{
      chain.Build(all, options, ModelScope::kRestricted), {}, {}, producers.size(), lines.size()};
  const BuiltModel& b = p.model;
  double last_end = 0;
  for (const ScenarioDisruption& d : scenario.disruptions)
    last_end = std::max(last_end, d.start_day + d.duration_days);
  ScenarioPlan& plan = p.plan;
  plan.horizon_days = scenario.horizon_days ? *scenario.horizon_days : last_end + kDefaultRecoveryMarginDays;
  // Daily buckets up to a year (whole program within the bound), else weekly.
  const double columns_per_bucket = static_cast<double>(b.model.activities.size() + 2 * b.model.items.size());
  plan.bucket_days =
      scenario.bucket_days
          ? *scenario.bucket_days
          : (plan.horizon_days <= kDailyBucketsUpToDays &&
                     std::ceil(plan.horizon_days) * static_cast<double>(b.model.items.size()) <=
                         static_cast<double>(kMaxScenarioResultCells)
                 ? 1
                 : 7);
  plan.buckets = static_cast<int>(std::ceil(plan.horizon_days / plan.bucket_days - 1e-9));
  plan.lp_columns = static_cast<std::size_t>(plan.buckets) * static_cast<std::size_t>(columns_per_bucket);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const ScenarioDisruption& d = scenario.disruptions[i];
    for (std::uint32_t q : hits[i].producers)
      if (b.producer_site[q] != kNoSite)
        p.site_disruptions.push_back({b.producer_site[q], d.start_day, d.duration_days, d.capacity_loss});
    for (LineId l : hits[i].lines)
      if (b.line_site[l.value] != kNoSite)
        p.site_disruptions.push_back({b.line_site[l.value], d.start_day, d.duration_days, d.capacity_loss});
    for (std::uint32_t n : hits[i].unrecorded_sources)
      if (b.unrecorded_site[n] != kNoSite)
        p.site_disruptions.push_back({b.unrecorded_site[n], d.start_day, d.duration_days, d.capacity_loss});
  }
  plan.result_cells = static_cast<std::size_t>(plan.buckets) * b.model.items.size();
  if (plan.result_cells <= kMaxScenarioResultCells) {
    const auto runs = UnchangedRuns(b.model, p.site_disruptions, plan.buckets, plan.bucket_days);
    int longest = 0;
    for (const auto& [first, count] : runs) longest = std::max(longest, count);
    plan.runs = static_cast<int>(runs.size());
    // The program over the runs, then halves of a run: two buckets at a time.
    plan.largest_lp_columns = static_cast<std::size_t>(std::max(plan.runs, std::min(longest, 2))) *
                              static_cast<std::size_t>(columns_per_bucket);
    // The halves of a run are solved only where its losses fall: in a disrupted run, or in one after a
    // disruption while stock is rebuilt. At most count − 1 programs of two buckets each per run.
    double first_disrupted_day = std::numeric_limits<double>::infinity();
    for (const SiteDisruption& d : p.site_disruptions)
      if (d.duration_days > 0 && d.loss > 0) first_disrupted_day = std::min(first_disrupted_day, d.start_day);
    plan.programs_at_most = 1;
    plan.program_columns_at_most =
        static_cast<std::size_t>(plan.runs) * static_cast<std::size_t>(columns_per_bucket);
    for (const auto& [first, count] : runs) {
      const double from = first * plan.bucket_days, to = (first + count) * plan.bucket_days;
      if (to <= first_disrupted_day || count < 2) continue;
      bool disrupted = false;
      for (const SiteDisruption& d : p.site_disruptions)
        disrupted = disrupted || (d.loss > 0 && d.start_day < to && d.start_day + d.duration_days > from);
      (disrupted ? plan.refine_programs_disrupted : plan.refine_programs_after) +=
          static_cast<std::size_t>(count - 1);
    }
    plan.programs_at_most += plan.refine_programs_disrupted + plan.refine_programs_after;
    plan.columns_per_bucket = static_cast<std::size_t>(columns_per_bucket);
    plan.estimated_seconds = EstimateScenarioSeconds(plan);
    plan.program_columns_at_most +=
        (plan.programs_at_most - 1) * 2 * static_cast<std::size_t>(columns_per_bucket);
  }
  return p;
}

/// Refuses a plan over a bound, saying what it would cost and what to change.
void CheckBound(const ScenarioPlan& plan) {
  if (plan.result_cells > kMaxScenarioResultCells)
    throw InvalidInput(Message{
        "scenario.over_limit",
        {{"key", "scenario_results"},
         {"cost", std::to_string(plan.result_cells)},
         {"bound", std::to_string(kMaxScenarioResultCells)}},
        fmt::format("the scenario would keep {} results ({} buckets of {:g} days × the items of the chain it "
                    "reaches), over "
                    "the bound of {}; use longer buckets (bucket_days) or a shorter horizon",
                    plan.result_cells, plan.buckets, plan.bucket_days, kMaxScenarioResultCells)});
  if (plan.largest_lp_columns > kMaxScenarioLpColumns)
    throw InvalidInput(
        Message{"scenario.over_limit",
                {{"key", "scenario_program"},
                 {"cost", std::to_string(plan.largest_lp_columns)},
                 {"bound", std::to_string(kMaxScenarioLpColumns)}},
                fmt::format("the scenario's largest program would have {} LP columns ({} runs of unchanged "
                            "{:g}-day buckets), "
                            "over "
                            "the bound of {}; use longer buckets (bucket_days), a shorter horizon or fewer "
                            "disruption windows",
                            plan.largest_lp_columns, plan.runs, plan.bucket_days, kMaxScenarioLpColumns)});
}

}  // namespace

double EstimateScenarioSeconds(const ScenarioPlan& plan) {
  const double per_bucket = static_cast<double>(plan.columns_per_bucket);
  return kScenarioFixedSeconds +
         kScenarioRunProgramFactor * std::pow(plan.runs * per_bucket, kScenarioRunProgramExponent) +
         static_cast<double>(plan.refine_programs_disrupted) * kScenarioHalfProgramFactor *
             std::pow(2 * per_bucket, kScenarioHalfProgramExponent);
}

ScenarioPlan PlanScenario(const SupplyNetwork& chain, const Scenario& scenario, const ModelOptions& options) {
  ScenarioPlan plan = Prepare(chain, scenario, options).plan;
  CheckBound(plan);
  return plan;
}

ScenarioResult RunScenario(const SupplyNetwork& chain, const Scenario& scenario, const ModelOptions& options,
                           const std::string& write_path, const std::atomic<bool>* stop) {
  const Network& net = chain.net();
  const PreparedScenario p = Prepare(chain, scenario, options);
  CheckBound(p.plan);
  const BuiltModel& b = p.model;
  ScenarioResult r;
  r.name = scenario.name;
  r.horizon_days = p.plan.horizon_days;
  r.bucket_days = p.plan.bucket_days;
  const int buckets = p.plan.buckets;
  r.sites_disrupted = p.sites_disrupted;
  r.plants_disrupted = p.plants_disrupted;
  r.lp_columns = p.plan.lp_columns;
  r.assumptions = chain.assumptions();
  const BucketImpact impact =
      SolveBuckets(b.model, p.site_disruptions, buckets, r.bucket_days, write_path, stop);
  if (impact.status == LpStatus::kStopped) throw Cancelled("the scenario was cancelled");
  r.programs = impact.programs;
  r.program_columns = impact.program_columns;
  if (impact.status != LpStatus::kOptimal)
    throw Error(fmt::format("the scenario's program could not be solved ({})", ToString(impact.status)));
  std::map<std::uint32_t, ScenarioResult::Oem> by_oem;
  for (int k = 0; k < buckets; ++k) {
    const auto bk = static_cast<std::size_t>(k);
    r.bucket_start_day.push_back(impact.bucket_start_day[bk]);
    double vehicles = 0, value = 0;
    for (std::size_t i = 0; i < b.model.items.size(); ++i) {
      const double lost = impact.lost_units[bk][i];
      if (lost <= 0 || !b.end_item_line[i].valid()) continue;
      const LineId line = b.end_item_line[i];
      const double yuan = lost * net.line(line).unit_price_yuan;
      vehicles += lost;
      value += yuan;
      auto& o = by_oem[net.line_oem(line).value];
      o.oem = net.line_oem(line);
      o.lost_vehicles += lost;
      o.lost_value_yuan += yuan;
      o.lost_vehicles_by_bucket.resize(static_cast<std::size_t>(buckets), 0);
      o.lost_vehicles_by_bucket[bk] += lost;
    }
    r.lost_vehicles_by_bucket.push_back(vehicles);
    r.lost_value_by_bucket.push_back(value);
    r.lost_vehicles += vehicles;
    r.lost_value_yuan += value;
  }
  for (auto& [id, o] : by_oem) r.by_oem.push_back(std::move(o));
  std::sort(r.by_oem.begin(), r.by_oem.end(), [](const auto& a, const auto& b) {
    return a.lost_value_yuan != b.lost_value_yuan ? a.lost_value_yuan > b.lost_value_yuan : a.oem < b.oem;
  });
  return r;
}

}  // namespace chainscope
