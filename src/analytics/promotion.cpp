#include "analytics/promotion.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "core/number_text.h"
#include "core/places.h"

namespace chainscope {

// ---- clashes ----

ClashDetector::ClashDetector(const Network& net, double threshold)
    : net_(net), scorer_(net.data()), threshold_(threshold) {}

NamedEnterprise ClashDetector::Named(const Lead& l) const {
  NamedEnterprise n;
  n.name = l.investor_name_en;
  n.name_zh = l.investor_name_zh;
  // The investor's own place when it is an enterprise of the chain (a company of one name in another
  // province is another company); unknown otherwise. Roles are the same on both sides: what the investor
  // is does not tell two investors apart here.
  if (const EnterpriseId e = net_.FindEnterprise(l.investor); e.valid()) {
    const Enterprise& ent = net_.enterprise(e);
    if (n.name.empty()) n.name = ent.name;
    if (n.name_zh.empty()) n.name_zh = ent.name_zh;
    n.place = net_.place(net_.place_of(e)).code;
  }
  n.role = Role::kTier1;
  n.components = l.components;
  return n;
}

std::optional<Message> ClashDetector::SameInvestor(const Lead& a, const Lead& b) const {
  if (!a.investor.empty() && a.investor == b.investor)
    return Message{"promotion.same_enterprise",
                   {{"enterprise", a.investor}},
                   fmt::format("the same enterprise {}", a.investor)};
  if (!a.investor_uscc.empty() && a.investor_uscc == b.investor_uscc)
    return Message{"promotion.same_uscc",
                   {{"uscc", a.investor_uscc}},
                   fmt::format("the same unified social credit code {}", a.investor_uscc)};
  // Two different enterprises of the chain are two investors, whatever their names.
  if (!a.investor.empty() && !b.investor.empty()) return std::nullopt;
  const NamedEnterprise x = Named(a), y = Named(b);
  const DuplicatePair pair = scorer_(x, y);
  if (pair.score < threshold_) return std::nullopt;
  const std::string& name_a = x.name_zh.empty() ? x.name : x.name_zh;
  const std::string& name_b = y.name_zh.empty() ? y.name : y.name_zh;
  return Message{
      "promotion.similar_names",
      {{"a", name_a}, {"b", name_b}, {"score", PlainNumber(pair.score)}},
      fmt::format("names of one company: {} / {} (score {})", name_a, name_b, PlainNumber(pair.score))};
}

std::vector<std::string> ClashDetector::Clashes(const Lead& lead, std::span<const Lead> rivals) const {
  std::vector<std::string> out;
  if (lead.closed()) return out;
  const std::set<std::string> components(lead.components.begin(), lead.components.end());
  for (const Lead& r : rivals) {
    if (r.id == lead.id || r.place == lead.place || r.closed()) continue;
    if (std::none_of(r.components.begin(), r.components.end(),
                     [&](const std::string& c) { return components.contains(c); }))
      continue;
    if (SameInvestor(lead, r)) out.push_back(r.id);
  }
  return out;
}

// ---- KPIs ----

namespace {
constexpr std::array<std::string_view, 4> kGroupings{"place", "month", "stage", "assembly"};

bool InWindow(const std::string& date, const KpiQuery& q) {
  if (date.empty()) return false;
  return (q.from.empty() || date >= q.from) && (q.to.empty() || date <= q.to);
}
}  // namespace

std::optional<KpiGrouping> ParseKpiGrouping(std::string_view text) {
  for (std::size_t i = 0; i < kGroupings.size(); ++i)
    if (kGroupings[i] == text) return static_cast<KpiGrouping>(i);
  return std::nullopt;
}
std::string_view ToString(KpiGrouping g) {
  return kGroupings[static_cast<std::size_t>(g)];
}

KpiReport ComputeKpis(const Network& net, std::span<const Lead> leads, std::span<const LeadEvent> events,
                      const PromotionSettings& settings, const KpiQuery& query) {
  // Per group: the sums, and for the rates the signed projects' weights by where they are now.
  struct Sums {
    KpiRow row;
    double registered = 0, started = 0;
  };
  std::map<std::string, Sums> groups;
  Sums total;
  std::map<std::string, const Lead*, std::less<>> by_id;
  for (const Lead& l : leads) by_id.emplace(l.id, &l);

  // The (group, weight) pairs a lead's figure dated `date` goes to.
  const auto groups_of = [&](const Lead& l, const std::string& date) {
    std::vector<std::pair<std::string, double>> out;
    const auto add = [&](const std::string& key) {  // empty: by place
      if (l.shares.empty()) out.emplace_back(key.empty() ? l.place : key, 1.0);
      for (const LeadShare& s : l.shares) out.emplace_back(key.empty() ? s.place : key, s.share);
    };
    switch (query.by) {
      case KpiGrouping::kPlace:
        add("");
        break;
      case KpiGrouping::kMonth:
        add(date.substr(0, 7));
        break;
      case KpiGrouping::kStage:
        add(std::string(ToString(l.stage)));
        break;
      case KpiGrouping::kAssembly: {
        std::string assembly = "unknown";
        if (!l.components.empty())
          if (const ComponentId c = net.FindComponent(l.components.front()); c.valid())
            assembly = net.component(c).assembly;
        add(assembly);
        break;
      }
    }
    // Outside a place grouping the shares of one lead fall into the same group: merge them.
    std::map<std::string, double> merged;
    for (const auto& [k, w] : out) merged[k] += w;
    return std::vector<std::pair<std::string, double>>(merged.begin(), merged.end());
  };
  // The pilot halves a lead counts in, by its places' shares.
  std::map<std::string, Sums> pilots{{"western_chongqing", {}}, {"sichuan", {}}};
  std::unordered_map<std::string_view, std::string_view> pilot_by_place;
  for (std::string_view p : WesternChongqingPilotDistricts()) pilot_by_place.emplace(p, "western_chongqing");
  for (std::string_view p : SichuanPilotCities()) pilot_by_place.emplace(p, "sichuan");
  const auto pilot_of = [&](std::string_view place) -> std::string_view {
    const auto it = pilot_by_place.find(place);
    return it == pilot_by_place.end() ? std::string_view() : it->second;
  };
  const auto each = [&](const Lead& l, const std::string& date, const auto& f) {
    for (const auto& [key, weight] : groups_of(l, date)) {
      f(groups[key], weight);
      f(total, weight);
    }
    if (l.shares.empty()) {
      if (const std::string_view p = pilot_of(l.place); !p.empty()) f(pilots[std::string(p)], 1.0);
    }
    for (const LeadShare& s : l.shares)
      if (const std::string_view p = pilot_of(s.place); !p.empty()) f(pilots[std::string(p)], s.share);
  };

  for (const Lead& l : leads) {
    if (!l.joined_into.empty()) continue;
    if (InWindow(l.reported_on, query))
      each(l, l.reported_on, [&](Sums& s, double w) {
        s.row.leads += w;
        const double value = l.signed_on.empty() ? l.investment_yuan : l.contract_value_yuan;
        s.row.weighted_pipeline_yuan +=
            w * settings.stage_probability[static_cast<std::size_t>(l.stage)] * value;
      });
    if (InWindow(l.signed_on, query))
      each(l, l.signed_on, [&](Sums& s, double w) {
        s.row.signed_projects += w;
        s.row.contract_value_yuan += w * l.contract_value_yuan;
        if (l.stage == LeadStage::kRegistered || l.stage == LeadStage::kConstruction ||
            l.stage == LeadStage::kProduction)
          s.registered += w;
        if (l.stage == LeadStage::kConstruction || l.stage == LeadStage::kProduction) s.started += w;
      });
  }
  for (const LeadEvent& e : events) {
    if (e.kind != "funds" || !InWindow(e.date, query)) continue;
    const auto it = by_id.find(e.lead);
    if (it == by_id.end() || !it->second->joined_into.empty()) continue;
    each(*it->second, e.date, [&](Sums& s, double w) { s.row.funds_secured_yuan += w * e.amount_yuan; });
  }

  const auto finish = [](Sums& s) {
    if (s.row.signed_projects > 0) {
      s.row.registered_rate = s.registered / s.row.signed_projects;
      s.row.started_rate = s.started / s.row.signed_projects;
    }
    if (s.row.contract_value_yuan > 0)
      s.row.funds_rate = s.row.funds_secured_yuan / s.row.contract_value_yuan;
    return s.row;
  };
  KpiReport report;
  for (auto& [key, s] : groups) {
    s.row.key = key;
    report.rows.push_back(finish(s));
  }
  total.row.key = "total";
  report.total = finish(total);
  for (auto& [key, s] : pilots) {
    s.row.key = key;
    report.pilots.push_back(finish(s));
  }
  return report;
}

// ---- recommendation ----

std::vector<PlaceRecommendation> RecommendPilotPlaces(const Network& net, const Lead& lead,
                                                      InvestQuery query) {
  if (lead.components.empty()) return {};
  query.component = net.FindComponent(lead.components.front());
  if (!query.component.valid()) return {};
  if (lead.annual_capacity > 0) query.capacity_units = lead.annual_capacity;
  query.per_component = 0;
  query.top = net.place_count();
  query.province.reset();
  std::set<std::string_view> pilot(WesternChongqingPilotDistricts().begin(),
                                   WesternChongqingPilotDistricts().end());
  pilot.insert(SichuanPilotCities().begin(), SichuanPilotCities().end());

  std::vector<PlaceRecommendation> out;
  for (const InvestTarget& t : RankInvestTargets(net, query)) {
    const Place& p = net.place(t.place);
    if (!pilot.contains(p.code)) continue;
    PlaceRecommendation r;
    r.target = t;
    r.own = p.code == lead.place;
    const std::vector<std::pair<std::string, std::string>> where{
        {"place", p.code}, {"place_name", p.name}, {"place_name_zh", p.name_zh}};
    auto with = [&](std::vector<std::pair<std::string, std::string>> extra) {
      extra.insert(extra.begin(), where.begin(), where.end());
      return extra;
    };
    if (r.own)
      r.reasons.push_back({"promotion.own_place", where, fmt::format("{} is the lead's own place", p.name)});
    if (t.focus)
      r.reasons.push_back(
          {"promotion.focus", where, fmt::format("{} states this component as its focus", p.name)});
    if (t.moved_value_yuan > 0)
      r.reasons.push_back(
          {"promotion.takes_over",
           with({{"value_yuan", PlainNumber(t.moved_value_yuan)},
                 {"buyers", std::to_string(t.buyers_served)}}),
           fmt::format("would take over {} a year now bought outside the province by {} buyers",
                       MoneyText(t.moved_value_yuan), t.buyers_served)});
    else
      r.reasons.push_back({"promotion.nothing_to_take_over", where,
                           "no purchase of it in the province comes from outside it"});
    r.reasons.push_back({"promotion.buyers_nearby",
                         with({{"value_yuan", PlainNumber(t.nearby_buyers_value_yuan)},
                               {"radius_km", PlainNumber(query.radius_km)}}),
                         fmt::format("buyers within {} km buy {} of it a year", PlainNumber(query.radius_km),
                                     MoneyText(t.nearby_buyers_value_yuan))});
    r.reasons.push_back(
        {"promotion.cluster",
         with({{"makers", std::to_string(t.nearby_makers)}, {"radius_km", PlainNumber(query.radius_km)}}),
         fmt::format("{} makers of it, its inputs or its users within {} km", t.nearby_makers,
                     PlainNumber(query.radius_km))});
    r.reasons.push_back({"promotion.local_share_gain",
                         with({{"gain_pp", PlainNumber(std::round(t.local_share_gain_pp * 1000) / 1000)}}),
                         fmt::format("local sourcing of the province's vehicle makers +{} percentage points",
                                     PlainNumber(std::round(t.local_share_gain_pp * 1000) / 1000))});
    out.push_back(std::move(r));
  }
  return out;
}

// ---- the portfolio what-if ----

PortfolioGain RunPortfolioWhatIf(const Network& net, std::span<const Lead> leads) {
  PortfolioGain out;
  const ComponentId any(0);
  for (Province p : {Province::kChongqing, Province::kSichuan})
    out.local_share.push_back({p, MeasureForWhatIf(net, any, p).local_share_value, 0});
  out.single_sourced_before_yuan = MeasureForWhatIf(net, any, Province::kChongqing).single_sourced_value_yuan;
  // Each lead as a maker; the ones left for a later round (a second maker of a component).
  std::vector<const Lead*> pending;
  for (const Lead& l : leads) {
    const PlaceId place = net.FindPlace(l.place);
    if (l.components.empty() || !net.FindComponent(l.components.front()).valid() || !place.valid() ||
        (net.place(place).province != Province::kChongqing &&
         net.place(place).province != Province::kSichuan)) {
      ++out.skipped;
      continue;
    }
    pending.push_back(&l);
  }
  std::shared_ptr<const Network> owned;
  const Network* current = &net;
  while (!pending.empty()) {
    std::set<std::string> planned;
    std::vector<const Lead*> later;
    std::vector<std::pair<WhatIfSupplier, ShiftPlan>> round;
    for (const Lead* l : pending) {
      const std::string& code = l->components.front();
      if (!planned.insert(code).second) {
        later.push_back(l);
        continue;
      }
      const ComponentId c = current->FindComponent(code);
      WhatIfSupplier s;
      s.component = code;
      s.place = l->place;
      s.capacity_units = l->annual_capacity > 0 ? l->annual_capacity : DefaultCapacity(*current, c);
      s.id = "LEAD-" + l->id;
      s.name = l->project.empty() ? s.id : l->project;
      ShiftPlan plan = PlanShift(*current, c, current->FindPlace(l->place), *s.capacity_units, s.max_share);
      out.moved_value_yuan += plan.value_yuan;
      ++out.makers;
      round.emplace_back(std::move(s), std::move(plan));
    }
    owned = Network::Build(ApplyWhatIfs(*current, round));
    current = owned.get();
    ++out.rounds;
    pending = std::move(later);
  }
  for (PortfolioGain::Share& s : out.local_share)
    s.after = MeasureForWhatIf(*current, any, s.province).local_share_value;
  out.single_sourced_after_yuan =
      MeasureForWhatIf(*current, any, Province::kChongqing).single_sourced_value_yuan;
  return out;
}

}  // namespace chainscope
