// match: the same transportation problem written as a linear program and solved by COIN-OR CLP — an
// independent solver, for cross-checks (tests) and for the side-by-side benchmark.
#pragma once

#include <optional>

#include "match/transport.h"

namespace chainscope {

/// The LP optimum of `p` (rows: supplies ≤, demands =; columns: arcs in [0, cap], unmet in [0, demand]),
/// or nullopt when CLP does not prove optimality. Dual simplex.
std::optional<double> SolveTransportLp(const TransportProblem& p);

}  // namespace chainscope
