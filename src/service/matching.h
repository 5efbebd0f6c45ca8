// service: the requests of the engines — which demand a match is for, allocation options, stress and
// scenario options — read from one JSON object with their defaults and bounds, for the API (the request
// body) and the CLI (its flags made into the same object), so both validate and default alike.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>

#include "match/allocator.h"
#include "match/matcher.h"
#include "resilience/scenario.h"
#include "resilience/stress.h"
#include "service/access.h"
#include "service/platform.h"

namespace chainscope {

/// Fields of a match request that describe the demand: a stored "demand" id, or these inline fields.
inline constexpr std::string_view kInlineDemandFields[] = {
    "buyer",           "component",      "quantity",     "start_date",
    "max_distance_km", "required_certs", "prefer_local", "max_share"};

/// The demand a match request is about: the stored open or closed demand named by "demand", or an inline
/// one (see InlineDemandFromJson; a member's inline demand defaults to its enterprise as buyer). Throws
/// NotFound for an unknown stored id or one the viewer may not see, ServiceError kForbidden for a demand of
/// an enterprise whose data the viewer does not see (a member matches only its own), InvalidInput otherwise.
DemandSpec DemandOfRequest(const PlatformState& state, const boost::json::object& body,
                           const Principal& viewer);

/// One demand's ranked candidates: the demand (stored or inline, DemandOfRequest), the score weights, how
/// many candidates, and optionally one supplier whose rank or exclusions are explained.
struct MatchRequest {
  DemandSpec demand;
  MatchWeights weights;
  std::size_t top = 10;  // 1–1000
  EnterpriseId explain;  // invalid: no explanation
};
/// The API's match body: the demand's fields (DemandOfRequest), "weights" {name: number}, "top" (1–1000,
/// default 10), "explain" (a supplier id; NotFound for an unknown one).
MatchRequest MatchRequestOf(const PlatformState& state, const boost::json::object& body,
                            const Principal& viewer);

struct MatchAnswer {
  MatchResult result;                      // best first
  std::optional<Explanation> explanation;  // of request.explain
};
/// Ranks the makers of the demand's component against the state's supply book. O(makers log top). Throws
/// Cancelled once `stop` is set (looked at around each step: a ranking takes milliseconds at scale 100).
MatchAnswer MatchDemand(const Platform& platform, const PlatformState& state, const MatchRequest& request,
                        const std::atomic<bool>* stop = nullptr);

/// {"unmet_penalty_factor" (> 0, at most kMaxUnmetPenaltyFactor; default 3), "algorithm" (network_simplex |
/// cost_scaling)}.
AllocationOptions AllocationOptionsOf(const boost::json::object& body);

struct AllocationAnswer {
  std::vector<DemandSpec> demands;  // the open demands, in the allocation's order
  AllocationSize size;              // its cost, measured before it ran
  std::size_t arcs_bound = 0;       // the server's bound on size.arcs_at_most
  Allocation allocation;
  double seconds = 0;  // solving time
};
/// The optimal allocation of every open demand of the state; refused with cost.over_bound before any work
/// when it could need more than `arcs_bound` supplier–demand arcs.
AllocationAnswer AllocateOpenDemands(const Platform& platform, const PlatformState& state,
                                     const AllocationOptions& options, std::size_t arcs_bound);

/// The largest cost of an unmet unit, as a multiple of the dearest landed cost (an allocation's costs stay
/// far from overflow below it).
inline constexpr double kMaxUnmetPenaltyFactor = 1000;
/// The least: an unmet unit costs at least 1% of the component's typical price.
inline constexpr double kMinUnmetPenaltyFactor = 0.01;

/// Bounds of a stress request's days and mitigations (the route table declares the same ones).
inline constexpr double kMaxStressDays = 3650;
inline constexpr std::size_t kMaxMitigations = 50;

/// A stress sweep or a scenario, with mitigations for the riskiest nodes.
struct StressRequest {
  StressOptions options;
  std::size_t mitigate = 0;          // mitigations for the N riskiest nodes (0–50)
  std::optional<Scenario> scenario;  // set: run this scenario instead of the sweep
};
/// {"ttr_days", "horizon_days", "qualification_days" (0–3650), "alternatives", "mitigate" (0–50),
/// "scenario" (see ScenarioFromJson)}. Throws InvalidInput naming the field as `name` spells it
/// (default "field 'x'"; the CLI passes its flag names).
StressRequest StressRequestOf(const boost::json::object& body,
                              const std::function<std::string(std::string_view)>& name = {});

}  // namespace chainscope
