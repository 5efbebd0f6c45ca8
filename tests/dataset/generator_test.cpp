// The calibrated dataset against every target of DESIGN §3, and its internal consistency.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "analytics/calibration.h"
#include "core/places.h"
#include "dataset/generator.h"
#include "io/dataset_io.h"
#include "io/validate.h"
#include "test_util.h"

namespace chainscope {
namespace {

class Calibrated : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { net_ = Network::Build(GenerateDataset({})); }
  static std::map<std::string, CalibrationFigure> Figures() {
    std::map<std::string, CalibrationFigure> out;
    for (auto& f : MeasureCalibration(*net_)) out[f.key] = f;
    return out;
  }
  static inline std::shared_ptr<const Network> net_;
};

TEST_F(Calibrated, EveryFigureMeetsItsTarget) {
  for (const auto& [key, f] : Figures())
    EXPECT_TRUE(f.ok()) << key << " = " << f.value << ", target " << f.target;
}

TEST_F(Calibrated, ExactCounts) {
  auto f = Figures();
  EXPECT_EQ(f["vehicle_makers"].value, 45);
  EXPECT_EQ(f["parts_makers_regional"].value, 1600);
  EXPECT_EQ(f["regional_output"].value, 3.2e6);
  EXPECT_EQ(f["assemblies"].value, 12);
  EXPECT_EQ(f["component_types"].value, 56);
  EXPECT_GE(f["changan_suppliers"].value, 270);
  EXPECT_GE(f["changan_sichuan_suppliers"].value, 30);
  EXPECT_LE(f["changan_sichuan_suppliers"].value, 60);
  EXPECT_EQ(f["changan_dealers"].value, 99);
  EXPECT_EQ(f["changan_sichuan_dealers"].value, 62);
  EXPECT_EQ(f["seres_sichuan_suppliers"].value, 37);
  EXPECT_GE(f["seres_sichuan_value"].value, 1.0e9);
  EXPECT_LE(f["seres_sichuan_value"].value, 1.3e9);
  EXPECT_EQ(f["parks"].value, 20);
  EXPECT_EQ(f["park_places"].value, 20);
  EXPECT_NEAR(f["local_share_ice_chongqing"].value, 0.70, 0.03);
  EXPECT_NEAR(f["local_share_nev_chongqing"].value, 0.30, 0.03);
}

// Recomputes the ICE local share by a different route: per line, each BOM requirement's value is sourced
// like the OEM's links for that component (shares by value), summed over Chongqing ICE lines.
TEST_F(Calibrated, LocalShareByAnIndependentRoute) {
  const Network& net = *net_;
  double local = 0, total = 0;
  for (std::uint32_t l = 0; l < net.line_count(); ++l) {
    const LineId line(l);
    if (net.line(line).powertrain != LinePowertrain::kIce) continue;
    const EnterpriseId oem = net.line_oem(line);
    if (net.province_of(oem) != Province::kChongqing) continue;
    for (const NetBomItem& b : net.bom(line)) {
      double value = 0, local_value = 0, units = 0;
      for (std::uint32_t li : net.links_by_buyer(oem)) {
        const NetLink& k = net.link(li);
        if (k.component != b.component) continue;
        value += k.value_yuan();
        units += static_cast<double>(k.annual_volume);
        if (net.province_of(k.supplier) == Province::kChongqing) local_value += k.value_yuan();
      }
      ASSERT_GT(units, 0) << net.line(line).id << " has no supplier for " << net.component(b.component).code;
      // This line's requirement, valued at the OEM's average price for the component.
      double oem_need = 0;
      for (std::uint32_t other : net.lines_of(oem))
        for (const NetBomItem& ob : net.bom(LineId(other)))
          if (ob.component == b.component)
            oem_need += static_cast<double>(net.line(LineId(other)).annual_volume) * ob.qty_per_vehicle;
      const double share = static_cast<double>(net.line(line).annual_volume) * b.qty_per_vehicle / oem_need;
      total += value * share;
      local += local_value * share;
    }
  }
  EXPECT_NEAR(local / total, 0.70, 0.005);
}

TEST_F(Calibrated, DatasetIsValidAndConsistent) {
  const Dataset& d = net_->data();
  std::vector<ImportIssue> issues;
  ValidateDataset(d, SourceMap{}, issues);
  EXPECT_TRUE(issues.empty()) << (issues.empty() ? "" : issues[0].ToString());
  // committed = what the supplier sells on links; capacity covers it.
  std::map<std::pair<std::string, std::string>, std::int64_t> sold;
  for (const SupplyLink& l : d.links) sold[{l.supplier, l.component}] += l.annual_volume;
  std::set<std::pair<std::string, std::string>> capable;
  for (const Capability& c : d.capabilities) {
    capable.insert({c.supplier, c.component});
    const auto it = sold.find({c.supplier, c.component});
    EXPECT_EQ(c.committed, it == sold.end() ? 0 : it->second) << c.supplier << " " << c.component;
    EXPECT_GE(c.annual_capacity, c.committed);
  }
  for (const auto& [key, volume] : sold)
    EXPECT_TRUE(capable.contains(key)) << key.first << " sells " << key.second;
  // Every BOM requirement is covered by links of its OEM, unit for unit.
  std::map<std::pair<std::string, std::string>, double> need;
  for (const BomItem& b : d.bom)
    for (const VehicleLine& v : d.vehicle_lines)
      if (v.id == b.vehicle_line)
        need[{v.oem, b.component}] += static_cast<double>(v.annual_volume) * b.qty_per_vehicle;
  std::map<std::pair<std::string, std::string>, double> bought;
  for (const SupplyLink& l : d.links) bought[{l.buyer, l.component}] += static_cast<double>(l.annual_volume);
  for (const auto& [key, units] : need)
    EXPECT_NEAR(bought[key], units, 1.0) << key.first << " " << key.second;
}

TEST_F(Calibrated, MultiTierAndNamedEnterprises) {
  const Network& net = *net_;
  std::map<Role, int> buyer_roles;
  for (const NetLink& l : net.links()) ++buyer_roles[net.enterprise(l.buyer).role];
  EXPECT_GT(buyer_roles[Role::kTier1], 500) << "tier-1 makers buy inputs from tier-2 and material makers";
  EXPECT_GT(buyer_roles[Role::kTier2], 50) << "cell makers buy cathodes, anodes, electrolyte";
  // Three tiers deep: OEM ← pack ← cell ← cathode.
  bool deep = false;
  for (const NetLink& l : net.links()) {
    if (net.component(l.component).code != "BAT-CATH") continue;
    for (std::uint32_t up : net.links_by_supplier(l.buyer))
      for (std::uint32_t top : net.links_by_supplier(net.link(up).buyer))
        deep |= net.enterprise(net.link(top).buyer).role == Role::kOem;
  }
  EXPECT_TRUE(deep);
  // Named enterprises at their real places.
  auto place_of = [&](const char* id) { return net.enterprise(net.FindEnterprise(id)).place; };
  EXPECT_EQ(place_of("jianan-yaan"), "511800");
  EXPECT_EQ(place_of("catl-yibin"), "511500");
  EXPECT_EQ(place_of("findreams-bishan"), "500120");
  EXPECT_EQ(place_of("faw-vw-chengdu"), "510100");
  EXPECT_EQ(place_of("cqu"), "500106");
  EXPECT_FALSE(net.enterprise(net.FindEnterprise("changan")).synthetic);
  // Jian'an (Ya'an, Sichuan) supplies Seres's NEV lines in Chongqing.
  bool jianan_to_seres = false;
  for (std::uint32_t li : net.links_by_supplier(net.FindEnterprise("jianan-yaan")))
    jianan_to_seres |= net.enterprise(net.link(li).buyer).id == "seres";
  EXPECT_TRUE(jianan_to_seres);
}

TEST_F(Calibrated, FuelCellMakersInTheRegionSitAtHydrogenBases) {
  const Network& net = *net_;
  const std::set<std::string_view> bases(HydrogenBases().begin(), HydrogenBases().end());
  int makers = 0;
  for (const NetCapability& c : net.capabilities()) {
    if (net.component(c.component).assembly != "FCH" || !IsRegional(net.province_of(c.supplier))) continue;
    ++makers;
    EXPECT_TRUE(bases.contains(net.enterprise(c.supplier).place)) << net.enterprise(c.supplier).id;
  }
  EXPECT_GT(makers, 5);
}

TEST_F(Calibrated, DemoDemandsComeFromBuyersInTheRegion) {
  // The platform is the region's: every demo demand's buyer is in Sichuan or Chongqing (an out-of-region
  // pack maker used to post some); makers elsewhere may still answer them.
  const Network& net = *net_;
  ASSERT_GT(net.data().demands.size(), 40u);
  std::set<std::string> buyers;
  for (const Demand& d : net.data().demands) {
    EXPECT_TRUE(IsRegional(net.province_of(net.FindEnterprise(d.buyer)))) << d.id << " from " << d.buyer;
    buyers.insert(d.buyer);
  }
  EXPECT_GT(buyers.size(), 10u);
}

TEST_F(Calibrated, DatasetJsonStatesProvenanceOfEveryFigure) {
  const std::string meta = net_->data().meta_json;
  for (const char* needle :
       {"\"synthetic\"", "seed article, NPC deputies 2021", "articles 2020, 2022", "article 2022",
        "western Chongqing parts base, 2023", "\"seed\":20231229", "\"scale\":1"})
    EXPECT_NE(meta.find(needle), std::string::npos) << needle;
}

TEST(Generator, DeterministicForASeedAndDifferentForAnother) {
  testing::TempDir tmp;
  WriteDatasetCsv(GenerateDataset({1, 11}), tmp / "a");
  WriteDatasetCsv(GenerateDataset({1, 11}), tmp / "b");
  WriteDatasetCsv(GenerateDataset({1, 12}), tmp / "c");
  EXPECT_EQ(testing::FolderContents(tmp / "a"), testing::FolderContents(tmp / "b"));
  EXPECT_NE(testing::ReadText(tmp / "a" / "links.csv"), testing::ReadText(tmp / "c" / "links.csv"));
}

TEST(Generator, OtherSeedsStillMeetTheTargets) {
  for (std::uint64_t seed : {1, 2, 3}) {
    auto net = Network::Build(GenerateDataset({1, seed}));
    for (const auto& f : MeasureCalibration(*net))
      EXPECT_TRUE(f.ok()) << "seed " << seed << ": " << f.key << " = " << f.value;
  }
}

TEST(Generator, ScaleMultipliesTheNetworkAndKeepsItsShape) {
  auto one = Network::Build(GenerateDataset({1, 3}));
  auto three = Network::Build(GenerateDataset({3, 3}));
  std::map<std::string, double> f1, f3;
  for (auto& f : MeasureCalibration(*one)) f1[f.key] = f.value;
  for (auto& f : MeasureCalibration(*three)) f3[f.key] = f.value;
  EXPECT_EQ(f3["vehicle_makers"], 3 * 45);
  EXPECT_EQ(f3["parts_makers_regional"], 3 * 1600);
  EXPECT_EQ(f3["regional_output"], 3 * 3.2e6);
  EXPECT_NEAR(f3["local_share_ice_chongqing"], 0.70, 0.03);
  EXPECT_NEAR(f3["local_share_nev_chongqing"], 0.30, 0.03);
  const double ratio = static_cast<double>(three->link_count()) / static_cast<double>(one->link_count());
  EXPECT_GT(ratio, 2.5);
  EXPECT_LT(ratio, 3.5);
}

TEST(Generator, RejectsAScaleBelowOne) {
  EXPECT_THROW(GenerateDataset({0, 1}), InvalidInput);
}

}  // namespace
}  // namespace chainscope
