// core: the built-in places of the Chengdu–Chongqing circle with real coordinates (seats of government,
// GCJ-02, from data/reference/places_cp.csv), the joint-investment pilot districts and cities, the
// districts' stated industrial focus, and great-circle distance.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace chainscope {

inline constexpr std::string_view kPlaceLiangjiang = "LIANGJIANG";
inline constexpr std::string_view kPlaceOtherChina = "CN-OTHER";
inline constexpr std::string_view kPlaceAbroad = "ABROAD";

/// Every built-in place: Chongqing districts, Sichuan cities, then "elsewhere in China" and "abroad".
const std::vector<Place>& BuiltinPlaces();

/// The 8 western Chongqing districts of the joint investment-promotion pilot.
std::span<const std::string_view> WesternChongqingPilotDistricts();
/// The 8 Sichuan cities paired with them: Zigong, Luzhou, Suining, Neijiang, Yibin, Guang'an, Dazhou,
/// Ziyang.
std::span<const std::string_view> SichuanPilotCities();
/// Hydrogen supply bases: Tongnan, Changshou (Chongqing), Liangshan, Panzhihua (Sichuan).
std::span<const std::string_view> HydrogenBases();

/// A place's stated focus: the assemblies or component codes it promotes, and where that is said.
struct PlaceFocus {
  std::string_view place;
  std::vector<std::string_view> components;  // component codes
  std::string_view source;
};
const std::vector<PlaceFocus>& BuiltinPlaceFocus();

inline constexpr double kEarthRadiusKm = 6371.0088;  // mean radius
/// Great-circle (haversine) distance in km between two points given in degrees.
double GreatCircleKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace chainscope
