#include "planning/frontier.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
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

/// Prune and price: columns a maker gains in one round at most, and the share of today's purchase value
/// under which the columns left out can no longer improve the optimum.
constexpr int kColumnsPerMakerPerRound = 12;
constexpr double kPricingTolerance = 1e-6;

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
  std::size_t y_columns = 0;          // (group, local maker) columns so far
  std::vector<double> objective;      // the value made local per column (the maximised objective, ≥ 0)
  std::vector<double> cost;           // the extra cost per column
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

  // Local makers: y per (group, maker of its component in the buyer's province with spare capacity). Every
  // maker has its capacity row; a group starts with columns to its few cheapest makers only, and the others
  // join when their reduced cost says they improve the solution (prune and price: the optimum is that of
  // the full program, whose groups × makers columns grow with the square of the chain).
  struct Maker {
    std::uint32_t capability;
    double price;
    int row;
  };
  std::unordered_map<std::uint64_t, std::vector<Maker>> makers_by;  // (component, province) → cheapest first
  const auto key_of = [](ComponentId c, Province pr) {
    return (static_cast<std::uint64_t>(c.value) << 3) | static_cast<std::uint64_t>(pr);
  };
  struct GroupInfo {
    std::uint32_t group = 0;
    int row = -1;
    double total_units = 0;
    double movable_units = 0;                               // Σ of its links' movable units (z's bounds)
    std::vector<std::pair<std::uint32_t, double>> current;  // (supplier, units)
    const std::vector<Maker>* makers = nullptr;
    std::size_t next = 0;  // makers[0 .. next) have been offered a column
  };
  std::vector<GroupInfo> infos;
  for (std::uint32_t g : groups) {
    const LinkGroup& group = net.purchase_group(g);
    const Province bp = net.province_of(group.enterprise);
    GroupInfo info;
    info.group = g;
    info.row = balance_row_of_group[g];
    for (std::uint32_t l : net.purchase_group_links(g)) {
      const double units = static_cast<double>(net.link(l).annual_volume);
      info.total_units += units;
      if (p.z_col[l] >= 0) info.movable_units += p.lp.col_upper[static_cast<std::size_t>(p.z_col[l])];
      auto it = std::find_if(info.current.begin(), info.current.end(),
                             [&](const auto& c) { return c.first == net.link(l).supplier.value; });
      if (it == info.current.end())
        info.current.emplace_back(net.link(l).supplier.value, units);
      else
        it->second += units;
    }
    auto [it, added] = makers_by.emplace(key_of(group.component, bp), std::vector<Maker>{});
    if (added) {
      for (std::uint32_t ci : net.makers_of(group.component)) {
        const NetCapability& cap = net.capabilities()[ci];
        const double spare = static_cast<double>(cap.annual_capacity - cap.committed);
        if (spare <= 0 || net.province_of(cap.supplier) != bp) continue;
        it->second.push_back({ci, data.capabilities[ci].unit_price_yuan, p.lp.AddRow(-kLpInfinity, spare)});
      }
      std::stable_sort(it->second.begin(), it->second.end(),
                       [](const Maker& x, const Maker& y) { return x.price < y.price; });
    }
    info.makers = &it->second;
    infos.push_back(std::move(info));
  }
  const auto room = [&](const GroupInfo& info, const Maker& m) {
    const EnterpriseId supplier = net.capabilities()[m.capability].supplier;
    if (supplier == net.purchase_group(info.group).enterprise) return 0.0;
    double current = 0;
    for (const auto& [s, units] : info.current)
      if (s == supplier.value) current = units;
    return q.max_share * info.total_units - current;
  };
  std::vector<std::vector<bool>> offered(infos.size());  // per group, per maker of its list: has a column
  // Appends the column y(group i, maker j) to the program (before loading) or the solver (after).
  LpSolver solver;
  bool loaded = false;
  bool target_mode = false;  // y's objective is its price (the target's LP) instead of 0
  std::vector<LpSolver::NewColumn> pending;
  const auto add_y = [&](std::size_t i, std::size_t j) {
    GroupInfo& info = infos[i];
    const Maker& m = (*info.makers)[j];
    offered[i][j] = true;
    const double r = room(info, m);
    const int col = loaded ? solver.columns() + static_cast<int>(pending.size()) : p.lp.columns();
    ++p.y_columns;
    p.objective.push_back(0);
    p.cost.push_back(m.price);
    if (!loaded) {
      p.lp.AddColumn(0, r, 0);
      p.lp.Set(info.row, col, -1);
      p.lp.Set(m.row, col, 1);
    } else {
      pending.push_back(
          {0, r, target_mode ? m.price : 0.0, {{info.row, -1}, {m.row, 1}, {p.budget_row, m.price}}});
    }
  };
  // The first columns: each group's few cheapest makers, and the pairs a greedy fill uses (groups of the
  // dearest purchases first, each to the cheapest makers with capacity left), so that where capacity is
  // short the program starts near its optimum instead of pricing its way there one column at a time.
  const std::size_t first_makers = static_cast<std::size_t>(std::ceil(1 / q.max_share)) + 2;
  std::vector<std::size_t> order(infos.size());
  std::vector<double> dearest(infos.size(), 0);
  for (std::size_t i = 0; i < infos.size(); ++i) {
    order[i] = i;
    offered[i].assign(infos[i].makers->size(), false);
    for (std::uint32_t l : net.purchase_group_links(infos[i].group))
      if (p.z_col[l] >= 0) dearest[i] = std::max(dearest[i], net.link(l).unit_price_yuan);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return dearest[a] > dearest[b]; });
  std::unordered_map<std::uint32_t, double> left;  // capability → spare capacity the greedy fill has left
  for (std::size_t i : order) {
    const GroupInfo& info = infos[i];
    double need = info.movable_units;
    std::size_t taken = 0;
    for (std::size_t j = 0; j < info.makers->size(); ++j) {
      const Maker& m = (*info.makers)[j];
      const double r = room(info, m);
      if (r <= 0) continue;
      const NetCapability& cap = net.capabilities()[m.capability];
      auto [it, added] = left.emplace(m.capability, static_cast<double>(cap.annual_capacity - cap.committed));
      const double take = std::min({need, r, it->second});
      if (taken < first_makers || take > 0) {
        add_y(i, j);
        ++taken;
      }
      it->second -= std::max(0.0, take);
      need -= std::max(0.0, take);
      if (need <= 0 && taken >= first_makers) break;
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
    for (std::size_t i = 0; i < x.size() && i < p.cost.size(); ++i)
      c += p.cost[static_cast<std::size_t>(i)] * x[static_cast<std::size_t>(i)];
    return c;
  };
  const auto share_of = [&](double moved) {
    return out.value_yuan > 0 ? (out.local_value_yuan + moved) / out.value_yuan : 0;
  };

  solver.SetStop(q.stop);
  solver.Load(p.lp);
  loaded = true;
  // Solves, then prices every maker a group has no column for: y(g, s) has reduced cost
  //   d = c_y − (−π_g + π_s + price_s·π_budget)
  // (c_y = 0, or price_s in the target's LP); columns with d < 0 join (at most 2 per group a round, the most
  // negative first) and the program is solved again from the same basis, until none is left.
  const auto solve = [&](bool primal) {
    for (;;) {
      LpSolution s = solver.Solve(primal);
      if (s.status == LpStatus::kStopped || stopped()) throw Cancelled("the frontier was cancelled");
      if (s.status != LpStatus::kOptimal)
        throw Error(fmt::format("the frontier's LP ended {}", ToString(s.status)));
      const auto dual = [&](int row) { return s.row_duals[static_cast<std::size_t>(row)]; };
      // Each group's two most negative columns; of those, each maker keeps the few most negative (one
      // maker's spare capacity is rarely worth more than a few groups' columns in a round).
      struct Candidate {
        double d;
        std::size_t group, maker;
      };
      std::vector<Candidate> candidates;
      double lagrangian_gap = 0;  // yuan of purchase value (or of extra cost, for the target's LP)
      for (std::size_t i = 0; i < infos.size(); ++i) {
        const GroupInfo& info = infos[i];
        Candidate best[2] = {{0, i, SIZE_MAX}, {0, i, SIZE_MAX}};
        for (std::size_t j = 0; j < info.makers->size(); ++j) {
          if (offered[i][j]) continue;
          const Maker& m = (*info.makers)[j];
          const double d =
              (target_mode ? m.price : 0.0) - (-dual(info.row) + dual(m.row) + m.price * dual(p.budget_row));
          if (d >= -1e-7 * std::max(1.0, m.price) || room(info, m) <= 0) continue;
          if (d < best[0].d) {
            best[1] = best[0];
            best[0] = {d, i, j};
          } else if (d < best[1].d) {
            best[1] = {d, i, j};
          }
        }
        for (const Candidate& c : best)
          if (c.maker != SIZE_MAX) candidates.push_back(c);
        if (best[0].maker != SIZE_MAX) lagrangian_gap -= info.movable_units * best[0].d;
      }
      // No column improves the objective by more than its reduced cost times its group's movable units: when
      // all of them together cannot move the share by a millionth, this is the optimum to that tolerance.
      if (lagrangian_gap <= kPricingTolerance * std::max(1.0, out.value_yuan)) return s;
      std::stable_sort(candidates.begin(), candidates.end(),
                       [](const Candidate& a, const Candidate& b) { return a.d < b.d; });
      std::unordered_map<std::uint32_t, int> per_maker;  // capability → columns added this round
      for (const Candidate& c : candidates) {
        const std::uint32_t capability = (*infos[c.group].makers)[c.maker].capability;
        if (++per_maker[capability] > kColumnsPerMakerPerRound) continue;
        add_y(c.group, c.maker);
      }
      if (pending.empty()) return s;
      solver.AddColumns(pending);
      pending.clear();
      primal = true;
    }
  };
  for (auto& row : out.by_component) row.local_share.reserve(static_cast<std::size_t>(q.steps));
  // Once the budget is slack at an optimum, that optimum is also the optimum without a budget (an LP's
  // inactive constraint can be dropped): the later points and the reachable share are the same solution.
  std::optional<LpSolution> unbudgeted;
  for (int i = 0; i < q.steps; ++i) {
    FrontierPoint point;
    point.premium = q.max_premium * i / (q.steps - 1);
    std::vector<double> moved(out.by_component.size(), 0);
    if (columns > 0) {
      const double budget = point.premium * out.value_yuan;
      std::optional<LpSolution> solved;
      if (!unbudgeted) {
        solver.SetRowBounds(p.budget_row, -kLpInfinity, budget);
        solved = solve(false);
      }
      const LpSolution& s = unbudgeted ? *unbudgeted : *solved;
      point.moved_value_yuan = std::max(0.0, -s.objective);
      point.extra_cost_yuan = extra_cost(s.x);
      moved = moved_by_component(s.x);
      if (!unbudgeted && point.extra_cost_yuan < budget - 1e-9 * std::max(1.0, out.value_yuan))
        unbudgeted = s;
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
    if (!unbudgeted) {
      solver.SetRowBounds(p.budget_row, -kLpInfinity, kLpInfinity);
      unbudgeted = solve(false);
    }
    const LpSolution& s = *unbudgeted;
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
  if (needed <= 0 || (!out.points.empty() && out.points.front().moved_value_yuan >= needed)) {
    // Today's share, or the moves that cost nothing extra, reach it.
    t.reachable = t.reached = true;
    t.premium = 0;
    t.extra_cost_yuan = 0;
  } else if (reachable_moved + 1e-9 * out.value_yuan >= needed && columns > 0) {
    t.reachable = true;
    target_mode = true;
    for (int c = 0; c < solver.columns(); ++c) solver.SetCost(c, p.cost[static_cast<std::size_t>(c)]);
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
  else if (p.y_columns == 0)
    out.warnings.push_back(Message{
        "frontier.no_moves", {}, "no non-local purchase can move: no local maker has spare capacity"});
  std::stable_sort(
      out.by_component.begin(), out.by_component.end(),
      [](const ComponentFrontier& a, const ComponentFrontier& b) { return a.value_yuan > b.value_yuan; });
  out.solves = solver.solves();
  out.columns = solver.columns();
  return out;
}

}  // namespace chainscope
