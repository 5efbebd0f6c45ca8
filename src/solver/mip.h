// solver: mixed-integer programs solved by COIN-OR CBC (branch and cut over CLP), hidden behind a plain
// MipProblem (an LpProblem and the columns that must take integer values). A solve has a time limit and
// reports the best solution found, the best bound proved and the relative gap between them; hitting the
// limit with a solution is a result (kFeasible), not an error.
#pragma once

#include <atomic>
#include <string_view>
#include <vector>

#include "solver/lp.h"

namespace chainscope {

struct MipProblem {
  LpProblem lp;                      // minimise lp.cost · x subject to its rows and bounds
  std::vector<int> integer_columns;  // these take integer values (binaries: bounds [0, 1])
};

enum class MipStatus {
  kOptimal,     // proved optimal within the gap tolerance
  kFeasible,    // a solution, not proved optimal: the time limit or the stop flag came first
  kInfeasible,  // no solution exists
  kNoSolution,  // stopped before any solution was found
  kFailed,
};
std::string_view ToString(MipStatus s);  // "optimal", "feasible", "infeasible", "no_solution", "failed"

struct MipOptions {
  double time_limit_seconds = 10;
  double relative_gap = 1e-7;               // stop when (objective − bound) ≤ this × |objective|
  const std::atomic<bool>* stop = nullptr;  // while *stop, the search stops at its next node
};

struct MipSolution {
  MipStatus status = MipStatus::kFailed;
  double objective = 0;  // of the best solution (when one exists)
  double bound = 0;      // the best lower bound proved (= objective when optimal)
  /// (objective − bound) ÷ max(|objective|, 1e-9): at most the tolerance when optimal.
  double gap = 0;
  std::vector<double> x;  // the best solution, one value per column (empty without one)
  int nodes = 0;          // branch-and-bound nodes explored
  double seconds = 0;
};

/// Solves `p` with CBC (probing, Gomory, mixed-integer rounding, flow-cover and knapsack cuts). Integer
/// columns' values are rounded to the nearest integer in the answer.
MipSolution SolveMip(const MipProblem& p, const MipOptions& options = {});

}  // namespace chainscope
