#include "solver/lp.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <coin/ClpEventHandler.hpp>
#include <coin/ClpSimplex.hpp>
#include <coin/ClpSolve.hpp>
#include <coin/CoinPackedMatrix.hpp>

#include "core/model.h"

namespace chainscope {
namespace {

double Clp(double v) {
  if (v == kLpInfinity) return COIN_DBL_MAX;
  if (v == -kLpInfinity) return -COIN_DBL_MAX;
  return v;
}

}  // namespace

int LpProblem::AddColumn(double lower, double upper, double cost_value, std::string name) {
  col_lower.push_back(lower);
  col_upper.push_back(upper);
  cost.push_back(cost_value);
  if (!name.empty() || !col_names.empty()) {
    col_names.resize(cost.size() - 1);
    col_names.push_back(std::move(name));
  }
  return columns() - 1;
}

int LpProblem::AddRow(double lower, double upper, std::string name) {
  row_lower.push_back(lower);
  row_upper.push_back(upper);
  if (!name.empty() || !row_names.empty()) {
    row_names.resize(row_lower.size() - 1);
    row_names.push_back(std::move(name));
  }
  return rows() - 1;
}

std::string_view ToString(LpStatus s) {
  switch (s) {
    case LpStatus::kOptimal:
      return "optimal";
    case LpStatus::kInfeasible:
      return "infeasible";
    case LpStatus::kUnbounded:
      return "unbounded";
    case LpStatus::kFailed:
      return "failed";
    case LpStatus::kStopped:
      return "stopped";
  }
  return "failed";
}

namespace {

/// Programs this large get one presolve pass (see LpSolver::Solve).
constexpr int kOnePresolvePassColumns = 100'000;

/// Stops CLP at the end of an iteration once the flag is set (CLP then reports status 5).
class StopOnFlag final : public ClpEventHandler {
 public:
  explicit StopOnFlag(const std::atomic<bool>* stop) : stop_(stop) {}
  int event(Event e) override {
    return e == endOfIteration && stop_->load(std::memory_order_relaxed) ? 0 : -1;
  }
  ClpEventHandler* clone() const override { return new StopOnFlag(*this); }

 private:
  const std::atomic<bool>* stop_;
};

}  // namespace

void LpSolver::SetStop(const std::atomic<bool>* stop) {
  stop_ = stop;
  if (!stop_) return;
  const StopOnFlag handler(stop_);
  model_->passInEventHandler(&handler);
}

LpSolver::LpSolver() : model_(std::make_unique<ClpSimplex>()) {
  model_->setLogLevel(0);
}

LpSolver::~LpSolver() = default;

void LpSolver::Load(const LpProblem& p) {
  const int nc = p.columns(), nr = p.rows();
  // Column-major by counting sort of the entries.
  std::vector<CoinBigIndex> starts(static_cast<std::size_t>(nc) + 1, 0);
  for (const auto& e : p.entries) ++starts[static_cast<std::size_t>(e.column) + 1];
  for (int c = 0; c < nc; ++c) starts[static_cast<std::size_t>(c) + 1] += starts[static_cast<std::size_t>(c)];
  std::vector<int> rows(p.entries.size());
  std::vector<double> values(p.entries.size());
  std::vector<CoinBigIndex> next(starts.begin(), starts.end() - 1);
  for (const auto& e : p.entries) {
    const CoinBigIndex at = next[static_cast<std::size_t>(e.column)]++;
    rows[static_cast<std::size_t>(at)] = e.row;
    values[static_cast<std::size_t>(at)] = e.value;
  }
  std::vector<double> cl(p.col_lower.size()), cu(p.col_upper.size()), rl(p.row_lower.size()),
      ru(p.row_upper.size());
  std::transform(p.col_lower.begin(), p.col_lower.end(), cl.begin(), Clp);
  std::transform(p.col_upper.begin(), p.col_upper.end(), cu.begin(), Clp);
  std::transform(p.row_lower.begin(), p.row_lower.end(), rl.begin(), Clp);
  std::transform(p.row_upper.begin(), p.row_upper.end(), ru.begin(), Clp);
  model_ = std::make_unique<ClpSimplex>();
  SetStop(stop_);
  model_->setLogLevel(0);
  model_->loadProblem(nc, nr, starts.data(), rows.data(), values.data(), cl.data(), cu.data(), p.cost.data(),
                      rl.data(), ru.data());
  names_ = false;
  solved_ = false;
  if (static_cast<int>(p.col_names.size()) == nc && static_cast<int>(p.row_names.size()) == nr) {
    model_->copyNames(p.row_names, p.col_names);
    names_ = true;
  }
}

void LpSolver::SetColumnBounds(int column, double lower, double upper) {
  model_->setColumnBounds(column, Clp(lower), Clp(upper));
}

void LpSolver::SetRowBounds(int row, double lower, double upper) {
  model_->setRowBounds(row, Clp(lower), Clp(upper));
}

void LpSolver::SetCost(int column, double cost) {
  model_->setObjectiveCoefficient(column, cost);
}

int LpSolver::AddColumns(const std::vector<NewColumn>& columns) {
  const int first = model_->numberColumns();
  if (columns.empty()) return first;
  std::vector<double> lower, upper, cost, values;
  std::vector<int> rows;
  std::vector<CoinBigIndex> starts{0};
  for (const NewColumn& c : columns) {
    lower.push_back(Clp(c.lower));
    upper.push_back(Clp(c.upper));
    cost.push_back(c.cost);
    for (const auto& [row, value] : c.entries) {
      rows.push_back(row);
      values.push_back(value);
    }
    starts.push_back(static_cast<CoinBigIndex>(rows.size()));
  }
  model_->addColumns(static_cast<int>(columns.size()), lower.data(), upper.data(), cost.data(), starts.data(),
                     rows.data(), values.data());
  return first;
}

int LpSolver::columns() const {
  return model_->numberColumns();
}

LpSolution LpSolver::Solve(bool primal) {
  LpSolution s;
  if (!solved_) {
    ClpSolve presolve_and_choose;
    // Presolve is the one part of a solve the stop flag cannot interrupt. On a large program one pass
    // halves it with about the same solve time: Spring festival at scale 10 (618,175 columns) gives up
    // 0.5 s after a cancel instead of 1.2 s (bench_stress --cancel-after).
    if (model_->numberColumns() >= kOnePresolvePassColumns)
      presolve_and_choose.setPresolveType(ClpSolve::presolveNumber, 1);
    model_->initialSolve(presolve_and_choose);
  } else if (primal) {
    model_->primal();
  } else {
    model_->dual();
  }
  solved_ = true;
  ++solves_;
  if (stop_ && stop_->load()) {
    s.status = LpStatus::kStopped;
    return s;
  }
  if (model_->isProvenOptimal()) {
    s.status = LpStatus::kOptimal;
  } else if (model_->isProvenPrimalInfeasible()) {
    s.status = LpStatus::kInfeasible;
  } else if (model_->isProvenDualInfeasible()) {
    s.status = LpStatus::kUnbounded;
  } else {
    // Numerical trouble: one more try from scratch with the other algorithm.
    model_->allSlackBasis(true);
    if (primal)
      model_->dual();
    else
      model_->primal();
    s.status = model_->isProvenOptimal() ? LpStatus::kOptimal : LpStatus::kFailed;
  }
  s.iterations = model_->numberIterations();
  if (s.status != LpStatus::kOptimal) return s;
  s.objective = model_->objectiveValue();
  const double* x = model_->primalColumnSolution();
  s.x.assign(x, x + model_->numberColumns());
  const double* y = model_->dualRowSolution();
  s.row_duals.assign(y, y + model_->numberRows());
  return s;
}

void LpSolver::Write(const std::string& path) const {
  const bool lp_format = path.size() > 3 && path.ends_with(".lp");
  if (lp_format) {
    // writeLp appends the extension itself.
    const std::string stem = path.substr(0, path.size() - 3);
    model_->writeLp(stem.c_str(), "lp", 1e-12, 8, 12, 0.0, names_);
    return;
  }
  if (model_->writeMps(path.c_str(), 1) != 0)
    throw Error(fmt::format("could not write the LP to '{}'", path));
}

}  // namespace chainscope
