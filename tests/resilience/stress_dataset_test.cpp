// The disruption model on the calibrated dataset: the all-node sweep, a sample against the naive method, and
// written programs solved by GLPK's glpsol as an independent solver. Labelled slow (Release only).
#include <gtest/gtest.h>

#include <cstdlib>

#include "dataset/generator.h"
#include "resilience/stress.h"
#include "test_util.h"

namespace chainscope {
namespace {

/// glpsol's optimum of a written model, from its output file.
std::optional<double> Glpsol(const std::string& model, const std::string& format) {
  testing::TempDir tmp;
  const std::string out = (tmp / "out.txt").string();
  const std::string command = "glpsol --" + std::string(format == "lp" ? "lp" : "freemps") + " " + model +
                              " -o " + out + " >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) return std::nullopt;
  const std::string text = testing::ReadText(out);
  const auto at = text.find("Objective:");
  if (at == std::string::npos) return std::nullopt;
  const auto eq = text.find('=', at);
  return std::stod(text.substr(eq + 1));
}

TEST(Stress, WrittenProgramsHaveTheSameOptimumInGlpk) {
  const auto net = Network::Build(GenerateDataset({}));
  const SupplyNetwork chain(*net);
  for (const char* format : {"mps", "lp"}) {
    SCOPED_TRACE(format);
    testing::TempDir dir;
    StressOptions o;
    o.write_lp_dir = dir.path().string();
    o.lp_format = format;
    int checked = 0;
    for (std::uint32_t e = 0; e < net->enterprise_count() && checked < 12; e += 97) {
      const EnterpriseId node(e);
      if (net->links_by_supplier(node).empty()) continue;
      const NodeRisk r = AssessNode(chain, node, o);
      if (r.skipped) continue;  // provably nothing lost: no program
      // The written program is PI's at T = TTR: minimise −Σ price × sales; lost = Σ price × demand × T −
      // sales.
      const auto glpk = Glpsol((dir / (net->enterprise(node).id + "." + format)).string(), format);
      ASSERT_TRUE(glpk.has_value()) << net->enterprise(node).id;
      const SupplyNetwork& c = chain;
      const BuiltModel b = c.Build({{c.producers_of(node).begin(), c.producers_of(node).end()}, {}, {}}, {},
                                   ModelScope::kRestricted);
      double full = 0;
      for (const ModelItem& i : b.model.items) full += i.demand_per_day * i.price_yuan * r.ttr_days;
      EXPECT_NEAR(full + *glpk, r.pi_value_yuan, 1e-6 * full) << net->enterprise(node).id;
      ++checked;
    }
    EXPECT_GE(checked, 8);
  }
}

TEST(Stress, CalibratedDatasetSweep) {
  const auto net = Network::Build(GenerateDataset({}));
  const SupplyNetwork chain(*net);
  ASSERT_TRUE(chain.assumptions().empty());
  std::size_t calls = 0;
  const StressResult r = RunStress(chain, StressOptions{}, [&](std::size_t, std::size_t) { ++calls; });
  ASSERT_FALSE(r.nodes.empty());
  EXPECT_EQ(calls, r.nodes.size());
  EXPECT_NEAR(r.nodes.front().rei, 1, 1e-12);
  for (std::size_t i = 1; i < r.nodes.size(); ++i)
    EXPECT_GE(r.nodes[i - 1].pi_value_yuan, r.nodes[i].pi_value_yuan);
  for (const NodeRisk& n : r.nodes) {
    EXPECT_EQ(n.status, LpStatus::kOptimal);
    EXPECT_GE(n.tts_days, 0);
    EXPECT_LE(n.tts_days, 365 + 1e-9);
    EXPECT_GE(n.rei, 0);
    EXPECT_LE(n.rei, 1 + 1e-12);
  }
  // The riskiest are often not the largest spend (Simchi-Levi et al.'s lesson): the top-10 by PI and by spend
  // differ.
  std::vector<NodeRisk> by_spend = r.nodes;
  std::sort(by_spend.begin(), by_spend.end(),
            [](const NodeRisk& a, const NodeRisk& b) { return a.spend_yuan > b.spend_yuan; });
  int common = 0;
  for (int i = 0; i < 10; ++i)
    for (int j = 0; j < 10; ++j)
      common += r.nodes[static_cast<std::size_t>(i)].node == by_spend[static_cast<std::size_t>(j)].node;
  EXPECT_LT(common, 10);
  // A sample against the naive method.
  StressOptions naive;
  naive.naive = true;
  for (std::size_t i = 0; i < r.nodes.size(); i += r.nodes.size() / 6) {
    const NodeRisk slow = AssessNode(chain, r.nodes[i].node, naive);
    EXPECT_NEAR(slow.pi_value_yuan, r.nodes[i].pi_value_yuan, 1 + 1e-6 * slow.pi_value_yuan);
    EXPECT_NEAR(slow.tts_days, r.nodes[i].tts_days, 1e-6 * std::max(1.0, slow.tts_days));
  }
}

}  // namespace
}  // namespace chainscope
