// Ranking and exclusion on a hand-built market (match_fixture.h), with every score computed by hand.
#include <gtest/gtest.h>

#include <limits>

#include "match/matcher.h"
#include "match_fixture.h"

namespace chainscope {
namespace {

class MatcherTest : public ::testing::Test {
 protected:
  MatcherTest()
      : net_(Network::Build(testing::SteeringMarket())),
        book_(*net_, RecordTable<Offer>(net_->data().offers)),
        matcher_(*net_, book_) {}
  DemandSpec Spec(Demand d = testing::SteeringDemand()) const { return DemandSpecOf(*net_, d); }
  std::vector<std::string> Why(const std::string& supplier, Demand d = testing::SteeringDemand()) const {
    return TextsOf(matcher_.Explain(Spec(d), net_->FindEnterprise(supplier)).exclusions);
  }
  std::vector<std::string> Codes(const std::string& supplier, Demand d = testing::SteeringDemand()) const {
    std::vector<std::string> out;
    for (const Message& m : matcher_.Explain(Spec(d), net_->FindEnterprise(supplier)).exclusions)
      out.push_back(m.code);
    return out;
  }
  std::shared_ptr<const Network> net_;
  SupplyBook book_;
  Matcher matcher_;
};

TEST_F(MatcherTest, EveryExclusionReason) {
  EXPECT_EQ(Why("nocert"), (std::vector<std::string>{"lacks the required certification 'IATF 16949'"}));
  EXPECT_EQ(Why("far"),
            (std::vector<std::string>{"its distance is not known (Abroad has no coordinates), so it "
                                      "cannot meet the demand's 500 km limit"}));
  EXPECT_EQ(Why("full"),
            (std::vector<std::string>{"has no free capacity for Electric power steering (CHS-EPS)"}));
  EXPECT_EQ(
      Why("expired"),
      (std::vector<std::string>{"its offers end on 2026-06-30, before the demand starts on 2027-01-01"}));
  EXPECT_EQ(Why("nomaker"), (std::vector<std::string>{"does not make Electric power steering (CHS-EPS)"}));
  Demand self = testing::SteeringDemand();
  self.buyer = "near";
  EXPECT_EQ(Why("near", self), (std::vector<std::string>{"is the buyer itself"}));
  // Each reason is also a stable code with parameters, for front ends that speak another language.
  using Codes_ = std::vector<std::string>;
  EXPECT_EQ(Codes("nocert"), Codes_{"match.lacks_certification"});
  EXPECT_EQ(Codes("far"), Codes_{"match.distance_unknown"});
  EXPECT_EQ(Codes("full"), Codes_{"match.no_free_capacity"});
  EXPECT_EQ(Codes("expired"), Codes_{"match.offers_end"});
  EXPECT_EQ(Codes("nomaker"), Codes_{"match.does_not_make"});
  EXPECT_EQ(Codes("near", self), Codes_{"match.buyer_itself"});
  const Message far = matcher_.Explain(Spec(), net_->FindEnterprise("far")).exclusions.at(0);
  EXPECT_EQ(
      far.params,
      (std::vector<std::pair<std::string, std::string>>{
          {"place", "ABROAD"}, {"place_name", "Abroad"}, {"place_name_zh", "境外"}, {"limit_km", "500"}}));
  // Without the distance limit and the certification, the far and uncertified makers become eligible.
  Demand open = testing::SteeringDemand();
  open.max_distance_km.reset();
  open.required_certs.clear();
  EXPECT_TRUE(Why("far", open).empty());
  EXPECT_TRUE(Why("nocert", open).empty());
  // An offer valid through the start date counts.
  Demand early = testing::SteeringDemand();
  early.start_date = "2026-03-01";
  EXPECT_TRUE(Why("expired", early).empty());
}

TEST(MatcherDistance, AnUnknownDistanceNeverPassesALimit) {
  // Two enterprises elsewhere in China are not near each other: their distance is unknown (it used to be
  // taken as the 20 km of one place, so an out-of-region buyer's 600 km limit let in any out-of-region
  // maker).
  Dataset d = testing::SteeringMarket();
  d.enterprises.push_back(testing::Maker("outbuyer", "CN-OTHER", {}, Role::kOem));
  d.enterprises.push_back(testing::Maker("outmaker", "CN-OTHER", {"IATF 16949"}));
  d.capabilities.push_back({"outmaker", "CHS-EPS", 8000, 0, 2100, 5, 0.9, 5});
  const auto net = Network::Build(std::move(d));
  const SupplyBook book(*net, RecordTable<Offer>(net->data().offers));
  const Matcher matcher(*net, book);
  Demand out = testing::SteeringDemand();
  out.buyer = "outbuyer";
  out.max_distance_km = 600;
  const auto why = [&](const std::string& supplier, const Demand& demand) {
    return TextsOf(matcher.Explain(DemandSpecOf(*net, demand), net->FindEnterprise(supplier)).exclusions);
  };
  const std::string unknown_out =
      "its distance is not known (Elsewhere in China has no coordinates), so it "
      "cannot meet the demand's 600 km limit";
  EXPECT_EQ(why("outmaker", out), std::vector<std::string>{unknown_out});
  EXPECT_EQ(why("near", out), std::vector<std::string>{unknown_out});  // the buyer's place is the unknown one
  // Without a limit, distance does not exclude them (the nominal 1,500 km only prices the logistics).
  out.max_distance_km.reset();
  EXPECT_TRUE(why("outmaker", out).empty());
  // An in-region buyer's limit still admits a maker by its real distance (Chengdu: 260 km), and refuses one
  // elsewhere in China.
  EXPECT_TRUE(why("chengdu", testing::SteeringDemand()).empty());
  Demand far_enough = testing::SteeringDemand();
  far_enough.max_distance_km = 300;
  EXPECT_TRUE(why("near", far_enough).empty());
  EXPECT_EQ(
      why("outmaker", far_enough),
      (std::vector<std::string>{"its distance is not known (Elsewhere in China has no coordinates), so it "
                                "cannot meet the demand's 300 km limit"}));
}

TEST_F(MatcherTest, ScoresComputedByHand) {
  const MatchResult r = matcher_.TopK(Spec(), 10);
  EXPECT_EQ(r.makers, 6u);  // near, chengdu, nocert, far, full, expired
  ASSERT_EQ(r.eligible, 2u);
  ASSERT_EQ(r.candidates.size(), 2u);
  // Landed costs: near is in the buyer's district (20 km minimum haul), chengdu 260 km away.
  const double near_landed = 2400 + 2400 * 0.02 * 20 / 1000;  // 2400.96
  const double km = GreatCircleKm(29.283387, 106.253156, 30.659462, 104.065735);
  const double chengdu_landed = 2300 + 2300 * 0.02 * km / 1000;
  // near: fit 1 (sells it, IATF), capacity 6,000/10,000, price cheapest/own, distance 1, quality 0.9,
  // local 1, concentration 4,000/5,000, correlated 1,000/5,000 (full is also in Jiangjin).
  const double near = 0.15 * 1 + 0.15 * 0.6 + 0.25 * (chengdu_landed / near_landed) + 0.10 * 1 + 0.15 * 0.9 +
                      0.10 * 1 - 0.10 * 0.8 - 0.05 * 0.2;
  // chengdu: fit 0.4 (IATF only), capacity 1, price 1, distance 1 − km/1000, quality 0.8, local 0.5
  // (regional).
  const double chengdu = 0.15 * 0.4 + 0.15 * 1 + 0.25 * 1 + 0.10 * (1 - km / 1000) + 0.15 * 0.8 + 0.10 * 0.5;
  EXPECT_EQ(net_->enterprise(r.candidates[0].supplier).id, "near");
  EXPECT_NEAR(r.candidates[0].score, near, 1e-12);
  EXPECT_NEAR(r.candidates[0].landed_cost_yuan, near_landed, 1e-9);
  EXPECT_EQ(net_->enterprise(r.candidates[1].supplier).id, "chengdu");
  EXPECT_NEAR(r.candidates[1].score, chengdu, 1e-12);
  EXPECT_NEAR(r.candidates[1].distance.km, km, 1e-9);
  // The parts add up to the score and are reported by name.
  double sum = 0;
  for (const ScorePart& p : r.candidates[0].parts) sum += p.contribution;
  EXPECT_NEAR(sum, r.candidates[0].score, 1e-12);
  EXPECT_EQ(r.candidates[0].parts[6].name, "concentration");
  EXPECT_DOUBLE_EQ(r.candidates[0].parts[6].value, 0.8);
}

TEST_F(MatcherTest, WeightsAndLocalPreferenceChangeTheOrder) {
  MatchWeights price_first;
  price_first.Set("price", 1.0);
  const MatchResult r = matcher_.TopK(Spec(), 10, price_first);
  EXPECT_EQ(net_->enterprise(r.candidates[0].supplier).id, "chengdu");
  Demand local = testing::SteeringDemand();
  local.prefer_local = true;
  const MatchResult l = matcher_.TopK(Spec(local), 10, price_first);
  EXPECT_EQ(net_->enterprise(l.candidates[0].supplier).id, "near");  // the doubled local weight tips it back
  EXPECT_EQ(l.candidates[0].parts[5].weight, 0.2);
  EXPECT_EQ(matcher_.TopK(Spec(), 1).candidates.size(), 1u);
  const Explanation e = matcher_.Explain(Spec(), net_->FindEnterprise("chengdu"));
  EXPECT_TRUE(e.exclusions.empty());
  EXPECT_EQ(e.rank, 2u);
}

TEST_F(MatcherTest, BadWeightsAndDemandsAreErrors) {
  MatchWeights w;
  EXPECT_THROW(w.Set("colour", 1), InvalidInput);
  EXPECT_THROW(w.Set("price", -1), InvalidInput);
  EXPECT_THROW(w.Set("price", 1e308), InvalidInput);  // weights that would overflow the score
  EXPECT_THROW(w.Set("price", std::numeric_limits<double>::infinity()), InvalidInput);
  EXPECT_NO_THROW(w.Set("price", kMaxMatchWeight));
  DemandSpec bad = Spec();
  bad.quantity = 0;
  EXPECT_THROW(matcher_.TopK(bad, 5), InvalidInput);
  bad = Spec();
  bad.max_share = 0;
  EXPECT_THROW(matcher_.TopK(bad, 5), InvalidInput);
}

}  // namespace
}  // namespace chainscope
