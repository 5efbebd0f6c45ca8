// bench: several `chainscope serve` processes on one PostgreSQL — read throughput through 1 and 2 servers
// (closed-loop clients spread evenly over them), write throughput through 1 and 2 servers of one core each
// (target: two at least 1.5× one), the stress sweep's wall time with 1, 2 and 3 servers
// working on its parts, and import rows/s into PostgreSQL beside SQLite. Prints Markdown tables.
//   bench_servers --db postgresql://…  [--scale 10] [--import-scales 1,10,100 (or "" for none)] [--seconds 5]
// (--db defaults to $CHAINSCOPE_TEST_PG; each run uses a fresh schema of that database, dropped after.)
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "core/schema.h"
#include "dataset/generator.h"
#include "io/dataset_io.h"
#include "server/http_client.h"
#include "server/serve_process.h"
#include "store/store.h"

namespace {
using namespace chainscope;
using bench::Clock;
using bench::Since;
using testing::Client;
using testing::ServeProcess;
namespace json = boost::json;

/// A fresh schema of the database, dropped when the object dies; `url` opens it.
struct Schema {
  Schema(const std::string& base, const std::string& name) : base(base), name(name) {
    pqxx::connection c(base);
    pqxx::nontransaction t(c);
    t.exec("DROP SCHEMA IF EXISTS " + name + " CASCADE; CREATE SCHEMA " + name);
    url = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + name;
  }
  ~Schema() {
    try {
      pqxx::connection c(base);
      pqxx::nontransaction t(c);
      t.exec("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    } catch (const std::exception&) {
    }
  }
  std::string base, name, url;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

std::string SessionHeader(std::uint16_t port, const std::string& email = "analyst@bench.example") {
  Client c(port);
  const auto r =
      c.Call("POST", "/api/v1/auth/login", R"({"email":")" + email + R"(","password":"bench password 1"})");
  if (r.status != 200) throw std::runtime_error("sign-in failed: " + r.body);
  const std::string cookie = r.Header("Set-Cookie");
  return "Cookie: " + cookie.substr(0, cookie.find(';')) + "\r\nX-Requested-With: chainscope\r\n";
}

/// `n` servers; `pinned`: server i on core i mod cores only, as if each had a machine of one core.
std::vector<std::unique_ptr<ServeProcess>> Start(const std::string& url, int n,
                                                 const std::filesystem::path& dir, bool pinned = false) {
  std::vector<std::unique_ptr<ServeProcess>> out;
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < n; ++i) {
    out.push_back(std::make_unique<ServeProcess>(
        url, std::vector<std::string>{"--secrets-key", (dir / "secrets.key").string(), "--rate-limit", "0"},
        pinned ? i % cores : -1));
    if (out.back()->port() == 0) throw std::runtime_error("a server did not start");
  }
  return out;
}

struct Load {
  double per_s = 0, p50_ms = 0, p99_ms = 0;  // answered as expected, a second
  int errors = 0;
};

/// `connections` closed-loop clients, spread over the servers, each sending `call` (true: answered as
/// expected) as soon as its last one is answered, for `seconds`.
Load ClosedLoop(const std::vector<std::unique_ptr<ServeProcess>>& servers, const std::string& headers,
                int connections, double seconds, const std::function<bool(Client&)>& call) {
  std::vector<std::vector<double>> ms(static_cast<std::size_t>(connections));
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  for (int i = 0; i < connections; ++i)
    threads.emplace_back([&, i] {
      Client c(servers[static_cast<std::size_t>(i) % servers.size()]->port());
      c.always = headers;
      while (Clock::now() < end) {
        const auto t = Clock::now();
        if (!call(c)) ++errors;
        ms[static_cast<std::size_t>(i)].push_back(Since(t) * 1e3);
      }
    });
  for (auto& t : threads) t.join();
  const double elapsed = Since(start);
  std::vector<double> all;
  for (const auto& v : ms) all.insert(all.end(), v.begin(), v.end());
  return {static_cast<double>(all.size() - static_cast<std::size_t>(errors.load())) / elapsed,
          Percentile(all, 0.5), Percentile(all, 0.99), errors.load()};
}

/// GETs of `target` through the servers: a table row.
std::string Reads(const std::vector<std::unique_ptr<ServeProcess>>& servers, const std::string& target,
                  const std::string& headers, int connections, double seconds) {
  const Load l = ClosedLoop(servers, headers, connections, seconds,
                            [&](Client& c) { return c.Get(target).status == 200; });
  return fmt::format("| {} | {:>7} | {:>10.0f} | {:>7.2f} | {:>7.2f} | {:>6} |\n", target, servers.size(),
                     l.per_s, l.p50_ms, l.p99_ms, l.errors);
}

/// Demand creates through the servers (each a store transaction with its audit row and its notice work).
Load Writes(const std::vector<std::unique_ptr<ServeProcess>>& servers, const std::string& headers,
            int connections, double seconds) {
  const std::string body =
      R"({"buyer":"changan","component":"EDS-MOT","annual_quantity":5000,"start_date":"2027-06-01"})";
  return ClosedLoop(servers, headers, connections, seconds,
                    [&](Client& c) { return c.Call("POST", "/api/v1/demands", body).status == 201; });
}

/// Starts a sweep on the first server and waits for it; its wall time and parts.
std::string Sweep(const std::vector<std::unique_ptr<ServeProcess>>& servers, const std::string& headers,
                  bool pinned) {
  Client c(servers[0]->port());
  c.always = headers;
  const auto t = Clock::now();
  const auto started = c.Call("POST", "/api/v1/stress", R"({"ttr_days": 30})");
  if (started.status != 202) throw std::runtime_error("stress: " + started.body);
  const std::string job(json::parse(started.body).at("job").as_string());
  json::object view;
  for (;;) {
    view = json::parse(c.Get("/api/v1/stress/" + job).body).as_object();
    if (view.at("status") != "running" && view.at("status") != "queued") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (view.at("status") != "done") throw std::runtime_error("stress: " + json::serialize(view));
  return fmt::format("| {:>7} | {:>16} | {:>5} | {:>6} | {:>8.1f} |\n", servers.size(),
                     pinned ? "one core each" : "all cores", view.at("parts").as_int64(),
                     view.at("progress").at("total").as_int64(), Since(t));
}

std::size_t Rows(const Dataset& d) {
  std::size_t n = 0;
  for (const TableSpec& s : TableSpecs()) n += RowCount(d, s.table);
  return n;
}

/// One import (and load back) into SQLite and into PostgreSQL.
std::string Import(int scale, const std::string& base, const std::filesystem::path& dir) {
  const Dataset d = GenerateDataset({scale, 20231229});
  const std::size_t rows = Rows(d);
  std::string out = fmt::format("| {:>5} | {:>9} ", scale, rows);
  auto measure = [&](const std::string& url) {
    auto store = OpenStore(url);
    auto t = Clock::now();
    store->ReplaceDataset(d);
    const double import_s = Since(t);
    t = Clock::now();
    const Dataset back = store->LoadDataset();
    const double load_s = Since(t);
    out += fmt::format("| {:>10.0f} | {:>10.0f} ", rows / import_s, Rows(back) / load_s);
  };
  std::filesystem::create_directories(dir);
  measure((dir / fmt::format("import{}.db", scale)).string());
  const Schema schema(base, fmt::format("bench_import_{}", scale));
  measure(schema.url);
  return out + "|\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string base = std::getenv("CHAINSCOPE_TEST_PG") ? std::getenv("CHAINSCOPE_TEST_PG") : "";
  int scale = 10;
  std::vector<int> import_scales{1, 10, 100};
  double seconds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--db")
      base = argv[i + 1];
    else if (flag == "--scale")
      scale = std::stoi(argv[i + 1]);
    else if (flag == "--import-scales")
      import_scales = bench::ParseScales(argv[i + 1]);
    else if (flag == "--seconds")
      seconds = std::stod(argv[i + 1]);
  }
  if (base.empty()) {
    fmt::print(stderr, "bench_servers: give --db postgresql://… (or set CHAINSCOPE_TEST_PG)\n");
    return 2;
  }
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "chainscope-bench-servers";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  if (!import_scales.empty())
    fmt::print(
        "| scale |      rows | SQLite import rows/s | SQLite load rows/s | PostgreSQL import rows/s | "
        "PostgreSQL load rows/s "
        "|\n|------:|----------:|-----------:|-----------:|-----------:|-----------:|\n");
  std::fflush(stdout);
  for (int s : import_scales) {
    fmt::print("{}", bench::Isolated([&] { return Import(s, base, dir); }));
    std::fflush(stdout);
  }

  const Schema schema(base, "bench_servers");
  const std::string ds = (dir / "ds").string();
  const std::string bin = testing::ChainscopeBin();
  if (std::system(fmt::format("{} generate --scale {} --out {} > /dev/null", bin, scale, ds).c_str()) != 0 ||
      std::system(fmt::format("{} import {} --db '{}' > /dev/null", bin, ds, schema.url).c_str()) != 0 ||
      std::system(
          fmt::format("printf 'bench password 1\\n' | {} user add --db '{}' --email analyst@bench.example "
                      "--role analyst --password-stdin > /dev/null",
                      bin, schema.url)
              .c_str()) != 0 ||
      std::system(
          fmt::format("printf 'bench password 1\\n' | {} user add --db '{}' --email admin@bench.example "
                      "--role admin --password-stdin > /dev/null",
                      bin, schema.url)
              .c_str()) != 0) {
    fmt::print(stderr, "bench_servers: could not set up the scale-{} dataset\n", scale);
    return 1;
  }
  fmt::print("\nReads at scale {}, 64 connections spread over the servers, {} s each:\n\n", scale, seconds);
  fmt::print("| request | servers | requests/s | p50 ms | p99 ms | errors |\n|:--|--:|--:|--:|--:|--:|\n");
  std::fflush(stdout);
  for (int n : {1, 2}) {
    const auto servers = Start(schema.url, n, dir);
    const std::string headers = SessionHeader(servers[0]->port());
    for (const char* target : {"/api/v1/health", "/api/v1/enterprises?limit=50"}) {
      fmt::print("{}", Reads(servers, target, headers, 64, seconds));
      std::fflush(stdout);
    }
  }
  fmt::print(
      "\nWrites at scale {}: 16 connections spread over the servers POST demands for {} s; each server on a "
      "core of its own\nTarget: two servers at least 1.5× one server's write rate\n\n",
      scale, seconds);
  fmt::print(
      "| servers | writes/s | p50 ms | p99 ms | errors | ÷ one server | target "
      "|\n|--:|--:|--:|--:|--:|--:|:--|\n");
  std::fflush(stdout);
  double one_server = 0;
  for (int n : {1, 2}) {
    const auto servers = Start(schema.url, n, dir, true);
    const Load w = Writes(servers, SessionHeader(servers[0]->port(), "admin@bench.example"), 16, seconds);
    if (n == 1) one_server = w.per_s;
    const double ratio = one_server > 0 ? w.per_s / one_server : 0;
    fmt::print("| {} | {:.0f} | {:.2f} | {:.2f} | {} | {:.2f} | {} |\n", n, w.per_s, w.p50_ms, w.p99_ms,
               w.errors, ratio,
               n == 1         ? ""
               : ratio >= 1.5 ? "≥ 1.5: met"
                              : "≥ 1.5: NOT MET");
    std::fflush(stdout);
  }
  fmt::print("\nThe stress sweep at scale {} (ttr 30 days), parts shared by the servers:\n\n", scale);
  fmt::print(
      "| servers | each server runs on | parts |  nodes | wall s "
      "|\n|--------:|:--|------:|-------:|-------:|\n");
  std::fflush(stdout);
  for (bool pinned : {false, true})
    for (int n : {1, 2, 3}) {
      const auto servers = Start(schema.url, n, dir, pinned);
      fmt::print("{}", Sweep(servers, SessionHeader(servers[0]->port()), pinned));
      std::fflush(stdout);
    }
  std::filesystem::remove_all(dir);
  return 0;
}
