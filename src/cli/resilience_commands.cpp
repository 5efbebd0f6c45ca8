// cli: `chainscope stress` — the all-node sweep (TTS, PI, REI, spend) with a progress bar, mitigations for
// the riskiest nodes, or one scenario from a JSON file; tables, JSON (the API's views) or CSV.
#include <fmt/format.h>
#include <unistd.h>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <stop_token>
#include <thread>

#include "cli/commands.h"
#include "cli/json_csv.h"
#include "cli/text.h"
#include "io/json_text.h"
#include "service/matching.h"
#include "service/params.h"
#include "service/platform.h"
#include "service/resilience.h"
#include "view/resilience_json.h"

namespace chainscope::cli {
namespace json = boost::json;
namespace {

/// A progress bar on stderr when it is a terminal: "[#####.....] 812/1774 nodes".
class ProgressBar {
 public:
  ProgressBar() : tty_(::isatty(STDERR_FILENO) != 0) {}
  void Update(std::size_t done, std::size_t total) {
    if (!tty_ || total == 0) return;
    std::lock_guard lock(mutex_);
    const std::size_t width = 40, filled = done * width / total;
    if (filled == last_ && done != total) return;
    last_ = filled;
    fmt::print(stderr, "\r[{}{}] {}/{} nodes", std::string(filled, '#'), std::string(width - filled, '.'),
               done, total);
    if (done == total) fmt::print(stderr, "\n");
  }

 private:
  bool tty_;
  std::mutex mutex_;
  std::size_t last_ = SIZE_MAX;
};

/// Elapsed seconds against the estimate on stderr, every second once the work has run for one (a TTY
/// only), for work without a count of its own (a scenario): "scenario: 12 s of about 30 s".
class ElapsedTicker {
 public:
  ElapsedTicker(std::string what, double estimate_seconds)
      : thread_([this, what = std::move(what), estimate_seconds](std::stop_token stop) {
          if (::isatty(STDERR_FILENO) == 0) return;
          const auto start = std::chrono::steady_clock::now();
          std::mutex m;
          std::condition_variable_any cv;
          bool printed = false;
          while (true) {
            std::unique_lock lock(m);
            if (cv.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; }) ||
                stop.stop_requested())
              break;
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            fmt::print(stderr, "\r{}: {:.0f} s of about {:.0f} s (Ctrl-C stops)   ", what, s,
                       std::ceil(estimate_seconds));
            printed = true;
          }
          if (printed) fmt::print(stderr, "\n");
        }) {}

 private:
  std::jthread thread_;
};

/// Tells the estimate on stderr when the work will take more than a second.
void TellEstimate(std::string_view what, double seconds, double bound) {
  if (seconds > 1)
    fmt::print(stderr, "{}: estimated run time about {} s (the cost model; --max-seconds {})\n", what,
               std::ceil(seconds), bound);
}

/// The assumptions a result rests on, on stderr (the first few; --json has the first kMaxWarnings).
void PrintWarnings(const Network& net, const std::vector<ChainAssumption>& assumptions) {
  if (assumptions.empty()) return;
  constexpr std::size_t kShown = 10;
  fmt::print(stderr, "warning: the recorded data do not balance in {} places; the analysis assumes:\n",
             assumptions.size());
  const json::array warnings = WarningsJson(net, assumptions);
  for (std::size_t i = 0; i < warnings.size() && i < kShown; ++i)
    fmt::print(stderr, "  {}\n", std::string_view(warnings[i].at("message").as_string()));
  if (assumptions.size() > kShown)
    fmt::print(stderr, "  … and {} more (--json lists the first {})\n", assumptions.size() - kShown,
               kMaxWarnings);
}

std::string Days(double d, double horizon) {
  return d >= horizon - 1e-9 ? fmt::format("≥{:.0f}", horizon) : fmt::format("{:.1f}", d);
}

int RunScenarioCommand(const Network& net, const SupplyNetwork& chain, const StressCliOptions& o,
                       const ModelOptions& model, const std::atomic<bool>* stop) {
  std::ifstream in(o.scenario, std::ios::binary);
  if (!in) throw InvalidInput(fmt::format("cannot read the scenario file '{}'", o.scenario));
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  const json::value doc = json::parse(text.str(), ec);
  if (ec) throw InvalidInput(fmt::format("{}: not valid JSON: {}", o.scenario, ec.message()));
  std::string write_path;
  if (!o.write_lp.empty()) {
    std::filesystem::create_directories(o.write_lp);
    write_path = (std::filesystem::path(o.write_lp) / ("scenario." + o.lp_format)).string();
  }
  std::optional<ElapsedTicker> ticker;
  RunBounds bounds{o.max_seconds, "--max-seconds",
                   [&](double seconds) {
                     TellEstimate("scenario", seconds, o.max_seconds);
                     ticker.emplace("scenario", seconds);
                   },
                   stop};
  const ScenarioResult r = RunScenarioDocument(chain, doc, o.scenario, model, write_path, bounds);
  ticker.reset();
  const json::object view = ScenarioJson(net, r);
  PrintWarnings(net, r.assumptions);
  if (o.json) return fmt::print("{}\n", JsonText(view)), 0;
  if (o.csv)
    return PrintTable(view.at("by_bucket").as_array(), net.data(), "scenario: lost output by bucket"), 0;
  fmt::print("Scenario {}: {} sites and {} vehicle plants disrupted; {:.0f} days in {}-day buckets\n",
             r.name.empty() ? "(unnamed)" : r.name, r.sites_disrupted, r.plants_disrupted, r.horizon_days,
             r.bucket_days);
  fmt::print("lost: {} vehicles, {} yuan\n\n", Thousands(std::llround(r.lost_vehicles)),
             Yuan(r.lost_value_yuan));
  fmt::print("{:<18} {:<34} {:>10} {:>14}\n", "vehicle maker", "name", "vehicles", "value yuan");
  for (const auto& x : r.by_oem)
    fmt::print("{:<18} {:<34} {:>10} {:>14}\n", Clip(net.enterprise(x.oem).id, 18),
               Clip(net.enterprise(x.oem).name, 34), Thousands(std::llround(x.lost_vehicles)),
               Yuan(x.lost_value_yuan));
  fmt::print("\n{:>9} {:>10} {:>14}\n", "from day", "vehicles", "value yuan");
  for (std::size_t b = 0; b < r.bucket_start_day.size(); ++b)
    if (r.lost_vehicles_by_bucket[b] > 0)
      fmt::print("{:>9.0f} {:>10.1f} {:>14}\n", r.bucket_start_day[b], r.lost_vehicles_by_bucket[b],
                 Yuan(r.lost_value_by_bucket[b]));
  return 0;
}

}  // namespace

int Stress(const StressCliOptions& o) {
  const std::atomic<bool>* stop = Interrupted();  // before any thread starts: they inherit its signal mask
  if (o.json && o.csv) throw InvalidInput("choose one of --json and --csv");
  if (o.lp_format != "mps" && o.lp_format != "lp") throw InvalidInput("--lp-format must be mps or lp");
  const auto platform = Platform::Open(o.db);
  const auto state = platform->state();
  const std::shared_ptr<const Network> net = state->chain;
  const SupplyNetwork chain(*net);
  // The API's request body, from the flags given.
  json::object body{{"alternatives", o.alternatives}};
  for (const auto& [field, text] :
       {std::pair{"ttr_days", &o.ttr_days}, std::pair{"horizon_days", &o.horizon_days},
        std::pair{"qualification_days", &o.qualification_days}, std::pair{"mitigate", &o.mitigate}}) {
    if (text->empty()) continue;
    double value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size())
      throw InvalidInput(fmt::format("{} must be a number, got '{}'", Params::FlagNames()(field), *text));
    body[field] = value;
  }
  const StressRequest request = StressRequestOf(body, Params::FlagNames());
  StressOptions options = request.options;
  options.threads = o.threads;
  options.naive = o.naive;
  options.write_lp_dir = o.write_lp;
  options.lp_format = o.lp_format;
  if (!o.scenario.empty()) return RunScenarioCommand(*net, chain, o, options.model, stop);

  ProgressBar bar;
  const RunBounds bounds{o.max_seconds, "--max-seconds",
                         [&](double seconds) { TellEstimate("sweep", seconds, o.max_seconds); }, stop};
  const StressReport report = RunStressSweep(
      chain, *platform->Book(*state), options, request.mitigate,
      [&](std::size_t done, std::size_t total) { bar.Update(done, total); }, bounds);
  const StressResult& r = report.result;
  const std::vector<Mitigation>& mitigations = report.mitigations;
  PrintWarnings(*net, r.assumptions);
  if (o.json) return fmt::print("{}\n", JsonText(StressReportJson(chain, options, report))), 0;
  if (o.csv)
    return PrintTable(StressJson(*net, options, r).at("nodes").as_array(), net->data(), "stress: nodes"), 0;
  fmt::print(
      "Stress test: {} nodes, {} LPs in {:.2f} s ({} provably lose nothing: no LP); horizon {:.0f} days; "
      "alternatives {}\n\n",
      r.nodes.size(), r.lps_solved, r.seconds, r.skipped, options.horizon_days,
      options.model.alternatives ? fmt::format("after {:.0f} days", options.model.qualification_days)
                                 : "off");
  fmt::print("{:>3}  {:<14} {:<36} {:>8} {:>7} {:>10} {:>13} {:>6} {:>13}\n", "#", "node", "name", "TTS days",
             "TTR", "PI veh.", "PI yuan", "REI", "spend yuan/yr");
  for (std::size_t i = 0; i < r.nodes.size() && i < o.top; ++i) {
    const NodeRisk& n = r.nodes[i];
    fmt::print("{:>3}  {:<14} {:<36} {:>8} {:>7.0f} {:>10} {:>13} {:>6.3f} {:>13}\n", i + 1,
               Clip(net->enterprise(n.node).id, 14), Clip(net->enterprise(n.node).name, 36),
               Days(n.tts_days, options.horizon_days), n.ttr_days, Thousands(std::llround(n.pi_vehicles)),
               Yuan(n.pi_value_yuan), n.rei, Yuan(n.spend_yuan));
  }
  for (const Mitigation& m : mitigations) {
    fmt::print("\nMitigations for {} ({}): PI {} vehicles, {} yuan\n", net->enterprise(m.node).name,
               net->enterprise(m.node).id, Thousands(std::llround(m.pi_vehicles)), Yuan(m.pi_value_yuan));
    if (m.buffer_possible) {
      fmt::print("  extra buffer stock that brings PI to zero: {} yuan\n", Yuan(m.buffer_value_yuan));
      for (const BufferAdvice& a : m.buffers) {
        if (a.extra_units <= 0) continue;
        const auto& s = chain.sources()[a.source];
        fmt::print(
            "    at {:<16} {:<9} {:>10} units = {:>6.1f} days = {:>10} yuan (first unit saves {} yuan)\n",
            Clip(net->enterprise(s.buyer).id, 16), net->component(s.component).code,
            Thousands(std::llround(a.extra_units)), a.extra_days, Yuan(a.extra_value_yuan),
            Yuan(a.marginal_value_yuan));
      }
    } else {
      fmt::print("  stock at its customers cannot prevent the loss\n");
    }
    for (const auto& [source, producer] : m.second_sources) {
      const auto& s = chain.sources()[source];
      fmt::print("  second source for {} {}: {} ({})\n", net->enterprise(s.buyer).id,
                 net->component(s.component).code, net->enterprise(chain.producers()[producer].supplier).name,
                 net->enterprise(chain.producers()[producer].supplier).id);
    }
    fmt::print("  PI with those second sources qualified after {:.0f} days: {} vehicles, {} yuan\n",
               options.model.qualification_days, Thousands(std::llround(m.pi_with_second_sources_vehicles)),
               Yuan(m.pi_with_second_sources_yuan));
  }
  return 0;
}

}  // namespace chainscope::cli
