// view: JSON views of the chain analytics (localization, flows, weak links, investment targets and
// what-if runs) for the API and the CLI's --json. Shares are fractions 0–1, money yuan per year, HHI on the
// 0–10,000 scale, gains in percentage points (`_pp`). `limit` caps each list (totals are always given).
#pragma once

#include <boost/json.hpp>
#include <cstddef>
#include <vector>

#include "analytics/dedupe.h"
#include "analytics/flows.h"
#include "analytics/invest.h"
#include "analytics/localization.h"
#include "analytics/weak_links.h"

namespace chainscope {

inline constexpr std::size_t kNoLimit = static_cast<std::size_t>(-1);

boost::json::object LocalizationJson(const LocalizationQuery& query,
                                     const std::vector<LocalizationRow>& rows);
boost::json::object FlowsJson(const Network& net, const FlowReport& r, std::size_t limit = kNoLimit);
boost::json::object WeakLinksJson(const Network& net, const WeakLinksReport& r, std::size_t limit = kNoLimit);
boost::json::object InvestJson(const Network& net, const InvestQuery& query,
                               const std::vector<InvestTarget>& targets);
boost::json::object WhatIfJson(const Network& net, const WhatIfResult& r);
/// {"pairs": [{"a", "a_name", "a_name_zh", "b", …, "score", "reasons": [...]}], "enterprises",
/// "candidate_pairs", "threshold"}.
boost::json::object DuplicatesJson(const Dataset& d, const DuplicateReport& r, double threshold);

}  // namespace chainscope
