#include "match/transport_lp.h"

#include <coin/ClpSimplex.hpp>
#include <coin/CoinPackedMatrix.hpp>
#include <vector>

namespace chainscope {

std::optional<double> SolveTransportLp(const TransportProblem& p) {
  const int ns = static_cast<int>(p.supply.size()), nd = static_cast<int>(p.demand.size());
  const int columns = static_cast<int>(p.arcs.size()) + nd;
  // Column-major matrix: each arc column has a 1 in its supply row and its demand row.
  std::vector<CoinBigIndex> starts;
  std::vector<int> rows;
  std::vector<double> elements, lower, upper, cost;
  starts.reserve(columns + 1);
  for (const TransportArc& a : p.arcs) {
    starts.push_back(static_cast<CoinBigIndex>(rows.size()));
    rows.push_back(static_cast<int>(a.supply));
    rows.push_back(ns + static_cast<int>(a.demand));
    elements.insert(elements.end(), {1.0, 1.0});
    lower.push_back(0);
    upper.push_back(static_cast<double>(a.cap));
    cost.push_back(static_cast<double>(a.cost));
  }
  for (int d = 0; d < nd; ++d) {
    starts.push_back(static_cast<CoinBigIndex>(rows.size()));
    rows.push_back(ns + d);
    elements.push_back(1.0);
    lower.push_back(0);
    upper.push_back(static_cast<double>(p.demand[d]));
    cost.push_back(static_cast<double>(p.unmet_cost[d]));
  }
  starts.push_back(static_cast<CoinBigIndex>(rows.size()));
  std::vector<double> row_lower(ns + nd), row_upper(ns + nd);
  for (int i = 0; i < ns; ++i) row_lower[i] = -COIN_DBL_MAX, row_upper[i] = static_cast<double>(p.supply[i]);
  for (int d = 0; d < nd; ++d) row_lower[ns + d] = row_upper[ns + d] = static_cast<double>(p.demand[d]);
  ClpSimplex model;
  model.setLogLevel(0);
  model.loadProblem(columns, ns + nd, starts.data(), rows.data(), elements.data(), lower.data(), upper.data(),
                    cost.data(), row_lower.data(), row_upper.data());
  model.dual();
  if (!model.isProvenOptimal()) return std::nullopt;
  return model.objectiveValue();
}

}  // namespace chainscope
