// view: the schemas of R&D, testing and talent services (view/services_json.h).
#include <boost/json.hpp>

#include "view/schema_parts.h"

namespace chainscope::schema_parts {
namespace json = boost::json;

void AddServiceSchemas(json::object& s) {
  const Schema kind =
      Enum({"testing", "certification", "joint_research", "design", "training", "internship"});
  const Schema named_code = Object({{"code", String()}, {"name", String()}, {"name_zh", String()}});
  const auto nullable_names = [](const std::string& prefix) {
    return std::vector<Property>{{prefix + "_name", Nullable(String())},
                                 {prefix + "_name_zh", Nullable(String())}};
  };
  s["Service"] = Object(Join(Join(Join({{"id", String()}, {"provider", String()}}, Names("provider")),
                                  Join({{"place", Nullable(String())}}, Names("place"))),
                             {{"kind", kind},
                              {"kind_zh", String()},
                              {"title_zh", String()},
                              {"title_en", String()},
                              {"standards", Array(String("A standard's code: GB 38031-2020, ISO 26262, …"))},
                              {"components", Array(named_code)},
                              {"cnas", Nullable(String("CNAS L1234"))},
                              {"cma", Nullable(String("Twelve digits"))},
                              {"equipment", String()},
                              {"lead_time_days", Number(0)},
                              {"price_min_yuan", Yuan()},
                              {"price_max_yuan", Yuan()},
                              {"rush_surcharge", Number(0)},
                              {"capacity_hours_per_year", Number(0)},
                              {"bookable", Boolean()},
                              {"places", Count()},
                              {"starts_on", Nullable(Date())},
                              {"ends_on", Nullable(Date())},
                              {"closed", Boolean()},
                              {"synthetic", Boolean()},
                              {"created_at", Time()},
                              {"updated_at", Time()},
                              {"version", Integer(1)}}));
  s["ServicePage"] = PageOf("Service");
  s["ServiceRequest"] = Object(
      Join(Join({{"id", String()}, {"requester", Nullable(String("null while the requester is hidden"))}},
                nullable_names("requester")),
           {{"kind", kind},
            {"kind_zh", String()},
            {"standards", Array(String())},
            {"component", Nullable(String())},
            {"component_name", Nullable(String())},
            {"component_name_zh", Nullable(String())},
            {"needed_by", Nullable(Date())},
            {"budget_yuan", Yuan()},
            {"anonymous", Boolean()},
            {"note", String()},
            {"status", Enum({"open", "accepted", "closed"})},
            {"accepted_interest", Nullable(String())},
            {"accepted_provider", Nullable(String())},
            Optional("accepted_provider_name", String()),
            Optional("accepted_provider_name_zh", String()),
            {"mine", Boolean()},
            {"synthetic", Boolean()},
            {"created_at", Time()},
            {"updated_at", Time()},
            {"version", Integer(1)},
            Optional("requester_contact", Nullable(String("Shown to the two sides once accepted"))),
            Optional("provider_contact", Nullable(String()))}));
  s["ServiceRequestPage"] = PageOf("ServiceRequest");
  s["ServiceInterest"] = Object(Join(
      Join({{"id", String()}, {"request", String()}, {"service", String()}, {"provider", String()}},
           Names("provider")),
      {{"note", String()}, {"status", Enum({"open", "accepted", "withdrawn"})}, {"created_at", Time()}}));
  s["ServiceInterestList"] = Object({{"items", Array(Ref("ServiceInterest"))}});
  s["Booking"] = Object(
      Join(Join({{"id", String()},
                 {"service", String()},
                 {"start", Time()},
                 {"end", Time()},
                 {"hours", Number(0)},
                 {"status", Enum({"requested", "confirmed", "cancelled"})},
                 {"provider", String()}},
                Names("provider")),
           Join(Join({{"visible", Boolean()}, {"booker", Nullable(String())}}, nullable_names("booker")),
                {{"request", Nullable(String())},
                 {"note", Nullable(String())},
                 {"mine", Boolean()},
                 {"synthetic", Boolean()},
                 {"created_at", Time()}})));
  s["BookingList"] = Object({{"items", Array(Ref("Booking"))}});
  const std::vector<Property> service_of =
      Join({{"service", String()}, {"provider", String()}}, Names("provider"));
  s["ServiceMatch"] =
      Object({{"request", Ref("ServiceRequest")},
              {"items", Array(Object(Join(service_of, {{"title_zh", String()},
                                                       {"title_en", String()},
                                                       {"score", Fraction()},
                                                       {"parts", Map(Ref("ScorePart"))},
                                                       {"reasons", Array(Ref("Reason"))},
                                                       {"distance_km", Number(0)},
                                                       {"lead_time_days", Number(0)},
                                                       {"price_min_yuan", Yuan()},
                                                       {"price_max_yuan", Yuan()},
                                                       {"cnas", Nullable(String())},
                                                       {"cma", Nullable(String())},
                                                       {"bookable", Boolean()}})))},
              {"excluded", Array(Object(Join(service_of, {{"title_zh", String()},
                                                          {"title_en", String()},
                                                          {"reasons", Array(Ref("Reason"))}})))}});
  const std::vector<Property> use{{"services", Count()},
                                  {"booked_hours", Number(0)},
                                  {"capacity_hours", Number(0)},
                                  {"utilization", Number(0)},
                                  {"baseline_utilization", Number(0)}};
  s["Utilization"] =
      Object({{"year", Integer(2000, 2099)},
              {"baseline_hours", Number(0)},
              {"items", Array(Object(Join(Join(Join({{"service", String()},
                                                     {"title_zh", String()},
                                                     {"title_en", String()},
                                                     {"provider", String()}},
                                                    Names("provider")),
                                               use),
                                          {})))},
              {"institutes", Array(Object(Join(Join({{"provider", String()}}, Names("provider")), use)))}});
}

}  // namespace chainscope::schema_parts
