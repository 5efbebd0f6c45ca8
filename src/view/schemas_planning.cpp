// view: the schemas of the planning answers — site selection and the localization frontier.
#include <boost/json.hpp>

#include "view/schema_parts.h"

namespace chainscope::schema_parts {
namespace json = boost::json;

void AddPlanningSchemas(json::object& s) {
  const std::vector<Property> site =
      Join(Join({{"site", String("A place code, a park id, or the enterprise's id for its existing plant")},
                 {"kind", Enum({"place", "park", "existing"})},
                 {"name", String()},
                 {"name_zh", String()},
                 {"place", String()}},
                Names("place")),
           {{"lat", Nullable(Number(-90, 90))},
            {"lon", Nullable(Number(-180, 180))},
            {"capacity_units", Units()},
            {"fixed_cost_yuan", Yuan()},
            {"incentive_yuan", Yuan()},
            {"policies", Ids()}});
  s["SiteCandidate"] = Object(site);
  s["SiteCustomer"] = Object(
      Join(Join(Join({{"buyer", String()}}, Names("buyer")), Names("place")), {{"place", String()},
                                                                               {"units", Units()},
                                                                               {"purchase_units", Units()},
                                                                               {"demand_units", Units()},
                                                                               {"distance_km", Number(0)}}));
  s["ChosenSite"] = Object(Join(site, {{"units", Units()},
                                       {"customers_served", Count()},
                                       {"transport_cost_yuan", Yuan()},
                                       {"customers", Array(Ref("SiteCustomer"))},
                                       {"other_customers", Count()},
                                       {"other_units", Units()}}));
  const Schema part = Object({{"value", Fraction()}, {"weight", Fraction()}, {"contribution", Fraction()}});
  std::vector<Property> parts, weights;
  for (std::string_view k : {"buyers", "demands", "focus", "cluster", "incentives", "logistics"}) {
    parts.push_back({std::string(k), part});
    weights.push_back({std::string(k), Fraction()});
  }
  s["SiteSuitability"] = Object(Join(site, {{"score", Fraction()},
                                            {"parts", Object(parts)},
                                            {"buyers_units_nearby", Units()},
                                            {"demand_units_nearby", Units()},
                                            {"focus", Boolean()},
                                            {"related_makers", Count()},
                                            {"mean_distance_km", Number(0)}}));
  std::vector<Property> flows;
  for (std::string_view k : {"sichuan_to_chongqing", "chongqing_to_sichuan", "within_chongqing",
                             "within_sichuan", "from_elsewhere_in_china", "from_abroad", "outside_region"})
    flows.push_back({std::string(k), Yuan()});
  s["SiteMeasures"] = Object({{"chongqing_local_share", Fraction()},
                              {"chongqing_regional_share", Fraction()},
                              {"sichuan_local_share", Fraction()},
                              {"sichuan_regional_share", Fraction()},
                              {"flows", Object(flows)}});
  s["SiteSelection"] = Object(Join(
      Join(Join({{"enterprise", String()}}, Names("enterprise")),
           Join({{"component", String()}}, Names("component"))),
      {{"status", Enum({"optimal", "feasible", "infeasible", "no_solution", "failed"})},
       {"cost_model", Object({{"unit_price_yuan", Yuan()},
                              {"capacity_units", Units()},
                              {"max_sites", Count()},
                              {"radius_km", Nullable(Number(0))},
                              {"max_share", Fraction()},
                              {"investment_yuan_per_unit", Yuan()},
                              {"investment_yuan", Yuan()},
                              {"land_share", Fraction()},
                              {"amortisation_years", Number(0)},
                              {"base_fixed_cost_yuan", Yuan()},
                              {"transport_yuan_per_unit_km", Number(0)},
                              {"unmet_penalty_yuan_per_unit", Number(0)}})},
       {"candidates", Array(Ref("SiteCandidate"))},
       {"chosen", Array(Ref("ChosenSite"))},
       {"demand_units", Units()},
       {"served_units", Units()},
       {"unserved_units", Units()},
       {"fixed_cost_yuan", Yuan()},
       {"transport_cost_yuan", Yuan()},
       {"penalty_yuan", Yuan()},
       {"total_cost_yuan", Yuan()},
       {"bound", Number(0, std::nullopt)},
       {"gap", Number(0)},
       {"nodes", Count()},
       {"seconds", Number(0)},
       {"model",
        Object(
            {{"columns", Count()}, {"rows", Count()}, {"customers", Count()}, {"customer_places", Count()}})},
       {"weights", Object(weights)},
       {"ranking_radius_km", Number(0)},
       {"ranking", Array(Ref("SiteSuitability"))},
       {"sensitivity",
        Array(Object({{"part", Enum({"buyers", "demands", "focus", "cluster", "incentives", "logistics"})},
                      {"weight", Fraction()},
                      {"up", Nullable(Fraction())},
                      {"up_winner", Nullable(String())},
                      {"down", Nullable(Fraction())},
                      {"down_winner", Nullable(String())}}))},
       {"what_if", Object({{"before", Ref("SiteMeasures")},
                           {"after", Ref("SiteMeasures")},
                           {"moved_units", Units()},
                           {"moved_value_yuan", Yuan()}})},
       {"warnings", Array(Ref("Reason"))}}));
  const Schema component_names = Object(Join({{"component", String()}}, Names("component")));
  s["FrontierComponent"] =
      Object(Join(Join({{"component", String()}}, Names("component")),
                  {{"value_yuan", Yuan()},
                   {"local_value_yuan", Yuan()},
                   {"current_share", Fraction()},
                   {"local_share", Array(Fraction())},
                   {"reachable_share", Fraction()},
                   {"stuck_value_yuan", Yuan()},
                   {"stuck_units", Units()},
                   {"spare_units", Units()},
                   {"limit", Enum({"none", "no_local_maker", "capacity", "max_share"})}}));
  s["LocalizationFrontier"] =
      Object({{"province", Enum({"Chongqing", "Sichuan", "region"})},
              {"powertrain", Enum({"ice", "nev", "all"})},
              {"switching_cost", Fraction()},
              {"max_share", Fraction()},
              {"value_yuan", Yuan()},
              {"local_value_yuan", Yuan()},
              {"current_share", Fraction()},
              {"points", Array(Object({{"premium", Number(0)},
                                       {"local_share", Fraction()},
                                       {"extra_cost_yuan", Yuan(true)},
                                       {"moved_value_yuan", Yuan()}}))},
              {"by_component", Array(Ref("FrontierComponent"))},
              {"target", Object({{"share", Fraction()},
                                 {"reached", Boolean()},
                                 {"reachable", Boolean()},
                                 {"premium", Nullable(Number(0))},
                                 {"extra_cost_yuan", Nullable(Yuan(true))},
                                 {"reachable_share", Fraction()},
                                 {"blocking", Array(component_names)}})},
              {"model", Object({{"columns", Count()}, {"rows", Count()}, {"solves", Count()}})},
              {"warnings", Array(Ref("Reason"))}});
}

}  // namespace chainscope::schema_parts
