#include "resilience/supply_model.h"

#include <functional>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace chainscope {
namespace {

constexpr double kEarlierSalesWeight = 1e-6;
constexpr double kLostTolerance = 1e-9;  // relative: a shortfall below this is the solver's round-off

bool IsEndItem(const ModelItem& i) {
  return i.demand_per_day > 0;
}

}  // namespace

HorizonProgram::HorizonProgram(const SupplyModel& model, const std::vector<double>& site_loss,
                               const std::vector<std::uint32_t>& buffer_items)
    : model_(model) {
  const auto& items = model.items;
  for (std::size_t a = 0; a < model.activities.size(); ++a)
    lp_.AddColumn(0, kLpInfinity, 0, fmt::format("x{}", a));
  sales_column_.assign(items.size(), -1);
  for (std::size_t i = 0; i < items.size(); ++i)
    if (IsEndItem(items[i]))
      sales_column_[i] = lp_.AddColumn(0, kLpInfinity, -items[i].price_yuan, fmt::format("s{}", i));
  t_column_ = lp_.AddColumn(0, 0, 0, "T");

  balance_row_.resize(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    balance_row_[i] = lp_.AddRow(-items[i].stock_units, kLpInfinity, fmt::format("b{}", i));
    if (sales_column_[i] >= 0) lp_.Set(balance_row_[i], sales_column_[i], -1);
    if (items[i].committed_per_day > 0) lp_.Set(balance_row_[i], t_column_, -items[i].committed_per_day);
  }
  for (std::size_t a = 0; a < model.activities.size(); ++a) {
    const ModelActivity& act = model.activities[a];
    const int col = static_cast<int>(a);
    lp_.Set(balance_row_[act.output], col, 1);
    for (const auto& [item, qty] : act.inputs) lp_.Set(balance_row_[item], col, -qty);
  }
  demand_row_.assign(items.size(), -1);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (sales_column_[i] < 0) continue;
    demand_row_[i] = lp_.AddRow(-kLpInfinity, 0, fmt::format("d{}", i));
    lp_.Set(demand_row_[i], sales_column_[i], 1);
    lp_.Set(demand_row_[i], t_column_, -items[i].demand_per_day);
  }
  std::vector<int> site_row(model.sites.size(), -1);
  for (std::size_t a = 0; a < model.activities.size(); ++a) {
    const std::uint32_t k = model.activities[a].site;
    if (k == kNoSite) continue;
    if (site_row[k] < 0) {
      site_row[k] = lp_.AddRow(-kLpInfinity, 0, fmt::format("k{}", k));
      const double loss = k < site_loss.size() ? std::clamp(site_loss[k], 0.0, 1.0) : 0.0;
      lp_.Set(site_row[k], t_column_, -model.sites[k].capacity_per_day * (1 - loss));
    }
    lp_.Set(site_row[k], static_cast<int>(a), 1);
  }
  max_row_.assign(model.activities.size(), -1);
  for (std::size_t a = 0; a < model.activities.size(); ++a) {
    const ModelActivity& act = model.activities[a];
    if (act.min_per_day > 0) {
      const int r = lp_.AddRow(0, kLpInfinity, fmt::format("m{}", a));
      lp_.Set(r, static_cast<int>(a), 1);
      lp_.Set(r, t_column_, -act.min_per_day);
    }
    if (std::isfinite(act.max_per_day)) {
      max_row_[a] = lp_.AddRow(-kLpInfinity, -act.max_per_day * act.delay_days, fmt::format("r{}", a));
      lp_.Set(max_row_[a], static_cast<int>(a), 1);
      lp_.Set(max_row_[a], t_column_, -act.max_per_day);
    }
  }
  for (std::uint32_t item : buffer_items) {
    buffer_column_.push_back(lp_.AddColumn(0, 0, 0, fmt::format("e{}", item)));
    lp_.Set(balance_row_[item], buffer_column_.back(), 1);
  }
  solver_.Load(lp_);
}

void HorizonProgram::FixDays(double days) {
  solver_.SetColumnBounds(t_column_, days, days);
  solver_.SetCost(t_column_, 0);
  for (std::size_t i = 0; i < model_.items.size(); ++i) {
    if (sales_column_[i] < 0) continue;
    solver_.SetCost(sales_column_[i], -model_.items[i].price_yuan);
    solver_.SetRowBounds(demand_row_[i], -kLpInfinity, 0);
  }
  for (std::size_t a = 0; a < model_.activities.size(); ++a) {
    const ModelActivity& act = model_.activities[a];
    if (act.delay_days <= 0) continue;
    const bool ready = days > act.delay_days;  // an alternative contributes only after its delay
    solver_.SetColumnBounds(static_cast<int>(a), 0, ready ? kLpInfinity : 0);
    if (max_row_[a] >= 0)
      solver_.SetRowBounds(max_row_[a], -kLpInfinity,
                           ready ? -act.max_per_day * act.delay_days : kLpInfinity);
  }
}

Impact HorizonProgram::PerformanceImpact(double days) {
  FixDays(days);
  const LpSolution s = solver_.Solve(false);
  warm_ = true;
  Impact r;
  r.status = s.status;
  r.iterations = s.iterations;
  if (s.status != LpStatus::kOptimal) return r;
  r.lost_by_item.assign(model_.items.size(), 0);
  r.stock_value.assign(model_.items.size(), 0);
  for (std::size_t i = 0; i < model_.items.size(); ++i) {
    r.stock_value[i] = std::max(0.0, s.row_duals[static_cast<std::size_t>(balance_row_[i])]);
    if (sales_column_[i] < 0) continue;
    const ModelItem& item = model_.items[i];
    double lost = item.demand_per_day * days - s.x[static_cast<std::size_t>(sales_column_[i])];
    if (lost < kLostTolerance * std::max(1.0, item.demand_per_day * days)) lost = 0;  // solver round-off
    r.lost_by_item[i] = lost;
    r.lost_units += lost;
    r.lost_value_yuan += lost * item.price_yuan;
  }
  return r;
}

double HorizonProgram::TimeToSurvive(double horizon_days) {
  for (std::size_t i = 0; i < model_.items.size(); ++i) {
    if (sales_column_[i] < 0) continue;
    solver_.SetCost(sales_column_[i], 0);
    solver_.SetRowBounds(demand_row_[i], 0, 0);
  }
  solver_.SetCost(t_column_, -1);
  // Alternatives with a delay join once T passes it: start without them, add those whose delay the last
  // T reached (T stays ≥ their delay), until no more join.
  std::vector<bool> joined(model_.activities.size(), false);
  double floor_days = 0, t = 0;
  for (;;) {
    for (std::size_t a = 0; a < model_.activities.size(); ++a) {
      const ModelActivity& act = model_.activities[a];
      if (act.delay_days <= 0) continue;
      solver_.SetColumnBounds(static_cast<int>(a), 0, joined[a] ? kLpInfinity : 0);
      if (max_row_[a] >= 0)
        solver_.SetRowBounds(max_row_[a], -kLpInfinity,
                             joined[a] ? -act.max_per_day * act.delay_days : kLpInfinity);
    }
    solver_.SetColumnBounds(t_column_, std::min(floor_days, horizon_days), horizon_days);
    // After a PI solve only the costs changed: primal simplex from that basis; from scratch, dual is faster.
    const LpSolution s = solver_.Solve(warm_);
    warm_ = true;
    if (s.status != LpStatus::kOptimal) return t;
    t = s.x[static_cast<std::size_t>(t_column_)];
    bool more = false;
    for (std::size_t a = 0; a < model_.activities.size(); ++a) {
      const ModelActivity& act = model_.activities[a];
      // Reached, not only passed: a T that stops exactly at a delay (stock covering whole days, a delay of
      // whole days) would otherwise keep out the alternative that lets it go on.
      if (act.delay_days > 0 && !joined[a] && act.delay_days <= t * (1 + 1e-9)) {
        joined[a] = true;
        floor_days = std::max(floor_days, act.delay_days);
        more = true;
      }
    }
    if (!more || t >= horizon_days) return t;
  }
}

std::optional<std::vector<double>> HorizonProgram::BufferForNoLoss(double days,
                                                                   const std::vector<double>& cost_per_unit) {
  FixDays(days);
  for (std::size_t i = 0; i < model_.items.size(); ++i) {
    if (sales_column_[i] < 0) continue;
    solver_.SetCost(sales_column_[i], 0);
    solver_.SetRowBounds(demand_row_[i], 0, 0);
  }
  for (std::size_t b = 0; b < buffer_column_.size(); ++b) {
    solver_.SetColumnBounds(buffer_column_[b], 0, kLpInfinity);
    solver_.SetCost(buffer_column_[b], b < cost_per_unit.size() ? cost_per_unit[b] : 1);
  }
  const LpSolution s = solver_.Solve(false);
  for (int column : buffer_column_) {
    solver_.SetColumnBounds(column, 0, 0);
    solver_.SetCost(column, 0);
  }
  if (s.status != LpStatus::kOptimal) return std::nullopt;
  std::vector<double> extra;
  for (int column : buffer_column_) extra.push_back(std::max(0.0, s.x[static_cast<std::size_t>(column)]));
  return extra;
}

void HorizonProgram::Write(const std::string& path, double days) {
  FixDays(days);
  solver_.Write(path);
}

namespace {

/// Consecutive grid buckets solved as one bucket of a program: [first, first + count).
struct Period {
  int first = 0, count = 1;
};

struct PeriodSolution {
  LpStatus status = LpStatus::kFailed;
  std::vector<std::vector<double>> sales;  // [period][item] (0 for items that are not end items)
  std::vector<std::vector<double>> carry;  // [period][item]: stock at the period's end
  std::size_t columns = 0;                 // of the program solved
};

/// The program over `periods` (consecutive, from grid bucket periods.front().first): per period and item a
/// balance (production + stock in = committed draw + sales + stock out), per period and site the capacity
/// left by the disruptions, sales up to demand weighted a little more when earlier. `start_stock`: stock at
/// the first period's start; `min_end_stock` (optional): the least stock at the last period's end.
PeriodSolution SolvePeriods(const SupplyModel& model, const std::vector<std::vector<double>>& available,
                            int total_buckets, double bucket_days, const std::vector<Period>& periods,
                            const std::vector<double>& start_stock, const std::vector<double>* min_end_stock,
                            const std::string& write_path, const std::atomic<bool>* stop) {
  const std::size_t ni = model.items.size(), na = model.activities.size(), nk = model.sites.size();
  const std::size_t np = periods.size();
  auto stopped = [&] { return stop && stop->load(std::memory_order_relaxed); };
  PeriodSolution out;
  out.status = LpStatus::kStopped;
  LpProblem lp;
  std::vector<std::vector<int>> x(np), sales(np), carry(np);
  for (std::size_t pi = 0; pi < np; ++pi) {
    if (stopped()) return out;
    const Period& per = periods[pi];
    const double from = per.first * bucket_days, length = per.count * bucket_days, to = from + length;
    for (std::size_t a = 0; a < na; ++a) {
      const ModelActivity& act = model.activities[a];
      const double active = std::max(0.0, to - std::max(from, act.delay_days));  // days after the delay
      const double upper = act.delay_days >= to             ? 0
                           : std::isfinite(act.max_per_day) ? act.max_per_day * active
                                                            : kLpInfinity;
      x[pi].push_back(lp.AddColumn(std::min(act.min_per_day * length, upper), upper, 0));
    }
    // Earlier sales weigh a little more (1e-6 relative over the horizon), so that the optimum serves demand
    // as early as it can and the losses fall where stock runs out — the same total, one answer. A period
    // weighs as its middle bucket.
    const double middle = per.first + (per.count - 1) / 2.0;
    const double earlier = 1 + kEarlierSalesWeight * (total_buckets - middle) / total_buckets;
    for (std::size_t i = 0; i < ni; ++i) {
      const ModelItem& item = model.items[i];
      sales[pi].push_back(
          IsEndItem(item) ? lp.AddColumn(0, item.demand_per_day * length, -item.price_yuan * earlier) : -1);
      const double least = pi + 1 == np && min_end_stock ? (*min_end_stock)[i] : 0;
      carry[pi].push_back(lp.AddColumn(least, kLpInfinity, 0));
    }
  }
  for (std::size_t pi = 0; pi < np; ++pi) {
    if (stopped()) return out;
    const Period& per = periods[pi];
    const double length = per.count * bucket_days;
    std::vector<int> balance(ni);
    for (std::size_t i = 0; i < ni; ++i) {
      const ModelItem& item = model.items[i];
      const double rhs = item.committed_per_day * length - (pi == 0 ? start_stock[i] : 0);
      balance[i] = lp.AddRow(rhs, rhs);
      if (pi > 0) lp.Set(balance[i], carry[pi - 1][i], 1);
      lp.Set(balance[i], carry[pi][i], -1);
      if (sales[pi][i] >= 0) lp.Set(balance[i], sales[pi][i], -1);
    }
    for (std::size_t a = 0; a < na; ++a) {
      const ModelActivity& act = model.activities[a];
      lp.Set(balance[act.output], x[pi][a], 1);
      for (const auto& [item, qty] : act.inputs) lp.Set(balance[item], x[pi][a], -qty);
    }
    std::vector<int> site_row(nk, -1);
    for (std::size_t a = 0; a < na; ++a) {
      const std::uint32_t k = model.activities[a].site;
      if (k == kNoSite) continue;
      if (site_row[k] < 0) {
        double days = 0;
        for (int b = per.first; b < per.first + per.count; ++b)
          days += std::max(0.0, available[k][static_cast<std::size_t>(b)]);
        site_row[k] = lp.AddRow(-kLpInfinity, model.sites[k].capacity_per_day * days);
      }
      lp.Set(site_row[k], x[pi][a], 1);
    }
  }
  if (stopped()) return out;
  LpSolver solver;
  solver.SetStop(stop);
  solver.Load(lp);
  out.columns = static_cast<std::size_t>(lp.columns());
  if (!write_path.empty()) solver.Write(write_path);
  const LpSolution s = solver.Solve(false);
  out.status = s.status;
  if (s.status != LpStatus::kOptimal) return out;
  for (std::size_t pi = 0; pi < np; ++pi) {
    out.sales.emplace_back(ni, 0.0);
    out.carry.emplace_back(ni, 0.0);
    for (std::size_t i = 0; i < ni; ++i) {
      if (sales[pi][i] >= 0) out.sales[pi][i] = s.x[static_cast<std::size_t>(sales[pi][i])];
      out.carry[pi][i] = std::max(0.0, s.x[static_cast<std::size_t>(carry[pi][i])]);
    }
  }
  return out;
}

}  // namespace

namespace {

/// Capacity days available per (site, bucket): bucket_days − Σ loss × overlap.
std::vector<std::vector<double>> AvailableDays(const SupplyModel& model,
                                               const std::vector<SiteDisruption>& disruptions, int buckets,
                                               double bucket_days) {
  std::vector<std::vector<double>> available(
      model.sites.size(), std::vector<double>(static_cast<std::size_t>(buckets), bucket_days));
  for (const SiteDisruption& d : disruptions)
    for (int b = 0; b < buckets; ++b) {
      const double from = b * bucket_days, to = from + bucket_days;
      const double overlap =
          std::max(0.0, std::min(to, d.start_day + d.duration_days) - std::max(from, d.start_day));
      available[d.site][static_cast<std::size_t>(b)] -= std::clamp(d.loss, 0.0, 1.0) * overlap;
    }
  return available;
}

std::vector<std::pair<int, int>> Runs(const SupplyModel& model,
                                      const std::vector<std::vector<double>>& available, int buckets,
                                      double bucket_days) {
  auto same = [&](int b, int c) {
    for (const auto& site : available)
      if (site[static_cast<std::size_t>(b)] != site[static_cast<std::size_t>(c)]) return false;
    for (const ModelActivity& act : model.activities) {
      const double fb = std::clamp((b * bucket_days + bucket_days - act.delay_days) / bucket_days, 0.0, 1.0);
      const double fc = std::clamp((c * bucket_days + bucket_days - act.delay_days) / bucket_days, 0.0, 1.0);
      if (fb != fc) return false;
    }
    return true;
  };
  std::vector<std::pair<int, int>> runs;
  for (int b = 0; b < buckets; ++b) {
    if (!runs.empty() && same(runs.back().first, b))
      ++runs.back().second;
    else
      runs.emplace_back(b, 1);
  }
  return runs;
}

}  // namespace

std::vector<std::pair<int, int>> UnchangedRuns(const SupplyModel& model,
                                               const std::vector<SiteDisruption>& disruptions, int buckets,
                                               double bucket_days) {
  return Runs(model, AvailableDays(model, disruptions, buckets, bucket_days), buckets, bucket_days);
}

BucketImpact SolveBuckets(const SupplyModel& model, const std::vector<SiteDisruption>& disruptions,
                          int buckets, double bucket_days, const std::string& write_path,
                          const std::atomic<bool>* stop) {
  const std::size_t ni = model.items.size();
  const auto nb = static_cast<std::size_t>(buckets);
  const std::vector<std::vector<double>> available = AvailableDays(model, disruptions, buckets, bucket_days);
  std::vector<double> stock(ni);
  for (std::size_t i = 0; i < ni; ++i) stock[i] = model.items[i].stock_units;
  BucketImpact r;
  std::vector<std::vector<double>> sold(nb, std::vector<double>(ni, 0.0));  // [bucket][item]
  std::vector<Period> grid;
  for (int b = 0; b < buckets; ++b) grid.push_back({b, 1});

  // Periods: runs of buckets in which nothing changes — every site's capacity and every activity's bounds
  // (an alternative's qualification delay) the same in each bucket. A period's program is exact for its
  // total: a solution of the bucketed program sums to one of the period's, and one of the period's spread
  // evenly over its buckets (flows, stock rising or falling linearly) is one of the bucketed program's.
  // So the period program (a few buckets) gives the optimal total and the stock at each period's end; then
  // each period with losses is solved alone in its buckets, from its start stock to at least its end stock,
  // for where in it the losses fall. A period without losses serves full demand in every bucket.
  std::vector<Period> periods;
  if (write_path.empty()) {
    for (const auto& [first, count] : Runs(model, available, buckets, bucket_days))
      periods.push_back({first, count});
  } else {
    periods = grid;  // the whole bucketed program, as written
  }
  const PeriodSolution whole =
      SolvePeriods(model, available, buckets, bucket_days, periods, stock, nullptr, write_path, stop);
  r.status = whole.status;
  r.programs = 1;
  r.program_columns = whole.columns;
  if (whole.status != LpStatus::kOptimal) return r;
  // Where in a run its losses fall: halves of the run, each solved as one bucket (exact for their totals, as
  // runs are), from the run's start stock to at least its end stock, give the stock between them; then each
  // half likewise, down to single buckets. A part without losses, or that ends with the stock it started
  // with (the disrupted steady state), is spread evenly. At most (buckets − 1) programs of two buckets.
  bool cancelled = false;
  const std::function<void(int, int, const std::vector<double>&, const std::vector<double>&,
                           const std::vector<double>&)>
      refine = [&](int first, int count, const std::vector<double>& start, const std::vector<double>& end,
                   const std::vector<double>& total_sales) {
        auto spread = [&] {
          for (int b = 0; b < count; ++b)
            for (std::size_t i = 0; i < ni; ++i)
              sold[static_cast<std::size_t>(first + b)][i] = total_sales[i] / count;
        };
        if (count == 1) return spread();
        bool losses = false, stock_moves = false;
        for (std::size_t i = 0; i < ni; ++i) {
          const ModelItem& item = model.items[i];
          if (IsEndItem(item)) {
            const double demand = item.demand_per_day * bucket_days * count;
            losses = losses || demand - total_sales[i] >= kLostTolerance * std::max(1.0, demand);
          }
          stock_moves = stock_moves || std::fabs(end[i] - start[i]) > 1e-7 * (1 + std::fabs(start[i]));
        }
        if (!losses || !stock_moves || cancelled) return spread();
        std::vector<double> least = end;
        for (double& c : least) c = std::max(0.0, c - 1e-7 * (1 + c));  // the solver's round-off
        const int half = (count + 1) / 2;
        const PeriodSolution halves =
            SolvePeriods(model, available, buckets, bucket_days,
                         {{first, half}, {first + half, count - half}}, start, &least, {}, stop);
        ++r.programs;
        r.program_columns += halves.columns;
        if (halves.status == LpStatus::kStopped) cancelled = true;
        if (halves.status != LpStatus::kOptimal) return spread();
        refine(first, half, start, halves.carry[0], halves.sales[0]);
        refine(first + half, count - half, halves.carry[0], halves.carry[1], halves.sales[1]);
      };
  for (std::size_t pi = 0; pi < periods.size(); ++pi) {
    const Period& per = periods[pi];
    refine(per.first, per.count, pi == 0 ? stock : whole.carry[pi - 1], whole.carry[pi], whole.sales[pi]);
  }
  if (cancelled) {
    r.status = LpStatus::kStopped;
    return r;
  }
  for (int b = 0; b < buckets; ++b) {
    const auto bi = static_cast<std::size_t>(b);
    r.bucket_start_day.push_back(b * bucket_days);
    r.lost_units.emplace_back(ni, 0.0);
    for (std::size_t i = 0; i < ni; ++i) {
      const ModelItem& item = model.items[i];
      if (!IsEndItem(item)) continue;
      double lost = item.demand_per_day * bucket_days - sold[bi][i];
      if (lost < kLostTolerance * std::max(1.0, item.demand_per_day * bucket_days)) lost = 0;
      r.lost_units[bi][i] = lost;
      r.lost_units_total += lost;
      r.lost_value_yuan += lost * item.price_yuan;
    }
  }
  return r;
}

}  // namespace chainscope
