// resilience: scenarios — several disruptions at once, each on an enterprise, a place, a province or a
// component type, with a start day, a duration and the share of capacity lost (Sichuan power rationing:
// half the capacity of every Sichuan site for 14 days; a Spring Festival shutdown) — run on the
// time-bucketed program (daily or weekly buckets, stock carried between them, lost sales not made up), with
// lost output per vehicle maker and per bucket.
//
// A disruption on an enterprise takes its sites and, for a vehicle maker, its plants; on a place or a
// province, every supplier's site there and (unless "vehicle_plants": false) every vehicle plant there; on a
// component type, every site making it and the unrecorded supply of it (supply_network.h). Overlapping
// losses on one site add up (at most the whole capacity).
#pragma once

#include <boost/json/fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "resilience/supply_network.h"

namespace chainscope {

struct ScenarioDisruption {
  enum class Kind { kEnterprise, kPlace, kProvince, kComponent };
  Kind kind = Kind::kEnterprise;
  std::string target;  // enterprise id, place code, province name or component code
  double start_day = 0, duration_days = 0, capacity_loss = 1;
  bool vehicle_plants = true;  // place and province: vehicle plants there too
};

struct Scenario {
  std::string name;
  std::vector<ScenarioDisruption> disruptions;
  std::optional<double> horizon_days;  // default: the last disruption's end + 30 days
  std::optional<double> bucket_days;   // default: 1 up to a 366-day horizon, else 7
};

/// Parses {"name", "horizon_days", "bucket_days", "disruptions": [{"enterprise" | "place" | "province" |
/// "component": …, "start_day", "duration_days", "capacity_loss", "vehicle_plants"}]}. Throws InvalidInput
/// naming `where` (a file name or "request body"), the JSON path and the reason.
Scenario ScenarioFromJson(const boost::json::value& v, const std::string& where);

/// The largest program a scenario may solve (columns = buckets of one program × (activities + 2 × items);
/// solved by runs of unchanged buckets, the largest is max(runs, longest run) buckets — a 60-day Sichuan
/// power rationing in daily buckets has 3 runs, the longest 39 days: 541,000 columns at scale 1), and the
/// most (bucket, item) results it may keep: past either, it is refused before it starts, naming its cost.
inline constexpr std::size_t kMaxScenarioLpColumns = 10'000'000;
inline constexpr std::size_t kMaxScenarioResultCells = 50'000'000;  // buckets × items (8 bytes each, twice)

/// What a scenario will cost, known before it runs.
struct ScenarioPlan {
  double horizon_days = 0, bucket_days = 0;
  int buckets = 0;
  std::size_t lp_columns = 0;          // the whole bucketed program's (what --write-lp writes)
  int runs = 0;                        // runs of buckets in which nothing changes (SolveBuckets)
  std::size_t largest_lp_columns = 0;  // the largest program solved: bound by kMaxScenarioLpColumns
  std::size_t result_cells = 0;        // buckets × items: bound by kMaxScenarioResultCells
  /// The programs it may solve: the one over the runs, and at most count − 1 two-bucket halves of each run
  /// that is disrupted (refine_programs_disrupted) or follows a disruption (refine_programs_after); and
  /// their columns in all.
  std::size_t programs_at_most = 0, refine_programs_disrupted = 0, refine_programs_after = 0;
  std::size_t program_columns_at_most = 0;
  std::size_t columns_per_bucket = 0;  // activities + 2 × items of the model the scenario reaches
  double estimated_seconds = 0;        // EstimateScenarioSeconds
};
/// The scenario cost model, in seconds on one core of the benchmark machine: a fixed part, the program over
/// the runs (runs × columns per bucket = W columns: a·W^b, solved cold with presolve) and the two-bucket
/// halves of the disrupted runs (count − 1 per run, of c = 2 × columns per bucket each: p·c^q; the runs
/// after a disruption are seldom refined). Power laws fitted in log space on `bench_stress --cost-model`
/// (the example scenarios in daily and weekly buckets at scales 1 and 10, and a 300-day disruption over ten
/// years): within 3× of the measured time on every case over half a second (README).
inline constexpr double kScenarioFixedSeconds = 0.01;
inline constexpr double kScenarioRunProgramFactor = 1.2e-9, kScenarioRunProgramExponent = 1.86;
inline constexpr double kScenarioHalfProgramFactor = 5.4e-8, kScenarioHalfProgramExponent = 1.4;
double EstimateScenarioSeconds(const ScenarioPlan& plan);

/// Resolves the scenario and sizes its program without solving it; throws InvalidInput for an unknown
/// target or a cost over kMaxScenarioLpColumns or kMaxScenarioResultCells (naming it and what to change).
ScenarioPlan PlanScenario(const SupplyNetwork& chain, const Scenario& scenario, const ModelOptions& options);

struct ScenarioResult {
  std::string name;
  double horizon_days = 0, bucket_days = 0;
  double lost_vehicles = 0, lost_value_yuan = 0;
  std::vector<double> bucket_start_day;
  std::vector<double> lost_vehicles_by_bucket, lost_value_by_bucket;
  struct Oem {
    EnterpriseId oem;
    double lost_vehicles = 0, lost_value_yuan = 0;
    std::vector<double> lost_vehicles_by_bucket;
  };
  std::vector<Oem> by_oem;  // the vehicle makers that lose output, most value first
  std::size_t sites_disrupted = 0, plants_disrupted = 0;
  std::size_t lp_columns = 0, lp_rows = 0;
  std::size_t programs = 0, program_columns = 0;  // solved (BucketImpact)
  std::vector<ChainAssumption> assumptions;  // where the data do not balance (SupplyNetwork::assumptions)
};

/// Runs the scenario on the balanced chain; throws InvalidInput for an unknown target.
/// `write_path` (optional) receives the bucketed program as MPS or CPLEX LP.
/// `stop`: while set, the solve ends early and RunScenario throws Cancelled.
ScenarioResult RunScenario(const SupplyNetwork& chain, const Scenario& scenario, const ModelOptions& options,
                           const std::string& write_path = {}, const std::atomic<bool>* stop = nullptr);

}  // namespace chainscope
