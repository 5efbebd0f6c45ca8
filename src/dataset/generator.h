// dataset: the deterministic generator of the calibrated Chengdu–Chongqing dataset (DESIGN §3). Real: places
// and their coordinates, the named OEMs, institutes and suppliers with their public locations. Synthetic and
// labelled so (dataset.json, the `synthetic` column): every other enterprise, every link and volume.
// The aggregates hit the public figures by construction; tests/dataset/generator_test.cpp checks each
// one. The reference tables it rests on are data, in dataset/reference.h.
#pragma once

#include <cstdint>

#include "core/model.h"

namespace chainscope {

struct GeneratorOptions {
  /// Multiplies OEMs, lines, parts makers, links and dealers (the named enterprises stay single);
  /// the shape (suppliers per buyer, tiers, local shares) is kept. 1 = the calibrated dataset.
  int scale = 1;
  std::uint64_t seed = 20231229;
};

/// Calibration targets (DESIGN §3), at scale 1.
inline constexpr int kTargetVehicleMakers = 45;
inline constexpr int kTargetPartsMakers = 1600;  // in Sichuan + Chongqing
inline constexpr std::int64_t kTargetRegionalOutput = 3'200'000;
inline constexpr double kTargetLocalShareIce = 0.70;
inline constexpr double kTargetLocalShareNev = 0.30;
inline constexpr int kTargetChanganSichuanSuppliers = 45;  // article: "dozens"; tests accept 30–60
inline constexpr int kTargetChanganDealers = 99;
inline constexpr int kTargetChanganSichuanDealers = 62;
inline constexpr int kTargetSeresSichuanSuppliers = 37;
inline constexpr double kTargetSeresSichuanValueYuan = 1.15e9;  // article: 1.0–1.3 bn yuan per year
inline constexpr int kTargetParks = 20;

/// Generates the dataset; O(size) time. Throws Error on invalid options (scale < 1).
Dataset GenerateDataset(const GeneratorOptions& options);

}  // namespace chainscope
