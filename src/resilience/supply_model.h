// resilience: the disruption model of Simchi-Levi et al. (Interfaces 45(5), 2015) as plain data, and its two
// linear programs — over one horizon (time-to-survive and performance impact) and over time buckets
// (scenarios).
//
// A SupplyModel has items (stock on hand; end items also have a demand rate and a price), sites (capacity
// per day) and activities (make one unit of an item from input items, on at most one site). Over a horizon
// of T days with site k keeping a share (1 − loss_k) of its capacity:
//
//   maximise   Σ_i price_i · sales_i                                   (lost value = Σ price_i·demand_i·T −
//   that) subject to Σ_{a → i} x_a − Σ_a qty_ai · x_a − sales_i − committed_i · T ≥ −stock_i   for every item
//   i
//              sales_i ≤ demand_i · T                                  (end items; = for time-to-survive)
//              Σ_{a at k} x_a ≤ capacity_k · (1 − loss_k) · T          for every site k
//              min_a · T ≤ x_a ≤ max_a · (T − delay_a)                 (protected flows; late alternatives)
//              x, sales ≥ 0
//
// x_a is the units activity a makes over the horizon, committed_i what is drawn from item i each day for
// customers outside the model. Performance impact PI(T) is the optimum's lost value (and units) at a fixed
// T; time-to-survive is the largest T ≤ horizon with no loss, one LP with T as a variable (demand scales
// with T). The bucketed program has the same rows per bucket, with stock carried between buckets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "solver/lp.h"

namespace chainscope {

inline constexpr std::uint32_t kNoSite = UINT32_MAX;

struct ModelItem {
  std::string name;
  double stock_units = 0;
  double committed_per_day = 0;      // drawn for customers outside the model (protected)
  double demand_per_day = 0;         // > 0: an end item (a vehicle line) whose shortfall is lost
  double price_yuan = 0;             // of an end item's unit
  std::uint32_t group = UINT32_MAX;  // for reports (the OEM of a vehicle line)
};

struct ModelSite {
  std::string name;
  double capacity_per_day = 0;
};

struct ModelActivity {
  std::string name;
  std::uint32_t output = 0;  // item
  std::uint32_t site = kNoSite;
  std::vector<std::pair<std::uint32_t, double>> inputs;  // (item, units per unit made)
  double min_per_day = 0;                                // protected flow: at least this rate
  double max_per_day = kLpInfinity;                      // rate limit (an alternative source's free capacity)
  double delay_days = 0;                                 // cannot run before this day (qualification)
};

struct SupplyModel {
  std::vector<ModelItem> items;
  std::vector<ModelSite> sites;
  std::vector<ModelActivity> activities;
  std::uint32_t AddItem(ModelItem i) {
    items.push_back(std::move(i));
    return static_cast<std::uint32_t>(items.size() - 1);
  }
  std::uint32_t AddSite(ModelSite s) {
    sites.push_back(std::move(s));
    return static_cast<std::uint32_t>(sites.size() - 1);
  }
  void AddActivity(ModelActivity a) { activities.push_back(std::move(a)); }
};

/// What is lost over a horizon.
struct Impact {
  LpStatus status = LpStatus::kFailed;
  double lost_value_yuan = 0;
  double lost_units = 0;             // Σ over end items (vehicles)
  std::vector<double> lost_by_item;  // units, per item (0 for items that are not end items)
  std::vector<double> stock_value;   // per item: lost value avoided per extra unit of stock (LP dual ≥ 0)
  int iterations = 0;
};

/// The horizon program of one model with fixed site losses; solves PI at several T and TTS, keeping the
/// CLP model between solves (warm starts).
class HorizonProgram {
 public:
  /// `site_loss[k]` in [0, 1]; missing entries mean 0. `buffer_items` may receive extra stock in
  /// BufferForNoLoss (closed otherwise).
  HorizonProgram(const SupplyModel& model, const std::vector<double>& site_loss,
                 const std::vector<std::uint32_t>& buffer_items = {});
  /// Lost value and units over T days. Warm-started from the previous solve.
  Impact PerformanceImpact(double days);
  /// The largest T ≤ horizon_days with no lost demand (horizon_days when nothing is lost by then).
  /// Alternatives join once T passes their delay (a fixed point over their delays).
  double TimeToSurvive(double horizon_days);
  /// The cheapest extra stock at the buffer items (cost per unit each) with which nothing is lost over T
  /// days: units per buffer item, or nullopt when no such stock exists (the loss is not at those items).
  std::optional<std::vector<double>> BufferForNoLoss(double days, const std::vector<double>& cost_per_unit);
  /// Writes the program at T = days as MPS or CPLEX LP (by extension).
  void Write(const std::string& path, double days);
  const LpProblem& problem() const { return lp_; }
  /// LPs solved by this program so far (TTS with late alternatives may take several).
  std::size_t solves() const { return solver_.solves(); }

 private:
  void FixDays(double days);  // PI form
  SupplyModel model_;         // a copy: callers may pass a temporary
  LpProblem lp_;
  LpSolver solver_;
  int t_column_ = -1;
  bool warm_ = false;  // the solver holds a basis from an earlier solve
  std::vector<int> sales_column_, demand_row_, balance_row_, max_row_;  // max_row_ per activity or -1
  std::vector<int> buffer_column_;                                      // per buffer item
};

/// A scenario's capacity losses: site k loses `loss` of its capacity on days [start, start + duration).
struct SiteDisruption {
  std::uint32_t site = 0;
  double start_day = 0, duration_days = 0, loss = 1;
};

struct BucketImpact {
  LpStatus status = LpStatus::kFailed;
  std::vector<double> bucket_start_day;
  std::vector<std::vector<double>> lost_units;  // [bucket][item]
  double lost_value_yuan = 0, lost_units_total = 0;
  /// The programs solved (the one over the runs, then the halves where losses fall) and their columns:
  /// what the run time follows (the scenario cost model, scenario.h).
  std::size_t programs = 0, program_columns = 0;
};

/// Runs of consecutive buckets in which nothing changes (every site's capacity left by `disruptions`, every
/// activity's bounds): (first bucket, count), covering every bucket in order.
std::vector<std::pair<int, int>> UnchangedRuns(const SupplyModel& model,
                                               const std::vector<SiteDisruption>& disruptions, int buckets,
                                               double bucket_days);

/// The time-bucketed program: `buckets` of `bucket_days` each from day 0, stock carried between buckets,
/// lost sales not back-ordered. Solved by runs (UnchangedRuns): one program over the runs — exact for their
/// totals — then each run with losses alone in its buckets; its largest program has
/// max(runs, longest run) · (activities + 2 · items) columns. With `write_path`, the whole bucketed program
/// (buckets · (activities + 2 · items) columns) is written there and solved as one.
BucketImpact SolveBuckets(const SupplyModel& model, const std::vector<SiteDisruption>& disruptions,
                          int buckets, double bucket_days, const std::string& write_path = {},
                          const std::atomic<bool>* stop = nullptr);

}  // namespace chainscope
