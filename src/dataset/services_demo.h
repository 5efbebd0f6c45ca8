// dataset: the synthetic demonstration catalogue of R&D, testing and talent services — about 150 services
// of the region's institutes (the chain's institutes: CAERI, CMVTRI, Chongqing University, UESTC and the
// other named universities, and the synthetic test centres), each citing real standard codes; requests of
// parts makers (some anonymous, some answered and accepted); and a calendar year of bookings on the
// bookable services at the low utilization public instrument-sharing figures report. The institutes are
// real by name; every service, request and booking is synthetic and marked so. Deterministic: the same
// chain and year give the same catalogue.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/network.h"
#include "core/services.h"

namespace chainscope {

struct ServicesDemo {
  std::vector<Service> services;           // with their ids (SV00001, … in order)
  std::vector<ServiceRequest> requests;    // with their ids (SR00001, …)
  std::vector<ServiceInterest> interests;  // ids left empty: allocated SI00001, … in this order
  std::vector<std::pair<std::string, std::string>> accepted;  // (request, interest id) to accept
  std::vector<Booking> bookings;                              // never overlapping on one service
};

/// Empty when the chain has no institutes.
ServicesDemo BuildServicesDemo(const Network& net, int year);

}  // namespace chainscope
