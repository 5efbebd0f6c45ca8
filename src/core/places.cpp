#include "core/places.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace chainscope {
namespace {

Place P(const char* code, const char* name, const char* name_zh, Province province, double lat, double lon) {
  return Place{code, name, name_zh, province, lat, lon, {}};
}

std::vector<Place> BuildPlaces() {
  using enum Province;
  std::vector<Place> p = {
      // Chongqing: main city (plants) ...
      P("LIANGJIANG", "Liangjiang New Area", "两江新区", kChongqing, 29.784576, 106.742557),
      P("500106", "Shapingba", "沙坪坝区", kChongqing, 29.541224, 106.454200),
      P("500107", "Jiulongpo", "九龙坡区", kChongqing, 29.523492, 106.480989),
      P("500108", "Nan'an", "南岸区", kChongqing, 29.523992, 106.560813),
      P("500109", "Beibei", "北碚区", kChongqing, 29.825430, 106.437868),
      P("500113", "Banan", "巴南区", kChongqing, 29.381919, 106.519423),
      P("500104", "Dadukou", "大渡口区", kChongqing, 29.481002, 106.486130),
      // ... the 8 western districts of the pilot ...
      P("500116", "Jiangjin", "江津区", kChongqing, 29.283387, 106.253156),
      P("500117", "Hechuan", "合川区", kChongqing, 29.990993, 106.265554),
      P("500118", "Yongchuan", "永川区", kChongqing, 29.348748, 105.894714),
      P("500111", "Dazu", "大足区", kChongqing, 29.700498, 105.715319),
      P("500120", "Bishan", "璧山区", kChongqing, 29.593581, 106.231126),
      P("500151", "Tongliang", "铜梁区", kChongqing, 29.839944, 106.054948),
      P("500152", "Tongnan", "潼南区", kChongqing, 30.189554, 105.841818),
      P("500153", "Rongchang", "荣昌区", kChongqing, 29.403627, 105.594061),
      // ... and other districts with parts makers.
      P("500115", "Changshou", "长寿区", kChongqing, 29.833671, 107.074854),
      P("500102", "Fuling", "涪陵区", kChongqing, 29.703652, 107.394905),
      P("500110", "Qijiang", "綦江区", kChongqing, 29.028091, 106.651417),
      P("500119", "Nanchuan", "南川区", kChongqing, 29.156646, 107.098153),
      P("500228", "Liangping", "梁平区", kChongqing, 30.672168, 107.800034),
      P("500101", "Wanzhou", "万州区", kChongqing, 30.807807, 108.380246),
      P("500154", "Kaizhou", "开州区", kChongqing, 31.162529, 108.388696),
      // Sichuan: prefecture-level cities.
      P("510100", "Chengdu", "成都市", kSichuan, 30.659462, 104.065735),
      P("510600", "Deyang", "德阳市", kSichuan, 31.127991, 104.398651),
      P("510700", "Mianyang", "绵阳市", kSichuan, 31.464020, 104.741722),
      P("510300", "Zigong", "自贡市", kSichuan, 29.352765, 104.773447),
      P("510500", "Luzhou", "泸州市", kSichuan, 28.889138, 105.443348),
      P("510900", "Suining", "遂宁市", kSichuan, 30.513311, 105.571331),
      P("511000", "Neijiang", "内江市", kSichuan, 29.587080, 105.066138),
      P("511500", "Yibin", "宜宾市", kSichuan, 28.760189, 104.630825),
      P("511600", "Guang'an", "广安市", kSichuan, 30.456398, 106.633369),
      P("511700", "Dazhou", "达州市", kSichuan, 31.209484, 107.502262),
      P("512000", "Ziyang", "资阳市", kSichuan, 30.122211, 104.641917),
      P("511800", "Ya'an", "雅安市", kSichuan, 29.987722, 103.001033),
      P("510400", "Panzhihua", "攀枝花市", kSichuan, 26.580446, 101.716007),
      P("511100", "Leshan", "乐山市", kSichuan, 29.582024, 103.761263),
      P("511400", "Meishan", "眉山市", kSichuan, 30.048318, 103.831788),
      P("511300", "Nanchong", "南充市", kSichuan, 30.795281, 106.082974),
      P("510800", "Guangyuan", "广元市", kSichuan, 32.433668, 105.829757),
      P("513400", "Liangshan", "凉山彝族自治州", kSichuan, 27.886762, 102.258746),
  };
  p.push_back(
      Place{"CN-OTHER", "Elsewhere in China", "国内其他地区", kOtherChina, std::nullopt, std::nullopt, {}});
  p.push_back(Place{"ABROAD", "Abroad", "境外", kAbroad, std::nullopt, std::nullopt, {}});
  for (const PlaceFocus& f : BuiltinPlaceFocus())
    for (Place& place : p)
      if (place.code == f.place) place.focus.assign(f.components.begin(), f.components.end());
  return p;
}

constexpr std::array<std::string_view, 8> kWesternPilot{"500116", "500117", "500118", "500111",
                                                        "500120", "500151", "500152", "500153"};
constexpr std::array<std::string_view, 8> kSichuanPilot{"510300", "510500", "510900", "511000",
                                                        "511500", "511600", "511700", "512000"};
constexpr std::array<std::string_view, 4> kHydrogenBases{"500152", "500115", "513400", "510400"};

}  // namespace

const std::vector<Place>& BuiltinPlaces() {
  static const std::vector<Place> places = BuildPlaces();
  return places;
}

std::span<const std::string_view> WesternChongqingPilotDistricts() {
  return kWesternPilot;
}
std::span<const std::string_view> SichuanPilotCities() {
  return kSichuanPilot;
}
std::span<const std::string_view> HydrogenBases() {
  return kHydrogenBases;
}

const std::vector<PlaceFocus>& BuiltinPlaceFocus() {
  static const std::vector<PlaceFocus> focus = {
      {"500116",
       {"EDS-MOT", "EDS-INV", "EDS-RED", "CHS-EPS", "CKP-DCU", "CKP-DSP", "CKP-CLU", "CKP-HUD", "CKP-AUD"},
       "western Chongqing parts base, 2023: Jiangjin focuses on electric drives, electric steering, smart "
       "cockpits"},
      {"500118",
       {"CKP-DCU", "CKP-DSP", "CKP-CLU", "CKP-HUD", "CKP-AUD", "ADS-DCU", "ADS-CAM", "ADS-RAD", "ADS-LID",
        "ADS-MAP", "VCS-VCU", "VCS-BCM", "VCS-ECU", "VCS-BBW"},
       "western Chongqing parts base, 2023: Yongchuan focuses on smart cockpits, intelligent driving, car "
       "control systems"},
      {"500152", {"FCH-STK", "FCH-MEA", "FCH-TNK", "FCH-AIR"}, "hydrogen supply base, article 2022"},
      {"500115", {"FCH-STK", "FCH-MEA", "FCH-TNK", "FCH-AIR"}, "hydrogen supply base, article 2022"},
      {"513400", {"FCH-STK", "FCH-MEA", "FCH-TNK", "FCH-AIR"}, "hydrogen supply base, article 2022"},
      {"510400", {"FCH-STK", "FCH-MEA", "FCH-TNK", "FCH-AIR"}, "hydrogen supply base, article 2022"},
  };
  return focus;
}

double GreatCircleKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

}  // namespace chainscope
