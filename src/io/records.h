// io: one demand or offer from a JSON object (the API body, or what the CLI's flags make), checked like an
// imported row — field types and bounds, then references and roles against the current network.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "core/network.h"

namespace chainscope {

/// Throws InvalidInput naming the field and the reason ("field 'buyer': unknown enterprise 'x'").
Demand DemandFromJson(const Network& net, boost::json::object object, const std::string& id);
Offer OfferFromJson(const Network& net, boost::json::object object, const std::string& id);

/// The next free id of the form PREFIX00001 among `ids`.
std::string NextRecordId(const std::vector<std::string>& ids, std::string_view prefix);

}  // namespace chainscope
