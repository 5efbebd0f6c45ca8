// bench: joint investment promotion at scale — the demonstration registry replicated to --leads leads (each
// replica a new investor, so the clashes stay the demonstration's) over the calibrated chain: the KPIs by
// each grouping and the clash detection of one new lead, each on the engine alone (leads in memory) and
// through the service over a SQLite store (what one API request does: read the registry, compute; or find
// the rivals, score them, write the lead in one transaction). Best of --repeat runs. Prints Markdown.
//   bench_promotion [--leads 100000] [--repeat 5]
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "analytics/promotion.h"
#include "bench_util.h"
#include "core/uscc.h"
#include "dataset/generator.h"
#include "dataset/promotion_demo.h"
#include "service/promotion.h"
#include "store/store.h"

namespace {
using namespace chainscope;
using bench::Clock;
using bench::Since;

template <class F>
double Best(int repeat, F&& f) {
  double best = 1e300;
  for (int r = 0; r < repeat; ++r) {
    const auto t = Clock::now();
    f();
    best = std::min(best, Since(t));
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t target = 100000;
  int repeat = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--leads")
      target = std::stoul(argv[i + 1]);
    else if (flag == "--repeat")
      repeat = std::stoi(argv[i + 1]);
  }
  const auto net = Network::Build(GenerateDataset({}));
  const PromotionDemo demo = MakePromotionDemo(*net);

  // The registry: the demonstration, then replicas of its leads as new investors.
  std::vector<Lead> leads;
  std::vector<LeadEvent> events;
  leads.reserve(target);
  for (std::size_t n = 0; leads.size() < target; ++n) {
    const DemoLead& d = demo.leads[n % demo.leads.size()];
    Lead l = d.lead;
    l.id = RecordIdOf(kLeadIdPrefix, leads.size() + 1);
    if (n >= demo.leads.size()) {
      const std::string first17 = fmt::format("91510000MA{:07}", n);
      l.investor.clear();
      l.investor_name_zh = fmt::format("扩展投资方{:06}有限公司", n);
      l.investor_name_en = fmt::format("Scaled Investor {:06} Co., Ltd.", n);
      l.investor_uscc = first17 + *UsccCheckCharacter(first17);
      l.joined_into.clear();
      l.shares.clear();
    }
    for (LeadEvent e : d.events) {
      e.lead = l.id;
      events.push_back(std::move(e));
    }
    leads.push_back(std::move(l));
  }
  const PromotionSettings settings;
  const ClashDetector detector(*net);

  std::printf("## Joint promotion: %zu leads, %zu events, calibrated chain\n\n", leads.size(), events.size());
  std::printf("| what | path | leads | seconds (best of %d) | result |\n|---|---|---:|---:|---:|\n", repeat);
  for (KpiGrouping by :
       {KpiGrouping::kPlace, KpiGrouping::kMonth, KpiGrouping::kStage, KpiGrouping::kAssembly}) {
    KpiQuery q;
    q.by = by;
    std::size_t rows = 0;
    const double s = Best(repeat, [&] { rows = ComputeKpis(*net, leads, events, settings, q).rows.size(); });
    std::printf("| KPIs by %s | engine | %zu | %.4f | %zu groups |\n", std::string(ToString(by)).c_str(),
                leads.size(), s, rows);
  }
  // One new lead of a known company (courted by Jiangjin and Yibin in the demonstration) from another place.
  Lead fresh;
  fresh.id = "LD-NEW";
  fresh.place = "510300";
  fresh.investor_name_en = "Contemporary Amperex Technology Co., Limited";
  fresh.components = {"BAT-PACK"};
  fresh.reported_on = "2026-12-07";
  std::vector<Lead> rivals;
  for (const Lead& l : leads)
    if (!l.closed() && l.place != fresh.place &&
        std::find(l.components.begin(), l.components.end(), "BAT-PACK") != l.components.end())
      rivals.push_back(l);
  std::size_t clashes = 0;
  const double clash_s = Best(repeat, [&] { clashes = detector.Clashes(fresh, rivals).size(); });
  std::printf("| clash detection of one new lead (%zu rivals scored) | engine | %zu | %.4f | %zu clashes |\n",
              rivals.size(), leads.size(), clash_s, clashes);

  // The what-if over every signed project of the demonstration registry at once (the KPI page's panel).
  std::vector<Lead> signed_leads;
  for (const DemoLead& d : demo.leads)
    if (!d.lead.signed_on.empty() && d.lead.joined_into.empty() && d.lead.stage != LeadStage::kLost)
      signed_leads.push_back(d.lead);
  PortfolioGain gain;
  const double gain_s = Best(repeat, [&] { gain = RunPortfolioWhatIf(*net, signed_leads); });
  std::printf(
      "| what-if over every signed project (%zu makers, %zu rounds) | engine | %zu | %.4f | Chongqing %.1f%% "
      "→ %.1f%% |\n",
      gain.makers, gain.rounds, demo.leads.size(), gain_s, 100 * gain.local_share[0].before,
      100 * gain.local_share[0].after);

  // Through the service over a SQLite store.
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("bench_promotion_{}", getpid());
  std::filesystem::create_directories(dir);
  {
    auto store = OpenStore("sqlite:" + (dir / "p.db").string());
    store->ReplaceDataset(net->data());
    const auto t = Clock::now();
    store->WriteLeads([&](LeadWriter& w) {
      for (Lead l : leads) {
        l.clashes.clear();
        l.id = w.NextLeadId();
        w.Put(l, "lead.create");
      }
      for (LeadEvent e : events) w.AddEvent(e);
    });
    const double load_s = Since(t);
    std::printf("| loading the registry (one transaction) | store | %zu | %.2f | |\n", leads.size(), load_s);
    auto platform = std::make_shared<Platform>(std::move(store));
    for (KpiGrouping by : {KpiGrouping::kPlace, KpiGrouping::kMonth}) {
      KpiQuery q;
      q.by = by;
      std::size_t rows = 0;
      const double s = Best(repeat, [&] { rows = PromotionKpis(*platform, q).rows.size(); });
      std::printf(
          "| KPIs by %s (read the registry, compute) | service + SQLite | %zu | %.4f | %zu groups |\n",
          std::string(ToString(by)).c_str(), leads.size(), s, rows);
    }
    Principal bureau;
    bureau.user_id = 1;
    bureau.email = "bench@zigong.example";
    bureau.role = AccountRole::kBureau;
    bureau.place = "510300";
    LeadDraft draft;
    draft.investor_name_en = fresh.investor_name_en;
    draft.components = fresh.components;
    draft.project = "Pack plant";
    draft.investment_yuan = 5e8;
    std::size_t found = 0;
    const double create_s =
        Best(repeat, [&] { found = CreateLead(*platform, bureau, draft).clashes.size(); });
    std::printf(
        "| registering one lead (rivals, scoring, write) | service + SQLite | %zu | %.4f | %zu clashes |\n",
        leads.size(), create_s, found);
    // The first KPI request after a write reads the registry again (later ones reuse it until the next).
    const auto t_cold = Clock::now();
    const std::size_t rows = PromotionKpis(*platform, KpiQuery{}).rows.size();
    std::printf(
        "| KPIs by place, first request after a write (reads %zu leads) | service + SQLite | %zu | %.4f | "
        "%zu groups |\n",
        leads.size() + static_cast<std::size_t>(repeat), leads.size(), Since(t_cold), rows);
  }
  std::filesystem::remove_all(dir);
  std::printf("\nTarget: KPIs and clash detection under 0.200 s each at 100,000 leads.\n");
  return 0;
}
