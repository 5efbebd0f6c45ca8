// service: the chain analytics as use cases. Each reads its request from Params (the API's query or the
// CLI's flags, errors naming the parameter as each front end spells it), checks ranges and cost bounds,
// runs its engine on the chain snapshot and returns the typed result that view/analytics_json.h renders.
// Both front ends call these and include no analytics engine.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

#include "analytics/calibration.h"
#include "analytics/dedupe.h"
#include "analytics/flows.h"
#include "analytics/invest.h"
#include "analytics/localization.h"
#include "analytics/weak_links.h"
#include "core/audit.h"
#include "service/params.h"
#include "service/platform.h"

namespace chainscope {

struct LocalizationAnswer {
  LocalizationQuery query;
  std::vector<LocalizationRow> rows;  // by value, largest first
};
// Each answer below takes `stop` (null: never stop): once it is set the work ends with Cancelled (a request
// past its deadline, Ctrl-C in the CLI).

/// "by", "buyers", "buyer_province", "oem", "component". O(links).
LocalizationAnswer AnswerLocalization(const Network& net, const Params& p,
                                      const std::atomic<bool>* stop = nullptr);

struct FlowsAnswer {
  FlowQuery query;
  FlowReport report;
};
/// "buyers", "component", "assembly", "oem". O(links).
FlowsAnswer AnswerFlows(const Network& net, const Params& p, const std::atomic<bool>* stop = nullptr);

struct WeakLinksAnswer {
  WeakLinksQuery query;
  WeakLinksReport report;
};
/// "area", "min_value_yuan", … (service/params.h: WeakLinksQueryOf). O(links log links).
WeakLinksAnswer AnswerWeakLinks(const Network& net, const Params& p, const std::atomic<bool>* stop = nullptr);

struct InvestAnswer {
  InvestQuery query;
  std::vector<InvestTarget> targets;  // best first
};
/// "component", "place", "radius_km", "weight_gap", … (InvestQueryOf).
InvestAnswer AnswerInvest(const Network& net, const Params& p, const std::atomic<bool>* stop = nullptr);

struct WhatIfAnswer {
  WhatIfResult result;
  std::size_t links = 0;        // links copied and measured again: the what-if's cost
  std::size_t links_bound = 0;  // the server's bound on it (serve --max-what-if-links)
};
/// One new supplier's what-if ({"component", "place", "capacity_units", "max_share", "id", "name"}); refused
/// with cost.over_bound before any work when the chain has more links than `links_bound`.
WhatIfAnswer AnswerWhatIf(const Network& net, const boost::json::object& body, std::size_t links_bound,
                          const std::atomic<bool>* stop = nullptr);

/// Likely duplicate enterprises of the chain's dataset, best first, at a threshold in [0, 1]
/// (InvalidInput naming `threshold_name` otherwise); `options.names` adds known names of one company.
DuplicateReport AnswerDuplicates(const Dataset& d, const DuplicateOptions& options,
                                 std::string_view threshold_name = "field 'threshold'");

/// Merges enterprise `drop` into `keep` in `store` (one transaction, audited). InvalidInput when the ids are
/// equal or empty. The CLI's merge (service/database.h) calls this; a server calls MergeEnterprises below.
EnterpriseMerge MergeEnterprisesIn(Store& store, const std::string& keep, const std::string& drop,
                                   const AuditContext& by);
/// Merges enterprise `drop` into `keep` in the platform's store (one transaction, audited), then reloads
/// the platform's chain; a failed reload is logged, not thrown (the merge stands; the refresher retries).
/// InvalidInput when the ids are equal or empty; kReadOnly without a store.
EnterpriseMerge MergeEnterprises(Platform& platform, const std::string& keep, const std::string& drop,
                                 const AuditContext& by);

/// The calibration figures of the chain against their public targets.
std::vector<CalibrationFigure> CalibrationOf(const Network& net);

}  // namespace chainscope
