// solver: a small linear-programming layer — a plain LpProblem (columns, rows, sparse entries) and
// LpSolver, which hides COIN-OR CLP (ClpSimplex is only forward-declared here). The solver keeps its model
// between solves, so bounds and objective can change and the next solve starts from the last basis
// (a warm start). Outcome (optimal, infeasible, …) is a result, not an error.
#pragma once

#include <atomic>
#include <limits>
#include <memory>
#include <string>
#include <vector>

class ClpSimplex;

namespace chainscope {

inline constexpr double kLpInfinity = std::numeric_limits<double>::infinity();

/// minimise Σ cost_j x_j  subject to  row_lower_i ≤ Σ_j a_ij x_j ≤ row_upper_i,  col_lower_j ≤ x_j ≤
/// col_upper_j.
struct LpProblem {
  struct Entry {
    int row, column;
    double value;
  };
  std::vector<double> col_lower, col_upper, cost;
  std::vector<double> row_lower, row_upper;
  std::vector<Entry> entries;
  std::vector<std::string> col_names, row_names;  // optional (for written models); empty or one per item

  int AddColumn(double lower, double upper, double cost_value, std::string name = {});
  int AddRow(double lower, double upper, std::string name = {});
  void Set(int row, int column, double value) { entries.push_back({row, column, value}); }
  int columns() const { return static_cast<int>(cost.size()); }
  int rows() const { return static_cast<int>(row_lower.size()); }
};

enum class LpStatus { kOptimal, kInfeasible, kUnbounded, kFailed, kStopped };
std::string_view ToString(LpStatus s);

struct LpSolution {
  LpStatus status = LpStatus::kFailed;
  double objective = 0;
  std::vector<double> x;          // column values
  std::vector<double> row_duals;  // ∂ objective / ∂ row bound (CLP's sign convention for minimisation)
  int iterations = 0;
};

class LpSolver {
 public:
  LpSolver();
  ~LpSolver();
  LpSolver(const LpSolver&) = delete;
  LpSolver& operator=(const LpSolver&) = delete;

  /// Loads a model (replacing any), column-major. O(entries).
  void Load(const LpProblem& p);
  void SetColumnBounds(int column, double lower, double upper);
  void SetRowBounds(int row, double lower, double upper);
  void SetCost(int column, double cost);
  /// A column to add to the loaded model: bounds, cost and its entries (row, value).
  struct NewColumn {
    double lower = 0, upper = kLpInfinity, cost = 0;
    std::vector<std::pair<int, double>> entries;
  };
  /// Appends columns (at their lower bound, so the current basis stays primal feasible: solve with
  /// primal next); returns the index of the first. O(entries).
  int AddColumns(const std::vector<NewColumn>& columns);
  int columns() const;
  /// The first solve of a loaded model presolves it and picks the algorithm (ClpSolve: large models are
  /// much smaller after presolve); later solves start from the current basis: dual simplex (after bound
  /// changes) or primal (after cost changes).
  LpSolution Solve(bool primal = false);
  /// Writes the loaded model as MPS (`.mps`) or CPLEX LP (`.lp`) by the file's extension; throws on failure.
  void Write(const std::string& path) const;
  /// While *stop is true, a running solve stops at its next iteration with LpStatus::kStopped (a cancelled
  /// job). The flag must outlive the solver; null: never stop.
  void SetStop(const std::atomic<bool>* stop);
  /// Solves run on this solver so far.
  std::size_t solves() const { return solves_; }

 private:
  std::unique_ptr<ClpSimplex> model_;
  bool names_ = false;
  bool solved_ = false;  // a basis from an earlier solve of this model exists
  std::size_t solves_ = 0;
  const std::atomic<bool>* stop_ = nullptr;
};

}  // namespace chainscope
