#include <gtest/gtest.h>

#include <filesystem>

#include <sstream>

#include <fstream>

#include <functional>
#include <map>
#include <set>

#include "core/places.h"
#include "core/taxonomy.h"
#include "test_util.h"

namespace chainscope {
namespace {

TEST(Taxonomy, ThreeDirectionsOfFourAssemblies) {
  ASSERT_EQ(Assemblies().size(), 12u);
  std::map<Direction, int> per_direction;
  std::set<std::string_view> codes;
  for (const Assembly& a : Assemblies()) {
    ++per_direction[a.direction];
    EXPECT_TRUE(codes.insert(a.code).second) << a.code;
    EXPECT_EQ(FindAssembly(a.code), &a);
  }
  EXPECT_EQ(per_direction[Direction::kNewEnergy], 4);
  EXPECT_EQ(per_direction[Direction::kIntelligentConnected], 4);
  EXPECT_EQ(per_direction[Direction::kTraditional], 4);
  EXPECT_EQ(FindAssembly("NOPE"), nullptr);
}

TEST(Taxonomy, FiftySixComponentTypesWithUnitsAndPrices) {
  const auto& components = BuiltinComponents();
  ASSERT_EQ(components.size(), 56u);
  std::set<std::string> codes;
  std::set<std::string> assemblies_used;
  for (const ComponentType& c : components) {
    EXPECT_TRUE(codes.insert(c.code).second) << "duplicate " << c.code;
    const Assembly* a = FindAssembly(c.assembly);
    ASSERT_NE(a, nullptr) << c.code;
    EXPECT_EQ(a->direction, c.direction) << c.code;
    EXPECT_GT(c.unit_price_yuan, 0) << c.code;
    EXPECT_FALSE(c.unit.empty()) << c.code;
    EXPECT_FALSE(c.name_zh.empty()) << c.code;
    assemblies_used.insert(c.assembly);
  }
  EXPECT_EQ(assemblies_used.size(), 12u) << "every assembly has components";
}

TEST(Taxonomy, ContainsTheComponentsTheDesignRequires) {
  std::set<std::string> codes;
  for (const ComponentType& c : BuiltinComponents()) codes.insert(c.code);
  for (const char* required : {"EDS-MOT", "EDS-INV", "EDS-RED",               // electric drive
                               "BAT-CELL", "BAT-PACK", "BAT-BMS",             // power battery
                               "CKP-DCU", "ADS-DCU", "ADS-MAP",               // cockpit, driving, HD maps
                               "CHS-EPS", "VCS-LMP", "VCS-VCU", "VCS-ECU",    // steering, lighting, control
                               "ENG-ASM", "ENG-TRB", "TRN-ASM", "TRN-GEAR"})  // engine and transmission
    EXPECT_TRUE(codes.contains(required)) << required;
}

TEST(Taxonomy, RecipesReferToKnownComponentsAndAreAcyclic) {
  std::map<std::string, std::vector<std::string>> inputs;
  std::set<std::string> codes;
  for (const ComponentType& c : BuiltinComponents()) codes.insert(c.code);
  for (const ComponentInput& i : BuiltinComponentInputs()) {
    EXPECT_TRUE(codes.contains(i.component)) << i.component;
    EXPECT_TRUE(codes.contains(i.input_component)) << i.input_component;
    EXPECT_GT(i.qty_per_unit, 0);
    inputs[i.component].push_back(i.input_component);
  }
  // Depth-first search for a cycle.
  std::map<std::string, int> state;
  std::function<bool(const std::string&)> cyclic = [&](const std::string& c) {
    if (state[c] == 1) return true;
    if (state[c] == 2) return false;
    state[c] = 1;
    for (const auto& i : inputs[c])
      if (cyclic(i)) return true;
    state[c] = 2;
    return false;
  };
  for (const auto& [c, unused] : inputs) EXPECT_FALSE(cyclic(c)) << c;
}

TEST(Places, RealCoordinatesOfEveryPlaceTheDesignNames) {
  std::map<std::string, const Place*> by_name;
  for (const Place& p : BuiltinPlaces()) by_name[p.name] = &p;
  for (const char* name : {"Jiangjin", "Yongchuan", "Tongnan", "Changshou", "Liangshan", "Panzhihua", "Ya'an",
                           "Chengdu", "Nanchong", "Yibin", "Bishan", "Liangjiang New Area", "Shapingba"})
    ASSERT_TRUE(by_name.contains(name)) << name;
  for (const Place& p : BuiltinPlaces()) {
    if (!IsRegional(p.province)) {
      EXPECT_FALSE(p.lat.has_value()) << p.code;
      continue;
    }
    ASSERT_TRUE(p.lat && p.lon) << p.code;
    // Sichuan and Chongqing lie within 26–34°N, 97–110.5°E.
    EXPECT_GT(*p.lat, 26) << p.code;
    EXPECT_LT(*p.lat, 34) << p.code;
    EXPECT_GT(*p.lon, 97) << p.code;
    EXPECT_LT(*p.lon, 110.5) << p.code;
    EXPECT_EQ(p.province, p.code.starts_with("51") ? Province::kSichuan : Province::kChongqing) << p.code;
  }
  EXPECT_EQ(by_name["Jiangjin"]->code, "500116");
}

// The built-in coordinates are the reference file's (data/reference/places_cp.csv, with its source).
TEST(Places, BuiltinCoordinatesAreTheReferenceFile) {
  std::ifstream in(testing::TestData() / ".." / ".." / "data" / "reference" / "places_cp.csv");
  ASSERT_TRUE(in) << "data/reference/places_cp.csv";
  std::map<std::string, const Place*> by_code;
  for (const Place& p : BuiltinPlaces()) by_code[p.code] = &p;
  std::string line;
  std::getline(in, line);
  ASSERT_EQ(line, "name_en,name_zh,adcode,lat,lon,source");
  int checked = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> cell;
    std::stringstream row(line);
    for (std::string c; std::getline(row, c, ',');) cell.push_back(c);
    ASSERT_GE(cell.size(), 5u) << line;
    const std::string code = cell[2] == "500105+500112" ? "LIANGJIANG" : cell[2];
    const auto it = by_code.find(code);
    if (it == by_code.end()) continue;  // a reference point the dataset does not use
    SCOPED_TRACE(code);
    EXPECT_NEAR(*it->second->lat, std::stod(cell[3]), 1e-6);
    EXPECT_NEAR(*it->second->lon, std::stod(cell[4]), 1e-6);
    if (code != "LIANGJIANG") {
      EXPECT_EQ(it->second->name, cell[0]);
    }
    ++checked;
  }
  EXPECT_GE(checked, 30);
}

TEST(Places, PilotListsAndHydrogenBases) {
  std::set<std::string_view> codes;
  for (const Place& p : BuiltinPlaces()) codes.insert(p.code);
  EXPECT_EQ(WesternChongqingPilotDistricts().size(), 8u);
  EXPECT_EQ(SichuanPilotCities().size(), 8u);
  for (auto c : WesternChongqingPilotDistricts()) EXPECT_TRUE(codes.contains(c) && c.starts_with("50")) << c;
  for (auto c : SichuanPilotCities()) EXPECT_TRUE(codes.contains(c) && c.starts_with("51")) << c;
  EXPECT_EQ(std::set<std::string_view>(HydrogenBases().begin(), HydrogenBases().end()),
            (std::set<std::string_view>{"500152", "500115", "513400", "510400"}));
}

TEST(Geo, GreatCircleDistancesByHand) {
  EXPECT_DOUBLE_EQ(GreatCircleKm(30, 104, 30, 104), 0);
  // One degree of latitude is 2πR/360 = 111.195 km.
  EXPECT_NEAR(GreatCircleKm(0, 0, 1, 0), 111.195, 0.01);
  // Along the equator a quarter turn is πR/2.
  EXPECT_NEAR(GreatCircleKm(0, 0, 0, 90), 10007.5, 0.1);
  // Chengdu to Chongqing's Yuzhong district: about 267 km as the crow flies.
  EXPECT_NEAR(GreatCircleKm(30.659462, 104.065735, 29.556742, 106.56288), 267, 3);
  // Symmetric.
  EXPECT_DOUBLE_EQ(GreatCircleKm(29.28, 106.25, 30.66, 104.07), GreatCircleKm(30.66, 104.07, 29.28, 106.25));
}

}  // namespace
}  // namespace chainscope
