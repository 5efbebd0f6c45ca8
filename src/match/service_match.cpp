// match: the explained ranking of services for one service request (service_match.h).
#include "match/service_match.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/number_text.h"
#include "match/supply_book.h"

namespace chainscope {
namespace {

constexpr double kNoPlaceKm = 1000;

std::string Percent(double fraction) {
  return PlainNumber(std::round(fraction * 1000) / 10);
}

/// The assembly a component or assembly code belongs to ("" when unknown).
std::string AssemblyOf(const Network& net, std::string_view code) {
  const ComponentId c = net.FindComponent(code);
  return c.valid() ? net.component(c).assembly : std::string(code);
}

}  // namespace

double ComponentFit(const Network& net, const Service& s, const std::string& wanted) {
  if (wanted.empty()) return 1;
  if (s.components.empty()) return 0.5;
  const bool wanted_is_component = net.FindComponent(wanted).valid();
  const std::string wanted_assembly = AssemblyOf(net, wanted);
  double best = 0;
  for (const std::string& c : s.components) {
    if (c == wanted) return 1;
    const bool c_is_component = net.FindComponent(c).valid();
    if (AssemblyOf(net, c) != wanted_assembly) continue;
    // An assembly asked for and one of its components offered, or the reverse: the same family.
    best = std::max(best, (!wanted_is_component && c_is_component) ? 1.0 : 0.7);
  }
  return best;
}

double StandardCoverage(std::string_view service_standard, std::string_view wanted) {
  const std::string s = StandardBase(service_standard), w = StandardBase(wanted);
  const auto part_of = [](const std::string& part, const std::string& whole) {
    return part.size() > whole.size() && part.starts_with(whole) &&
           (part[whole.size()] == '.' || part[whole.size()] == '-');
  };
  if (s == w || part_of(w, s)) return 1;  // the same standard, or the whole of the part wanted
  if (part_of(s, w)) return 0.5;
  return 0;
}

ServiceMatch RankServices(const Network& net, const ServiceRequest& request,
                          std::span<const Service> services, std::string_view today,
                          const std::map<std::string, std::int64_t>& past_deals,
                          const ServiceMatchWeights& w) {
  ServiceMatch out;
  const EnterpriseId requester = net.FindEnterprise(request.requester);
  const std::int64_t working_days =
      request.needed_by.empty() ? -1 : WorkingDaysBetween(today, request.needed_by);
  const bool accredited_kind =
      request.kind == ServiceKind::kTesting || request.kind == ServiceKind::kCertification;
  for (std::size_t i = 0; i < services.size(); ++i) {
    const Service& s = services[i];
    if (s.kind != request.kind) continue;
    std::vector<Message> why;
    if (s.closed) why.push_back({"service.closed", {}, "the service is closed"});
    if (s.provider == request.requester)
      why.push_back({"service.own_enterprise", {}, "is the requester's own service"});
    // Standards: each wanted one's best coverage.
    double covered = 0;
    std::vector<std::string> covered_codes;
    for (const std::string& wanted : request.standards) {
      double best = 0;
      for (const std::string& offered : s.standards) best = std::max(best, StandardCoverage(offered, wanted));
      covered += best;
      if (best > 0) covered_codes.push_back(wanted);
    }
    if (!request.standards.empty() && covered == 0)
      why.push_back(
          {"service.no_standard_covered",
           {{"wanted", fmt::format("{}", fmt::join(request.standards, ", "))}},
           fmt::format("covers none of the standards wanted ({})", fmt::join(request.standards, ", "))});
    const double fit = ComponentFit(net, s, request.component);
    if (fit == 0)
      why.push_back({"service.component_not_covered",
                     {{"component", request.component}},
                     fmt::format("does not concern {}", request.component)});
    if (working_days >= 0 && s.lead_time_days > static_cast<double>(working_days))
      why.push_back({"service.too_slow",
                     {{"lead_time_days", PlainNumber(s.lead_time_days)},
                      {"working_days", std::to_string(working_days)}},
                     fmt::format("takes {} working days; {} remain before the date needed",
                                 PlainNumber(s.lead_time_days), working_days)});
    const bool quoted = s.price_max_yuan > 0;
    if (request.budget_yuan > 0 && quoted && s.price_min_yuan > request.budget_yuan)
      why.push_back({"service.over_budget",
                     {{"price_min_yuan", PlainNumber(s.price_min_yuan)},
                      {"budget_yuan", PlainNumber(request.budget_yuan)}},
                     fmt::format("costs at least {} yuan; the budget is {} yuan",
                                 PlainNumber(s.price_min_yuan), PlainNumber(request.budget_yuan))});
    if (!why.empty()) {
      out.excluded.push_back({i, std::move(why)});
      continue;
    }

    ServiceCandidate c;
    c.service = i;
    const EnterpriseId provider = net.FindEnterprise(s.provider);
    c.distance_km =
        requester.valid() && provider.valid()
            ? PlaceDistance(net.place(net.place_of(requester)), net.place(net.place_of(provider))).km
            : kNoPlaceKm;
    const auto part = [&](std::string name, double value, double weight) {
      c.parts.push_back({std::move(name), value, weight, weight * value});
      c.score += weight * value;
    };
    const double standards =
        request.standards.empty() ? 1 : covered / static_cast<double>(request.standards.size());
    part("standards", standards, w.standards);
    if (!request.standards.empty())
      c.reasons.push_back({"service.covers_standards",
                           {{"covered", std::to_string(covered_codes.size())},
                            {"wanted", std::to_string(request.standards.size())},
                            {"standards", fmt::format("{}", fmt::join(covered_codes, ", "))}},
                           fmt::format("covers {} of the {} standards wanted ({})", covered_codes.size(),
                                       request.standards.size(), fmt::join(covered_codes, ", "))});
    const double accreditation = (s.cnas.empty() ? 0 : 0.6) + (s.cma.empty() ? 0 : 0.4);
    part("accreditation", accreditation, accredited_kind ? w.accreditation : 0);
    if (accredited_kind && accreditation > 0)
      c.reasons.push_back({"service.accredited",
                           {{"cnas", s.cnas}, {"cma", s.cma}},
                           fmt::format("accredited: {}", s.cnas.empty()  ? "CMA " + s.cma
                                                         : s.cma.empty() ? s.cnas
                                                                         : s.cnas + ", CMA " + s.cma)});
    part("fit", fit, w.fit);
    if (!request.component.empty())
      c.reasons.push_back({fit == 1     ? "service.fits_component"
                           : fit >= 0.7 ? "service.fits_assembly"
                                        : "service.general",
                           {{"component", request.component}},
                           fit == 1     ? fmt::format("concerns {}", request.component)
                           : fit >= 0.7 ? fmt::format("concerns the assembly of {}", request.component)
                                        : std::string("a general service, not specific to a component")});
    const double lead = working_days > 0 ? 1 - s.lead_time_days / static_cast<double>(working_days)
                                         : (working_days == 0 ? 0 : 1);
    part("lead_time", std::clamp(lead, 0.0, 1.0), w.lead_time);
    if (working_days >= 0)
      c.reasons.push_back({"service.in_time",
                           {{"lead_time_days", PlainNumber(s.lead_time_days)},
                            {"working_days", std::to_string(working_days)}},
                           fmt::format("{} working days of the {} before the date needed",
                                       PlainNumber(s.lead_time_days), working_days)});
    double price = 1;
    if (request.budget_yuan > 0) {
      if (!quoted)
        price = 0.5;
      else if (s.price_max_yuan <= request.budget_yuan)
        price = 1;
      else
        price = (request.budget_yuan - s.price_min_yuan) / (s.price_max_yuan - s.price_min_yuan);
      c.reasons.push_back(
          !quoted ? Message{"service.on_quotation", {}, "priced on quotation"}
                  : Message{"service.price_band",
                            {{"price_min_yuan", PlainNumber(s.price_min_yuan)},
                             {"price_max_yuan", PlainNumber(s.price_max_yuan)},
                             {"budget_yuan", PlainNumber(request.budget_yuan)},
                             {"within", Percent(price)}},
                            fmt::format("{}–{} yuan against a budget of {} yuan ({}% of the band within it)",
                                        PlainNumber(s.price_min_yuan), PlainNumber(s.price_max_yuan),
                                        PlainNumber(request.budget_yuan), Percent(price))});
    }
    part("price", std::clamp(price, 0.0, 1.0), w.price);
    part("distance", std::max(0.0, 1 - c.distance_km / 1000), w.distance);
    c.reasons.push_back({"service.distance",
                         {{"km", PlainNumber(std::round(c.distance_km))}},
                         fmt::format("{} km away", PlainNumber(std::round(c.distance_km)))});
    const auto deals = past_deals.find(s.provider);
    const std::int64_t n = deals == past_deals.end() ? 0 : deals->second;
    part("history", std::min(1.0, static_cast<double>(n) / 3), w.history);
    if (n > 0)
      c.reasons.push_back({"service.past_deals",
                           {{"count", std::to_string(n)}},
                           fmt::format("{} earlier dealings with the requester", n)});
    out.items.push_back(std::move(c));
  }
  std::sort(out.items.begin(), out.items.end(), [&](const ServiceCandidate& a, const ServiceCandidate& b) {
    if (a.score != b.score) return a.score > b.score;
    return services[a.service].id < services[b.service].id;
  });
  return out;
}

}  // namespace chainscope
