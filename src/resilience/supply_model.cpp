#include "resilience/supply_model.h"

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
      if (act.delay_days > 0 && !joined[a] && act.delay_days < t) {
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

BucketImpact SolveBuckets(const SupplyModel& model, const std::vector<SiteDisruption>& disruptions,
                          int buckets, double bucket_days, const std::string& write_path,
                          const std::atomic<bool>* stop) {
  const std::size_t ni = model.items.size(), na = model.activities.size(), nk = model.sites.size();
  // Capacity days available per (site, bucket): bucket_days − Σ loss × overlap.
  std::vector<std::vector<double>> available(
      nk, std::vector<double>(static_cast<std::size_t>(buckets), bucket_days));
  for (const SiteDisruption& d : disruptions)
    for (int b = 0; b < buckets; ++b) {
      const double from = b * bucket_days, to = from + bucket_days;
      const double overlap =
          std::max(0.0, std::min(to, d.start_day + d.duration_days) - std::max(from, d.start_day));
      available[d.site][static_cast<std::size_t>(b)] -= std::clamp(d.loss, 0.0, 1.0) * overlap;
    }
  // A cancel is honoured while the program is built too (seconds at daily buckets under sanitizers), not
  // only between simplex iterations.
  auto stopped = [&] { return stop && stop->load(std::memory_order_relaxed); };
  BucketImpact cancelled;
  cancelled.status = LpStatus::kStopped;
  LpProblem lp;
  std::vector<std::vector<int>> x(static_cast<std::size_t>(buckets)),
      sales(static_cast<std::size_t>(buckets)), carry(static_cast<std::size_t>(buckets));
  for (int b = 0; b < buckets; ++b) {
    if (stopped()) return cancelled;
    const auto bi = static_cast<std::size_t>(b);
    const double from = b * bucket_days, to = from + bucket_days;
    for (std::size_t a = 0; a < na; ++a) {
      const ModelActivity& act = model.activities[a];
      const double active = std::max(0.0, to - std::max(from, act.delay_days));  // days after the delay
      const double upper = act.delay_days >= to             ? 0
                           : std::isfinite(act.max_per_day) ? act.max_per_day * active
                                                            : kLpInfinity;
      x[bi].push_back(lp.AddColumn(std::min(act.min_per_day * bucket_days, upper), upper, 0));
    }
    for (std::size_t i = 0; i < ni; ++i) {
      const ModelItem& item = model.items[i];
      // Earlier sales weigh a little more (1e-6 relative over the horizon), so that the optimum serves demand
      // as early as it can and the losses fall where stock runs out — the same total, one answer.
      const double earlier = 1 + kEarlierSalesWeight * (buckets - b) / buckets;
      sales[bi].push_back(IsEndItem(item)
                              ? lp.AddColumn(0, item.demand_per_day * bucket_days, -item.price_yuan * earlier)
                              : -1);
      carry[bi].push_back(lp.AddColumn(0, kLpInfinity, 0));
    }
  }
  for (int b = 0; b < buckets; ++b) {
    if (stopped()) return cancelled;
    const auto bi = static_cast<std::size_t>(b);
    std::vector<int> balance(ni);
    for (std::size_t i = 0; i < ni; ++i) {
      const ModelItem& item = model.items[i];
      const double rhs = item.committed_per_day * bucket_days - (b == 0 ? item.stock_units : 0);
      balance[i] = lp.AddRow(rhs, rhs);
      if (b > 0) lp.Set(balance[i], carry[bi - 1][i], 1);
      lp.Set(balance[i], carry[bi][i], -1);
      if (sales[bi][i] >= 0) lp.Set(balance[i], sales[bi][i], -1);
    }
    for (std::size_t a = 0; a < na; ++a) {
      const ModelActivity& act = model.activities[a];
      lp.Set(balance[act.output], x[bi][a], 1);
      for (const auto& [item, qty] : act.inputs) lp.Set(balance[item], x[bi][a], -qty);
    }
    std::vector<int> site_row(nk, -1);
    for (std::size_t a = 0; a < na; ++a) {
      const std::uint32_t k = model.activities[a].site;
      if (k == kNoSite) continue;
      if (site_row[k] < 0)
        site_row[k] =
            lp.AddRow(-kLpInfinity, model.sites[k].capacity_per_day * std::max(0.0, available[k][bi]));
      lp.Set(site_row[k], x[bi][a], 1);
    }
  }
  if (stopped()) return cancelled;
  LpSolver solver;
  solver.SetStop(stop);
  solver.Load(lp);
  if (!write_path.empty()) solver.Write(write_path);
  const LpSolution s = solver.Solve(false);
  BucketImpact r;
  r.status = s.status;
  if (s.status != LpStatus::kOptimal) return r;
  for (int b = 0; b < buckets; ++b) {
    const auto bi = static_cast<std::size_t>(b);
    r.bucket_start_day.push_back(b * bucket_days);
    r.lost_units.emplace_back(ni, 0.0);
    for (std::size_t i = 0; i < ni; ++i) {
      if (sales[bi][i] < 0) continue;
      const ModelItem& item = model.items[i];
      double lost = item.demand_per_day * bucket_days - s.x[static_cast<std::size_t>(sales[bi][i])];
      if (lost < kLostTolerance * std::max(1.0, item.demand_per_day * bucket_days)) lost = 0;
      r.lost_units[bi][i] = lost;
      r.lost_units_total += lost;
      r.lost_value_yuan += lost * item.price_yuan;
    }
  }
  return r;
}

}  // namespace chainscope
