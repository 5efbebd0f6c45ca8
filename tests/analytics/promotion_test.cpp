// Joint investment promotion's engines: clash detection on hand-made pairs, the KPIs on a small registry
// checked by hand, and the recommendation against the investment-target ranking it restricts.
#include <gtest/gtest.h>

#include <set>

#include "analytics/promotion.h"
#include "core/places.h"
#include "dataset/generator.h"
#include "dataset/promotion_demo.h"
#include "io/dataset_io.h"
#include "test_util.h"

namespace chainscope {
namespace {

const Network& Calibrated() {
  static const auto net = Network::Build(GenerateDataset({}));
  return *net;
}

Lead NewLead(std::string id, std::string place, std::vector<std::string> components) {
  Lead l;
  l.id = std::move(id);
  l.place = std::move(place);
  l.components = std::move(components);
  l.reported_on = "2023-01-01";
  return l;
}

TEST(Promotion, ClashesNeedTheSameInvestorAComponentInCommonAndAnotherPlace) {
  const Network& net = Calibrated();
  const ClashDetector detector(net);
  Lead zh = NewLead("LD1", "500116", {"BAT-PACK"});
  zh.investor_name_zh = "宁德时代新能源科技股份有限公司";
  Lead en = NewLead("LD2", "511500", {"BAT-CELL", "BAT-PACK"});
  en.investor_name_en = "Contemporary Amperex Technology Co., Limited";
  const auto why = detector.SameInvestor(zh, en);
  ASSERT_TRUE(why);
  EXPECT_EQ(why->code, "promotion.similar_names");
  EXPECT_EQ(detector.Clashes(en, std::vector<Lead>{zh}), std::vector<std::string>{"LD1"});
  // Not when the place is the same, no component is shared, or the other lead is closed.
  Lead same_place = en;
  same_place.place = "500116";
  EXPECT_TRUE(detector.Clashes(same_place, std::vector<Lead>{zh}).empty());
  Lead other_component = en;
  other_component.components = {"CHS-EPS"};
  EXPECT_TRUE(detector.Clashes(other_component, std::vector<Lead>{zh}).empty());
  Lead lost = zh;
  lost.stage = LeadStage::kLost;
  EXPECT_TRUE(detector.Clashes(en, std::vector<Lead>{lost}).empty());

  // Numbered names of two companies stay apart; the same credit code or enterprise joins anything.
  Lead a = NewLead("LD3", "500116", {"CHS-EPS"}), b = NewLead("LD4", "510300", {"CHS-EPS"});
  a.investor_name_zh = "示范投资方001汽车零部件有限公司";
  b.investor_name_zh = "示范投资方002汽车零部件有限公司";
  EXPECT_FALSE(detector.SameInvestor(a, b));
  b.investor_uscc = a.investor_uscc = "91350100M000100Y43";
  EXPECT_EQ(detector.SameInvestor(a, b)->code, "promotion.same_uscc");
  // Two enterprises of the chain are two investors, however alike their names; one is one.
  const std::string e0 = net.enterprise(EnterpriseId(0)).id, e1 = net.enterprise(EnterpriseId(1)).id;
  Lead x = NewLead("LD5", "500116", {"CHS-EPS"}), y = NewLead("LD6", "510300", {"CHS-EPS"});
  x.investor = y.investor = e0;
  EXPECT_EQ(detector.SameInvestor(x, y)->code, "promotion.same_enterprise");
  y.investor = e1;
  y.investor_name_zh = x.investor_name_zh = "同名公司";
  EXPECT_FALSE(detector.SameInvestor(x, y));
}

TEST(Promotion, KpisOfASmallRegistryCheckedByHand) {
  const Network& net = *Network::Build(ReadDataset(testing::MiniDataset()));
  const auto lead = [](std::string id, std::string place, std::string reported, LeadStage stage,
                       double investment) {
    Lead l = NewLead(std::move(id), std::move(place), {"BAT-PACK"});
    l.reported_on = std::move(reported);
    l.stage = stage;
    l.investment_yuan = investment;
    return l;
  };
  Lead l1 = lead("L1", "500116", "2023-01-10", LeadStage::kConstruction, 80);
  l1.signed_on = "2023-02-01";
  l1.contract_value_yuan = 100;
  Lead l2 = lead("L2", "510100", "2023-02-05", LeadStage::kNegotiating, 50);
  Lead l3 = lead("L3", "500116", "2023-01-20", LeadStage::kRegistered, 150);
  l3.signed_on = "2023-03-15";
  l3.contract_value_yuan = 200;
  l3.shares = {{"500116", 0.5}, {"510100", 0.5}};
  Lead l4 = lead("L4", "510100", "2023-01-25", LeadStage::kNegotiating, 150);
  l4.joined_into = "L3";
  Lead l5 = lead("L5", "510100", "2023-05-01", LeadStage::kLost, 30);
  const std::vector<Lead> leads{l1, l2, l3, l4, l5};
  const auto funds = [](std::string lead, std::string date, double amount) {
    LeadEvent e;
    e.lead = std::move(lead);
    e.kind = "funds";
    e.date = std::move(date);
    e.amount_yuan = amount;
    return e;
  };
  const std::vector<LeadEvent> events{funds("L1", "2023-03-01", 20), funds("L1", "2023-08-01", 10),
                                      funds("L3", "2023-04-01", 40), funds("L4", "2023-04-01", 999)};
  KpiQuery q;
  q.from = "2023-01-01";
  q.to = "2023-06-30";
  const KpiReport by_place = ComputeKpis(net, leads, events, PromotionSettings{}, q);
  ASSERT_EQ(by_place.rows.size(), 2u);
  const KpiRow& a = by_place.rows[0];  // 500116
  const KpiRow& b = by_place.rows[1];  // 510100
  EXPECT_EQ(a.key, "500116");
  EXPECT_DOUBLE_EQ(a.leads, 1.5);
  EXPECT_DOUBLE_EQ(a.signed_projects, 1.5);
  EXPECT_DOUBLE_EQ(a.contract_value_yuan, 200);
  EXPECT_DOUBLE_EQ(a.funds_secured_yuan, 40);  // 20 of L1 (August is out) + half of L3's 40
  EXPECT_DOUBLE_EQ(*a.registered_rate, 1);
  EXPECT_DOUBLE_EQ(*a.started_rate, 1 / 1.5);
  EXPECT_DOUBLE_EQ(*a.funds_rate, 0.2);
  EXPECT_DOUBLE_EQ(a.weighted_pipeline_yuan, 0.95 * 100 + 0.5 * 0.9 * 200);
  EXPECT_EQ(b.key, "510100");
  EXPECT_DOUBLE_EQ(b.leads, 2.5);  // L2, half of L3, L5 (L4 counts in L3)
  EXPECT_DOUBLE_EQ(b.signed_projects, 0.5);
  EXPECT_DOUBLE_EQ(b.contract_value_yuan, 100);
  EXPECT_DOUBLE_EQ(b.funds_secured_yuan, 20);
  EXPECT_DOUBLE_EQ(*b.registered_rate, 1);
  EXPECT_DOUBLE_EQ(*b.started_rate, 0);
  EXPECT_DOUBLE_EQ(b.weighted_pipeline_yuan, 0.3 * 50 + 90);
  EXPECT_DOUBLE_EQ(by_place.total.leads, 4);
  EXPECT_DOUBLE_EQ(by_place.total.contract_value_yuan, 300);
  EXPECT_DOUBLE_EQ(by_place.total.funds_secured_yuan, 60);
  EXPECT_DOUBLE_EQ(*by_place.total.started_rate, 0.5);
  EXPECT_DOUBLE_EQ(by_place.total.weighted_pipeline_yuan, 290);
  // The pilot halves: Jiangjin is a western district, Chengdu in neither half.
  ASSERT_EQ(by_place.pilots.size(), 2u);
  EXPECT_EQ(by_place.pilots[1].key, "western_chongqing");
  EXPECT_DOUBLE_EQ(by_place.pilots[1].contract_value_yuan, a.contract_value_yuan);
  EXPECT_DOUBLE_EQ(by_place.pilots[1].leads, a.leads);
  EXPECT_DOUBLE_EQ(by_place.pilots[0].leads, 0);  // sichuan

  q.by = KpiGrouping::kMonth;
  std::map<std::string, KpiRow> months;
  for (const KpiRow& r : ComputeKpis(net, leads, events, PromotionSettings{}, q).rows) months[r.key] = r;
  EXPECT_EQ(months.size(), 5u);
  EXPECT_DOUBLE_EQ(months["2023-01"].leads, 2);  // L1 and L3 (both halves)
  EXPECT_DOUBLE_EQ(months["2023-01"].weighted_pipeline_yuan, 95 + 180);
  EXPECT_DOUBLE_EQ(months["2023-02"].contract_value_yuan, 100);
  EXPECT_DOUBLE_EQ(months["2023-03"].contract_value_yuan, 200);
  EXPECT_DOUBLE_EQ(months["2023-03"].funds_secured_yuan, 20);
  EXPECT_DOUBLE_EQ(months["2023-04"].funds_secured_yuan, 40);
  EXPECT_FALSE(months["2023-04"].funds_rate);  // nothing signed that month
  EXPECT_DOUBLE_EQ(months["2023-05"].leads, 1);

  q.by = KpiGrouping::kStage;
  std::set<std::string> stages;
  for (const KpiRow& r : ComputeKpis(net, leads, events, PromotionSettings{}, q).rows) stages.insert(r.key);
  EXPECT_EQ(stages, (std::set<std::string>{"construction", "lost", "negotiating", "registered"}));
  // The probabilities are the pilot's: a different setting weighs the pipeline differently.
  PromotionSettings sure;
  sure.stage_probability.fill(1);
  q.by = KpiGrouping::kPlace;
  EXPECT_DOUBLE_EQ(ComputeKpis(net, leads, events, sure, q).total.weighted_pipeline_yuan,
                   100 + 50 + 200 + 30);
}

TEST(Promotion, TheRecommendationIsTheInvestmentRankingOfThePilotPlaces) {
  const Network& net = Calibrated();
  std::set<std::string_view> pilot(WesternChongqingPilotDistricts().begin(),
                                   WesternChongqingPilotDistricts().end());
  pilot.insert(SichuanPilotCities().begin(), SichuanPilotCities().end());
  for (const char* component : {"EDS-MOT", "CHS-EPS", "CKP-DCU", "BAT-PACK"})
    for (std::int64_t capacity : {0, 50000}) {
      SCOPED_TRACE(std::string(component) + " " + std::to_string(capacity));
      Lead lead = NewLead("LD1", "500116", {component});
      lead.annual_capacity = capacity;
      const std::vector<PlaceRecommendation> got = RecommendPilotPlaces(net, lead);
      InvestQuery q;
      q.component = net.FindComponent(component);
      if (capacity > 0) q.capacity_units = capacity;
      q.per_component = 0;
      q.top = net.place_count();
      std::vector<InvestTarget> expected;
      for (const InvestTarget& t : RankInvestTargets(net, q))
        if (pilot.contains(net.place(t.place).code)) expected.push_back(t);
      ASSERT_EQ(got.size(), expected.size());
      EXPECT_EQ(got.size(), 16u);  // every pilot place is ranked
      for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].target.place, expected[i].place);
        EXPECT_DOUBLE_EQ(got[i].target.score, expected[i].score);
        EXPECT_DOUBLE_EQ(got[i].target.local_share_gain_pp, expected[i].local_share_gain_pp);
        EXPECT_EQ(got[i].own, net.place(got[i].target.place).code == "500116");
        EXPECT_FALSE(got[i].reasons.empty());
      }
    }
}

TEST(Promotion, ThePortfolioWhatIfEqualsTheMakersAppliedOneByOne) {
  const Network& net = Calibrated();
  // Three projects: two of one component (planned in two rounds), one of another (planned beside the first).
  std::vector<Lead> leads{NewLead("LD1", "500116", {"EDS-MOT"}), NewLead("LD2", "510300", {"CHS-EPS"}),
                          NewLead("LD3", "500118", {"EDS-MOT"})};
  leads[0].annual_capacity = 60000;
  leads[2].annual_capacity = 40000;
  const PortfolioGain all = RunPortfolioWhatIf(net, leads);
  EXPECT_EQ(all.makers, 3u);
  EXPECT_EQ(all.rounds, 2u);
  // The same makers applied one at a time, each a full what-if on the chain the ones before left.
  std::shared_ptr<const Network> step = Network::Build(Dataset(net.data()));
  double moved = 0;
  for (const Lead& l : leads) {
    WhatIfSupplier s;
    s.component = l.components.front();
    s.place = l.place;
    if (l.annual_capacity > 0) s.capacity_units = l.annual_capacity;
    s.id = "LEAD-" + l.id;
    const WhatIfResult r = RunWhatIf(*step, s);
    moved += r.plan.value_yuan;
    step = Network::Build(ApplyWhatIf(*step, r.supplier, r.plan));
  }
  EXPECT_NEAR(all.moved_value_yuan, moved, 1e-6 * moved);
  for (const PortfolioGain::Share& share : all.local_share) {
    EXPECT_NEAR(share.after, MeasureForWhatIf(*step, ComponentId(0), share.province).local_share_value,
                1e-12);
    EXPECT_NEAR(share.before, MeasureForWhatIf(net, ComponentId(0), share.province).local_share_value, 1e-12);
  }
  EXPECT_GT(all.local_share[0].after, all.local_share[0].before);  // Chongqing gains from LD1 and LD3
  // Nothing to build: nothing changes.
  const PortfolioGain none = RunPortfolioWhatIf(net, {});
  EXPECT_EQ(none.local_share[0].after, none.local_share[0].before);
}

TEST(Promotion, TheDemonstrationRegistryIsCalibratedToThePilotsH1Figures) {
  const Network& net = Calibrated();
  const PromotionDemo demo = MakePromotionDemo(net);
  EXPECT_GE(demo.leads.size(), 190u);
  EXPECT_LE(demo.leads.size(), 220u);
  EXPECT_EQ(demo.policies.size(), 16u * 4);
  std::vector<Lead> leads;
  std::vector<LeadEvent> events;
  for (const DemoLead& d : demo.leads) {
    leads.push_back(d.lead);
    EXPECT_EQ(d.lead.id, RecordIdOf(kLeadIdPrefix, leads.size()));
    for (LeadEvent e : d.events) {
      e.lead = d.lead.id;
      events.push_back(e);
    }
  }
  KpiQuery h1;
  h1.from = std::string(kPilotH1From);
  h1.to = std::string(kPilotH1To);
  const KpiReport report = ComputeKpis(net, leads, events, PromotionSettings{}, h1);
  double contracts = 0, funds = 0;
  const std::set<std::string_view> west(WesternChongqingPilotDistricts().begin(),
                                        WesternChongqingPilotDistricts().end());
  for (const KpiRow& r : report.rows)
    if (west.contains(r.key)) {
      contracts += r.contract_value_yuan;
      funds += r.funds_secured_yuan;
    }
  EXPECT_EQ(contracts, kPilotH1ContractValueYuan);  // exactly: every figure is a whole number of yuan
  EXPECT_EQ(funds, kPilotH1FundsYuan);
  // The same, as the report's western half (whatever the grouping).
  h1.by = KpiGrouping::kMonth;
  const KpiRow western = ComputeKpis(net, leads, events, PromotionSettings{}, h1).pilots.at(1);
  EXPECT_EQ(western.key, "western_chongqing");
  EXPECT_EQ(western.contract_value_yuan, kPilotH1ContractValueYuan);
  EXPECT_EQ(western.funds_secured_yuan, kPilotH1FundsYuan);
  // Deterministic.
  EXPECT_EQ(MakePromotionDemo(net).leads.back().lead.contract_value_yuan,
            demo.leads.back().lead.contract_value_yuan);
  // Clashes of each kind among the leads, and nothing else clashes.
  const ClashDetector detector(net);
  std::set<std::string> kinds;
  std::size_t pairs = 0;
  for (std::size_t i = 0; i < leads.size(); ++i)
    for (const std::string& id : detector.Clashes(leads[i], std::span(leads).first(i))) {
      ++pairs;
      const auto it = std::find_if(leads.begin(), leads.end(), [&](const Lead& l) { return l.id == id; });
      kinds.insert(detector.SameInvestor(leads[i], *it)->code);
    }
  EXPECT_EQ(pairs, 3u);
  EXPECT_EQ(kinds, (std::set<std::string>{"promotion.same_enterprise", "promotion.same_uscc",
                                          "promotion.similar_names"}));
}

}  // namespace
}  // namespace chainscope
