// match: one service request → ranked, explained services (the same shape as a parts demand's candidates).
// Services of the request's kind are checked against it (open, not the requester's own, at least one
// standard wanted covered, the component or its assembly concerned, the lead time within the working days
// to the needed-by date, the lowest price within the budget); the eligible ones get a score whose parts are
// reported:
//   score = Σ w_k · part_k  (standards, accreditation, fit, lead time, price, distance, history)
// every part in [0, 1]. Services of other kinds are neither ranked nor listed as excluded.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/message.h"
#include "core/network.h"
#include "core/services.h"
#include "match/matcher.h"

namespace chainscope {

/// Score weights (documented defaults), summing to 1.
struct ServiceMatchWeights {
  double standards = 0.30;      // wanted standards covered: 1 an edition of it, ½ a part of it; no wish: 1
  double accreditation = 0.15;  // testing and certification: CNAS 0.6 + CMA 0.4 (other kinds: not counted)
  double fit = 0.15;            // the component named 1, its assembly 0.7, a general service 0.5; none: 1
  double lead_time = 0.10;      // 1 − lead time ÷ working days to needed-by; no date: 1
  double price = 0.15;  // the band within budget 1, partly (budget − min) ÷ (max − min); on quotation ½
  double distance = 0.10;  // 1 − km ÷ 1,000, floored at 0
  double history = 0.05;   // past accepted interests and bookings between the two, ÷ 3, capped at 1
};

struct ServiceCandidate {
  std::size_t service = 0;  // index into the services given
  double score = 0;
  std::vector<ScorePart> parts;
  std::vector<Message> reasons;  // why it fits, part by part
  double distance_km = 0;
};

struct ServiceExclusion {
  std::size_t service = 0;
  std::vector<Message> reasons;  // never empty
};

struct ServiceMatch {
  std::vector<ServiceCandidate> items;  // best first (ties by service id)
  std::vector<ServiceExclusion> excluded;
};

/// Ranks `services` for `request` on `today` (YYYY-MM-DD). `past_deals`: provider → earlier accepted
/// interests and bookings with the requester. Providers or the requester unknown to the chain have no
/// place: their distance counts as 1,000 km. O(services × standards²).
ServiceMatch RankServices(const Network& net, const ServiceRequest& request,
                          std::span<const Service> services, std::string_view today,
                          const std::map<std::string, std::int64_t>& past_deals = {},
                          const ServiceMatchWeights& weights = {});

/// How well a service's components fit a wanted component or assembly code: 1 the same (or an assembly
/// wanted and one of its components offered), 0.7 the same assembly, 0.5 a service for any component,
/// 0 another assembly; 1 when nothing is wanted.
double ComponentFit(const Network& net, const Service& service, const std::string& wanted);

/// Whether `service` covers the wanted standard: 1 when their codes without edition are equal or the wanted
/// one is a part of the service's, ½ when the service's is a part of the wanted one ("ISO 26262-6" of
/// "ISO 26262", "GB/T 18384.1" of "GB/T 18384"), else 0.
double StandardCoverage(std::string_view service_standard, std::string_view wanted);

}  // namespace chainscope
