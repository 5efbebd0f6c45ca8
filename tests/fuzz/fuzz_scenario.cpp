// Fuzzer: a scenario file (`chainscope stress --scenario FILE`, the "scenario" of POST /api/v1/stress) —
// parsed, planned against the calibrated chain (scale 1, the places, provinces and makers the example
// scenarios name) and, when its program is small, run.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/network.h"
#include "dataset/generator.h"
#include "fuzz_util.h"
#include "resilience/scenario.h"

using namespace chainscope;

namespace {
const SupplyNetwork& Chain() {
  static const std::shared_ptr<const Network> net = Network::Build(GenerateDataset({}));
  static const SupplyNetwork chain(*net);
  return chain;
}
constexpr std::size_t kRunColumns = 20'000;  // larger programs are planned only (runs stay fast)
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::system::error_code ec;
  const boost::json::value v =
      boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
  if (ec) return 0;
  try {
    const Scenario scenario = ScenarioFromJson(v, "fuzz.json");
    const ModelOptions options;
    const ScenarioPlan plan = PlanScenario(Chain(), scenario, options);
    if (plan.largest_lp_columns > kMaxScenarioLpColumns || plan.result_cells > kMaxScenarioResultCells)
      fuzz::Finding("a plan over the bound was accepted");
    if (plan.lp_columns <= kRunColumns) {
      const ScenarioResult r = RunScenario(Chain(), scenario, options);
      if (!(r.lost_vehicles >= 0) || !(r.lost_value_yuan >= 0))
        fuzz::Finding("a scenario lost a negative or non-finite output");
    }
  } catch (const InvalidInput&) {
  }
  return 0;
}
