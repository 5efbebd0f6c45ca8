#include "match/allocator.h"

#include "core/number_text.h"
#include "core/schema.h"

#include <fmt/format.h>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <thread>
#include <unordered_map>

namespace chainscope {
namespace {

constexpr std::size_t kPruneAboveArcs = 200'000;  // automatic pruning only for blocks this large
constexpr std::size_t kAutoPruneK = 24;

std::string Yuan(double v) {
  return fmt::format("{:.2f}", v);
}

// The problem is block-diagonal: a demand's arcs all come from options of its own component. Each block is
// solved on its own (on all cores; results do not depend on the order) and the solutions are merged. The
// merged potentials are a dual solution of the whole problem: within a block reduced costs are unchanged, and
// a block whose unmet node came out with π_U > 0 (everything unmet) is shifted by −π_U (supplies floored at
// 0, which only raises reduced costs of arcs that carry nothing), so the one unmet node of the whole has π_U
// = 0.
TransportSolution SolveByComponent(const TransportProblem& p,
                                   const std::vector<std::uint32_t>& component_of_demand,
                                   const AllocationOptions& options) {
  // Blocks are components: a supply option makes one component, a demand asks for one.
  std::vector<std::int32_t> block_of_demand(p.demand.size(), -1);
  std::unordered_map<std::uint32_t, std::int32_t> block_of_component;
  std::vector<std::vector<std::uint32_t>> arcs_of_block;
  for (std::uint32_t a = 0; a < p.arcs.size(); ++a) {
    const std::uint32_t d = p.arcs[a].demand;
    if (block_of_demand[d] < 0) {
      auto [it, fresh] = block_of_component.try_emplace(component_of_demand[d],
                                                        static_cast<std::int32_t>(arcs_of_block.size()));
      if (fresh) arcs_of_block.emplace_back();
      block_of_demand[d] = it->second;
    }
    arcs_of_block[static_cast<std::size_t>(block_of_demand[d])].push_back(a);
  }
  TransportSolution merged;
  merged.flow.assign(p.arcs.size(), 0);
  merged.unmet.assign(p.demand.size(), 0);
  merged.supply_potential.assign(p.supply.size(), 0);
  merged.demand_potential.assign(p.demand.size(), 0);
  // Demands without any arc are all unmet; π(d) = penalty gives their unmet arc a reduced cost of 0.
  for (std::size_t d = 0; d < p.demand.size(); ++d)
    if (block_of_demand[d] < 0) {
      merged.unmet[d] = p.demand[d];
      merged.demand_potential[d] = p.unmet_cost[d];
    }
  std::atomic<std::size_t> next{0};
  std::atomic<int> rounds{1};
  std::atomic<std::size_t> model_arcs{0};
  std::atomic<bool> failed{false}, stopped{false};
  auto worker = [&] {
    for (std::size_t b; (b = next.fetch_add(1)) < arcs_of_block.size();) {
      if (StopRequested(options.stop)) {
        stopped = true;
        break;
      }
      const auto& arcs = arcs_of_block[b];
      TransportProblem sub;  // the block with local indexes
      std::unordered_map<std::uint32_t, std::uint32_t> local_supply, local_demand;
      std::vector<std::uint32_t> supply_of, demand_of;
      for (std::uint32_t a : arcs) {
        const TransportArc& t = p.arcs[a];
        auto [si, s_new] = local_supply.try_emplace(t.supply, static_cast<std::uint32_t>(supply_of.size()));
        if (s_new) {
          supply_of.push_back(t.supply);
          sub.supply.push_back(p.supply[t.supply]);
        }
        auto [di, d_new] = local_demand.try_emplace(t.demand, static_cast<std::uint32_t>(demand_of.size()));
        if (d_new) {
          demand_of.push_back(t.demand);
          sub.demand.push_back(p.demand[t.demand]);
          sub.unmet_cost.push_back(p.unmet_cost[t.demand]);
        }
        sub.arcs.push_back({si->second, di->second, t.cap, t.cost});
      }
      TransportOptions topt;
      topt.algorithm = options.algorithm;
      topt.stop = options.stop;
      topt.prune_k = options.prune_k == SIZE_MAX ? (sub.arcs.size() > kPruneAboveArcs ? kAutoPruneK : 0)
                                                 : options.prune_k;
      TransportSolution s;
      try {
        s = SolveTransport(sub, topt);
      } catch (const Cancelled&) {
        stopped = true;
        break;
      }
      if (s.status != TransportStatus::kOptimal) {
        failed = true;
        continue;
      }
      for (int r = rounds.load(); r < s.rounds && !rounds.compare_exchange_weak(r, s.rounds);) {
      }
      model_arcs += s.arcs_in_model;
      const std::int64_t shift = std::max<std::int64_t>(0, s.unmet_potential);
      for (std::size_t k = 0; k < arcs.size(); ++k) merged.flow[arcs[k]] = s.flow[k];
      for (std::size_t d = 0; d < demand_of.size(); ++d) {
        merged.unmet[demand_of[d]] = s.unmet[d];
        merged.demand_potential[demand_of[d]] = s.demand_potential[d] - shift;
      }
      for (std::size_t i = 0; i < supply_of.size(); ++i)
        merged.supply_potential[supply_of[i]] = std::max<std::int64_t>(0, s.supply_potential[i] - shift);
    }
  };
  const unsigned threads = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (stopped) throw Cancelled("the allocation was stopped");
  merged.status = failed ? TransportStatus::kInfeasible : TransportStatus::kOptimal;
  merged.rounds = rounds.load();
  merged.arcs_in_model = model_arcs;
  for (std::size_t a = 0; a < p.arcs.size(); ++a)
    merged.cost += static_cast<long double>(p.arcs[a].cost) * static_cast<long double>(merged.flow[a]);
  for (std::size_t d = 0; d < p.demand.size(); ++d)
    merged.cost += static_cast<long double>(p.unmet_cost[d]) * static_cast<long double>(merged.unmet[d]);
  return merged;
}

}  // namespace

std::int64_t ShareCap(const DemandSpec& d) {
  return static_cast<std::int64_t>(std::floor(d.max_share * static_cast<double>(d.quantity) + 1e-9));
}

std::int64_t LandedCostFen(const Network& net, const SupplyBook& book, const SupplyOption& o,
                           EnterpriseId buyer) {
  const Distance d = book.distance(net.place_of(buyer), net.place_of(o.supplier));
  const double fen = (o.unit_price_yuan + LogisticsYuanPerUnit(o.unit_price_yuan, d.km)) * 100.0;
  // Prices are stated up to kMaxPriceYuan; one stored before that bound was checked (or a NaN) would
  // overflow the integer costs and stall the min-cost flow, so it is refused naming the supplier.
  if (!(fen >= 0 && fen <= kMaxPriceYuan * 1000.0))
    throw InvalidInput(fmt::format("supplier {}: unit price {} yuan of {} is outside 0.01 to {} yuan",
                                   net.enterprise(o.supplier).id, PlainNumber(o.unit_price_yuan),
                                   net.component(o.component).code, PlainNumber(kMaxPriceYuan)));
  return std::llround(fen);
}

std::vector<DemandSpec> OpenDemands(const Network& net, const RecordTable<Demand>& demands) {
  std::vector<DemandSpec> out;
  for (const Demand& d : demands)
    if (d.open) out.push_back(DemandSpecOf(net, d));
  return out;
}

AllocationSize SizeAllocation(const Network& net, const SupplyBook& book,
                              std::span<const DemandSpec> demands) {
  AllocationSize size;
  size.demands = demands.size();
  std::vector<std::size_t> demands_of(net.component_count(), 0);
  for (const DemandSpec& d : demands) ++demands_of[d.component.value];
  for (std::uint32_t c = 0; c < net.component_count(); ++c) {
    if (demands_of[c] == 0) continue;
    std::size_t open = 0;
    for (const SupplyOption& o : book.of(ComponentId(c))) open += o.free_units > 0 ? 1 : 0;
    size.supply_nodes += open;
    size.arcs_at_most += open * demands_of[c];
  }
  return size;
}

Message AssignmentReason(const Assignment& as, bool with_prices) {
  const bool cheapest = as.cost_rank == 0;
  const std::string where = fmt::format("{:.0f} km{}", as.distance.km, as.distance.nominal ? " nominal" : "");
  std::vector<std::pair<std::string, std::string>> params{
      {"rank", std::to_string(as.cost_rank + 1)},
      {"eligible", std::to_string(as.eligible)},
      {"distance_km", fmt::format("{:.0f}", as.distance.km)},
      {"nominal", as.distance.nominal ? "1" : "0"},
      {"limit", as.limit == Assignment::Limit::kShareCap   ? "share_cap"
                : as.limit == Assignment::Limit::kCapacity ? "capacity"
                                                           : ""},
      {"max_share_percent", fmt::format("{:.0f}", as.max_share * 100)}};
  std::string text =
      cheapest ? fmt::format("lowest landed cost of {} eligible suppliers", as.eligible)
               : fmt::format("no. {} of {} eligible suppliers by landed cost", as.cost_rank + 1, as.eligible);
  if (with_prices) {
    params.push_back({"unit_cost_yuan", Yuan(as.unit_cost_yuan)});
    params.push_back({"price_yuan", Yuan(as.unit_price_yuan)});
    params.push_back({"logistics_yuan", Yuan(as.logistics_yuan_per_unit)});
    text += fmt::format("{} {} yuan/unit (price {} + logistics {} over {})", cheapest ? ":" : ",",
                        Yuan(as.unit_cost_yuan), Yuan(as.unit_price_yuan), Yuan(as.logistics_yuan_per_unit),
                        where);
  } else {
    text += fmt::format(" ({} away)", where);
  }
  if (!cheapest) text += "; the cheaper ones are full or at their share cap";
  if (as.limit == Assignment::Limit::kShareCap)
    text += fmt::format("; takes the largest share allowed ({:.0f}%)", as.max_share * 100);
  else if (as.limit == Assignment::Limit::kCapacity)
    text += "; all of its free capacity is used";
  return {cheapest ? "alloc.cheapest" : "alloc.ranked", std::move(params), std::move(text)};
}

Allocation Allocate(const Network& net, const SupplyBook& book, std::span<const DemandSpec> demands,
                    const AllocationOptions& options) {
  if (!(options.unmet_penalty_factor > 0) || !std::isfinite(options.unmet_penalty_factor))
    throw InvalidInput(fmt::format("unmet_penalty_factor must be > 0, got {}", options.unmet_penalty_factor));
  Allocation out;
  TransportProblem& p = out.problem;
  const Matcher matcher(net, book);
  // Supply nodes: every option of a component some demand asks for, in book order.
  std::vector<char> wanted(net.component_count(), 0);
  for (const DemandSpec& d : demands) {
    if (d.quantity <= 0) throw InvalidInput(fmt::format("demand {}: quantity must be > 0", d.id));
    if (!(d.max_share > 0 && d.max_share <= 1))
      throw InvalidInput(fmt::format("demand {}: max_share must be in (0, 1]", d.id));
    wanted[d.component.value] = 1;
  }
  std::vector<std::uint32_t> node_of_option(book.all().size(), UINT32_MAX);
  for (std::uint32_t c = 0; c < net.component_count(); ++c) {
    if (!wanted[c]) continue;
    for (const SupplyOption& o : book.of(ComponentId(c))) {
      if (o.free_units <= 0) continue;
      node_of_option[static_cast<std::size_t>(&o - book.all().data())] =
          static_cast<std::uint32_t>(p.supply.size());
      p.supply.push_back(o.free_units);
      out.supply_options.push_back(&o);
    }
  }
  // Demand nodes and eligible arcs.
  for (std::size_t di = 0; di < demands.size(); ++di) {
    if (di % 256 == 0) ThrowIfStopped(options.stop, "allocation");
    const DemandSpec& d = demands[di];
    p.demand.push_back(d.quantity);
    p.unmet_cost.push_back(
        std::llround(net.component(d.component).unit_price_yuan * options.unmet_penalty_factor * 100.0));
    const std::int64_t share_cap = ShareCap(d);
    for (const SupplyOption& o : book.of(d.component)) {
      const std::uint32_t node = node_of_option[static_cast<std::size_t>(&o - book.all().data())];
      if (node == UINT32_MAX || !matcher.Eligible(d, o)) continue;
      const std::int64_t cap = std::min(o.free_units, share_cap);
      if (cap <= 0) continue;
      p.arcs.push_back({node, static_cast<std::uint32_t>(di), cap, LandedCostFen(net, book, o, d.buyer)});
    }
  }
  std::vector<std::uint32_t> component_of_demand;
  for (const DemandSpec& d : demands) component_of_demand.push_back(d.component.value);
  out.solution = SolveByComponent(p, component_of_demand, options);
  const TransportSolution& s = out.solution;
  if (s.status != TransportStatus::kOptimal)
    throw Error("allocation: the min-cost flow has no optimal solution");

  // Assignments with reasons: the landed-cost rank among the demand's eligible options, and what limited it.
  std::vector<std::vector<std::uint32_t>> arcs_of(demands.size());
  for (std::uint32_t a = 0; a < p.arcs.size(); ++a) arcs_of[p.arcs[a].demand].push_back(a);
  std::vector<std::int64_t> shipped(p.supply.size(), 0);
  for (std::uint32_t a = 0; a < p.arcs.size(); ++a) shipped[p.arcs[a].supply] += s.flow[a];
  double regional_value = 0, local_value = 0;
  for (std::size_t di = 0; di < demands.size(); ++di) {
    if (di % 256 == 0) ThrowIfStopped(options.stop, "allocation");
    auto& arcs = arcs_of[di];
    // Assigned arcs in landed-cost order; each one's rank counts the cheaper eligible arcs. O(arcs ×
    // assigned).
    std::vector<std::uint32_t> used;
    for (std::uint32_t a : arcs)
      if (s.flow[a] > 0) used.push_back(a);
    auto cheaper = [&](std::uint32_t x, std::uint32_t y) {
      return p.arcs[x].cost != p.arcs[y].cost ? p.arcs[x].cost < p.arcs[y].cost : x < y;
    };
    std::sort(used.begin(), used.end(), cheaper);
    const DemandSpec& d = demands[di];
    const Place& buyer_place = net.place(net.place_of(d.buyer));
    for (std::uint32_t a : used) {
      std::size_t rank = 0;
      for (std::uint32_t other : arcs) rank += cheaper(other, a) ? 1 : 0;
      const TransportArc& t = p.arcs[a];
      const SupplyOption& o = *out.supply_options[t.supply];
      Assignment as;
      as.demand = di;
      as.supplier = o.supplier;
      as.quantity = s.flow[a];
      as.distance = book.distance(net.place_of(d.buyer), net.place_of(o.supplier));
      as.unit_price_yuan = o.unit_price_yuan;
      as.logistics_yuan_per_unit = LogisticsYuanPerUnit(o.unit_price_yuan, as.distance.km);
      as.unit_cost_yuan = static_cast<double>(t.cost) / 100.0;
      const std::int64_t share_cap = ShareCap(d);
      if (s.flow[a] == share_cap && share_cap < d.quantity)
        as.limit = Assignment::Limit::kShareCap;
      else if (shipped[t.supply] == p.supply[t.supply] && s.flow[a] < d.quantity)
        as.limit = Assignment::Limit::kCapacity;
      as.max_share = d.max_share;
      as.cost_rank = rank;
      as.eligible = arcs.size();
      const double value = as.unit_cost_yuan * static_cast<double>(as.quantity);
      out.total_cost_yuan += value;
      out.units_assigned += as.quantity;
      const Province sp = net.province_of(o.supplier);
      if (IsRegional(sp)) regional_value += value;
      if (sp == buyer_place.province) local_value += value;
      out.assignments.push_back(std::move(as));
    }
    if (s.unmet[di] > 0) {
      UnmetDemand u{di, s.unmet[di], {}};
      if (arcs.empty()) {
        u.reason = {"alloc.no_eligible",
                    {},
                    "no eligible supplier (see match --explain for why each maker is excluded)"};
      } else {
        std::int64_t reachable = 0;
        for (std::uint32_t a : arcs) reachable += p.arcs[a].cap;
        u.reason =
            reachable < d.quantity
                ? Message{"alloc.share_cap_limits",
                          {{"units", std::to_string(reachable)}},
                          fmt::format("eligible suppliers can take at most {} units under the share cap",
                                      reachable)}
                : Message{"alloc.capacity_elsewhere",
                          {},
                          "the eligible suppliers' free capacity went to demands where it saves more"};
      }
      out.units_unmet += u.quantity;
      out.penalty_yuan += static_cast<double>(p.unmet_cost[di]) / 100.0 * static_cast<double>(u.quantity);
      out.unmet.push_back(std::move(u));
    }
  }
  out.regional_share_value = out.total_cost_yuan > 0 ? regional_value / out.total_cost_yuan : 0;
  out.local_share_value = out.total_cost_yuan > 0 ? local_value / out.total_cost_yuan : 0;
  return out;
}

}  // namespace chainscope
