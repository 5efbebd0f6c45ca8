#include "planning/frontier.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>

#include "core/number_text.h"
#include "solver/lp.h"

namespace chainscope {

std::string_view ToString(FrontierLimit l) {
  switch (l) {
    case FrontierLimit::kNone:
      return "none";
    case FrontierLimit::kNoLocalMaker:
      return "no_local_maker";
    case FrontierLimit::kCapacity:
      return "capacity";
    case FrontierLimit::kMaxShare:
      return "max_share";
  }
  return "none";
}

namespace {

[[noreturn]] void BadField(std::string_view field, std::string_view rule) {
  throw InvalidInput(Message{"frontier.bad_field",
                             {{"field", std::string(field)}, {"rule", std::string(rule)}},
                             fmt::format("field '{}' must be {}", field, rule)});
}

/// The program's columns and what each stands for.
struct Program {
  LpProblem lp;
  int budget_row = -1, value_row = -1;
  std::vector<int> z_col;             // per link (−1: not movable)
  std::vector<std::uint32_t> z_link;  // per z column index order: the link
  struct Y {
    int column;
    std::uint32_t group;  // purchase group
    std::uint32_t capability;
  };
  std::vector<Y> ys;
  std::vector<double> objective;  // the value made local per column (the maximised objective, ≥ 0)
  std::vector<double> cost;       // the extra cost per column
};

}  // namespace

Frontier ComputeFrontier(const Network& net, const FrontierQuery& q) {
  if (q.link_weight.size() != net.link_count()) BadField("link_weight", "one weight per link");
  if (!(q.max_premium >= 0 && q.max_premium <= 10)) BadField("max_premium", "in [0, 10]");
  if (q.steps < 2 || q.steps > 201) BadField("steps", "in [2, 201]");
  if (!(q.target_share > 0 && q.target_share <= 1)) BadField("target", "in (0, 1]");
  if (!(q.max_share > 0 && q.max_share <= 1)) BadField("max_share", "in (0, 1]");
  if (!(q.switching_cost >= 0 && q.switching_cost <= 1)) BadField("switching_cost", "in [0, 1]");
  const auto stopped = [&] { return q.stop && q.stop->load(std::memory_order_relaxed); };

  Frontier out;
  const auto& data = net.data();
  // Today's value in scope, per component, and the movable links.
  std::unordered_map<std::uint32_t, std::size_t> component_row;  // component → by_component index
  const auto row_of = [&](ComponentId c) -> ComponentFrontier& {
    auto [it, added] = component_row.emplace(c.value, out.by_component.size());
    if (added) {
      out.by_component.push_back({});
      out.by_component.back().component = c;
    }
    return out.by_component[it->second];
  };
  Program p;
  p.z_col.assign(net.link_count(), -1);
  std::vector<std::uint32_t> groups;                            // purchase groups with a movable link
  std::unordered_map<std::uint32_t, int> balance_row_of_group;  // group → row
  std::array<bool, 4> buyer_provinces{};                        // by Province
  for (std::uint32_t l = 0; l < net.link_count(); ++l) {
    const double w = std::clamp(q.link_weight[l], 0.0, 1.0);
    if (w <= 0) continue;
    const NetLink& link = net.link(l);
    const Province bp = net.province_of(link.buyer);
    if (!IsRegional(bp)) continue;
    ComponentFrontier& row = row_of(link.component);
    buyer_provinces[static_cast<std::size_t>(bp)] = true;
    const double value = link.value_yuan() * w;
    row.value_yuan += value;
    out.value_yuan += value;
    if (net.province_of(link.supplier) == bp) {
      row.local_value_yuan += value;
      out.local_value_yuan += value;
      continue;
    }
    if (q.component.valid() && link.component != q.component) continue;
    const double units = static_cast<double>(link.annual_volume) * w;
    if (units <= 0) continue;
    const std::uint32_t g = net.purchase_group_of(l);
    auto [it, added] = balance_row_of_group.emplace(g, -1);
    if (added) {
      it->second = p.lp.AddRow(0, 0);
      groups.push_back(g);
    }
    p.z_col[l] = p.lp.AddColumn(0, units, 0);
    p.z_link.push_back(l);
    p.objective.push_back(link.unit_price_yuan);
    p.cost.push_back(-(1 - q.switching_cost) * link.unit_price_yuan);
    p.lp.Set(it->second, p.z_col[l], 1);
  }
  out.current_share = out.value_yuan > 0 ? out.local_value_yuan / out.value_yuan : 0;

  // Local makers: y per (group, maker of its component in the buyer's province with spare capacity).
  std::unordered_map<std::uint32_t, int> capacity_row;  // capability → row
  for (std::uint32_t g : groups) {
    const LinkGroup& group = net.purchase_group(g);
    const Province bp = net.province_of(group.enterprise);
    double total_units = 0;
    std::unordered_map<std::uint32_t, double> from_supplier;
    for (std::uint32_t l : net.purchase_group_links(g)) {
      total_units += static_cast<double>(net.link(l).annual_volume);
      from_supplier[net.link(l).supplier.value] += static_cast<double>(net.link(l).annual_volume);
    }
    for (std::uint32_t ci : net.makers_of(group.component)) {
      const NetCapability& cap = net.capabilities()[ci];
      if (cap.supplier == group.enterprise || net.province_of(cap.supplier) != bp) continue;
      const double spare = static_cast<double>(cap.annual_capacity - cap.committed);
      if (spare <= 0) continue;
      const auto current = from_supplier.find(cap.supplier.value);
      const double room =
          q.max_share * total_units - (current == from_supplier.end() ? 0.0 : current->second);
      if (room <= 0) continue;
      auto [it, added] = capacity_row.emplace(ci, -1);
      if (added) it->second = p.lp.AddRow(-kLpInfinity, spare);
      const double price = data.capabilities[ci].unit_price_yuan;
      const int col = p.lp.AddColumn(0, room, 0);
      p.ys.push_back({col, g, ci});
      p.objective.push_back(0);
      p.cost.push_back(price);
      p.lp.Set(balance_row_of_group[g], col, -1);
      p.lp.Set(it->second, col, 1);
    }
  }
  // Spare capacity per component in the provinces of the buyers in scope (each maker once), for the report.
  for (auto& row : out.by_component)
    for (std::uint32_t ci : net.makers_of(row.component)) {
      const NetCapability& cap = net.capabilities()[ci];
      if (buyer_provinces[static_cast<std::size_t>(net.province_of(cap.supplier))])
        row.spare_units +=
            static_cast<double>(std::max<std::int64_t>(0, cap.annual_capacity - cap.committed));
    }

  const int columns = p.lp.columns();
  p.budget_row = p.lp.AddRow(-kLpInfinity, 0);
  p.value_row = p.lp.AddRow(-kLpInfinity, kLpInfinity);
  for (int c = 0; c < columns; ++c) {
    if (p.cost[static_cast<std::size_t>(c)] != 0)
      p.lp.Set(p.budget_row, c, p.cost[static_cast<std::size_t>(c)]);
    if (p.objective[static_cast<std::size_t>(c)] != 0) {
      p.lp.Set(p.value_row, c, p.objective[static_cast<std::size_t>(c)]);
      p.lp.cost[static_cast<std::size_t>(c)] = -p.objective[static_cast<std::size_t>(c)];
    }
  }
  out.columns = columns;
  out.rows = p.lp.rows();

  // Per component: the value made local by a solution.
  const auto moved_by_component = [&](const std::vector<double>& x) {
    std::vector<double> moved(out.by_component.size(), 0);
    for (std::size_t i = 0; i < p.z_link.size(); ++i) {
      const std::uint32_t l = p.z_link[i];
      moved[component_row[net.link(l).component.value]] +=
          x[static_cast<std::size_t>(p.z_col[l])] * net.link(l).unit_price_yuan;
    }
    return moved;
  };
  const auto extra_cost = [&](const std::vector<double>& x) {
    double c = 0;
    for (int i = 0; i < columns; ++i)
      c += p.cost[static_cast<std::size_t>(i)] * x[static_cast<std::size_t>(i)];
    return c;
  };
  const auto share_of = [&](double moved) {
    return out.value_yuan > 0 ? (out.local_value_yuan + moved) / out.value_yuan : 0;
  };

  LpSolver solver;
  solver.SetStop(q.stop);
  solver.Load(p.lp);
  const auto solve = [&](bool primal) {
    LpSolution s = solver.Solve(primal);
    if (s.status == LpStatus::kStopped || stopped()) throw Cancelled("the frontier was cancelled");
    if (s.status != LpStatus::kOptimal)
      throw Error(fmt::format("the frontier's LP ended {}", ToString(s.status)));
    return s;
  };
  for (auto& row : out.by_component) row.local_share.reserve(static_cast<std::size_t>(q.steps));
  for (int i = 0; i < q.steps; ++i) {
    FrontierPoint point;
    point.premium = q.max_premium * i / (q.steps - 1);
    std::vector<double> moved(out.by_component.size(), 0);
    if (columns > 0) {
      solver.SetRowBounds(p.budget_row, -kLpInfinity, point.premium * out.value_yuan);
      const LpSolution s = solve(false);
      point.moved_value_yuan = std::max(0.0, -s.objective);
      point.extra_cost_yuan = extra_cost(s.x);
      moved = moved_by_component(s.x);
    }
    point.local_share = share_of(point.moved_value_yuan);
    out.points.push_back(point);
    for (std::size_t c = 0; c < out.by_component.size(); ++c) {
      ComponentFrontier& row = out.by_component[c];
      row.local_share.push_back(row.value_yuan > 0 ? (row.local_value_yuan + moved[c]) / row.value_yuan : 0);
    }
  }
  // Any premium: the most capacity allows, and what stays stuck.
  double reachable_moved = 0;
  std::vector<double> reachable_by_component(out.by_component.size(), 0);
  if (columns > 0) {
    solver.SetRowBounds(p.budget_row, -kLpInfinity, kLpInfinity);
    const LpSolution s = solve(false);
    reachable_moved = std::max(0.0, -s.objective);
    reachable_by_component = moved_by_component(s.x);
    std::vector<double> stuck_units(out.by_component.size(), 0);
    for (std::size_t i = 0; i < p.z_link.size(); ++i) {
      const std::uint32_t l = p.z_link[i];
      const int col = p.z_col[l];
      const double left = p.lp.col_upper[static_cast<std::size_t>(col)] - s.x[static_cast<std::size_t>(col)];
      stuck_units[component_row[net.link(l).component.value]] += std::max(0.0, left);
    }
    for (std::size_t c = 0; c < out.by_component.size(); ++c)
      out.by_component[c].stuck_units = stuck_units[c];
  }
  for (std::size_t c = 0; c < out.by_component.size(); ++c) {
    ComponentFrontier& row = out.by_component[c];
    row.reachable_share =
        row.value_yuan > 0 ? (row.local_value_yuan + reachable_by_component[c]) / row.value_yuan : 0;
    const double nonlocal = row.value_yuan - row.local_value_yuan;
    const bool moves = !q.component.valid() || row.component == q.component;
    row.stuck_value_yuan = moves ? std::max(0.0, nonlocal - reachable_by_component[c]) : nonlocal;
    if (row.stuck_value_yuan <= 1e-6 * std::max(1.0, row.value_yuan)) {
      row.limit = FrontierLimit::kNone;
    } else if (row.spare_units <= 0) {
      row.limit = FrontierLimit::kNoLocalMaker;
    } else if (row.stuck_units > 0 && row.spare_units <= row.stuck_units) {
      row.limit = FrontierLimit::kCapacity;
    } else {
      row.limit = FrontierLimit::kMaxShare;
    }
  }

  // The target: the least extra cost that reaches it (an LP with the share as a row), when capacity allows.
  FrontierTarget& t = out.target;
  t.share = q.target_share;
  t.reachable_share = share_of(reachable_moved);
  const double needed = q.target_share * out.value_yuan - out.local_value_yuan;
  if (needed <= 0) {
    t.reachable = t.reached = true;
    t.premium = 0;
    t.extra_cost_yuan = 0;
  } else if (reachable_moved + 1e-9 * out.value_yuan >= needed && columns > 0) {
    t.reachable = true;
    for (int c = 0; c < columns; ++c) solver.SetCost(c, p.cost[static_cast<std::size_t>(c)]);
    solver.SetRowBounds(p.value_row, std::min(needed, reachable_moved), kLpInfinity);
    const LpSolution s = solve(true);
    t.extra_cost_yuan = s.objective;
    t.premium = out.value_yuan > 0 ? std::max(0.0, s.objective / out.value_yuan) : 0;
    t.reached = *t.premium <= q.max_premium + 1e-12;
  } else {
    // Components by stuck value, largest first, until their stuck value closes the gap.
    std::vector<std::size_t> order(out.by_component.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return out.by_component[a].stuck_value_yuan > out.by_component[b].stuck_value_yuan;
    });
    double gap = needed - reachable_moved;
    for (std::size_t i : order) {
      if (gap <= 0 || out.by_component[i].stuck_value_yuan <= 0) break;
      t.blocking.push_back(out.by_component[i].component);
      gap -= out.by_component[i].stuck_value_yuan;
    }
    out.warnings.push_back(Message{
        "frontier.target_unreachable",
        {{"target", PlainNumber(q.target_share)},
         {"reachable", PlainNumber(std::round(t.reachable_share * 1e4) / 1e4)}},
        fmt::format("a local share of {} cannot be reached at any premium: local capacity allows at most {}",
                    PlainNumber(q.target_share), PlainNumber(std::round(t.reachable_share * 1e4) / 1e4))});
  }
  if (out.value_yuan <= 0)
    out.warnings.push_back(Message{"frontier.no_purchases", {}, "no purchase is in scope"});
  else if (p.ys.empty())
    out.warnings.push_back(Message{
        "frontier.no_moves", {}, "no non-local purchase can move: no local maker has spare capacity"});
  std::stable_sort(
      out.by_component.begin(), out.by_component.end(),
      [](const ComponentFrontier& a, const ComponentFrontier& b) { return a.value_yuan > b.value_yuan; });
  out.solves = solver.solves();
  return out;
}

}  // namespace chainscope
