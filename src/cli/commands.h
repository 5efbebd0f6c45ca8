// cli: the `chainscope` commands (DESIGN §6) as functions over parsed options; main.cpp wires them to
// CLI11 and is the one place that turns errors into exit codes (2 = bad input, 1 = other failure).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "service/cost.h"

namespace chainscope::cli {

struct GenerateOptions {
  std::string out;
  int scale = 1;
  std::uint64_t seed = 20231229;
  std::string format = "csv";  // csv: a folder; json: one file
};
int Generate(const GenerateOptions& o);

struct ImportOptions {
  std::string path;
  std::string db;
};
int Import(const ImportOptions& o);

struct ExportOptions {
  std::string db;
  std::string out;
  std::string format = "csv";
  bool byte_order_mark = false;  // --bom: each CSV file begins with the UTF-8 BOM
};
int Export(const ExportOptions& o);

struct DedupeOptions {
  std::string db;
  bool json = false, csv = false;
  double threshold = 0.8;  // kDefaultDuplicateThreshold
  std::string names;       // CSV of more known names: each row one company's names
  std::size_t limit = 50;  // pairs printed as a table
};
/// Likely duplicate enterprises with their scores and reasons.
int Dedupe(const DedupeOptions& o);

struct MergeOptions {
  std::string db, keep, drop;
};
/// Merges enterprise `drop` into `keep` (Store::MergeEnterprises).
int Merge(const MergeOptions& o);

struct ImportTableOptions {
  std::string db, kind, file, mapping;  // mapping: a JSON file {"field": "header", …}
  bool dry_run = false, json = false;
};
/// Imports a user's spreadsheet of one kind (service/imports.h); exit 2 when a row is in error (nothing
/// written).
int ImportTable(const ImportTableOptions& o);

struct InfoOptions {
  std::string db;
  bool json = false;
};
int Info(const InfoOptions& o);

struct UserOptions {
  std::string action;  // add, list, disable, enable, reset-password
  std::string db, email, role = "member", enterprise;
  bool password_stdin = false;
  bool enterprise_admin = false;  // add: a member who reads its enterprise's audit trail
  std::string place;              // add: a bureau's place code
};
int Users(const UserOptions& o);

struct PromotionOptions {
  std::string action;  // seed
  std::string db;
  bool if_empty = false;  // seed: nothing (and success) when the registry has leads already
};
int Promotion(const PromotionOptions& o);

/// `service list|add|seed`: institutes' services (seed: the synthetic demonstration catalogue).
struct ServiceOptions {
  std::string action, db;
  std::string provider, kind, title_zh, title_en, cnas, cma, equipment;
  std::vector<std::string> standards, components;
  double lead_time_days = -1, price_min_yuan = -1, price_max_yuan = -1,
         capacity_hours = -1;  // < 0: not given
  bool bookable = false;
  std::string standard, accreditation, place;  // list filters
  bool all = false, json = false, if_empty = false;
};
int Services(const ServiceOptions& o);

/// `service-request match ID`: the ranked services for a request, with reasons and exclusions.
struct ServiceRequestOptions {
  std::string action, db, id;
  bool json = false;
};
int ServiceRequests(const ServiceRequestOptions& o);

struct AuditOptions {
  std::string action;  // verify, list
  std::string db, entity, actor, since;
  std::size_t limit = 50;
};
/// verify: exit 0 when the chain holds, 1 (and the first bad row) when it does not.
int Audit(const AuditOptions& o);

}  // namespace chainscope::cli

namespace chainscope::cli {

struct MatchOptions {
  std::string db;
  std::string demand;                        // a stored demand id, or the inline fields below
  std::string buyer, component, start_date;  // empty: offers' validity is not checked
  std::int64_t quantity = 0;
  double max_distance_km = -1;  // < 0: no limit
  std::vector<std::string> certs;
  bool prefer_local = false;
  double max_share = 1.0;
  std::size_t top = 10;
  std::vector<std::string> weights;  // name=value
  std::string explain;
  bool json = false;
};
int Match(const MatchOptions& o);

struct AllocateOptions {
  std::string db;
  double unmet_penalty_factor = 3.0;
  std::string algorithm = "network_simplex";
  bool json = false, csv = false;
};
int Allocate(const AllocateOptions& o);

/// `demand` and `offer` management: list, add, close.
struct RecordOptions {
  std::string db, action, id;
  std::string party, component, start_date, valid_until;
  std::int64_t quantity = 0;
  double price_yuan = -1, max_distance_km = -1, max_share = 1.0;
  std::vector<std::string> certs;
  bool prefer_local = false, json = false, all = false;
  bool price_public = false;  // offers: the price is shown to other enterprises
};
int Demands(const RecordOptions& o);
int Offers(const RecordOptions& o);

inline constexpr std::size_t kUnsetLimit = static_cast<std::size_t>(-1);

/// Options shared by the chain analytics commands (localization, flows, weak-links). Parameter values stay
/// text, empty when not given: the service (service/params.h) parses them with the engines' defaults and
/// bounds, exactly as it does the API's query string.
struct AnalyticsOptions {
  std::string db;
  std::string by;  // localization: total, oem, powertrain, direction, assembly, component, province, place
  std::string buyers;  // oem or all
  std::string buyer_province, oem, component, assembly;
  std::string gap_threshold;
  std::size_t limit = kUnsetLimit;  // rows per table or JSON list; 0 = all; unset: 20 rows, every item
  bool json = false, csv = false;
};
int Localization(const AnalyticsOptions& o);
int Flows(const AnalyticsOptions& o);
int WeakLinks(const AnalyticsOptions& o);

struct InvestOptions {  // text values, empty when not given (see AnalyticsOptions)
  std::string db;
  std::string top, per_component, radius_km, capacity, max_share;
  std::string component, province;
  std::vector<std::string> weights;  // name=value
  bool what_if = false;
  std::string place, id, name;
  bool json = false, csv = false;
};
int Invest(const InvestOptions& o);

struct SiteSelectOptions {  // text values, empty when not given
  std::string db, enterprise, component, capacity, sites, radius_km, candidates, max_share,
      time_limit_seconds;
  std::vector<std::string> weights;  // part=fraction, all six or none
  bool no_existing = false;
  bool json = false, csv = false;
};
/// Where an enterprise should build its new plants (service/planning.h).
int SiteSelect(const SiteSelectOptions& o);

struct FrontierOptions {  // text values, empty when not given
  std::string db, province, powertrain, max_premium, steps, target, max_share, switching_cost, component;
  bool json = false, csv = false;
};
/// How far local sourcing can rise at what premium.
int LocalizationFrontier(const FrontierOptions& o);

}  // namespace chainscope::cli

namespace chainscope::cli {

struct StressCliOptions {
  std::string db;
  // The request's values stay text, empty when not given: service/matching's StressRequestOf reads them
  // with the engine's defaults and bounds, as it reads the API's request body.
  std::string ttr_days, horizon_days, qualification_days, mitigate;
  bool alternatives = false;
  unsigned threads = 0;
  std::size_t top = 20;  // table rows
  std::string scenario;  // a scenario file: run it instead of the sweep
  std::string write_lp, lp_format = "mps";
  bool naive = false;
  bool json = false, csv = false;
  double max_seconds = kDefaultMaxJobSeconds;  // refuse work estimated to run longer (the cost model)
};
int Stress(const StressCliOptions& o);

/// The flag Ctrl-C sets: the first call installs a SIGINT handler that sets it (and restores the default,
/// so a second Ctrl-C ends the program at once). Long commands hand it to the engines, which stop with
/// Cancelled (exit 130).
const std::atomic<bool>* Interrupted();

}  // namespace chainscope::cli
