#include "service/matching.h"

#include "core/number_text.h"

#include <fmt/format.h>

#include <chrono>

#include "io/records.h"
#include "service/cost.h"
#include "service/errors.h"

namespace chainscope {
namespace json = boost::json;

DemandSpec DemandOfRequest(const PlatformState& state, const json::object& body, const Principal& viewer) {
  const Network& net = *state.chain;
  auto own = [&](const DemandSpec& d) {
    if (!SeesPrivate(viewer, net.enterprise(d.buyer).id))
      throw ServiceError(
          ErrorCode::kForbidden,
          fmt::format("you may match only your own enterprise's demands ({})", viewer.enterprise));
    return d;
  };
  if (const json::value* id = body.if_contains("demand")) {
    if (!id->is_string()) throw InvalidInput("field 'demand' must be a demand id");
    if (const Demand* d = state.market->demands.FindRecord(id->get_string()); d && SeesRecord(viewer, *d))
      return own(DemandSpecOf(net, *d));
    throw NotFound(fmt::format("no demand with id '{}'", std::string_view(id->get_string())));
  }
  json::object inline_demand;
  for (std::string_view f : kInlineDemandFields)
    if (const json::value* v = body.if_contains(f)) inline_demand[f] = *v;
  if (viewer.is_member() && !inline_demand.contains("buyer")) inline_demand["buyer"] = viewer.enterprise;
  return own(DemandSpecOf(net, InlineDemandFromJson(net, std::move(inline_demand))));
}

MatchRequest MatchRequestOf(const PlatformState& state, const json::object& body, const Principal& viewer) {
  MatchRequest r;
  r.demand = DemandOfRequest(state, body, viewer);
  if (const json::value* v = body.if_contains("weights")) {
    if (!v->is_object()) throw InvalidInput("field 'weights' must be an object of name: number");
    for (const auto& kv : v->get_object()) {
      if (!kv.value().is_number())
        throw InvalidInput(fmt::format("weight '{}' must be a number", std::string_view(kv.key())));
      r.weights.Set(kv.key(), kv.value().to_number<double>());
    }
  }
  if (const json::value* t = body.if_contains("top")) {
    if (!t->is_int64() || t->get_int64() < 1 || t->get_int64() > 1000)
      throw InvalidInput("field 'top' must be a whole number 1–1000");
    r.top = static_cast<std::size_t>(t->get_int64());
  }
  if (const json::value* x = body.if_contains("explain")) {
    if (!x->is_string()) throw InvalidInput("field 'explain' must be a supplier id");
    r.explain = state.chain->FindEnterprise(x->get_string());
    if (!r.explain.valid())
      throw ServiceError(ErrorCode::kNotFound,
                         fmt::format("no enterprise with id '{}'", std::string_view(x->get_string())));
  }
  return r;
}

MatchAnswer MatchDemand(const Platform& platform, const PlatformState& state, const MatchRequest& request,
                        const std::atomic<bool>* stop) {
  const auto book = platform.Book(state);
  ThrowIfStopped(stop, "match");
  const Matcher matcher(*state.chain, *book);
  MatchAnswer a{matcher.TopK(request.demand, request.top, request.weights), std::nullopt};
  ThrowIfStopped(stop, "match");
  if (request.explain.valid())
    a.explanation = matcher.Explain(request.demand, request.explain, request.weights);
  return a;
}

AllocationAnswer AllocateOpenDemands(const Platform& platform, const PlatformState& state,
                                     const AllocationOptions& options, std::size_t arcs_bound) {
  const auto book = platform.Book(state);
  ThrowIfStopped(options.stop, "allocation");
  AllocationAnswer a;
  a.demands = OpenDemands(*state.chain, state.market->demands);
  a.size = SizeAllocation(*state.chain, *book, a.demands);
  a.arcs_bound = arcs_bound;
  RefuseOverBound("allocation", "allocation", a.size.arcs_at_most, arcs_bound, "supplier–demand arcs",
                  "--max-allocation-arcs",
                  "close or withdraw open demands, or ask the operator to raise the bound");
  const auto start = std::chrono::steady_clock::now();
  a.allocation = Allocate(*state.chain, *book, a.demands, options);
  a.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return a;
}

AllocationOptions AllocationOptionsOf(const json::object& body) {
  AllocationOptions options;
  if (const json::value* f = body.if_contains("unmet_penalty_factor")) {
    if (!f->is_number() || !(f->to_number<double>() >= kMinUnmetPenaltyFactor) ||
        !(f->to_number<double>() <= kMaxUnmetPenaltyFactor))
      throw InvalidInput(fmt::format("field 'unmet_penalty_factor' must be a number from {} to {}",
                                     PlainNumber(kMinUnmetPenaltyFactor),
                                     PlainNumber(kMaxUnmetPenaltyFactor)));
    options.unmet_penalty_factor = f->to_number<double>();
  }
  if (const json::value* a = body.if_contains("algorithm")) {
    if (*a == "network_simplex")
      options.algorithm = TransportAlgorithm::kNetworkSimplex;
    else if (*a == "cost_scaling")
      options.algorithm = TransportAlgorithm::kCostScaling;
    else
      throw InvalidInput("field 'algorithm' must be network_simplex or cost_scaling");
  }
  return options;
}

StressRequest StressRequestOf(const json::object& body,
                              const std::function<std::string(std::string_view)>& name) {
  auto named = [&](std::string_view field) { return name ? name(field) : fmt::format("field '{}'", field); };
  auto number = [&](const char* field, double min, double max) -> std::optional<double> {
    const json::value* v = body.if_contains(field);
    if (!v) return std::nullopt;
    if (!v->is_number() || !(v->to_number<double>() >= min) || v->to_number<double>() > max)
      throw InvalidInput(fmt::format("{} must be a number from {} to {}", named(field), min, max));
    return v->to_number<double>();
  };
  StressRequest r;
  if (auto t = number("ttr_days", 0, kMaxStressDays)) r.options.ttr_days = *t;
  if (auto h = number("horizon_days", 1, kMaxStressDays)) r.options.horizon_days = *h;
  if (auto q = number("qualification_days", 0, kMaxStressDays)) r.options.model.qualification_days = *q;
  if (const json::value* a = body.if_contains("alternatives")) {
    if (!a->is_bool()) throw InvalidInput(fmt::format("{} must be true or false", named("alternatives")));
    r.options.model.alternatives = a->get_bool();
  }
  if (auto m = number("mitigate", 0, static_cast<double>(kMaxMitigations))) {
    if (*m != std::floor(*m))
      throw InvalidInput(fmt::format("{} must be a whole number from 0 to 50", named("mitigate")));
    r.mitigate = static_cast<std::size_t>(*m);
  }
  if (const json::value* s = body.if_contains("scenario"))
    r.scenario = ScenarioFromJson(*s, "field 'scenario'");
  return r;
}

}  // namespace chainscope
