// cli: `chainscope` — the command-line front end. Parses arguments (CLI11), runs one command, and is the
// one place that maps failures to exit codes: 0 ok, 1 failure, 2 bad input (with the reason on stderr).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/json_csv.h"
#include "core/model.h"
#include "io/json_text.h"
#include "server/openapi.h"
#include "server/serve.h"
#include "service/errors.h"

namespace {

/// --db on every command that opens the store; CHAINSCOPE_DB when the flag is not given.
void AddDbOption(CLI::App* cmd, std::string& db) {
  cmd->add_option("--db", db,
                  "The store: a SQLite file, or a PostgreSQL URL (postgresql://user@host/db); default: "
                  "$CHAINSCOPE_DB")
      ->envname("CHAINSCOPE_DB")
      ->required();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace chainscope;
  CLI::App app{"chainscope — the Chengdu–Chongqing automotive industry chain platform"};
  app.require_subcommand(1);
  bool csv_bom = false;  // --bom on every command that writes CSV

  cli::GenerateOptions gen;
  auto* generate = app.add_subcommand("generate", "Generate the calibrated Chengdu–Chongqing dataset");
  generate->add_option("--out", gen.out, "Output folder (csv) or file (json)")->required();
  generate->add_option("--scale", gen.scale, "Multiply enterprises, lines and links (1 = calibrated)")
      ->check(CLI::Range(1, 1000));
  generate->add_option("--seed", gen.seed, "Random seed");
  generate->add_option("--format", gen.format, "csv or json");

  cli::ImportOptions imp;
  auto* import =
      app.add_subcommand("import", "Validate a dataset (folder or .json) and replace the database's data");
  import->add_option("path", imp.path, "Dataset folder or JSON file")->required();
  AddDbOption(import, imp.db);

  cli::ExportOptions exp;
  auto* exporter = app.add_subcommand("export", "Write the database's dataset as CSV files or one JSON file");
  AddDbOption(exporter, exp.db);
  exporter->add_option("--out", exp.out, "Output folder (csv) or file (json)")->required();
  exporter->add_option("--format", exp.format, "csv or json");
  exporter->add_flag("--bom", csv_bom,
                     "CSV files begin with a UTF-8 byte-order mark (Excel on Chinese Windows)");

  cli::DedupeOptions dedupe;
  auto* dedupe_cmd = app.add_subcommand(
      "dedupe", "Likely duplicate enterprises (one company under several names), with scores and reasons");
  AddDbOption(dedupe_cmd, dedupe.db);
  dedupe_cmd->add_option("--threshold", dedupe.threshold, "Least score of a pair listed, 0–1 (default 0.8)");
  dedupe_cmd->add_option(
      "--names", dedupe.names,
      "CSV of more known names: each row the names of one company (former, short, English)");
  dedupe_cmd->add_option("--limit", dedupe.limit, "Pairs printed (default 50; 0 = all)");
  dedupe_cmd->add_flag("--json", dedupe.json, "Machine-readable output");
  cli::MergeOptions merge;
  auto* merge_cmd = app.add_subcommand(
      "merge",
      "Merge a duplicate enterprise into another: its links, capabilities, lines, demands, offers, "
      "dealers, responses, deals and accounts move; audit-logged");
  AddDbOption(merge_cmd, merge.db);
  merge_cmd->add_option("--keep", merge.keep, "The enterprise that stays (id)")->required();
  merge_cmd->add_option("--drop", merge.drop, "The duplicate merged into it and deleted (id)")->required();

  cli::ImportTableOptions import_table;
  auto* import_table_cmd = app.add_subcommand(
      "import-table",
      "Import a spreadsheet (.xlsx, or CSV in UTF-8 or GB18030) of enterprises, capabilities, links, demands "
      "or "
      "offers with its own headers: a dry run shows each row's fate; a commit writes all rows or none");
  AddDbOption(import_table_cmd, import_table.db);
  import_table_cmd
      ->add_option("--kind", import_table.kind, "enterprises, capabilities, links, demands or offers")
      ->required();
  import_table_cmd->add_option("--file", import_table.file, "The .xlsx or .csv file")->required();
  import_table_cmd->add_option(
      "--mapping", import_table.mapping,
      "JSON file {\"field\": \"header\", …} naming each field's column (default: the headers recognised)");
  import_table_cmd->add_flag("--dry-run", import_table.dry_run, "Show each row's fate; write nothing");
  import_table_cmd->add_flag("--json", import_table.json, "Machine-readable output (the API's answer)");

  cli::InfoOptions info;
  auto* info_cmd = app.add_subcommand("info", "Row counts and every calibration figure against its target");
  AddDbOption(info_cmd, info.db);
  info_cmd->add_flag("--json", info.json, "Machine-readable output");

  ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "Serve the HTTP API and the dashboard");
  AddDbOption(serve_cmd, serve.db);
  serve_cmd->add_option("--host", serve.host, "Address to listen on");
  serve_cmd->add_option("--port", serve.port, "Port (0 = any free port)");
  serve_cmd->add_option("--threads", serve.threads, "I/O threads");
  serve_cmd->add_option("--compute-threads", serve.compute_threads,
                        "Compute threads for heavy requests (0 = cores)");
  serve_cmd->add_option("--log-level", serve.log_level, "trace, debug, info, warn, error, critical or off");
  serve_cmd->add_option("--log-file", serve.log_file,
                        "Append the access and application logs here (default stderr)");
  serve_cmd->add_option("--web", serve.web, "Folder of the built dashboard (web/dist)");
  serve_cmd->add_flag(
      "--secure-cookies", serve.secure_cookies,
      "Served over https by a reverse proxy: the session cookie is __Host-cs_session, Secure");
  serve_cmd->add_option(
      "--rate-limit", serve.rate_limit,
      "Requests per second per API token, or per client address (default 100; 0 = no limit)");
  serve_cmd->add_option("--secrets-key", serve.secrets_key,
                        "Key file sealing webhook secrets, made on first use (SQLite default: the database + "
                        ".key; required with PostgreSQL); every server of one store needs the same");
  serve_cmd->add_option("--trust-proxy", serve.trusted_proxies,
                        "Address of a reverse proxy whose X-Forwarded-For names the client (repeatable)");
  serve_cmd->add_option("--job-workers", serve.job_workers,
                        "Job parts this server works on at once (default 2)");
  serve_cmd->add_option(
      "--job-lease", serve.job_lease_s,
      "Seconds a job part stays claimed without renewal before another server takes it over "
      "(default 10)");
  serve_cmd->add_option(
      "--request-timeout", serve.request_timeout_s,
      fmt::format("Seconds a heavy request (an engine, a write) may run before it is stopped "
                  "with 503 (default {}; 0 = no deadline)",
                  kDefaultRequestTimeoutSeconds));
  serve_cmd->add_option(
      "--max-sweep-nodes", serve.costs.sweep_nodes,
      fmt::format("Refuse a stress sweep over this many nodes (default {})", serve.costs.sweep_nodes));
  serve_cmd->add_option(
      "--max-scenario-columns", serve.costs.scenario_lp_columns,
      fmt::format("Refuse a scenario whose largest program has more LP columns (default and "
                  "most {})",
                  kMaxScenarioLpColumns));
  serve_cmd->add_option(
      "--max-scenario-results", serve.costs.scenario_result_cells,
      fmt::format("Refuse a scenario keeping more (bucket, item) results (default and most {})",
                  kMaxScenarioResultCells));
  serve_cmd->add_option(
      "--max-job-seconds", serve.costs.job_seconds,
      fmt::format("Refuse a sweep or scenario job estimated to run longer, in seconds; a job part running 3× "
                  "as long is stopped (default {})",
                  kDefaultMaxJobSeconds));
  serve_cmd->add_option("--max-allocation-arcs", serve.costs.allocation_arcs,
                        fmt::format("Refuse an allocation of more supplier–demand arcs (default {})",
                                    serve.costs.allocation_arcs));
  serve_cmd->add_option(
      "--max-what-if-links", serve.costs.what_if_links,
      fmt::format("Refuse a what-if on a chain of more links (default {})", serve.costs.what_if_links));
  serve_cmd->add_option(
      "--smtp", serve.smtp,
      "SMTP relay (smtp://host:25, smtps://user:password@host:465): one-time set-password links of "
      "approvals and invitations are also e-mailed");
  serve_cmd->add_option("--smtp-from", serve.smtp_from, "The e-mails' sender (default chainscope@localhost)");
  serve_cmd->add_option("--public-url", serve.public_url,
                        "The dashboard's address in e-mailed links (default http://HOST:PORT)");
  serve_cmd->add_flag("--webhooks-allow-private", serve.webhooks_allow_private,
                      "Let webhooks target private and loopback addresses (a closed network, tests)");

  cli::MatchOptions match;
  auto* match_cmd = app.add_subcommand("match", "Ranked, explained candidate suppliers for one demand");
  AddDbOption(match_cmd, match.db);
  match_cmd->add_option("--demand", match.demand, "A stored demand id (instead of the inline fields)");
  match_cmd->add_option("--buyer", match.buyer, "Buyer enterprise id");
  match_cmd->add_option("--component", match.component, "Component code, e.g. BAT-PACK");
  match_cmd->add_option("--quantity", match.quantity, "Units per year");
  match_cmd->add_option("--start-date", match.start_date, "YYYY-MM-DD; offers ending before it are excluded");
  match_cmd->add_option("--max-distance-km", match.max_distance_km, "Largest great-circle distance");
  match_cmd->add_option("--cert", match.certs, "Required certification (repeatable)");
  match_cmd->add_flag("--prefer-local", match.prefer_local, "Double the weight of local suppliers");
  match_cmd->add_option("--max-share", match.max_share, "Largest share one supplier may take (0–1]");
  match_cmd->add_option("--top", match.top, "How many candidates")->check(CLI::Range(1, 1000));
  match_cmd->add_option("--weight", match.weights,
                        "Score weight name=value (repeatable): fit, capacity, price, "
                        "distance, quality, local, concentration, correlated");
  match_cmd->add_option("--explain", match.explain, "Why this supplier is ranked or excluded");
  match_cmd->add_flag("--json", match.json, "Machine-readable output");

  std::string xlsx_file;
  // --csv, --bom and --xlsx FILE: a command's table as CSV on stdout, or as an Excel workbook.
  auto table_options = [&](CLI::App* cmd, bool& csv, const char* about) {
    cmd->add_flag("--csv", csv, about);
    cmd->add_flag("--bom", csv_bom,
                  "With --csv: begin with a UTF-8 byte-order mark (Excel on Chinese Windows)");
    cmd->add_option_function<std::string>(
           "--xlsx",
           [&csv, &xlsx_file](const std::string& file) {
             csv = true;
             xlsx_file = file;
           },
           "Write the table to this Excel workbook (typed cells, units in the headings, an about sheet)")
        ->type_name("FILE");
  };
  table_options(dedupe_cmd, dedupe.csv, "Pairs as CSV");

  cli::AllocateOptions alloc;
  auto* allocate = app.add_subcommand("allocate", "Optimal allocation of all open demands (min-cost flow)");
  AddDbOption(allocate, alloc.db);
  allocate->add_option("--unmet-penalty", alloc.unmet_penalty_factor,
                       "Cost of an unmet unit as a multiple of the component's typical price (default 3)");
  allocate->add_option("--algorithm", alloc.algorithm, "network_simplex (default) or cost_scaling");
  allocate->add_flag("--json", alloc.json, "Machine-readable output");
  table_options(allocate, alloc.csv, "Assignments as CSV");

  // The options demand and offer share; `party` is the buyer or the supplier.
  auto record_command = [&](const char* name, const char* about, cli::RecordOptions& o, const char* party,
                            const char* party_help, const char* quantity) {
    auto* cmd = app.add_subcommand(name, about);
    cmd->add_option("action", o.action, "list, add or close")->required();
    cmd->add_option("id", o.id, "Id (close; optional for add)");
    AddDbOption(cmd, o.db);
    cmd->add_option(party, o.party, party_help);
    cmd->add_option("--component", o.component, "Component code");
    cmd->add_option(quantity, o.quantity, "Units per year");
    cmd->add_flag("--all", o.all, "list: closed ones too");
    cmd->add_flag("--json", o.json, "Machine-readable output");
    return cmd;
  };
  cli::RecordOptions dem, off;
  auto* demand_cmd = record_command("demand", "Buyers' demands: list, add, close", dem, "--buyer",
                                    "Buyer enterprise id", "--quantity");
  demand_cmd->add_option("--start-date", dem.start_date, "YYYY-MM-DD (required for add)");
  demand_cmd->add_option("--max-distance-km", dem.max_distance_km, "Largest distance");
  demand_cmd->add_option("--cert", dem.certs, "Required certification (repeatable)");
  demand_cmd->add_flag("--prefer-local", dem.prefer_local, "Prefer local suppliers");
  demand_cmd->add_option("--max-share", dem.max_share, "Largest share one supplier may take (0–1]");
  auto* offer_cmd = record_command("offer", "Suppliers' offers of free capacity: list, add, close", off,
                                   "--supplier", "Supplier enterprise id", "--capacity");
  offer_cmd->add_option("--price", off.price_yuan, "Unit price, yuan");
  offer_cmd->add_option("--valid-until", off.valid_until, "YYYY-MM-DD");
  offer_cmd->add_flag("--price-public", off.price_public,
                      "Publish the price to other enterprises (default: only the supplier sees it)");

  // The chain analytics commands share their filters.
  cli::AnalyticsOptions loc, flow, weak;
  auto analytics_command = [&](const char* name, const char* about, cli::AnalyticsOptions& o) {
    auto* cmd = app.add_subcommand(name, about);
    AddDbOption(cmd, o.db);
    cmd->add_option("--buyers", o.buyers, "Whose purchases: oem (vehicle makers) or all (every tier)");
    cmd->add_option("--limit", o.limit,
                    "Rows per table (default 20) or items per JSON list (default all); 0 = all");
    cmd->add_flag("--json", o.json, "Machine-readable output");
    table_options(cmd, o.csv, "CSV output");
    return cmd;
  };
  auto* loc_cmd = analytics_command(
      "localization", "Local and regional sourcing rates (first tier and whole upstream path)", loc);
  loc_cmd->add_option("--by", loc.by,
                      "total, oem, powertrain, direction, assembly, component, province or place");
  loc_cmd->add_option("--buyer-province", loc.buyer_province, "Only buyers in this province");
  loc_cmd->add_option("--oem", loc.oem, "Only this buyer's purchases");
  loc_cmd->add_option("--component", loc.component, "Only this component");
  auto* flow_cmd = analytics_command(
      "flows", "Origin–destination purchase flows between places and provinces (Sichuan ↔ Chongqing)", flow);
  flow_cmd->add_option("--component", flow.component, "Only this component");
  flow_cmd->add_option("--assembly", flow.assembly, "Only components of this assembly, e.g. BAT");
  flow_cmd->add_option("--oem", flow.oem, "Only purchases by this buyer");
  auto* weak_cmd = analytics_command(
      "weak-links", "Single sources, concentration (HHI), coverage, critical suppliers, chain gaps", weak);
  weak_cmd->add_option("--buyer-province", weak.buyer_province, "Only buyers in this province");
  weak_cmd->add_option("--gap-threshold", weak.gap_threshold,
                       "Coverage (capacity ÷ demand) under which a component is a gap (default 0.5)");

  cli::InvestOptions inv;
  auto* inv_cmd =
      app.add_subcommand("invest", "Investment targets: which makers to attract where, and the gain");
  AddDbOption(inv_cmd, inv.db);
  inv_cmd->add_option("--top", inv.top, "How many targets (default 20, at most 1000)");
  inv_cmd->add_option("--per-component", inv.per_component,
                      "At most this many places per component (default 3; 0 = no limit)");
  inv_cmd->add_option("--radius-km", inv.radius_km, "Co-location radius (default 100 km)");
  inv_cmd->add_option(
      "--capacity", inv.capacity,
      "Annual capacity of the attracted maker (default: the median of the component's makers)");
  inv_cmd->add_option("--max-share", inv.max_share,
                      "Largest share of a buyer's volume the new maker takes (0–1], default 0.5");
  inv_cmd->add_option("--component", inv.component, "Only this component (with --what-if: its component)");
  inv_cmd->add_option("--province", inv.province, "Only places in this province");
  inv_cmd->add_option("--weight", inv.weights,
                      "Score weight name=value (repeatable): gap, focus, buyers, cluster, resilience");
  inv_cmd->add_flag("--what-if", inv.what_if, "Recompute every measure with one hypothetical maker");
  inv_cmd->add_option("--place", inv.place, "What-if: place code of the new maker, e.g. 500116");
  inv_cmd->add_option("--id", inv.id, "What-if: id of the new maker");
  inv_cmd->add_option("--name", inv.name, "What-if: name of the new maker");
  inv_cmd->add_flag("--json", inv.json, "Machine-readable output");
  table_options(inv_cmd, inv.csv, "CSV output");

  cli::SiteSelectOptions site;
  auto* site_cmd = app.add_subcommand(
      "site-select", "Where an enterprise should build a new or satellite plant (facility location, CBC)");
  AddDbOption(site_cmd, site.db);
  site_cmd->add_option("--enterprise", site.enterprise, "The enterprise that builds")->required();
  site_cmd->add_option("--component", site.component, "The component the plant makes")->required();
  site_cmd->add_option("--capacity", site.capacity, "Annual capacity of each new plant, units")->required();
  site_cmd->add_option("--sites", site.sites, "At most this many new plants (default 1)");
  site_cmd->add_option("--radius-km", site.radius_km, "Delivery radius (default: none)");
  site_cmd->add_option("--candidates", site.candidates,
                       "Place codes or park ids, comma-separated (default: all)");
  site_cmd->add_option("--max-share", site.max_share,
                       "Largest share of a buyer's volume taken from far suppliers (default 0.5)");
  site_cmd->add_option("--time-limit", site.time_limit_seconds,
                       "The solver's time limit, seconds (default 10)");
  site_cmd->add_option("--weight", site.weights,
                       "Suitability weight part=fraction (all six, summing to 1): buyers, demands, focus, "
                       "cluster, incentives, logistics");
  site_cmd->add_flag("--no-existing", site.no_existing, "Leave the enterprise's existing plant out");
  site_cmd->add_flag("--json", site.json, "Machine-readable output");
  table_options(site_cmd, site.csv, "The chosen sites as CSV");

  cli::FrontierOptions fr;
  auto* frontier_cmd = app.add_subcommand(
      "frontier", "The localization frontier: the local share reachable for each cost premium");
  AddDbOption(frontier_cmd, fr.db);
  frontier_cmd->add_option("--province", fr.province, "Chongqing (default), Sichuan or region");
  frontier_cmd->add_option("--powertrain", fr.powertrain, "ice, nev or all (default)");
  frontier_cmd->add_option("--max-premium", fr.max_premium,
                           "Largest premium, fraction of today's value (default 0.2)");
  frontier_cmd->add_option("--steps", fr.steps, "Points from 0 to the largest premium (default 21)");
  frontier_cmd->add_option("--target", fr.target, "The local share asked (default 0.3)");
  frontier_cmd->add_option("--max-share", fr.max_share,
                           "Largest share of a buyer's volume per supplier (default 0.5)");
  frontier_cmd->add_option("--switching-cost", fr.switching_cost,
                           "Cost of moving a unit besides the price difference, a fraction of today's price "
                           "(default 0.05)");
  frontier_cmd->add_option("--component", fr.component, "Only this component's purchases move");
  frontier_cmd->add_flag("--json", fr.json, "Machine-readable output");
  table_options(frontier_cmd, fr.csv, "The points as CSV");

  cli::StressCliOptions st;
  auto* stress_cmd = app.add_subcommand(
      "stress", "Time-to-survive and performance impact of every supplier, mitigations, or a scenario");
  AddDbOption(stress_cmd, st.db);
  stress_cmd->add_option("--ttr-days", st.ttr_days,
                         "Time to recover of every node (default: enterprises.csv ttr_days)");
  stress_cmd->add_option("--horizon-days", st.horizon_days, "Largest TTS measured (default 365)");
  stress_cmd->add_flag("--alternatives", st.alternatives,
                       "Allow makers with free capacity to step in after the qualification delay");
  stress_cmd->add_option("--qualification-days", st.qualification_days,
                         "Delay before an alternative ships (default 30)");
  stress_cmd->add_option("--threads", st.threads, "Worker threads (default: all cores)");
  stress_cmd->add_option("--top", st.top, "Rows in the table (default 20)");
  stress_cmd->add_option("--mitigate", st.mitigate, "Mitigations for the N riskiest nodes");
  stress_cmd->add_option("--scenario", st.scenario, "Run this scenario (JSON file) instead of the sweep");
  stress_cmd->add_option("--max-seconds", st.max_seconds,
                         fmt::format("Refuse a sweep or scenario estimated to run longer (the cost model; "
                                     "default {})",
                                     kDefaultMaxJobSeconds));
  stress_cmd->add_option("--write-lp", st.write_lp, "Write every program to this folder");
  stress_cmd->add_option("--lp-format", st.lp_format, "mps (default) or lp (CPLEX LP)");
  stress_cmd->add_flag("--naive", st.naive, "The naive method: whole network, cold LPs, one thread");
  stress_cmd->add_flag("--json", st.json, "Machine-readable output");
  table_options(stress_cmd, st.csv, "CSV output");

  cli::UserOptions usr;
  auto* user_cmd =
      app.add_subcommand("user", "Platform accounts: add, list, disable, enable, reset-password");
  user_cmd->add_option("action", usr.action, "add, list, disable, enable or reset-password")->required();
  AddDbOption(user_cmd, usr.db);
  user_cmd->add_option("--email", usr.email, "The account's email (add, disable, enable, reset-password)");
  user_cmd->add_option("--role", usr.role,
                       "admin, analyst, member, bureau or coordinator (add; default member)");
  user_cmd->add_option("--enterprise", usr.enterprise, "A member's enterprise id (add)");
  user_cmd->add_option("--place", usr.place, "A bureau's place code, e.g. 500116 for Jiangjin (add)");
  user_cmd->add_flag("--enterprise-admin", usr.enterprise_admin,
                     "add: the member administers its enterprise (reads its audit trail)");
  user_cmd->add_flag("--password-stdin", usr.password_stdin,
                     "Read the password from the first line of standard input (add, reset-password)");

  cli::PromotionOptions promo;
  auto* promo_cmd = app.add_subcommand(
      "promotion", "Joint investment promotion: seed adds the synthetic demonstration registry");
  promo_cmd->add_option("action", promo.action, "seed")->required()->check(CLI::IsMember({"seed"}));
  AddDbOption(promo_cmd, promo.db);
  promo_cmd->add_flag("--if-empty", promo.if_empty,
                      "seed: only when the registry is empty (otherwise nothing, successfully)");

  cli::ServiceOptions svc;
  auto* service_cmd = app.add_subcommand(
      "service",
      "R&D, testing and talent services: list, add (an institute's), seed (the demonstration catalogue)");
  service_cmd->add_option("action", svc.action, "list, add or seed")
      ->required()
      ->check(CLI::IsMember({"list", "add", "seed"}));
  AddDbOption(service_cmd, svc.db);
  service_cmd->add_option("--provider", svc.provider, "The institute's enterprise id (add; list: only its)");
  service_cmd->add_option("--kind", svc.kind,
                          "testing, certification, joint_research, design, training or internship");
  service_cmd->add_option("--title-zh", svc.title_zh, "Title in Chinese (add)");
  service_cmd->add_option("--title-en", svc.title_en, "Title in English (add)");
  service_cmd
      ->add_option("--standards", svc.standards, "Standard codes covered, e.g. \"GB 38031-2020\" (add)")
      ->delimiter(',');
  service_cmd->add_option("--components", svc.components, "Component or assembly codes concerned (add)")
      ->delimiter(',');
  service_cmd->add_option("--cnas", svc.cnas, "CNAS accreditation number, CNAS L1234 (add)");
  service_cmd->add_option("--cma", svc.cma, "CMA certificate number, twelve digits (add)");
  service_cmd->add_option("--equipment", svc.equipment, "What it runs on (add)");
  service_cmd->add_option("--lead-time-days", svc.lead_time_days, "Typical lead time, working days (add)");
  service_cmd->add_option("--price-min", svc.price_min_yuan, "Price band, low end, yuan (add)");
  service_cmd->add_option("--price-max", svc.price_max_yuan, "Price band, high end, yuan (add)");
  service_cmd->add_option("--capacity-hours", svc.capacity_hours, "Bookable hours a year (add)");
  service_cmd->add_flag("--bookable", svc.bookable, "Takes bookings of time slots (add)");
  service_cmd->add_option("--standard", svc.standard, "list: only services covering this standard");
  service_cmd->add_option("--accreditation", svc.accreditation, "list: cnas, cma or any");
  service_cmd->add_option("--place", svc.place, "list: only institutes in this place");
  service_cmd->add_flag("--all", svc.all, "list: closed services too");
  service_cmd->add_flag("--json", svc.json, "Machine-readable output");
  service_cmd->add_flag("--if-empty", svc.if_empty,
                        "seed: nothing (and success) when the store has services (seed never adds to them)");

  cli::ServiceRequestOptions sreq;
  auto* service_request_cmd = app.add_subcommand(
      "service-request", "Service requests: match ranks the services for one, with reasons");
  service_request_cmd->add_option("action", sreq.action, "match")
      ->required()
      ->check(CLI::IsMember({"match"}));
  service_request_cmd->add_option("id", sreq.id, "The request's id, e.g. SR00001")->required();
  AddDbOption(service_request_cmd, sreq.db);
  service_request_cmd->add_flag("--json", sreq.json, "Machine-readable output");

  cli::AuditOptions aud;
  auto* audit_cmd = app.add_subcommand("audit", "The audit trail: verify its hash chain, or list rows");
  audit_cmd->add_option("action", aud.action, "verify or list")->required();
  AddDbOption(audit_cmd, aud.db);
  audit_cmd->add_option("--entity", aud.entity, "Only rows about this entity, e.g. demand:DM00001 (list)");
  audit_cmd->add_option("--actor", aud.actor, "Only rows by this email (list)");
  audit_cmd->add_option("--since", aud.since,
                        "Only rows at or after this UTC time, YYYY-MM-DD[THH:MM:SSZ] (list)");
  audit_cmd->add_option("--limit", aud.limit, "Newest rows to list (default 50)");

  auto* openapi_cmd = app.add_subcommand(
      "openapi", "Print the API's OpenAPI 3.0 document (every route, its fields and its answer's schema)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  cli::SetCsvByteOrderMark(csv_bom);
  cli::SetXlsxOutput(xlsx_file);
  exp.byte_order_mark = csv_bom;
  try {
    if (*generate) return cli::Generate(gen);
    if (*import) return cli::Import(imp);
    if (*exporter) return cli::Export(exp);
    if (*info_cmd) return cli::Info(info);
    if (*dedupe_cmd) return cli::Dedupe(dedupe);
    if (*merge_cmd) return cli::Merge(merge);
    if (*import_table_cmd) return cli::ImportTable(import_table);
    if (*serve_cmd) return Serve(serve);
    if (*openapi_cmd) {
      fmt::print("{}\n", JsonText(OpenApiDocument(), {.indent = true, .money_to_fen = false}));
      return 0;
    }
    if (*match_cmd) return cli::Match(match);
    if (*allocate) return cli::Allocate(alloc);
    if (*demand_cmd) return cli::Demands(dem);
    if (*offer_cmd) return cli::Offers(off);
    if (*loc_cmd) return cli::Localization(loc);
    if (*flow_cmd) return cli::Flows(flow);
    if (*weak_cmd) return cli::WeakLinks(weak);
    if (*inv_cmd) return cli::Invest(inv);
    if (*site_cmd) return cli::SiteSelect(site);
    if (*frontier_cmd) return cli::LocalizationFrontier(fr);
    if (*stress_cmd) return cli::Stress(st);
    if (*user_cmd) return cli::Users(usr);
    if (*promo_cmd) return cli::Promotion(promo);
    if (*audit_cmd) return cli::Audit(aud);
    if (*service_cmd) return cli::Services(svc);
    if (*service_request_cmd) return cli::ServiceRequests(sreq);
  } catch (const std::exception& e) {  // the exit code from the one error table
    fmt::print(stderr, "chainscope: {}\n", e.what());
    return InfoOf(CodeOf(e)).exit_code;
  }
  return 0;
}
