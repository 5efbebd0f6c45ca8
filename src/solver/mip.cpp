#include "solver/mip.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <coin/CbcEventHandler.hpp>
#include <coin/CbcModel.hpp>
#include <coin/CglFlowCover.hpp>
#include <coin/CglGomory.hpp>
#include <coin/CglKnapsackCover.hpp>
#include <coin/CglMixedIntegerRounding2.hpp>
#include <coin/CglProbing.hpp>
#include <coin/CoinPackedMatrix.hpp>
#include <coin/OsiClpSolverInterface.hpp>

namespace chainscope {

std::string_view ToString(MipStatus s) {
  switch (s) {
    case MipStatus::kOptimal:
      return "optimal";
    case MipStatus::kFeasible:
      return "feasible";
    case MipStatus::kInfeasible:
      return "infeasible";
    case MipStatus::kNoSolution:
      return "no_solution";
    case MipStatus::kFailed:
      return "failed";
  }
  return "failed";
}

namespace {

double Coin(double v) {
  if (v == kLpInfinity) return COIN_DBL_MAX;
  if (v == -kLpInfinity) return -COIN_DBL_MAX;
  return v;
}

/// Ends the branch and bound at the next node once the flag is set.
class StopOnFlag final : public CbcEventHandler {
 public:
  explicit StopOnFlag(const std::atomic<bool>* stop) : stop_(stop) {}
  CbcAction event(CbcEvent) override { return stop_->load(std::memory_order_relaxed) ? stop : noAction; }
  CbcEventHandler* clone() const override { return new StopOnFlag(*this); }

 private:
  const std::atomic<bool>* stop_;
};

}  // namespace

MipSolution SolveMip(const MipProblem& p, const MipOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  MipSolution out;
  const int nc = p.lp.columns(), nr = p.lp.rows();
  std::vector<int> rows, cols;
  std::vector<double> values;
  rows.reserve(p.lp.entries.size());
  cols.reserve(p.lp.entries.size());
  values.reserve(p.lp.entries.size());
  for (const auto& e : p.lp.entries) {
    rows.push_back(e.row);
    cols.push_back(e.column);
    values.push_back(e.value);
  }
  const CoinPackedMatrix matrix(true, rows.data(), cols.data(), values.data(),
                                static_cast<CoinBigIndex>(values.size()));
  std::vector<double> cl(p.lp.col_lower), cu(p.lp.col_upper), rl(p.lp.row_lower), ru(p.lp.row_upper);
  for (auto* v : {&cl, &cu, &rl, &ru}) std::transform(v->begin(), v->end(), v->begin(), Coin);
  OsiClpSolverInterface solver;
  // A matrix built from triplets has as many major vectors as the largest index seen: pad to the model.
  CoinPackedMatrix full(matrix);
  full.setDimensions(nr, nc);
  solver.loadProblem(full, cl.data(), cu.data(), p.lp.cost.data(), rl.data(), ru.data());
  for (int j : p.integer_columns) solver.setInteger(j);
  solver.messageHandler()->setLogLevel(0);
  solver.getModelPtr()->setLogLevel(0);

  CbcModel model(solver);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  model.setMaximumSeconds(std::max(0.01, options.time_limit_seconds));
  model.setAllowableFractionGap(options.relative_gap);
  model.setAllowableGap(0);
  CglProbing probing;
  probing.setUsingObjective(1);
  probing.setMaxPass(3);
  probing.setMaxProbe(100);
  probing.setMaxLook(50);
  CglGomory gomory;
  gomory.setLimit(300);
  CglMixedIntegerRounding2 mir;
  CglFlowCover flow_cover;
  CglKnapsackCover knapsack;
  model.addCutGenerator(&probing, -1, "Probing");
  model.addCutGenerator(&gomory, -1, "Gomory");
  model.addCutGenerator(&mir, -1, "MixedIntegerRounding2");
  model.addCutGenerator(&flow_cover, -1, "FlowCover");
  model.addCutGenerator(&knapsack, -1, "KnapsackCover");
  if (options.stop) {
    StopOnFlag handler(options.stop);
    model.passInEventHandler(&handler);
  }
  if (options.stop && options.stop->load()) {
    out.status = MipStatus::kNoSolution;
    return out;
  }
  model.branchAndBound();

  out.nodes = model.getNodeCount();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double* best = model.bestSolution();
  if (model.isProvenInfeasible()) {
    out.status = MipStatus::kInfeasible;
    return out;
  }
  if (!best) {
    out.status = model.status() == 1 ? MipStatus::kNoSolution : MipStatus::kFailed;
    return out;
  }
  out.x.assign(best, best + nc);
  for (int j : p.integer_columns)
    out.x[static_cast<std::size_t>(j)] = std::round(out.x[static_cast<std::size_t>(j)]);
  out.objective = model.getObjValue();
  out.bound = std::min(model.getBestPossibleObjValue(), out.objective);
  const double scale = std::max(std::abs(out.objective), 1e-9);
  out.gap = std::max(0.0, (out.objective - out.bound) / scale);
  out.status = model.isProvenOptimal() ? MipStatus::kOptimal : MipStatus::kFeasible;
  return out;
}

}  // namespace chainscope
