// view: JSON views of the resilience results (stress ranking, scenario, mitigations) for the API and the
// CLI's --json.
#pragma once

#include <boost/json.hpp>

#include "resilience/scenario.h"
#include "resilience/stress.h"
#include "service/resilience.h"

namespace chainscope {

/// {"nodes": [{"id", "name", "tts_days", "pi_vehicles", "pi_value_yuan", "rei", "spend_yuan", "ttr_days",
/// …}],
///  …} — the first `top` nodes (all when top is 0), largest PI first.
boost::json::object StressJson(const Network& net, const StressOptions& options, const StressResult& r,
                               std::size_t top = 0);
/// The assumptions a result rests on, as warnings a person can read in either language: the first
/// kMaxWarnings, each {"code": "unrecorded_supply" | "capacity_below_sales", "enterprise", "enterprise_name",
/// "enterprise_name_zh", "component", "component_name", "component_name_zh", "unit",
/// "recorded_units_per_year", "needed_units_per_year", "assumed_units_per_year", "message" (English)}.
inline constexpr std::size_t kMaxWarnings = 50;
boost::json::array WarningsJson(const Network& net, const std::vector<ChainAssumption>& assumptions);

/// {"lost_vehicles", "lost_value_yuan", "by_oem": […], "by_bucket": […], …}.
boost::json::object ScenarioJson(const Network& net, const ScenarioResult& r);
boost::json::object MitigationJson(const SupplyNetwork& chain, const Mitigation& m);
/// StressJson with "mitigations": [MitigationJson…] — a stress test's answer, from the API's job and the
/// CLI's --json alike.
boost::json::object StressReportJson(const SupplyNetwork& chain, const StressOptions& options,
                                     const StressReport& report);

}  // namespace chainscope
