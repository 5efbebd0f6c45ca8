// analytics: the calibration figures of DESIGN §3 measured on a network snapshot — counts, regional
// output, local sourcing of Chongqing OEMs by powertrain, Changan's and Seres's Sichuan suppliers —
// each with its public target and whether the data meet it. `chainscope info` prints them.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/network.h"

namespace chainscope {

struct CalibrationFigure {
  std::string key;     // stable machine name, e.g. "local_share_ice_chongqing"
  std::string figure;  // what it is, for people
  double value = 0;
  std::string unit;         // "count", "vehicles/yr", "fraction", "yuan/yr"
  std::string target;       // as published
  double min = 0, max = 0;  // the accepted range (inclusive)
  std::string source;
  std::string target_zh, source_zh;  // the same in Chinese
  bool ok() const { return value >= min && value <= max; }
};

/// Measures every figure. O(links + BOM rows).
std::vector<CalibrationFigure> MeasureCalibration(const Network& net);

/// For each link bought by an OEM, the share of its volume that goes to the OEM's ICE, NEV and commercial
/// lines, in proportion to each line's BOM requirement (volume × qty) of the link's component.
/// Links bought by non-OEMs, or for components no line uses, get {0, 0, 0}. O(links + BOM rows).
std::vector<std::array<double, 3>> LinkPowertrainShares(const Network& net);

}  // namespace chainscope
