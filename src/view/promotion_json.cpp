#include "view/promotion_json.h"

#include <boost/json.hpp>

#include "core/taxonomy.h"
#include "view/json_out.h"

namespace chainscope {
namespace json = boost::json;
namespace {

json::array ComponentList(const Network& net, const std::vector<std::string>& codes) {
  json::array out;
  for (const std::string& code : codes) {
    const ComponentId c = net.FindComponent(code);
    out.push_back(json::object{{"component", code},
                               {"component_name", c.valid() ? net.component(c).name : code},
                               {"component_name_zh", c.valid() ? net.component(c).name_zh : code}});
  }
  return out;
}

json::object EventJson(const LeadEvent& e) {
  return {{"id", e.id},
          {"kind", e.kind},
          {"stage", TextOrNull(e.stage)},
          {"date", TextOrNull(e.date)},
          {"amount_yuan", e.amount_yuan},
          {"detail", Embedded(e.detail)},
          {"actor", e.actor},
          {"at", e.at}};
}

}  // namespace

json::object LeadJson(const Network& net, const Lead& l, const Principal& viewer) {
  const bool full = SeesLeadInFull(viewer, l);
  json::object o{{"id", l.id}, {"place", l.place}};
  PutPlaceNames(o, net, l.place);
  o["investor"] = TextOrNull(l.investor);
  o["investor_name_zh"] = l.investor_name_zh;
  o["investor_name_en"] = l.investor_name_en;
  o["components"] = ComponentList(net, l.components);
  o["stage"] = ToString(l.stage);
  o["stage_zh"] = ChineseName(l.stage);
  json::array clashes;
  for (const std::string& c : l.clashes) clashes.push_back(json::string(c));
  o["clashes"] = std::move(clashes);
  o["contested"] = l.contested;
  o["closed"] = l.closed();
  o["joined_into"] = TextOrNull(l.joined_into);
  o["full"] = full;
  if (!full) return o;
  json::array shares;
  for (const LeadShare& s : l.shares) {
    json::object share{{"place", s.place}, {"share", s.share}};
    PutPlaceNames(share, net, s.place);
    shares.push_back(std::move(share));
  }
  o["investor_uscc"] = TextOrNull(l.investor_uscc);
  o["project"] = l.project;
  o["investment_yuan"] = l.investment_yuan;
  o["annual_capacity"] = l.annual_capacity;
  o["jobs"] = l.jobs;
  o["expected_decision"] = TextOrNull(l.expected_decision);
  o["contact"] = l.contact;
  o["notes"] = l.notes;
  o["reported_on"] = l.reported_on;
  o["stage_date"] = l.stage_date;
  o["contract_value_yuan"] = l.contract_value_yuan;
  o["signed_on"] = TextOrNull(l.signed_on);
  o["funds_secured_yuan"] = l.funds_secured_yuan;
  o["shares"] = std::move(shares);
  o["closed_reason"] = Embedded(l.closed_reason);
  o["created_by"] = l.created_by;
  o["created_at"] = l.created_at;
  o["updated_at"] = l.updated_at;
  o["version"] = l.version;
  return o;
}

json::object PolicyJson(const Network& net, const IncentivePolicy& p) {
  json::object o{{"id", p.id}, {"place", p.place}};
  PutPlaceNames(o, net, p.place);
  o["kind"] = p.kind;
  o["title_zh"] = p.title_zh;
  o["title_en"] = p.title_en;
  o["text_zh"] = p.text_zh;
  o["text_en"] = p.text_en;
  o["valid_from"] = p.valid_from;
  o["valid_until"] = TextOrNull(p.valid_until);
  for (const auto& [key, term] : {std::pair{"land_discount", &p.land_discount},
                                  {"subsidy_rate", &p.subsidy_rate},
                                  {"subsidy_cap_yuan", &p.subsidy_cap_yuan},
                                  {"subsidy_min_investment_yuan", &p.subsidy_min_investment_yuan}})
    o[key] = *term ? json::value(**term) : json::value(nullptr);
  return o;
}

json::object LeadDetailJson(const Network& net, const LeadDetail& d, const Principal& viewer) {
  json::object o = LeadJson(net, d.lead, viewer);
  json::array timeline, policies;
  for (const LeadEvent& e : d.timeline) timeline.push_back(EventJson(e));
  for (const IncentivePolicy& p : d.policies) policies.push_back(PolicyJson(net, p));
  o["timeline"] = std::move(timeline);
  o["policies"] = std::move(policies);
  return o;
}

json::object RecommendationJson(const Network& net, const LeadRecommendation& r) {
  const double weights[] = {r.query.weights.gap, r.query.weights.focus, r.query.weights.buyers,
                            r.query.weights.cluster, r.query.weights.resilience};
  json::array items;
  for (const PlaceRecommendation& p : r.places) {
    const InvestTarget& t = p.target;
    const Place& place = net.place(t.place);
    json::object parts;
    for (std::size_t i = 0; i < t.parts.size(); ++i)
      parts[kInvestPartNames[i]] = json::object{
          {"value", t.parts[i]}, {"weight", weights[i]}, {"contribution", weights[i] * t.parts[i]}};
    json::array reasons;
    for (const Message& m : p.reasons) reasons.push_back(MessageJson(m));
    items.push_back(
        json::object{{"place", place.code},
                     {"place_name", place.name},
                     {"place_name_zh", place.name_zh},
                     {"province", ToString(place.province)},
                     {"own", p.own},
                     {"score", t.score},
                     {"parts", std::move(parts)},
                     {"focus", t.focus},
                     {"capacity_units", t.capacity_units},
                     {"moved_units", t.moved_units},
                     {"moved_value_yuan", t.moved_value_yuan},
                     {"buyers_served", t.buyers_served},
                     {"gain", json::object{{"local_share_pp", t.local_share_gain_pp},
                                           {"local_share_all_tiers_pp", t.local_share_all_tiers_gain_pp},
                                           {"single_sourced_drop_yuan", t.single_sourced_drop_yuan}}},
                     {"reasons", std::move(reasons)}});
  }
  json::object o{{"lead", r.lead.id}, {"radius_km", r.query.radius_km}, {"items", std::move(items)}};
  o["components"] = ComponentList(net, r.lead.components);
  return o;
}

json::object PromotionKpisJson(const Network& net, const KpiQuery& q, const KpiReport& r) {
  const auto row_json = [&](const KpiRow& k) {
    const auto rate = [](const std::optional<double>& x) {
      return x ? json::value(*x) : json::value(nullptr);
    };
    json::object o{{"key", k.key}};
    switch (q.by) {
      case KpiGrouping::kPlace: {
        const PlaceId p = net.FindPlace(k.key);
        o["label"] = p.valid() ? net.place(p).name : k.key;
        o["label_zh"] = p.valid() ? net.place(p).name_zh : k.key;
        break;
      }
      case KpiGrouping::kStage: {
        const std::optional<LeadStage> s = ParseLeadStage(k.key);
        o["label"] = k.key;
        o["label_zh"] = s ? std::string(ChineseName(*s)) : k.key;
        break;
      }
      case KpiGrouping::kAssembly: {
        const Assembly* a = FindAssembly(k.key);
        o["label"] = a ? std::string(a->name) : k.key;
        o["label_zh"] = a ? std::string(a->name_zh) : k.key;
        break;
      }
      case KpiGrouping::kMonth:
        o["label"] = k.key;
        o["label_zh"] = k.key;
        break;
    }
    if (k.key == "total") {
      o["label"] = "Total";
      o["label_zh"] = "合计";
    }
    o["leads"] = k.leads;
    o["signed"] = k.signed_projects;
    o["contract_value_yuan"] = k.contract_value_yuan;
    o["funds_secured_yuan"] = k.funds_secured_yuan;
    o["registered_rate"] = rate(k.registered_rate);
    o["started_rate"] = rate(k.started_rate);
    o["funds_rate"] = rate(k.funds_rate);
    o["weighted_pipeline_yuan"] = k.weighted_pipeline_yuan;
    return o;
  };
  json::array items, pilots;
  for (const KpiRow& k : r.rows) items.push_back(row_json(k));
  for (const KpiRow& k : r.pilots) {
    json::object row = row_json(k);
    const bool west = k.key == "western_chongqing";
    row["label"] = west ? "8 western Chongqing districts" : "8 Sichuan cities";
    row["label_zh"] = west ? "重庆西部 8 区" : "四川 8 市";
    pilots.push_back(std::move(row));
  }
  return {{"by", ToString(q.by)},   {"pilots", std::move(pilots)}, {"from", TextOrNull(q.from)},
          {"to", TextOrNull(q.to)}, {"items", std::move(items)},   {"total", row_json(r.total)}};
}

json::object SignedLeadsGainJson(const SignedLeadsGain& g) {
  json::array shares;
  for (const PortfolioGain::Share& s : g.gain.local_share)
    shares.push_back(
        json::object{{"province", ToString(s.province)}, {"before", s.before}, {"after", s.after}});
  return {{"signed_leads", g.signed_leads},
          {"makers", g.gain.makers},
          {"skipped", g.gain.skipped},
          {"rounds", g.gain.rounds},
          {"moved_value_yuan", g.gain.moved_value_yuan},
          {"local_share", std::move(shares)},
          {"single_sourced_before_yuan", g.gain.single_sourced_before_yuan},
          {"single_sourced_after_yuan", g.gain.single_sourced_after_yuan}};
}

json::object PromotionSettingsJson(const PromotionSettings& s) {
  json::object probabilities;
  for (std::size_t i = 0; i < kLeadStageCount; ++i)
    probabilities[ToString(kLeadStages[i])] = s.stage_probability[i];
  return {{"protection_threshold_yuan", s.protection_threshold_yuan},
          {"stage_probability", std::move(probabilities)}};
}

}  // namespace chainscope
