#include "service/planning.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "analytics/invest.h"
#include "analytics/localization.h"
#include "core/number_text.h"
#include "service/errors.h"
#include "service/promotion.h"

namespace chainscope {

std::unordered_map<std::string, IncentiveTerms> IncentivesOf(const std::vector<IncentivePolicy>& policies) {
  std::unordered_map<std::string, IncentiveTerms> out;
  for (const IncentivePolicy& p : policies) {
    if (!p.land_discount && !p.subsidy_rate) continue;
    IncentiveTerms& t = out[p.place];
    if (p.land_discount) t.land_discount = std::max(t.land_discount, *p.land_discount);
    if (p.subsidy_rate)
      t.subsidies.push_back({*p.subsidy_rate, p.subsidy_cap_yuan.value_or(kLpInfinity),
                             p.subsidy_min_investment_yuan.value_or(0)});
    t.policies.push_back(p.id);
  }
  return out;
}

namespace {

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

bool Flag(const Params& p, std::string_view name, bool fallback) {
  const std::string* s = p.Get(name);
  if (!s) return fallback;
  if (*s == "true" || *s == "1") return true;
  if (*s == "false" || *s == "0") return false;
  throw InvalidInput(fmt::format("{} must be true or false, got '{}'", p.Name(name), *s));
}

std::optional<double> OptionalReal(const Params& p, std::string_view name, double min, double max) {
  if (!p.Get(name)) return std::nullopt;
  return p.Real(name, 0, min, max);
}

SiteQuery SiteQueryOf(const Network& net, const Params& p) {
  SiteQuery q;
  q.enterprise = p.Enterprise(net, "enterprise");
  if (!q.enterprise.valid()) throw InvalidInput(fmt::format("{} is required", p.Name("enterprise")));
  q.component = p.Component(net, "component");
  if (!q.component.valid()) throw InvalidInput(fmt::format("{} is required", p.Name("component")));
  if (!p.Get("capacity")) throw InvalidInput(fmt::format("{} is required", p.Name("capacity")));
  q.capacity_units = static_cast<std::int64_t>(p.Size("capacity", 0, kMaxCapacityUnits));
  if (q.capacity_units < 1)
    throw InvalidInput(fmt::format("{} must be at least 1 unit a year", p.Name("capacity")));
  q.max_sites = static_cast<int>(p.Size("sites", 1, kMaxSites));
  q.radius_km = OptionalReal(p, "radius_km", 1, kMaxSiteRadiusKm);
  if (const std::string* c = p.Get("candidates")) {
    q.candidates = SplitList(*c);
    if (q.candidates.size() > kMaxSiteCandidates)
      throw InvalidInput(fmt::format("{} lists at most {} sites", p.Name("candidates"), kMaxSiteCandidates));
  }
  q.keep_existing = Flag(p, "keep_existing", true);
  q.max_share = p.Real("max_share", 0.5, 0.01, 1);
  q.investment_yuan_per_unit = OptionalReal(p, "investment_yuan_per_unit", 0, kMaxCostRateYuan);
  q.land_share = p.Real("land_share", 0.2, 0, 1);
  q.amortisation_years = p.Real("amortisation_years", 10, 1, 100);
  q.transport_yuan_per_unit_km = OptionalReal(p, "transport_yuan_per_unit_km", 0, kMaxCostRateYuan);
  q.unmet_penalty_yuan_per_unit = OptionalReal(p, "unmet_penalty_yuan_per_unit", 0, kMaxCostRateYuan);
  q.solver.time_limit_seconds =
      p.Real("time_limit_seconds", kDefaultSiteTimeLimitSeconds, 0.1, kMaxSiteTimeLimitSeconds);
  bool any = false, all = true;
  for (std::size_t k = 0; k < kSuitabilityPartCount; ++k) {
    const std::string name = fmt::format("weight_{}", kSuitabilityParts[k]);
    if (p.Get(name)) {
      any = true;
      q.weights[k] = p.Real(name, 0, 0, 1);
    } else {
      all = false;
      q.weights[k] = 0;
    }
  }
  if (!any) {
    q.weights = kDefaultSuitabilityWeights;
  } else {
    double sum = 0;
    for (double w : q.weights) sum += w;
    if (!all || std::abs(sum - 1) > 1e-3)
      throw InvalidInput(
          Message{"site.weights_sum",
                  {{"sum", PlainNumber(std::round(sum * 1e4) / 1e4)}},
                  fmt::format("the six weights ({}) must all be given and sum to 100%, they sum "
                              "to {}%",
                              p.Name("weight_…"), PlainNumber(std::round(sum * 1e4) / 100))});
    for (double& w : q.weights) w /= sum;
  }
  return q;
}

SiteMeasures MeasureSites(const Network& net, ComponentId component) {
  SiteMeasures m;
  LocalizationQuery lq;
  lq.by = LocalizationKey::kProvince;
  lq.scope = BuyerScope::kAllTiers;
  lq.component = component;
  lq.deep = false;
  for (const LocalizationRow& row : Localize(net, lq)) {
    if (row.key == ToString(Province::kChongqing)) {
      m.chongqing_local_share = row.local_share_value();
      m.chongqing_regional_share = row.regional_share_value();
    } else if (row.key == ToString(Province::kSichuan)) {
      m.sichuan_local_share = row.local_share_value();
      m.sichuan_regional_share = row.regional_share_value();
    }
  }
  FlowQuery fq;
  fq.scope = BuyerScope::kAllTiers;
  fq.component = component;
  m.flows_yuan = ComputeFlows(net, fq).category_value_yuan;
  return m;
}

/// The chain with the new plants taking over the purchases they serve (each a hypothetical enterprise).
SiteWhatIf WhatIfOf(const Network& net, const SiteSelection& s) {
  SiteWhatIf w;
  w.before = MeasureSites(net, s.model.component);
  std::vector<std::pair<WhatIfSupplier, ShiftPlan>> makers;
  const Enterprise& owner = net.enterprise(s.model.enterprise);
  for (const ChosenSite& c : s.solution.chosen) {
    const SiteCandidate& cand = s.model.candidates[c.candidate];
    if (cand.kind == SiteKind::kExisting) continue;
    WhatIfSupplier sup;
    sup.component = net.component(s.model.component).code;
    sup.place = net.place(cand.place).code;
    sup.capacity_units = cand.capacity_units;
    sup.id = fmt::format("SITE-{}", makers.size() + 1);
    sup.name = fmt::format("{} plant at {} (what-if)", owner.name, net.place(cand.place).name);
    ShiftPlan plan;
    for (const ServedCustomer& sc : c.served) {
      if (sc.purchase_units <= 0) continue;
      ShiftMove move;
      move.buyer = sc.buyer;
      move.from_links = sc.from_links;
      move.units = sc.purchase_units;
      for (const auto& [l, units] : sc.from_links)
        move.value_yuan += static_cast<double>(units) * net.link(l).unit_price_yuan;
      move.distance_km = sc.distance_km;
      plan.units += move.units;
      plan.value_yuan += move.value_yuan;
      plan.moves.push_back(std::move(move));
    }
    w.moved_units += plan.units;
    w.moved_value_yuan += plan.value_yuan;
    makers.emplace_back(std::move(sup), std::move(plan));
  }
  if (makers.empty()) {
    w.after = w.before;
    return w;
  }
  const auto after = Network::Build(ApplyWhatIfs(net, makers));
  w.after = MeasureSites(*after, after->FindComponent(net.component(s.model.component).code));
  return w;
}

}  // namespace

SiteSelectionAnswer AnswerSiteSelection(const Network& net, const Market& market,
                                        const std::vector<IncentivePolicy>& policies, const Principal& who,
                                        const Params& p, const std::atomic<bool>* stop) {
  SiteQuery q = SiteQueryOf(net, p);
  const std::string& enterprise = net.enterprise(q.enterprise).id;
  if (!who.reads_all() && !(who.is_member() && who.enterprise == enterprise))
    throw ServiceError(ErrorCode::kForbidden,
                       "a member selects sites for its own enterprise only; analysts, bureaus and "
                       "administrators for any");
  q.incentives = IncentivesOf(policies);
  for (std::size_t i = 0; i < market.demands.size(); ++i)
    if (market.demands[i].open && market.demands[i].component == net.component(q.component).code)
      q.demands.push_back(market.demands[i]);
  q.solver.stop = stop;
  SiteSelectionAnswer a;
  a.selection = SelectSites(net, q);
  if (stop && stop->load()) throw Cancelled("the site selection was cancelled");
  a.what_if = WhatIfOf(net, a.selection);
  // What the caller sees of whom a site serves: an open demand is public; moved purchases are links.
  for (ChosenSite& site : a.selection.solution.chosen) {
    SiteSelectionAnswer::Hidden& hidden = a.hidden.emplace_back();
    std::erase_if(site.served, [&](const ServedCustomer& sc) {
      const std::string& buyer = net.enterprise(sc.buyer).id;
      const bool sees = std::all_of(sc.from_links.begin(), sc.from_links.end(), [&](const auto& moved) {
        return SeesLink(who, buyer, net.enterprise(net.link(moved.first).supplier).id);
      });
      if (sees) return false;
      ++hidden.customers;
      hidden.units += sc.units;
      return true;
    });
  }
  return a;
}

SiteSelectionAnswer AnswerSiteSelection(Platform& platform, const PlatformState& state, const Principal& who,
                                        const Params& p, const std::atomic<bool>* stop) {
  std::vector<IncentivePolicy> policies;
  if (platform.store()) policies = PoliciesOf(platform, "", UtcToday());
  return AnswerSiteSelection(*state.chain, *state.market, policies, who, p, stop);
}

std::string_view ToString(FrontierPowertrain p) {
  switch (p) {
    case FrontierPowertrain::kIce:
      return "ice";
    case FrontierPowertrain::kNev:
      return "nev";
    case FrontierPowertrain::kAll:
      return "all";
  }
  return "all";
}

FrontierAnswer AnswerFrontier(const Network& net, const Params& p, const std::atomic<bool>* stop) {
  FrontierAnswer a;
  a.province = Province::kChongqing;
  if (const std::string* s = p.Get("province")) {
    if (*s == "region") {
      a.province.reset();
    } else {
      const auto pr = ParseProvince(*s);
      if (!pr || !IsRegional(*pr))
        throw InvalidInput(
            fmt::format("{} must be Chongqing, Sichuan or region, got '{}'", p.Name("province"), *s));
      a.province = pr;
    }
  }
  if (const std::string* s = p.Get("powertrain")) {
    if (*s == "ice") {
      a.powertrain = FrontierPowertrain::kIce;
    } else if (*s == "nev") {
      a.powertrain = FrontierPowertrain::kNev;
    } else if (*s == "all") {
      a.powertrain = FrontierPowertrain::kAll;
    } else {
      throw InvalidInput(fmt::format("{} must be ice, nev or all, got '{}'", p.Name("powertrain"), *s));
    }
  }
  FrontierQuery q;
  q.max_premium = p.Real("max_premium", 0.2, 0, kMaxFrontierPremium);
  q.steps = static_cast<int>(p.Size("steps", 21, kMaxFrontierSteps));
  if (q.steps < 2) throw InvalidInput(fmt::format("{} must be at least 2", p.Name("steps")));
  q.target_share = p.Real("target", 0.3, 0.001, 1);
  q.max_share = p.Real("max_share", 0.5, 0.01, 1);
  q.switching_cost = p.Real("switching_cost", kDefaultSwitchingCost, 0, 1);
  q.component = p.Component(net, "component");
  q.stop = stop;
  const auto shares = AttributePowertrains(net, BuyerScope::kOems);
  q.link_weight.assign(net.link_count(), 0);
  for (std::uint32_t l = 0; l < net.link_count(); ++l) {
    const NetLink& link = net.link(l);
    if (net.enterprise(link.buyer).role != Role::kOem) continue;
    const Province bp = net.province_of(link.buyer);
    if (!IsRegional(bp) || (a.province && bp != *a.province)) continue;
    q.link_weight[l] = a.powertrain == FrontierPowertrain::kIce   ? shares[l][0]
                       : a.powertrain == FrontierPowertrain::kNev ? shares[l][1]
                                                                  : 1.0;
  }
  a.switching_cost = q.switching_cost;
  a.max_share = q.max_share;
  a.frontier = ComputeFrontier(net, q);
  return a;
}

}  // namespace chainscope
