#include "cli/commands.h"

#include <fmt/format.h>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "analytics/calibration.h"
#include "core/network.h"
#include "core/schema.h"
#include "io/dataset_io.h"
#include "io/generator.h"
#include "server/api.h"
#include "server/http_server.h"
#include "server/json_out.h"
#include "store/store.h"

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
  const Dataset d = GenerateDataset({o.scale, o.seed});
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
  auto store = OpenStore(o.db);
  store->ReplaceDataset(d);
  const double total_s = Seconds(start);
  fmt::print("imported {} rows ({}) into {} in {:.2f} s (read and validated in {:.2f} s)\n", TotalRows(d),
             RowCounts(d), store->Describe(), total_s, read_s);
  return 0;
}

int Export(const ExportOptions& o) {
  CheckFormat(o.format);
  auto store = OpenStore(o.db);
  const Dataset d = store->LoadDataset();
  if (o.format == "json")
    WriteDatasetJson(d, o.out);
  else
    WriteDatasetCsv(d, o.out);
  fmt::print("exported {} rows from {} → {}\n", TotalRows(d), store->Describe(), o.out);
  return 0;
}

int Info(const InfoOptions& o) {
  auto store = OpenStore(o.db);
  auto net = Network::Build(store->LoadDataset());
  const Dataset& d = net->data();
  const auto figures = MeasureCalibration(*net);
  json::value meta = json::parse(d.meta_json);
  if (o.json) {
    json::object counts;
    for (const TableSpec& s : TableSpecs()) counts[s.name] = RowCount(d, s.table);
    json::object out{{"store", store->Describe()},
                     {"schema_version", store->SchemaVersion()},
                     {"dataset", meta},
                     {"counts", counts},
                     {"calibration", CalibrationJson(figures)}};
    fmt::print("{}\n", json::serialize(out));
    return 0;
  }
  const json::object* m = meta.if_object();
  auto meta_text = [&](std::string_view key) -> std::string {
    if (m && m->contains(key) && m->at(key).is_string()) return std::string(m->at(key).get_string());
    return "-";
  };
  fmt::print("store     {} (schema version {})\n", store->Describe(), store->SchemaVersion());
  fmt::print("dataset   {} (version {})\n\n", meta_text("name"), meta_text("version"));
  fmt::print("{:<20} {:>10}\n", "table", "rows");
  for (const TableSpec& s : TableSpecs()) fmt::print("{:<20} {:>10}\n", s.name, RowCount(d, s.table));
  fmt::print("\n{:<56} {:>22} {:>28}  {}\n", "calibration figure", "value", "public target", "met");
  for (const CalibrationFigure& f : figures)
    fmt::print("{:<56} {:>22} {:>28}  {}\n", f.figure, FormatFigure(f), f.target, f.ok() ? "yes" : "NO");
  fmt::print("\nTargets are for the regional dataset at scale 1; sources are in dataset.json.\n");
  return 0;
}

int Serve(const ServeOptions& o) {
  if (o.port < 0 || o.port > 65535) throw InvalidInput(fmt::format("--port must be 0–65535, got {}", o.port));
  auto store = OpenStore(o.db);
  const auto start = std::chrono::steady_clock::now();
  auto net = Network::Build(store->LoadDataset());
  Api api(net, store->Describe(), store->SchemaVersion(), o.web);
  ServerOptions so;
  so.host = o.host;
  so.port = static_cast<std::uint16_t>(o.port);
  so.threads = std::max(1, o.threads);
  HttpServer server(api, so);
  fmt::print("chainscope: loaded {} enterprises and {} links from {} in {:.2f} s\n", net->enterprise_count(),
             net->link_count(), store->Describe(), Seconds(start));
  const std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  fmt::print("chainscope: serving on http://{}:{}/  (API: http://{}:{}/api/v1/health; Ctrl-C stops)\n", host,
             server.port(), host, server.port());
  std::fflush(stdout);
  server.Run();
  return 0;
}

}  // namespace chainscope::cli
