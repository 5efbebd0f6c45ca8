// io: validation of a whole dataset before anything is written — unique keys, references, roles, recipes,
// capacities — with every problem located (file and line, or JSON path) and named by column.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/schema.h"

namespace chainscope {

struct ImportIssue {
  std::string where;   // "links.csv:14" or "dataset.json: links[13]"
  std::string column;  // empty when the problem is not one column's
  std::string reason;
  std::string ToString() const;
};

/// A failed import: every problem found (at most kMaxImportIssues), nothing written.
class ImportError : public InvalidInput {
 public:
  explicit ImportError(std::vector<ImportIssue> issues);
  const std::vector<ImportIssue>& issues() const { return issues_; }

 private:
  std::vector<ImportIssue> issues_;
};

inline constexpr std::size_t kMaxImportIssues = 50;

/// Where each row of each table came from.
struct SourceMap {
  std::array<std::string, kTableCount> file;               // "links.csv", or "dataset.json" for JSON
  std::array<std::vector<std::size_t>, kTableCount> line;  // CSV line, or JSON array index
  bool json = false;
  std::string Where(Table t, std::size_t row) const;
};

/// Appends the cross-row problems of `d` (duplicates, unknown references, roles, cycles, capacities).
/// O(rows) expected.
void ValidateDataset(const Dataset& d, const SourceMap& source, std::vector<ImportIssue>& issues);

}  // namespace chainscope
