// view: the planning answers as JSON — site selection (its cost model, the chosen sites and whom they
// serve, every candidate for the map, the suitability ranking and its sensitivity, the before/after) and
// the localization frontier (points, per component, the target). Names in both languages throughout.
#pragma once

#include <boost/json/object.hpp>

#include "service/planning.h"

namespace chainscope {

/// Staff see every customer; a member sees its own customers and buyers with open demands by name, the
/// rest of a site's customers as a count and a total.
boost::json::object SiteSelectionJson(const Network& net, const SiteSelectionAnswer& a);
boost::json::object FrontierJson(const Network& net, const FrontierAnswer& a);

}  // namespace chainscope
