// tests: the mini dataset with duplicate enterprises, for the merge tests of the store and the API.
#pragma once

#include <gtest/gtest.h>

#include "io/dataset_io.h"
#include "test_util.h"

namespace chainscope::testing {

/// The mini dataset with pack2, a second record of pack1's company: it makes BAT-PACK (as pack1 does) and
/// CHS-EPS, supplies oem1 with CHS-EPS and posts a demand; pack3 supplies oem1 with BAT-PACK as pack1 does.
inline Dataset WithDuplicates() {
  Dataset d = ReadDataset(testing::MiniDataset());
  Enterprise pack2 = d.enterprises.at(1);
  EXPECT_EQ(pack2.id, "pack1");
  pack2.id = "pack2";
  pack2.name = "PACK MAKER CO., LTD.";
  pack2.uscc.clear();  // a second record, made without the code
  Enterprise pack3 = pack2;
  pack3.id = "pack3";
  d.enterprises.push_back(pack2);
  d.enterprises.push_back(pack3);
  d.capabilities.push_back({"pack2", "BAT-PACK", 9000, 0, 43000, 20, 0.9, 10});
  d.capabilities.push_back({"pack2", "CHS-EPS", 5000, 1000, 2300, 30, 0.9, 10});
  d.capabilities.push_back({"pack3", "BAT-PACK", 9000, 1000, 43000, 20, 0.9, 10});
  d.links.push_back({"oem1", "pack2", "CHS-EPS", 1000, 2350, 3, 1});
  d.links.push_back({"oem1", "pack3", "BAT-PACK", 1000, 44000, 3, 1});
  Demand demand;
  demand.id = "DM00077";
  demand.buyer = "pack2";
  demand.component = "BAT-CELL";
  demand.annual_quantity = 1000;
  demand.start_date = "2027-01-01";
  d.demands.push_back(demand);
  return d;
}

}  // namespace chainscope::testing
