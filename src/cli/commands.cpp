#include "cli/commands.h"
#include "cli/json_csv.h"

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>
#include <boost/json.hpp>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include "cli/text.h"

#include "core/network.h"
#include "core/schema.h"
#include "io/csv.h"
#include "io/dataset_io.h"
#include "io/records.h"

#include "io/json_text.h"
#include "service/analytics.h"
#include "service/database.h"
#include "service/log.h"
#include "service/matching.h"
#include "service/platform.h"
#include "service/records.h"
#include "view/analytics_json.h"
#include "view/json_out.h"

namespace chainscope::cli {
namespace json = boost::json;
namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

std::size_t TotalRows(const Dataset& d) {
  std::size_t n = 0;
  for (const TableSpec& s : TableSpecs()) n += RowCount(d, s.table);
  return n;
}

std::string RowCounts(const Dataset& d) {
  std::string out;
  for (const TableSpec& s : TableSpecs())
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", s.name, RowCount(d, s.table));
  return out;
}

void CheckFormat(const std::string& format) {
  if (format != "csv" && format != "json")
    throw InvalidInput(fmt::format("--format must be csv or json, got '{}'", format));
}

std::string FormatFigure(const CalibrationFigure& f) {
  if (f.unit == "fraction") return fmt::format("{:.1f}%", f.value * 100);
  if (f.unit == "yuan/yr") return fmt::format("{:.3f} bn yuan/yr", f.value / 1e9);
  if (f.unit == "vehicles/yr") return fmt::format("{:.2f} M vehicles/yr", f.value / 1e6);
  return fmt::format("{:.0f}", f.value);
}

}  // namespace

int Generate(const GenerateOptions& o) {
  CheckFormat(o.format);
  const auto start = std::chrono::steady_clock::now();
  const Dataset d = GenerateCalibratedDataset({o.scale, o.seed});
  if (o.format == "json")
    WriteDatasetJson(d, o.out);
  else
    WriteDatasetCsv(d, o.out);
  fmt::print("generated {} rows ({}) in {:.2f} s → {}\n", TotalRows(d), RowCounts(d), Seconds(start), o.out);
  return 0;
}

int Import(const ImportOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  const Dataset d = ReadDataset(o.path);
  const double read_s = Seconds(start);
  Database db(o.db);
  // Enterprises the import adds that look like another one (the same company under another spelling): a
  // warning, never a silent merge.
  const DuplicateReport duplicates = db.Import(d);
  const double total_s = Seconds(start);
  fmt::print("imported {} rows ({}) into {} in {:.2f} s (read and validated in {:.2f} s)\n", TotalRows(d),
             RowCounts(d), db.Describe(), total_s, read_s);
  std::vector<const DuplicatePair*> new_ones;
  for (const DuplicatePair& p : duplicates.pairs) new_ones.push_back(&p);
  if (!new_ones.empty()) {
    fmt::print(stderr,
               "warning: {} likely duplicate enterprise pair{} (nothing was merged; review with "
               "`chainscope dedupe`, then `chainscope merge --keep A --drop B`):\n",
               new_ones.size(), new_ones.size() == 1 ? "" : "s");
    for (std::size_t i = 0; i < new_ones.size() && i < 10; ++i) {
      const DuplicatePair& p = *new_ones[i];
      fmt::print(stderr, "  {} {} ↔ {} {}: {:.2f}, {}\n", d.enterprises[p.a].id, d.enterprises[p.a].name_zh,
                 d.enterprises[p.b].id, d.enterprises[p.b].name_zh, p.score, p.reasons.front().text);
    }
  }
  return 0;
}

int Dedupe(const DedupeOptions& o) {
  if (o.json && o.csv) throw InvalidInput("choose one of --json and --csv");
  DuplicateOptions options;
  options.threshold = o.threshold;
  if (!o.names.empty()) {
    std::ifstream in(o.names, std::ios::binary);
    if (!in) throw InvalidInput(fmt::format("cannot read the names file '{}'", o.names));
    std::stringstream text;
    text << in.rdbuf();
    const auto records = ParseCsv(text.str());
    if (!records)
      throw InvalidInput(fmt::format("{}:{}: {}", o.names, records.error().line, records.error().reason));
    for (const CsvRecord& r : *records) {
      std::vector<std::string> group;
      for (const std::string& name : r.fields)
        if (!name.empty()) group.push_back(name);
      if (group.size() >= 2) options.names.push_back(std::move(group));
    }
  }
  const Dataset d = Database(o.db).Load();
  const auto start = std::chrono::steady_clock::now();
  const DuplicateReport r = AnswerDuplicates(d, options, "--threshold");
  const double seconds = Seconds(start);
  const json::object view = DuplicatesJson(d, r, o.threshold);
  if (o.json) return fmt::print("{}\n", JsonText(view)), 0;
  if (o.csv) return PrintTable(view.at("pairs").as_array(), d, "likely duplicate enterprises"), 0;
  fmt::print(
      "{} likely duplicate pairs among {} enterprises (score ≥ {:.2f}; {} candidate pairs scored in {:.2f} "
      "s)\n",
      r.pairs.size(), r.enterprises, o.threshold, r.candidate_pairs, seconds);
  for (std::size_t i = 0; i < r.pairs.size() && (o.limit == 0 || i < o.limit); ++i) {
    const DuplicatePair& p = r.pairs[i];
    const Enterprise &a = d.enterprises[p.a], &b = d.enterprises[p.b];
    fmt::print("\n{:.2f}  {} {} ({}, {})\n      {} {} ({}, {})\n", p.score, a.id, a.name_zh, a.name, a.place,
               b.id, b.name_zh, b.name, b.place);
    for (const Message& why : p.reasons) fmt::print("      - {}\n", why.text);
  }
  if (!r.pairs.empty())
    fmt::print("\nmerge one into the other with: chainscope merge --db DB --keep ID --drop ID\n");
  return 0;
}

int Merge(const MergeOptions& o) {
  const EnterpriseMerge m = Database(o.db).Merge(o.keep, o.drop);
  std::string moved;
  for (const auto& [table, n] : m.moved) moved += fmt::format("{}{} {}", moved.empty() ? "" : ", ", n, table);
  fmt::print("merged {} into {}: moved {}{}\n", o.drop, o.keep, moved.empty() ? "nothing" : moved,
             m.capabilities_dropped
                 ? fmt::format("; {} capabilit{} of {} left out ({} has them)", m.capabilities_dropped,
                               m.capabilities_dropped == 1 ? "y" : "ies", o.drop, o.keep)
                 : "");
  return 0;
}

int Export(const ExportOptions& o) {
  CheckFormat(o.format);
  const Database db(o.db);
  const Dataset d = db.Load();
  if (o.format == "json")
    WriteDatasetJson(d, o.out);
  else
    WriteDatasetCsv(d, o.out, o.byte_order_mark);
  fmt::print("exported {} rows from {} → {}\n", TotalRows(d), db.Describe(), o.out);
  return 0;
}

int Info(const InfoOptions& o) {
  const Database db(o.db);
  auto net = Network::Build(db.Load());
  const Dataset& d = net->data();
  const auto figures = CalibrationOf(*net);
  json::value meta = json::parse(d.meta_json);
  if (o.json) {
    json::object counts;
    for (const TableSpec& s : TableSpecs()) counts[s.name] = RowCount(d, s.table);
    json::object out{{"store", db.Describe()},
                     {"schema_version", db.SchemaVersion()},
                     {"dataset", meta},
                     {"counts", counts},
                     {"calibration", CalibrationJson(figures)}};
    fmt::print("{}\n", JsonText(out));
    return 0;
  }
  const json::object* m = meta.if_object();
  auto meta_text = [&](std::string_view key) -> std::string {
    if (m && m->contains(key) && m->at(key).is_string()) return std::string(m->at(key).get_string());
    return "-";
  };
  fmt::print("store     {} (schema version {})\n", db.Describe(), db.SchemaVersion());
  fmt::print("dataset   {} (version {})\n\n", meta_text("name"), meta_text("version"));
  fmt::print("{:<20} {:>10}\n", "table", "rows");
  for (const TableSpec& s : TableSpecs()) fmt::print("{:<20} {:>10}\n", s.name, RowCount(d, s.table));
  fmt::print("\n{:<56} {:>22} {:>28}  {}\n", "calibration figure", "value", "public target", "met");
  for (const CalibrationFigure& f : figures)
    fmt::print("{:<56} {:>22} {:>28}  {}\n", f.figure, FormatFigure(f), f.target, f.ok() ? "yes" : "NO");
  fmt::print("\nTargets are for the regional dataset at scale 1; sources are in dataset.json.\n");
  return 0;
}

}  // namespace chainscope::cli

// ---- matchmaking ---------------------------------------------------------------------------------------

namespace chainscope::cli {
namespace {

boost::json::object DemandObject(const MatchOptions& o) {
  boost::json::object obj{{"buyer", o.buyer},
                          {"component", o.component},
                          {"quantity", o.quantity},
                          {"prefer_local", o.prefer_local},
                          {"max_share", o.max_share}};
  if (!o.start_date.empty()) obj["start_date"] = o.start_date;
  if (o.max_distance_km >= 0) obj["max_distance_km"] = o.max_distance_km;
  boost::json::array certs;
  for (const auto& c : o.certs) certs.emplace_back(boost::json::string(c));
  obj["required_certs"] = certs;
  return obj;
}

void PrintCandidate(const Network& net, std::size_t rank, const Candidate& c) {
  const Place& p = net.place(net.place_of(c.supplier));
  fmt::print("{:>3}  {:<16} {:<40} {:<12} {:>6.0f}{} {:>12} {:>14.2f} {:>6.3f} ", rank,
             net.enterprise(c.supplier).id, Clip(net.enterprise(c.supplier).name, 40), Clip(p.name, 12),
             c.distance.km, c.distance.nominal ? "*" : " ", Thousands(c.free_units), c.landed_cost_yuan,
             c.score);
  for (const ScorePart& part : c.parts) fmt::print(" {:>5.2f}", part.value);
  fmt::print("\n");
}

}  // namespace

int Match(const MatchOptions& o) {
  const std::shared_ptr<Platform> opened = Platform::Open(o.db);
  Platform& platform = *opened;
  const auto state = platform.state();
  const Network* net = state->chain.get();
  json::object request = DemandObject(o);
  if (!o.demand.empty())
    request = {{"demand", o.demand}};
  else if (o.buyer.empty() || o.component.empty() || o.quantity <= 0)
    throw InvalidInput("give --demand ID, or --buyer, --component and --quantity");
  MatchRequest match;
  match.demand = DemandOfRequest(*state, request, LocalOperator());
  for (const std::string& w : o.weights) {
    const auto [name, value] = ParseWeight(w);
    match.weights.Set(name, value);
  }
  match.top = o.top;
  if (!o.explain.empty()) {
    match.explain = net->FindEnterprise(o.explain);
    if (!match.explain.valid())
      throw InvalidInput(fmt::format("--explain: unknown enterprise '{}'", o.explain));
  }
  const MatchAnswer answer = MatchDemand(platform, *state, match);
  const DemandSpec& demand = match.demand;
  const MatchResult& result = answer.result;
  const std::optional<Explanation>& explanation = answer.explanation;
  const EnterpriseId explained = match.explain;
  if (o.json) {
    json::object out = MatchJson(*net, demand, result, LocalOperator());
    if (explanation) out["explain"] = ExplanationJson(*net, explained, *explanation, LocalOperator());
    fmt::print("{}\n", JsonText(out));
    return 0;
  }
  const ComponentType& c = net->component(demand.component);
  fmt::print("{} needs {} {} × {} ({}); {} makers, {} eligible\n\n", net->enterprise(demand.buyer).name,
             Thousands(demand.quantity), c.unit, c.name, c.code, result.makers, result.eligible);
  fmt::print(
      "{:>3}  {:<16} {:<40} {:<12} {:>7} {:>12} {:>14} {:>6}  {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} "
      "{:>5}\n",
      "#", "supplier", "name", "place", "km", "free units", "landed yuan", "score", "fit", "cap", "price",
      "dist", "qual", "local", "conc", "corr");
  for (std::size_t i = 0; i < result.candidates.size(); ++i)
    PrintCandidate(*net, i + 1, result.candidates[i]);
  fmt::print(
      "\nlanded = unit price + logistics ({:.0f}% of the price per 1,000 km); * nominal distance off the "
      "map\n",
      kLogisticsSharePerThousandKm * 100);
  if (explanation) {
    fmt::print("\n{} ({}): ", net->enterprise(explained).name, o.explain);
    if (explanation->exclusions.empty()) {
      fmt::print("eligible, rank {} of {}\n", explanation->rank, result.eligible);
      for (const ScorePart& p : explanation->candidate->parts)
        fmt::print("  {:<14} value {:.3f} × weight {:.2f} = {:+.3f}\n", p.name, p.value, p.weight,
                   p.contribution);
    } else {
      fmt::print("excluded\n");
      for (const auto& why : explanation->exclusions) fmt::print("  - {}\n", why.text);
    }
  }
  return 0;
}

const std::atomic<bool>* Interrupted() {
  static std::atomic<bool> interrupted{false};
  // SIGINT is blocked in this thread (and so in every thread it starts later) and taken by one waiting
  // thread: a handler would not do, as CLP installs its own around each solve and swallows the signal.
  static const bool installed = [] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    if (pthread_sigmask(SIG_BLOCK, &set, nullptr) != 0) return false;
    std::thread([set] {
      for (int taken = 0;;) {
        int signal = 0;
        if (sigwait(&set, &signal) != 0) continue;
        if (++taken > 1) std::_Exit(130);  // a second Ctrl-C ends the program at once
        interrupted.store(true);
        std::fputs("\nstopping… (Ctrl-C again ends the program at once)\n", stderr);
      }
    }).detach();
    return true;
  }();
  (void)installed;
  return &interrupted;
}

int Allocate(const AllocateOptions& o) {
  const std::atomic<bool>* stop = Interrupted();  // before any thread starts: they inherit its signal mask
  if (o.json && o.csv) throw InvalidInput("choose one of --json and --csv");
  const std::shared_ptr<Platform> opened = Platform::Open(o.db);
  Platform& platform = *opened;
  const auto state = platform.state();
  const Network* net = state->chain.get();
  AllocationOptions options =
      AllocationOptionsOf({{"unmet_penalty_factor", o.unmet_penalty_factor}, {"algorithm", o.algorithm}});
  options.stop = stop;  // Ctrl-C stops it (exit 130)
  // The operator's own machine: no server bound on the allocation's size.
  const AllocationAnswer answer =
      AllocateOpenDemands(platform, *state, options, std::numeric_limits<std::size_t>::max());
  const std::vector<DemandSpec>& demands = answer.demands;
  const Allocation& a = answer.allocation;
  const double seconds = answer.seconds;
  if (o.json) {
    fmt::print("{}\n", JsonText(AllocationJson(*net, demands, a, LocalOperator())));
    return 0;
  }
  if (o.csv) {
    // The assignments, then the unmet demands (their supplier columns empty), in the view's columns.
    const json::object view = AllocationJson(*net, demands, a, LocalOperator());
    json::array rows = view.at("assignments").as_array();
    for (const json::value& unmet : view.at("unmet").as_array()) rows.push_back(unmet);
    PrintTable(rows, net->data(), "allocation");
    return 0;
  }
  fmt::print("{} open demands, {} supply options, {} eligible arcs; solved in {:.3f} s ({} round{})\n",
             demands.size(), a.problem.supply.size(), a.problem.arcs.size(), seconds, a.solution.rounds,
             a.solution.rounds == 1 ? "" : "s");
  fmt::print("assigned {} units for {:.3f} M yuan landed; unmet {} units (penalty {:.3f} M yuan)\n",
             Thousands(a.units_assigned), a.total_cost_yuan / 1e6, Thousands(a.units_unmet),
             a.penalty_yuan / 1e6);
  fmt::print("sourced in Sichuan + Chongqing: {:.1f}% of value; in the buyer's own province: {:.1f}%\n\n",
             a.regional_share_value * 100, a.local_share_value * 100);
  fmt::print("{:<8} {:<16} {:<9} {:<9} {:>10} {:>12}  {}\n", "demand", "buyer", "component", "supplier",
             "units", "yuan/unit", "reason");
  for (const Assignment& as : a.assignments) {
    const DemandSpec& d = demands[as.demand];
    fmt::print("{:<8} {:<16} {:<9} {:<9} {:>10} {:>12.2f}  {}\n", d.id, Clip(net->enterprise(d.buyer).id, 16),
               net->component(d.component).code, net->enterprise(as.supplier).id, Thousands(as.quantity),
               as.unit_cost_yuan, AssignmentReason(as, true).text);
  }
  for (const UnmetDemand& u : a.unmet) {
    const DemandSpec& d = demands[u.demand];
    fmt::print("{:<8} {:<16} {:<9} {:<9} {:>10} {:>12}  unmet: {}\n", d.id,
               Clip(net->enterprise(d.buyer).id, 16), net->component(d.component).code, "-",
               Thousands(u.quantity), "-", u.reason.text);
  }
  return 0;
}

namespace {

template <class T>
int ManageRecords(const RecordOptions& o) {
  using Kind = RecordKind<T>;
  const std::shared_ptr<Platform> opened = Platform::Open(o.db);
  Platform& platform = *opened;
  if (o.action == "list") {
    const auto state = platform.state();
    RecordQuery query;
    if (!o.all) query.open = true;
    json::array out;
    for (const T* r : ListRecords<T>(*state->market, query, LocalOperator()))
      out.push_back(RecordJson(*state->chain, *r, LocalOperator()));
    if (o.json) {
      fmt::print("{}\n", JsonText(out));
      return 0;
    }
    const std::string owner(Kind::kOwnerField), owner_name = owner + "_name";
    const char* quantity = Kind::kTable == Table::kDemands ? "annual_quantity" : "annual_capacity";
    for (const auto& v : out) {
      const auto& r = v.as_object();
      fmt::print("{:<8} {:<7} {:<18} {:<9} {:>12}  {}\n", std::string_view(r.at("id").as_string()),
                 std::string_view(r.at("status").as_string()), std::string_view(r.at(owner).as_string()),
                 std::string_view(r.at("component").as_string()),
                 Thousands(r.at(quantity).to_number<std::int64_t>()),
                 std::string_view(r.at(owner_name).as_string()));
    }
    return 0;
  }
  if (o.action == "close") {
    CloseRecord<T>(platform, LocalOperator(), o.id, std::nullopt);
    fmt::print("closed {}\n", o.id);
    return 0;
  }
  if (o.action == "add") {
    json::object obj{{"component", o.component}, {Kind::kOwnerField, o.party}};
    if (!o.id.empty()) obj["id"] = o.id;
    if constexpr (std::is_same_v<T, Demand>) {
      obj["annual_quantity"] = o.quantity;
      obj["start_date"] = o.start_date;
      obj["prefer_local"] = o.prefer_local;
      obj["max_share"] = o.max_share;
      if (o.max_distance_km >= 0) obj["max_distance_km"] = o.max_distance_km;
      json::array certs;
      for (const auto& c : o.certs) certs.emplace_back(json::string(c));
      obj["required_certs"] = certs;
    } else {
      obj["annual_capacity"] = o.quantity;
      if (o.price_yuan < 0) throw InvalidInput("--price is required for an offer");
      obj["unit_price_yuan"] = o.price_yuan;
      if (!o.valid_until.empty()) obj["valid_until"] = o.valid_until;
      obj["price_public"] = o.price_public;
    }
    const auto written = CreateRecord<T>(platform, LocalOperator(), std::move(obj));
    fmt::print("added {}\n", written.record.id);
    return 0;
  }
  throw InvalidInput(fmt::format("unknown action '{}' (list, add, close)", o.action));
}

}  // namespace

int Demands(const RecordOptions& o) {
  return ManageRecords<Demand>(o);
}
int Offers(const RecordOptions& o) {
  return ManageRecords<Offer>(o);
}

}  // namespace chainscope::cli
