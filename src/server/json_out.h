// server: JSON views of the chain for the API (and the CLI's --json): enterprises, links, places,
// taxonomy, calibration figures. Names and units as in the interchange format; shares as fractions.
#pragma once

#include <boost/json.hpp>

#include "analytics/calibration.h"
#include "core/network.h"

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

}  // namespace chainscope
