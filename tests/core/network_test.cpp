#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/network.h"
#include "io/dataset_io.h"
#include "test_util.h"

namespace chainscope {
namespace {

std::vector<std::string> Ids(const Network& net, std::span<const std::uint32_t> links, bool supplier_side) {
  std::vector<std::string> out;
  for (std::uint32_t i : links) {
    const NetLink& l = net.link(i);
    out.push_back(net.enterprise(supplier_side ? l.supplier : l.buyer).id);
  }
  return out;
}

TEST(Network, GroupsLinksByEnterpriseAndComponent) {
  // The hand-computed chain: oemB buys packs from pack1 and pack2 (one group of two links), pack2 buys cells
  // from cell1 and cell2; cell1 sells cells to pack1 and pack2 (one sale group).
  auto net = Network::Build(ReadDataset(testing::TestData() / "chain"));
  EXPECT_EQ(net->purchase_group_count(), 7u);  // (oemA: PACK, EPS, ECU), (oemB: PACK, EPS), (pack1), (pack2)
  EXPECT_EQ(net->sale_group_count(), 7u);      // pack1, pack2, cell1, cell2, eps1, eps2, ecu1
  const auto id = [&](const char* e) { return net->FindEnterprise(e); };
  const auto code = [&](const char* c) { return net->FindComponent(c); };
  const std::uint32_t packs = net->FindPurchaseGroup(id("oemB"), code("PACK"));
  ASSERT_NE(packs, UINT32_MAX);
  EXPECT_EQ(Ids(*net, net->purchase_group_links(packs), true), (std::vector<std::string>{"pack2", "pack1"}));
  const std::uint32_t cells = net->FindSaleGroup(id("cell1"), code("CELL"));
  EXPECT_EQ(Ids(*net, net->sale_group_links(cells), false), (std::vector<std::string>{"pack1", "pack2"}));
  EXPECT_EQ(net->FindPurchaseGroup(id("oemB"), code("ECU")), UINT32_MAX);
  EXPECT_EQ(net->FindSaleGroup(id("oemA"), code("PACK")), UINT32_MAX);
  for (std::uint32_t l = 0; l < net->link_count(); ++l) {
    const LinkGroup& p = net->purchase_group(net->purchase_group_of(l));
    const LinkGroup& s = net->sale_group(net->sale_group_of(l));
    EXPECT_EQ(p.enterprise, net->link(l).buyer);
    EXPECT_EQ(s.enterprise, net->link(l).supplier);
    EXPECT_EQ(p.component, net->link(l).component);
    EXPECT_EQ(s.component, net->link(l).component);
  }
}

TEST(Network, IndexesTheMiniDatasetByHand) {
  auto net = Network::Build(ReadDataset(testing::MiniDataset()));
  const EnterpriseId oem = net->FindEnterprise("oem1"), pack = net->FindEnterprise("pack1");
  ASSERT_TRUE(oem.valid() && pack.valid());
  EXPECT_FALSE(net->FindEnterprise("nobody").valid());
  EXPECT_EQ(Ids(*net, net->links_by_buyer(oem), true), (std::vector<std::string>{"pack1", "eps1"}));
  EXPECT_EQ(Ids(*net, net->links_by_buyer(pack), true), (std::vector<std::string>{"cell1"}));
  EXPECT_EQ(Ids(*net, net->links_by_supplier(pack), false), (std::vector<std::string>{"oem1"}));
  EXPECT_TRUE(net->links_by_supplier(oem).empty());
  EXPECT_EQ(net->province_of(pack), Province::kSichuan);
  EXPECT_EQ(net->province_of(oem), Province::kChongqing);

  const ComponentId cell = net->FindComponent("BAT-CELL"), pack_c = net->FindComponent("BAT-PACK");
  ASSERT_EQ(net->makers_of(cell).size(), 1u);
  EXPECT_EQ(net->enterprise(net->capabilities()[net->makers_of(cell)[0]].supplier).id, "cell1");
  ASSERT_EQ(net->inputs(pack_c).size(), 1u);
  EXPECT_EQ(net->inputs(pack_c)[0].input, cell);
  EXPECT_DOUBLE_EQ(net->inputs(pack_c)[0].qty_per_unit, 96);
  EXPECT_TRUE(net->inputs(cell).empty());

  ASSERT_EQ(net->lines_of(oem).size(), 1u);
  const LineId line(net->lines_of(oem)[0]);
  EXPECT_EQ(net->line_oem(line), oem);
  ASSERT_EQ(net->bom(line).size(), 2u);
  EXPECT_EQ(net->bom(line)[0].component, pack_c);
  EXPECT_EQ(net->assembly_of(pack_c), 0u);  // BAT is the first assembly
  EXPECT_DOUBLE_EQ(net->link(net->links_by_buyer(oem)[0]).value_yuan(), 10000.0 * 44000);
}

TEST(Network, UnknownReferenceIsAnError) {
  Dataset d = ReadDataset(testing::MiniDataset());
  d.links[1].supplier = "ghost";
  try {
    Network::Build(d);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "links row 2: supplier 'ghost' does not exist");
  }
}

TEST(Csr, MatchesANaiveGroupingOnRandomInput) {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 200; ++trial) {
    const std::uint32_t rows = 1 + rng() % 20;
    const std::size_t n = rng() % 100;
    std::vector<std::uint32_t> row_of(n), item(n);
    std::vector<std::vector<std::uint32_t>> naive(rows);
    for (std::size_t i = 0; i < n; ++i) {
      row_of[i] = rng() % rows;
      item[i] = rng() % 1000;
      naive[row_of[i]].push_back(item[i]);
    }
    const Csr csr = Csr::Build(rows, row_of, item);
    ASSERT_EQ(csr.offsets.size(), rows + 1);
    for (std::uint32_t r = 0; r < rows; ++r) {
      auto got = csr.Row(r);
      ASSERT_EQ(std::vector<std::uint32_t>(got.begin(), got.end()), naive[r]) << "row " << r;
    }
  }
}

}  // namespace
}  // namespace chainscope
