// server: JSON views of the chain for the API (and the CLI's --json): enterprises, links, places,
// taxonomy, calibration figures. Names and units as in the interchange format; shares as fractions.
#pragma once

#include <boost/json.hpp>

#include "analytics/calibration.h"
#include "core/network.h"
#include "match/allocator.h"
#include "match/matcher.h"

namespace chainscope {

boost::json::object PlaceJson(const Place& p);
/// Summary of an enterprise: ids, names, role, place (code and names), province, park, certifications.
boost::json::object EnterpriseJson(const Network& net, EnterpriseId e);
/// A link with both parties' names and places, its value and the great-circle distance when known.
boost::json::object LinkJson(const Network& net, std::uint32_t link);
boost::json::object TaxonomyJson(const Network& net);
boost::json::array CalibrationJson(const std::vector<CalibrationFigure>& figures);
/// Great-circle km between two enterprises, or null when either has no coordinates.
boost::json::value DistanceKmJson(const Network& net, EnterpriseId a, EnterpriseId b);

boost::json::object RecordJson(const Network& net, const Demand& d);
boost::json::object RecordJson(const Network& net, const Offer& o);
boost::json::object CandidateJson(const Network& net, const Candidate& c);
/// {"demand": …, "candidates": [...], "makers": N, "eligible": N}, best first.
boost::json::object MatchJson(const Network& net, const DemandSpec& demand, const MatchResult& result);
boost::json::object ExplanationJson(const Network& net, EnterpriseId supplier, const Explanation& e);
/// {"assignments": [...], "unmet": [...], "total_cost_yuan": T, …} (the output contract).
boost::json::object AllocationJson(const Network& net, std::span<const DemandSpec> demands,
                                   const Allocation& a);

}  // namespace chainscope
