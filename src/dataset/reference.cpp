#include "dataset/reference.h"

#include <map>

namespace chainscope::dataset {

// ---- what the vehicle lines are made of --------------------------------------------------------------

const std::vector<BomEntry>& BomTemplate(BomKind kind) {
  static const std::vector<BomEntry> chassis_body = {
      {"CHS-EPS", 1, 1}, {"CHS-BRK", 1, 1},  {"CHS-SUS", 1, 1}, {"CHS-WHL", 5, 1}, {"CHS-TYR", 5, 1},
      {"BDY-BIW", 1, 1}, {"BDY-SEAT", 1, 1}, {"BDY-GLS", 1, 1}, {"BDY-HRN", 1, 1}, {"BDY-INT", 1, 1},
      {"CNE-TBX", 1, 1}, {"VCS-BCM", 1, 1},  {"VCS-LMP", 2, 1}, {"CKP-CLU", 1, 1},
  };
  static const std::vector<BomEntry> truck_chassis_body = {
      {"CHS-EPS", 1, 1}, {"CHS-BRK", 2, 1},  {"CHS-SUS", 3, 1}, {"CHS-WHL", 11, 1},  {"CHS-TYR", 11, 1},
      {"BDY-BIW", 1, 1}, {"BDY-SEAT", 2, 1}, {"BDY-GLS", 1, 1}, {"BDY-HRN", 1, 1},   {"BDY-INT", 1, 1},
      {"CKP-CLU", 1, 1}, {"CNE-TBX", 1, 1},  {"VCS-LMP", 2, 1}, {"ADS-CAM", 2, 0.5}, {"ADS-RAD", 2, 0.5},
  };
  auto join = [](std::vector<BomEntry> a, const std::vector<BomEntry>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  static const std::vector<BomEntry> ice = join({{"ENG-ASM", 1, 1},
                                                 {"ENG-EAT", 1, 1},
                                                 {"VCS-ECU", 1, 1},
                                                 {"TRN-ASM", 1, 1},
                                                 {"CKP-DSP", 1, 1},
                                                 {"CKP-AUD", 1, 1},
                                                 {"CKP-DCU", 1, 0.6},
                                                 {"CKP-HUD", 1, 0.2},
                                                 {"ADS-CAM", 4, 1},
                                                 {"ADS-RAD", 3, 1},
                                                 {"ADS-DCU", 1, 0.4}},
                                                chassis_body);
  static const std::vector<BomEntry> nev = join(
      {{"BAT-PACK", 1, 1}, {"EDS-MOT", 1, 1}, {"EDS-INV", 1, 1},   {"EDS-RED", 1, 1},   {"HVE-OBC", 1, 1},
       {"HVE-DCDC", 1, 1}, {"HVE-HVH", 1, 1}, {"HVE-TMS", 1, 1},   {"VCS-VCU", 1, 1},   {"VCS-BBW", 1, 0.6},
       {"CKP-DCU", 1, 1},  {"CKP-DSP", 1, 1}, {"CKP-HUD", 1, 0.7}, {"CKP-AUD", 1, 1},   {"ADS-DCU", 1, 1},
       {"ADS-CAM", 10, 1}, {"ADS-RAD", 5, 1}, {"ADS-LID", 1, 0.4}, {"ADS-MAP", 1, 0.6}, {"CNE-V2X", 1, 0.5}},
      chassis_body);
  static const std::vector<BomEntry> diesel =
      join({{"ENG-ASM", 1, 1}, {"ENG-EAT", 1, 1}, {"VCS-ECU", 1, 1}, {"TRN-ASM", 1, 1}}, truck_chassis_body);
  static const std::vector<BomEntry> hydrogen = join({{"FCH-STK", 1, 1},
                                                      {"FCH-TNK", 6, 1},
                                                      {"FCH-AIR", 1, 1},
                                                      {"BAT-PACK", 1, 1},
                                                      {"EDS-MOT", 1, 1},
                                                      {"EDS-INV", 1, 1},
                                                      {"HVE-DCDC", 1, 1},
                                                      {"HVE-HVH", 1, 1},
                                                      {"VCS-VCU", 1, 1}},
                                                     truck_chassis_body);
  static const std::vector<BomEntry> electric_commercial = join({{"BAT-PACK", 2, 1},
                                                                 {"EDS-MOT", 1, 1},
                                                                 {"EDS-INV", 1, 1},
                                                                 {"EDS-RED", 1, 1},
                                                                 {"HVE-OBC", 1, 1},
                                                                 {"HVE-DCDC", 1, 1},
                                                                 {"HVE-HVH", 1, 1},
                                                                 {"HVE-TMS", 1, 1},
                                                                 {"VCS-VCU", 1, 1},
                                                                 {"CKP-DSP", 1, 1}},
                                                                truck_chassis_body);
  switch (kind) {
    case BomKind::kIcePassenger:
      return ice;
    case BomKind::kNevPassenger:
      return nev;
    case BomKind::kDieselTruck:
      return diesel;
    case BomKind::kHydrogenTruck:
      return hydrogen;
    case BomKind::kElectricCommercial:
      return electric_commercial;
  }
  return ice;
}

LinePowertrain PowertrainOf(BomKind kind) {
  switch (kind) {
    case BomKind::kIcePassenger:
      return LinePowertrain::kIce;
    case BomKind::kNevPassenger:
      return LinePowertrain::kNev;
    default:
      return LinePowertrain::kCommercial;
  }
}

// ---- the enterprises named in public sources ---------------------------------------------------------

// Plant locations from data/reference/README.md; volumes and prices are synthetic round figures.
const std::vector<NamedOem>& NamedOems() {
  using enum BomKind;
  static const std::vector<NamedOem> oems = {
      {"changan",
       "Changan Automobile",
       "长安汽车",
       "LIANGJIANG",
       {{kIcePassenger, "LIANGJIANG", 520000, 110000}, {kNevPassenger, "LIANGJIANG", 300000, 160000}}},
      {"changan-ford",
       "Changan Ford",
       "长安福特",
       "LIANGJIANG",
       {{kIcePassenger, "LIANGJIANG", 150000, 180000}}},
      {"seres",
       "Seres (formerly Dongfeng Sokon)",
       "赛力斯（原东风小康）",
       "LIANGJIANG",
       {{kNevPassenger, "LIANGJIANG", 180000, 300000}, {kNevPassenger, "500106", 60000, 250000}}},
      {"sgmw-chongqing",
       "SAIC-GM-Wuling Chongqing",
       "上汽通用五菱重庆",
       "LIANGJIANG",
       {{kIcePassenger, "LIANGJIANG", 80000, 60000}, {kNevPassenger, "LIANGJIANG", 40000, 50000}}},
      {"saic-hongyan",
       "SAIC Hongyan",
       "上汽红岩",
       "LIANGJIANG",
       {{kDieselTruck, "LIANGJIANG", 40000, 400000}, {kHydrogenTruck, "LIANGJIANG", 1000, 1000000}}},
      {"li-auto-chongqing",
       "Li Auto Chongqing",
       "理想汽车重庆",
       "LIANGJIANG",
       {{kNevPassenger, "LIANGJIANG", 150000, 300000}}},
      {"faw-vw-chengdu",
       "FAW-Volkswagen Chengdu",
       "一汽-大众成都",
       "510100",
       {{kIcePassenger, "510100", 450000, 150000}}},
      {"faw-toyota-sichuan",
       "Sichuan FAW Toyota",
       "四川一汽丰田",
       "510100",
       {{kIcePassenger, "510100", 100000, 200000}}},
      {"volvo-chengdu",
       "Volvo Cars Chengdu",
       "沃尔沃汽车成都",
       "510100",
       {{kIcePassenger, "510100", 100000, 350000}, {kNevPassenger, "510100", 40000, 400000}}},
      {"geely-chengdu",
       "Geely Chengdu",
       "吉利汽车成都",
       "510100",
       {{kIcePassenger, "510100", 100000, 90000}, {kNevPassenger, "510100", 80000, 120000}}},
      {"geely-nanchong",
       "Geely Sichuan Commercial Vehicle (Nanchong)",
       "吉利四川商用车（南充）",
       "511300",
       {{kElectricCommercial, "511300", 20000, 250000}}},
      {"dpca-chengdu",
       "Dongfeng Peugeot-Citroën Chengdu",
       "神龙汽车成都",
       "510100",
       {{kIcePassenger, "510100", 40000, 120000}}},
  };
  return oems;
}

const std::vector<NamedSupplier>& NamedSuppliers() {
  static const std::vector<NamedSupplier> s = {
      {"catl-yibin", "CATL Sichuan (Yibin)", "四川时代新能源（宜宾）", "511500", "BAT-PACK"},
      {"findreams-bishan", "FinDreams Battery Chongqing (BYD, Bishan)", "重庆弗迪电池（璧山）", "500120",
       "BAT-PACK"},
      {"jianan-yaan", "Sichuan Jian'an Industry", "四川建安工业", "511800", "CHS-SUS"},
  };
  return s;
}

const std::vector<NamedInstitute>& NamedInstitutes() {
  static const std::vector<NamedInstitute> s = {
      {"caeri", "China Automotive Engineering Research Institute", "中国汽车工程研究院", "LIANGJIANG"},
      {"cmvtri", "China Merchants Testing Vehicle Technology Research Institute", "招商局检测车辆技术研究院",
       "LIANGJIANG"},
      {"cqu", "Chongqing University", "重庆大学", "500106"},
      {"uestc", "University of Electronic Science and Technology of China", "电子科技大学", "510100"},
      {"scu", "Sichuan University", "四川大学", "510100"},
      {"swjtu", "Southwest Jiaotong University", "西南交通大学", "510100"},
      {"cqut", "Chongqing University of Technology", "重庆理工大学", "500113"},
      {"cqjtu", "Chongqing Jiaotong University", "重庆交通大学", "500108"},
  };
  return s;
}

// In-region parts makers per component at scale 1, before scaling to exactly kTargetPartsMakers.
double MakerWeight(std::string_view code) {
  static const std::map<std::string_view, double> w = {
      {"BAT-PACK", 10}, {"BAT-CELL", 10}, {"BAT-BMS", 14},  {"BAT-CATH", 9}, {"BAT-ANOD", 8}, {"BAT-ELEC", 8},
      {"EDS-PWR", 8},   {"EDS-MAG", 7},   {"FCH-STK", 5},   {"FCH-MEA", 5},  {"FCH-TNK", 6},  {"FCH-AIR", 5},
      {"CNE-MCU", 10},  {"ADS-LID", 8},   {"ADS-MAP", 5},   {"ENG-ASM", 12}, {"TRN-ASM", 12}, {"ENG-BLK", 30},
      {"ENG-TRB", 14},  {"ENG-FIS", 16},  {"TRN-GEAR", 45}, {"TRN-CLU", 20}, {"BDY-STL", 14}, {"BDY-BIW", 70},
      {"BDY-SEAT", 40}, {"BDY-INT", 65},  {"BDY-HRN", 40},  {"BDY-GLS", 20}, {"CHS-BRK", 45}, {"CHS-SUS", 50},
      {"CHS-WHL", 35},  {"CHS-TYR", 20},  {"CHS-EPS", 30},
  };
  auto it = w.find(code);
  return it == w.end() ? 28 : it->second;
}

// Propensity to buy a component from a supplier in the buyer's own province (before calibration).
double LocalBase(std::string_view assembly) {
  static const std::map<std::string_view, double> base = {
      {"BAT", 0.35}, {"EDS", 0.40}, {"FCH", 0.50}, {"HVE", 0.40}, {"CKP", 0.45}, {"ADS", 0.25},
      {"CNE", 0.30}, {"VCS", 0.45}, {"ENG", 0.75}, {"TRN", 0.70}, {"CHS", 0.75}, {"BDY", 0.85}};
  auto it = base.find(assembly);
  return it == base.end() ? 0.5 : it->second;
}

double AbroadShare(std::string_view code) {
  return (code == "ADS-LID" || code == "CNE-MCU" || code == "EDS-PWR" || code == "ADS-DCU") ? 0.35 : 0.12;
}

}  // namespace chainscope::dataset
