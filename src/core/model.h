// core: the chain's domain model (DESIGN §2) as plain structs, and the Dataset that holds one of each table.
// Rows refer to each other by their string ids, exactly as in the interchange files (DESIGN §6); the
// dense-integer view used by the engines is the Network snapshot (network.h).
// Units: quantities are units per year unless named otherwise, money is yuan, time is calendar days.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/message.h"

namespace chainscope {

/// Province-level unit of a place. "Local" sourcing means same province-level unit as the buyer;
/// "regional" means Chongqing or Sichuan.
enum class Province { kChongqing, kSichuan, kOtherChina, kAbroad };
enum class Direction { kNewEnergy, kIntelligentConnected, kTraditional };
/// Which powertrains use a component type.
enum class ComponentUse { kIce, kNev, kBoth };
/// What a vehicle line makes.
enum class LinePowertrain { kIce, kNev, kCommercial };
enum class Role { kOem, kTier1, kTier2, kMaterial, kLogistics, kDealer, kInstitute };

std::string_view ToString(Province p);
std::string_view ToString(Direction d);
std::string_view ToString(ComponentUse u);
std::string_view ToString(LinePowertrain p);
std::string_view ToString(Role r);
/// Parse the interchange spelling; std::nullopt when the text is not one of the allowed values.
std::optional<Province> ParseProvince(std::string_view s);
std::optional<Direction> ParseDirection(std::string_view s);
std::optional<ComponentUse> ParseComponentUse(std::string_view s);
std::optional<LinePowertrain> ParseLinePowertrain(std::string_view s);
std::optional<Role> ParseRole(std::string_view s);
/// `s` with A–Z as a–z (other bytes, UTF-8 included, as they are).
std::string AsciiLower(std::string_view s);

inline bool IsRegional(Province p) {
  return p == Province::kChongqing || p == Province::kSichuan;
}
/// Parts makers are the roles that supply components.
inline bool IsPartsMaker(Role r) {
  return r == Role::kTier1 || r == Role::kTier2 || r == Role::kMaterial;
}

struct Place {
  std::string code;  // adcode for real districts and cities; a mnemonic otherwise
  std::string name;
  std::string name_zh;
  Province province = Province::kChongqing;
  std::optional<double> lat;  // degrees (GCJ-02); absent for "elsewhere in China" and "abroad"
  std::optional<double> lon;
  std::vector<std::string> focus;  // component codes the place's investment promotion targets (may be empty)
};

struct Park {
  std::string id;
  std::string name;
  std::string place;
};

struct ComponentType {
  std::string code;
  std::string name;
  std::string name_zh;
  std::string assembly;  // assembly code, one of the 12 in taxonomy.h
  Direction direction = Direction::kTraditional;
  ComponentUse powertrain = ComponentUse::kBoth;
  std::string unit;  // "piece", "set", "kg", "licence", …
  double unit_price_yuan = 0;
  double typical_qty_per_vehicle = 0;  // 0 for input-only components
};

/// `component` needs `qty_per_unit` of `input_component` per unit made (the tier-2 recipe).
struct ComponentInput {
  std::string component;
  std::string input_component;
  double qty_per_unit = 0;
};

struct Enterprise {
  std::string id;
  std::string name;
  std::string name_zh;
  Role role = Role::kTier1;
  std::string place;
  std::string park;  // empty when not in a demonstration park
  std::vector<std::string> certifications;
  double ttr_days = 0;  // time to recover after a disruption, days
  std::int64_t employees = 0;
  bool synthetic = true;  // false only for enterprises named in public sources (their links stay synthetic)
  std::string uscc;       // unified social credit code (core/uscc.h), canonical; empty when not known
};

struct VehicleLine {
  std::string id;
  std::string oem;
  std::string place;
  LinePowertrain powertrain = LinePowertrain::kIce;
  std::int64_t annual_volume = 0;  // vehicles per year
  double unit_price_yuan = 0;      // per vehicle
};

struct BomItem {
  std::string vehicle_line;
  std::string component;
  double qty_per_vehicle = 0;
};

struct Capability {
  std::string supplier;
  std::string component;
  std::int64_t annual_capacity = 0;
  std::int64_t committed = 0;  // units per year already sold on links
  double unit_price_yuan = 0;
  double lead_time_days = 0;
  double quality = 0;         // 0–1
  double inventory_days = 0;  // finished goods, days of committed volume
};

struct SupplyLink {
  std::string buyer;
  std::string supplier;
  std::string component;
  std::int64_t annual_volume = 0;
  double unit_price_yuan = 0;
  double buyer_inventory_days = 0;
  double in_transit_days = 0;
};

struct Demand {
  std::string id;
  std::string buyer;
  std::string component;
  std::int64_t annual_quantity = 0;
  std::string start_date;  // YYYY-MM-DD
  std::optional<double> max_distance_km;
  std::vector<std::string> required_certs;
  bool prefer_local = false;
  double max_share = 1.0;  // largest fraction one supplier may take
  bool open = true;        // false once the buyer closes it
};

struct Offer {
  std::string id;
  std::string supplier;
  std::string component;
  std::int64_t annual_capacity = 0;
  double unit_price_yuan = 0;
  std::string valid_until;    // YYYY-MM-DD, empty when open-ended
  bool open = true;           // false once the supplier withdraws it
  bool price_public = false;  // the supplier shows its price to every signed-in user (else only to itself)
};

struct Distribution {
  std::string dealer;
  std::string oem;
  std::int64_t annual_volume = 0;  // vehicles the dealer sells for the OEM per year
};

/// One whole dataset: every table of DESIGN §6 plus the provenance document (dataset.json), kept as
/// JSON text so that users' own fields survive an import/export round trip.
struct Dataset {
  std::string meta_json = "{}";
  std::vector<Place> places;
  std::vector<Park> parks;
  std::vector<ComponentType> components;
  std::vector<ComponentInput> component_inputs;
  std::vector<Enterprise> enterprises;
  std::vector<VehicleLine> vehicle_lines;
  std::vector<BomItem> bom;
  std::vector<Capability> capabilities;
  std::vector<SupplyLink> links;
  std::vector<Demand> demands;
  std::vector<Offer> offers;
  std::vector<Distribution> distribution;
};

/// An error that ends the operation, with a message fit for the user (file, line, field, reason).
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  /// With the text for people as a code and parameters (what() is its English text).
  explicit Error(Message reason) : std::runtime_error(reason.text), reason_(std::move(reason)) {}
  /// The coded text, when the thrower gave one.
  const std::optional<Message>& reason() const { return reason_; }

 private:
  std::optional<Message> reason_;
};

/// A request or input the user can fix; the server maps it to 4xx, the CLI to exit code 2.
class InvalidInput : public Error {
 public:
  using Error::Error;
};

/// A named thing does not exist (HTTP 404).
class NotFound : public Error {
 public:
  using Error::Error;
};

/// Work stopped because its caller asked (a cancelled job, a request past its deadline, Ctrl-C).
class Cancelled : public Error {
 public:
  using Error::Error;
};

/// Cooperative stopping: long computations take `const std::atomic<bool>* stop` (null: never stop), set
/// by whoever owns the work (a job's cancel, a request's deadline, the CLI's SIGINT handler), and look at it
/// between units of work small enough that a stop is honoured within milliseconds.
inline bool StopRequested(const std::atomic<bool>* stop) {
  return stop != nullptr && stop->load(std::memory_order_relaxed);
}
/// Throws Cancelled("the {what} was stopped") once `stop` is set.
inline void ThrowIfStopped(const std::atomic<bool>* stop, std::string_view what) {
  if (!StopRequested(stop)) return;
  std::string text = "the ";
  text.append(what).append(" was stopped");
  throw Cancelled(text);
}

/// A create whose id is taken (HTTP 409).
class Conflict : public Error {
 public:
  using Error::Error;
};

/// A write whose precondition (If-Match) no longer holds: someone changed the record since (HTTP 412).
class PreconditionFailed : public Error {
 public:
  using Error::Error;
};

/// Ids the platform allocates for demands and offers: the prefix and at least five digits (DM00001).
inline constexpr std::string_view kDemandIdPrefix = "DM";
inline constexpr std::string_view kOfferIdPrefix = "OF";
/// A demand or offer id: 1–64 characters from A–Z a–z 0–9 . _ -, starting with a letter or digit (so it is
/// one URL path segment as it stands, and a file name on any system).
inline constexpr std::size_t kMaxRecordIdBytes = 64;
bool IsValidRecordId(std::string_view id);
/// The largest n among ids of the form PREFIX + n (decimal digits only, at most 12 of them), or 0. Ids with
/// more digits are never produced by the platform and are ignored, so the next number cannot overflow.
std::uint64_t HighestRecordNumber(const std::vector<std::string_view>& ids, std::string_view prefix);
/// PREFIX followed by n with at least five digits.
std::string RecordIdOf(std::string_view prefix, std::uint64_t n);

}  // namespace chainscope
