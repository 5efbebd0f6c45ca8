#include "dataset/promotion_demo.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/places.h"
#include "core/uscc.h"
#include "dataset/rng.h"

namespace chainscope {
namespace {

constexpr std::uint64_t kSeed = 20230630;
constexpr int kLeadsPerPlace = 12;

/// A valid-looking credit code (its check character right) for the n-th synthetic investor.
std::string DemoUscc(int n) {
  const std::string first17 = fmt::format("91500000MA{:07}", 6000000 + n);
  return first17 + *UsccCheckCharacter(first17);
}

/// A date `days` after 2022-07-01 (days < 550).
std::string DateAfterStart(int days) {
  static constexpr int kMonthDays[] = {31, 31, 30, 31, 30, 31, 31, 28, 31, 30,
                                       31, 30, 31, 31, 31, 30, 31, 30, 31};  // 2022-07 … 2024-01
  int year = 2022, month = 7, d = days;
  for (int i = 0; d >= kMonthDays[i]; ++i) {
    d -= kMonthDays[i];
    if (++month == 13) {
      month = 1;
      ++year;
    }
  }
  return fmt::format("{:04}-{:02}-{:02}", year, month, d + 1);
}
// Day offsets from 2022-07-01: 2023-01-01 is day 184, 2023-06-30 day 364, 2023-12-31 day 548.
constexpr int kH1First = 184, kH1Last = 364, kYearEnd = 548;

std::string Synthetic(std::string_view text) {
  return fmt::format("{} (synthetic demonstration data)", text);
}

/// Scales `values` (yuan) by one factor so that Σ weight × value is exactly `target`, each value rounded
/// to 10,000 yuan (万) and the rounding left on the largest value of weight 1.
void Calibrate(std::vector<std::pair<double*, double>> values, double target) {
  double raw = 0;
  for (const auto& [v, w] : values) raw += w * *v;
  if (values.empty() || raw <= 0) return;
  double sum = 0;
  for (auto& [v, w] : values) {
    *v = std::max(1.0, std::round(*v * target / raw / 1e4)) * 1e4;
    sum += w * *v;
  }
  double* largest = nullptr;
  for (const auto& [v, w] : values)
    if (w == 1 && (!largest || *v > *largest)) largest = v;
  *largest += target - sum;
}

}  // namespace

PromotionDemo MakePromotionDemo(const Network& net) {
  PromotionDemo demo;
  Rng rng(kSeed);
  const std::vector<std::string_view> western(WesternChongqingPilotDistricts().begin(),
                                              WesternChongqingPilotDistricts().end());
  const std::vector<std::string_view> sichuan(SichuanPilotCities().begin(), SichuanPilotCities().end());
  std::vector<std::string_view> pilot = western;
  pilot.insert(pilot.end(), sichuan.begin(), sichuan.end());

  // ---- policies: four incentives per pilot place ----
  for (std::string_view code : pilot) {
    const PlaceId p = net.FindPlace(code);
    if (!p.valid()) continue;
    const Place& place = net.place(p);
    const struct {
      const char* kind;
      std::string title_zh, title_en, text_zh, text_en;
    } items[] = {
        {"land", place.name_zh + "汽车零部件项目用地保障",
         Synthetic(place.name + " land for auto-parts projects"),
         "重点零部件项目优先供地，工业用地可按出让底价的70%起挂牌，标准厂房前三年租金减半（示范数据）。",
         Synthetic("Priority land for key component projects; industrial land listed from 70% of the floor "
                   "price; half rent on standard plants for three years")},
        {"tax", place.name_zh + "新落户企业地方留成奖励",
         Synthetic(place.name + " rebate of local tax share"),
         "新落户零部件企业前三年按地方留成部分的50%给予奖励（示范数据）。",
         Synthetic("New component makers receive 50% of the local share of their taxes for three years")},
        {"subsidy", place.name_zh + "设备投资补助", Synthetic(place.name + " equipment investment subsidy"),
         "生产性设备投资额超过5000万元的，按设备投资额的8%给予补助，最高2000万元（示范数据）。",
         Synthetic("8% of productive equipment investment above 50 million yuan, at most 20 million yuan")},
        {"talent", place.name_zh + "产业人才安居支持", Synthetic(place.name + " housing for industry talent"),
         "引进的高级技术人才可申请人才公寓及每月最高5000元的安家补贴（示范数据）。",
         Synthetic("Senior engineers recruited may apply for talent flats and up to 5,000 yuan a month")},
    };
    for (const auto& item : items) {
      IncentivePolicy policy;
      policy.place = std::string(code);
      policy.kind = item.kind;
      policy.title_zh = item.title_zh + "（示范）";
      policy.title_en = item.title_en;
      policy.text_zh = item.text_zh;
      policy.text_en = item.text_en;
      policy.valid_from = "2023-01-01";
      policy.valid_until = "2027-12-31";
      // The texts' figures as terms, for site selection's fixed cost.
      if (policy.kind == "land") policy.land_discount = 0.3;
      if (policy.kind == "subsidy") {
        policy.subsidy_rate = 0.08;
        policy.subsidy_cap_yuan = 2e7;
        policy.subsidy_min_investment_yuan = 5e7;
      }
      demo.policies.push_back(std::move(policy));
    }
  }

  // ---- leads ----
  // Investors of the chain: its parts makers, in id order, each used once (deliberate clashes aside).
  std::vector<EnterpriseId> makers;
  for (std::uint32_t e = 0; e < net.enterprise_count(); ++e) {
    const Enterprise& ent = net.enterprise(EnterpriseId(e));
    // Synthetic makers only: a real company's names could pair with a deliberate clash's names below.
    if ((ent.role == Role::kTier1 || ent.role == Role::kTier2) && ent.synthetic)
      makers.push_back(EnterpriseId(e));
  }
  std::vector<std::string> all_components;
  for (std::uint32_t c = 0; c < net.component_count(); ++c)
    all_components.push_back(net.component(ComponentId(c)).code);
  std::set<std::uint32_t> used_makers;
  int synthetic_investors = 0;

  // Called once the lead is in the list: its position there is its number.
  const auto next_id = [&] { return RecordIdOf(kLeadIdPrefix, demo.leads.size()); };
  const auto new_investor = [&](Lead& l) {
    const int n = ++synthetic_investors;
    l.investor_name_zh = fmt::format("示范投资方{:03}汽车零部件有限公司", n);
    l.investor_name_en = fmt::format("Demo Investor {:03} Auto Parts Co., Ltd.", n);
    l.investor_uscc = DemoUscc(n);
  };
  const auto chain_investor = [&](Lead& l) {
    for (int tries = 0; tries < 1000 && !makers.empty(); ++tries) {
      const EnterpriseId e = makers[rng.Below(makers.size())];
      if (!used_makers.insert(e.value).second) continue;
      l.investor = net.enterprise(e).id;
      l.investor_name_zh = net.enterprise(e).name_zh;
      l.investor_name_en = net.enterprise(e).name;
      return;
    }
    new_investor(l);
  };
  const auto stage_event = [](LeadStage s, const std::string& date, double amount = 0) {
    LeadEvent e;
    e.kind = "stage";
    e.stage = std::string(ToString(s));
    e.date = date;
    e.amount_yuan = amount;
    e.actor = "demo";
    return e;
  };

  // Contract values and funds that the H1-2023 figures of the western districts are calibrated on.
  std::vector<std::pair<double*, double>> h1_contracts, h1_funds;
  // Events hold pointers into leads: reserve so that they never move.
  demo.leads.reserve(static_cast<std::size_t>(kLeadsPerPlace) * pilot.size() + 16);

  const auto add_lead = [&](std::string_view place, int slot) -> DemoLead& {
    DemoLead& d = demo.leads.emplace_back();
    Lead& l = d.lead;
    l.id = next_id();
    l.place = std::string(place);
    if (rng.Uniform() < 0.5)
      chain_investor(l);
    else
      new_investor(l);
    const PlaceId p = net.FindPlace(place);
    const std::vector<std::string>& focus = net.place(p).focus;
    std::string main = !focus.empty() && rng.Uniform() < 0.6
                           ? focus[rng.Below(focus.size())]
                           : all_components[rng.Below(all_components.size())];
    if (!net.FindComponent(main).valid()) main = all_components.front();
    l.components = {main};
    const ComponentId c = net.FindComponent(main);
    l.project = fmt::format("{}{}项目（示范）", net.place(p).name_zh, net.component(c).name_zh);
    l.investment_yuan = std::round(rng.Uniform(2e8, 8e9) / 1e6) * 1e6;
    l.annual_capacity = rng.Between(20, 400) * 1000;
    l.jobs = rng.Between(80, 1500);
    l.contact = fmt::format("招商二科 示范联系人 {:03}", slot);
    l.notes = "试点演示线索（合成数据）";
    // Slots 0–5 signed in H1 2023, 6 signed in H2 2022, 7 signed in H2 2023, 8–9 negotiating, 10 lead,
    // 11 on hold or lost.
    const int reported = slot <= 5   ? static_cast<int>(rng.Between(0, kH1First + 60))
                         : slot == 6 ? static_cast<int>(rng.Between(0, 90))
                                     : static_cast<int>(rng.Between(60, kH1Last + 60));
    l.reported_on = DateAfterStart(reported);
    d.events.push_back(stage_event(LeadStage::kLead, l.reported_on));
    if (slot <= 7) {
      const int signed_day =
          slot <= 5   ? static_cast<int>(rng.Between(std::max(reported + 10, kH1First), kH1Last))
          : slot == 6 ? static_cast<int>(rng.Between(reported + 20, kH1First - 1))
                      : static_cast<int>(rng.Between(std::max(reported + 10, kH1Last + 1), kYearEnd - 30));
      const int talks = static_cast<int>(rng.Between(reported + 1, std::max(reported + 1, signed_day - 1)));
      d.events.push_back(stage_event(LeadStage::kNegotiating, DateAfterStart(talks)));
      l.signed_on = DateAfterStart(signed_day);
      l.contract_value_yuan = std::round(l.investment_yuan * rng.Uniform(0.8, 1.2) / 1e4) * 1e4;
      d.events.push_back(stage_event(LeadStage::kSigned, l.signed_on, l.contract_value_yuan));
      l.stage = LeadStage::kSigned;
      l.stage_date = l.signed_on;
      // Later stages: registered for most, construction for many, production for a few.
      int day = signed_day;
      for (LeadStage next : {LeadStage::kRegistered, LeadStage::kConstruction, LeadStage::kProduction}) {
        if (rng.Uniform() > (next == LeadStage::kRegistered     ? 0.8
                             : next == LeadStage::kConstruction ? 0.6
                                                                : 0.3))
          break;
        day += static_cast<int>(rng.Between(10, 60));
        if (day > kYearEnd) break;
        l.stage = next;
        l.stage_date = DateAfterStart(day);
        d.events.push_back(stage_event(next, l.stage_date));
      }
      // Funds: one to three payments after signing.
      const int payments = static_cast<int>(rng.Between(1, 3));
      for (int i = 0; i < payments; ++i) {
        LeadEvent f;
        f.kind = "funds";
        f.actor = "demo";
        const int from = signed_day + 1;
        if (from > kYearEnd) break;
        const int h1_from = std::max(from, kH1First);
        const int pay_day = slot <= 6 && i == 0 && h1_from <= kH1Last
                                ? static_cast<int>(rng.Between(h1_from, kH1Last))
                                : static_cast<int>(rng.Between(from, kYearEnd));
        f.date = DateAfterStart(pay_day);
        f.amount_yuan = std::round(l.contract_value_yuan * rng.Uniform(0.05, 0.25) / 1e4) * 1e4;
        d.events.push_back(std::move(f));
      }
    } else if (slot <= 9) {
      l.stage = LeadStage::kNegotiating;
      l.stage_date = DateAfterStart(std::min(kYearEnd, reported + static_cast<int>(rng.Between(5, 90))));
      d.events.push_back(stage_event(l.stage, l.stage_date));
    } else if (slot == 10) {
      l.stage = LeadStage::kLead;
      l.stage_date = l.reported_on;
    } else {
      l.stage = rng.Uniform() < 0.5 ? LeadStage::kOnHold : LeadStage::kLost;
      l.stage_date = DateAfterStart(std::min(kYearEnd, reported + static_cast<int>(rng.Between(20, 120))));
      d.events.push_back(stage_event(l.stage, l.stage_date));
    }
    std::stable_sort(d.events.begin(), d.events.end(),
                     [](const LeadEvent& a, const LeadEvent& b) { return a.date < b.date; });
    return d;
  };

  for (std::string_view place : pilot)
    for (int slot = 0; slot < kLeadsPerPlace; ++slot) add_lead(place, slot);

  // ---- deliberate clashes and co-built projects ----
  // A plain clash: one chain enterprise courted by Bishan and Suining for one component, below the
  // protection threshold (both go on).
  const auto copy_investor = [](Lead& to, const Lead& from) {
    to.investor = from.investor;
    to.investor_name_zh = from.investor_name_zh;
    to.investor_name_en = from.investor_name_en;
    to.investor_uscc = from.investor_uscc;
  };
  const auto open_lead = [&](std::string_view place, const std::string& component, double investment,
                             LeadStage stage, int reported) -> DemoLead& {
    DemoLead& d = demo.leads.emplace_back();
    Lead& l = d.lead;
    l.id = next_id();
    l.place = std::string(place);
    l.components = {component};
    const PlaceId p = net.FindPlace(place);
    l.project = fmt::format("{}{}项目（示范）", net.place(p).name_zh,
                            net.component(net.FindComponent(component)).name_zh);
    l.investment_yuan = investment;
    l.annual_capacity = 100000;
    l.jobs = 300;
    l.contact = "招商一科 示范联系人";
    l.notes = "演示用的撞车线索（合成数据）";
    l.stage = stage;
    l.reported_on = DateAfterStart(reported);
    l.stage_date = l.reported_on;
    d.events.push_back(stage_event(LeadStage::kLead, l.reported_on));
    if (stage == LeadStage::kNegotiating)
      d.events.push_back(stage_event(stage, DateAfterStart(reported + 7)));
    return d;
  };
  const std::string battery = net.FindComponent("BAT-PACK").valid() ? "BAT-PACK" : all_components.front();
  const std::string drive = net.FindComponent("EDS-MOT").valid() ? "EDS-MOT" : all_components.back();
  {
    DemoLead& a = open_lead("500120", battery, 6e8, LeadStage::kNegotiating, 300);
    chain_investor(a.lead);
    const Lead first = a.lead;
    DemoLead& b = open_lead("510900", battery, 5e8, LeadStage::kLead, 320);
    copy_investor(b.lead, first);
  }
  // The same credit code, a protected project (3 bn yuan): Yongchuan reported it first; Luzhou's later
  // lead is contested and waits at negotiating.
  {
    DemoLead& a = open_lead("500118", drive, 3e9, LeadStage::kNegotiating, 330);
    new_investor(a.lead);
    const Lead first = a.lead;
    DemoLead& b = open_lead("510500", drive, 2.5e9, LeadStage::kNegotiating, 345);
    new_investor(b.lead);                        // another name …
    b.lead.investor_uscc = first.investor_uscc;  // … but the same company
  }
  // A Chinese and an English name of one company (宁德时代 / Contemporary Amperex Technology), protected:
  // Jiangjin first, Yibin contested.
  {
    DemoLead& a = open_lead("500116", battery, 1.2e10, LeadStage::kNegotiating, 350);
    a.lead.investor_name_zh = "宁德时代新能源科技股份有限公司";
    DemoLead& b = open_lead("511500", battery, 1e10, LeadStage::kLead, 360);
    b.lead.investor_name_en = "Contemporary Amperex Technology Co., Limited";
  }
  // Two co-built projects decided 50/50 (the Suining–Tongnan and Neijiang–Rongchang cooperation zones):
  // each kept by the Chongqing lead, the Sichuan lead joined into it. Signed in H1 2023.
  for (const auto& [cq, sc] : {std::pair<std::string_view, std::string_view>{"500152", "510900"},
                               std::pair<std::string_view, std::string_view>{"500153", "511000"}}) {
    DemoLead& keeper = open_lead(cq, drive, 4e9, LeadStage::kSigned, 200);
    new_investor(keeper.lead);
    keeper.lead.shares = {{std::string(cq), 0.5}, {std::string(sc), 0.5}};
    keeper.lead.signed_on = DateAfterStart(300);
    keeper.lead.stage_date = keeper.lead.signed_on;
    keeper.lead.contract_value_yuan = 4e9;
    keeper.events.push_back(stage_event(LeadStage::kSigned, keeper.lead.signed_on, 4e9));
    LeadEvent f;
    f.kind = "funds";
    f.actor = "demo";
    f.date = DateAfterStart(340);
    f.amount_yuan = 6e8;
    keeper.events.push_back(f);
    const Lead kept = keeper.lead;
    DemoLead& joined = open_lead(sc, drive, 4e9, LeadStage::kNegotiating, 210);
    copy_investor(joined.lead, kept);
    joined.lead.joined_into = kept.id;
    joined.lead.closed_reason =
        fmt::format(R"({{"code":"promotion.arbitration_joined","params":{{"keeper":"{}","place":"{}"}},)"
                    R"("message":"joined into the co-built project {} by the coordinators' decision"}})",
                    kept.id, kept.place, kept.id);
  }

  // ---- calibration of the western districts' H1 2023 figures ----
  const std::set<std::string_view> west(western.begin(), western.end());
  for (DemoLead& d : demo.leads) {
    Lead& l = d.lead;
    if (!l.joined_into.empty()) continue;
    double weight = 0;
    if (l.shares.empty()) weight = west.contains(l.place) ? 1 : 0;
    for (const LeadShare& s : l.shares)
      if (west.contains(s.place)) weight += s.share;
    if (weight == 0) continue;
    if (l.signed_on >= kPilotH1From && l.signed_on <= kPilotH1To)
      h1_contracts.emplace_back(&l.contract_value_yuan, weight);
    for (LeadEvent& e : d.events)
      if (e.kind == "funds" && e.date >= kPilotH1From && e.date <= kPilotH1To)
        h1_funds.emplace_back(&e.amount_yuan, weight);
  }
  Calibrate(h1_contracts, kPilotH1ContractValueYuan);
  Calibrate(h1_funds, kPilotH1FundsYuan);
  // The signing events and cumulative funds follow the calibrated figures.
  for (DemoLead& d : demo.leads) {
    d.lead.funds_secured_yuan = 0;
    for (LeadEvent& e : d.events) {
      if (e.kind == "stage" && e.stage == "signed") e.amount_yuan = d.lead.contract_value_yuan;
      if (e.kind == "funds") d.lead.funds_secured_yuan += e.amount_yuan;
    }
  }
  return demo;
}

}  // namespace chainscope
