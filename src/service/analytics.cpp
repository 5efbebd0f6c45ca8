#include "service/analytics.h"

#include "service/promotion.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "service/cost.h"
#include "service/errors.h"
#include "service/log.h"

namespace chainscope {

LocalizationAnswer AnswerLocalization(const Network& net, const Params& p, const std::atomic<bool>* stop) {
  LocalizationAnswer a{LocalizationQueryOf(net, p), {}};
  ThrowIfStopped(stop, "localization");
  a.rows = Localize(net, a.query);
  ThrowIfStopped(stop, "localization");
  return a;
}

FlowsAnswer AnswerFlows(const Network& net, const Params& p, const std::atomic<bool>* stop) {
  FlowsAnswer a{FlowQueryOf(net, p), {}};
  ThrowIfStopped(stop, "flow analysis");
  a.report = ComputeFlows(net, a.query);
  ThrowIfStopped(stop, "flow analysis");
  return a;
}

WeakLinksAnswer AnswerWeakLinks(const Network& net, const Params& p, const std::atomic<bool>* stop) {
  WeakLinksAnswer a{WeakLinksQueryOf(p), {}};
  ThrowIfStopped(stop, "weak-link analysis");
  a.report = AnalyzeWeakLinks(net, a.query);
  ThrowIfStopped(stop, "weak-link analysis");
  return a;
}

InvestAnswer AnswerInvest(const Network& net, const Params& p, const std::atomic<bool>* stop) {
  InvestAnswer a{InvestQueryOf(net, p), {}};
  a.targets = RankInvestTargets(net, a.query, stop);
  return a;
}

WhatIfAnswer AnswerWhatIf(const Network& net, const boost::json::object& body, std::size_t links_bound,
                          const std::atomic<bool>* stop) {
  const WhatIfSupplier supplier = WhatIfSupplierOf(net, body);
  RefuseOverBound("what_if", "what-if", net.link_count(), links_bound, "links to copy and recompute",
                  "--max-what-if-links",
                  "the chain is too large for a what-if on this server; ask the operator to raise the bound");
  return {RunWhatIf(net, supplier, stop), net.link_count(), links_bound};
}

DuplicateReport AnswerDuplicates(const Dataset& d, const DuplicateOptions& options,
                                 std::string_view threshold_name) {
  if (!(options.threshold >= 0 && options.threshold <= 1))
    throw InvalidInput(fmt::format("{} must be a number from 0 to 1", threshold_name));
  return FindDuplicates(d, options);
}

EnterpriseMerge MergeEnterprisesIn(Store& store, const std::string& keep, const std::string& drop,
                                   const AuditContext& by) {
  if (keep.empty()) throw InvalidInput("field 'keep' must be an enterprise id");
  if (drop.empty()) throw InvalidInput("field 'drop' must be an enterprise id");
  if (keep == drop) throw InvalidInput("fields 'keep' and 'drop' name the same enterprise");
  return store.MergeEnterprises(keep, drop, by);
}

EnterpriseMerge MergeEnterprises(Platform& platform, const std::string& keep, const std::string& drop,
                                 const AuditContext& by) {
  Store* store = platform.store();
  if (!store) throw ServiceError(ErrorCode::kReadOnly, "this server has no writable store");
  const EnterpriseMerge m = MergeEnterprisesIn(*store, keep, drop, by);
  // The chain moved: the next snapshot has one company (every server's refresher sees it too). The merge is
  // committed, so a failed reload is not the caller's error: the refresher retries it.
  try {
    platform.Refresh();
  } catch (const std::exception& e) {
    LogEvent(LogLevel::kWarn,
             fmt::format("after merging {} into {}: reload failed: {}", drop, keep, e.what()));
  }
  // Leads of two places that courted the two records of one company now court one investor: clashes.
  if (m.moved.contains("leads")) ResettleInvestor(platform, keep, by);
  return m;
}

std::vector<CalibrationFigure> CalibrationOf(const Network& net) {
  return MeasureCalibration(net);
}

}  // namespace chainscope
