// tests: a hand-built network for ranking and allocation. The buyer (an OEM in Jiangjin) wants electric
// power steering (CHS-EPS); each supplier exercises one rule.
#pragma once

#include "core/network.h"
#include "core/places.h"
#include "core/taxonomy.h"

namespace chainscope::testing {

inline Enterprise Maker(std::string id, std::string place, std::vector<std::string> certs,
                        Role role = Role::kTier1) {
  Enterprise e;
  e.id = id;
  e.name = "Maker " + id;
  e.name_zh = id;
  e.role = role;
  e.place = std::move(place);
  e.certifications = std::move(certs);
  e.ttr_days = 30;
  return e;
}

inline Dataset SteeringMarket() {
  Dataset d;
  d.places = BuiltinPlaces();
  d.components = BuiltinComponents();
  d.component_inputs = BuiltinComponentInputs();
  d.enterprises = {
      Maker("buyer", "500116", {}, Role::kOem),
      Maker("near", "500116", {"IATF 16949", "ISO 26262"}),  // Jiangjin, sells 4,000 to the buyer today
      Maker("chengdu", "510100", {"IATF 16949"}),            // Chengdu, no customers yet
      Maker("nocert", "500118", {}),                         // Yongchuan, no certification
      Maker("far", "ABROAD", {"IATF 16949"}),                // abroad, cheapest price
      Maker("full", "500116", {"IATF 16949"}),     // Jiangjin, sells 1,000 to the buyer, no free capacity
      Maker("expired", "500120", {"IATF 16949"}),  // Bishan, only an offer that ends in 2026
      Maker("nomaker", "500116", {"IATF 16949"}),  // makes seats, not steering
  };
  d.capabilities = {
      {"near", "CHS-EPS", 10000, 4000, 2400, 3, 0.9, 5}, {"chengdu", "CHS-EPS", 20000, 0, 2300, 5, 0.8, 5},
      {"nocert", "CHS-EPS", 5000, 0, 2000, 5, 0.9, 5},   {"far", "CHS-EPS", 50000, 0, 2000, 40, 0.95, 5},
      {"full", "CHS-EPS", 1000, 1000, 2200, 3, 0.9, 5},  {"nomaker", "BDY-SEAT", 5000, 0, 4000, 3, 0.9, 5},
  };
  d.offers = {{"OF1", "expired", "CHS-EPS", 9000, 2100, "2026-06-30", true}};
  d.links = {{"buyer", "near", "CHS-EPS", 4000, 2400, 3, 0}, {"buyer", "full", "CHS-EPS", 1000, 2200, 3, 0}};
  return d;
}

inline Demand SteeringDemand() {
  return {"DM1", "buyer", "CHS-EPS", 10000, "2027-01-01", 500.0, {"IATF 16949"}, false, 1.0, true};
}

}  // namespace chainscope::testing
