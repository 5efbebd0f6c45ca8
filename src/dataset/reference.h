// dataset: the reference tables the generator rests on — what each kind of vehicle line is made of (BOM
// templates with the share of lines that include each part), the enterprises named in public sources (OEMs
// with their plants and lines, battery and chassis suppliers, institutes; plant locations from
// data/reference/README.md) and per-component figures (how many makers at scale 1, how local a buyer's
// purchases start before calibration, how much comes from abroad). Data only: the generator
// (dataset/generator.h) decides what to do with them.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace chainscope::dataset {

enum class BomKind { kIcePassenger, kNevPassenger, kDieselTruck, kHydrogenTruck, kElectricCommercial };

struct BomEntry {
  const char* component;
  double qty;
  double probability;  // a line includes the component with this probability
};

struct NamedLine {
  BomKind kind;
  const char* place;
  std::int64_t volume;
  double price_yuan;
};

struct NamedOem {
  const char* id;
  const char* name;
  const char* name_zh;
  const char* place;
  std::vector<NamedLine> lines;
};

struct NamedSupplier {
  const char* id;
  const char* name;
  const char* name_zh;
  const char* place;
  const char* component;
};

struct NamedInstitute {
  const char* id;
  const char* name;
  const char* name_zh;
  const char* place;
};

/// The parts of a line of that kind, with quantities per vehicle.
const std::vector<BomEntry>& BomTemplate(BomKind kind);
LinePowertrain PowertrainOf(BomKind kind);

/// Vehicle makers named in public sources, with their plants' places; volumes and prices are synthetic
/// round figures.
const std::vector<NamedOem>& NamedOems();
const std::vector<NamedSupplier>& NamedSuppliers();
const std::vector<NamedInstitute>& NamedInstitutes();

/// In-region parts makers of a component at scale 1, before scaling to exactly kTargetPartsMakers.
double MakerWeight(std::string_view code);
/// Propensity to buy an assembly's parts from a supplier in the buyer's own province (before calibration).
double LocalBase(std::string_view assembly);
/// Share of a component's purchases from abroad.
double AbroadShare(std::string_view code);

}  // namespace chainscope::dataset
