// view: R&D, testing and talent services as JSON — services (public), service requests as their viewer may
// see them (an anonymous request's requester is null, and nothing else names it, for everyone but its own
// members and, after acceptance, the accepted provider: SeesRequester), interests, bookings (the booker and
// request only for those SeesBooker allows; others see a busy slot), the ranked services for a request and
// the utilization report.
#pragma once

#include <boost/json/object.hpp>

#include "core/network.h"
#include "service/access.h"
#include "service/services.h"

namespace chainscope {

boost::json::object ServiceJson(const Network& net, const Service& s);
/// The request with "requester" (null when hidden), its names, and "parties" (requester and provider with
/// their contacts) when `parties` is given.
boost::json::object ServiceRequestJson(const Network& net, const ServiceRequest& r, const Principal& viewer,
                                       const RequestParties* parties = nullptr);
boost::json::object InterestJson(const Network& net, const ServiceInterest& i);
boost::json::object BookingJson(const Network& net, const Booking& b, const Principal& viewer,
                                const ServiceRequest* request);
/// {"request", "items": [{service, provider, score, parts, reasons, …}], "excluded": [{service, reasons}]}.
boost::json::object RequestMatchJson(const Network& net, const RequestMatch& m, const Principal& viewer);
/// {"year", "baseline_hours", "items": [...services], "institutes": [...]}.
boost::json::object UtilizationJson(const Network& net, const UtilizationReport& r);

}  // namespace chainscope
