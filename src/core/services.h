// core: R&D, testing and talent services — what institutes (research institutes, universities, test
// centres) offer, what enterprises ask for, providers' interest in a request, and bookings of bookable
// equipment. Plain data and the formats of their codes (standards, CNAS and CMA numbers);
// service/services.h holds the rules (who sees and writes what, anonymity, matching, booking).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainscope {

enum class ServiceKind : std::uint8_t {
  kTesting,
  kCertification,
  kJointResearch,
  kDesign,
  kTraining,
  kInternship
};
inline constexpr std::array<ServiceKind, 6> kServiceKinds{
    ServiceKind::kTesting, ServiceKind::kCertification, ServiceKind::kJointResearch,
    ServiceKind::kDesign,  ServiceKind::kTraining,      ServiceKind::kInternship};
std::string_view ToString(ServiceKind k);  // "testing", "certification", "joint_research", …
std::string_view ChineseName(ServiceKind k);
std::optional<ServiceKind> ParseServiceKind(std::string_view code);
/// Training and internships are talent services: they have places (people) and dates.
inline bool IsTalentKind(ServiceKind k) {
  return k == ServiceKind::kTraining || k == ServiceKind::kInternship;
}

/// What an institute offers.
struct Service {
  std::string id;        // SV00001…, allocated by the store
  std::string provider;  // an enterprise id (an institute)
  ServiceKind kind = ServiceKind::kTesting;
  std::string title_zh, title_en;
  std::vector<std::string> standards;             // canonical standard codes (NormalizeStandard), at most 30
  std::vector<std::string> components;            // component or assembly codes concerned; empty: any
  std::string cnas;                               // "CNAS L1234" or empty
  std::string cma;                                // twelve digits or empty
  std::string equipment;                          // what it runs on, up to 500 characters
  double lead_time_days = 0;                      // typical lead time, working days
  double price_min_yuan = 0, price_max_yuan = 0;  // the price band; 0 and 0: on quotation
  double rush_surcharge = 0;           // the extra for a rush job, a fraction of the price (0.5: +50%)
  double capacity_hours_per_year = 0;  // bookable hours a year (0: not bookable by the hour)
  bool bookable = false;               // has time slots: bookings need capacity_hours_per_year > 0
  std::int64_t places = 0;             // talent services: people taken (0: not stated)
  std::string starts_on, ends_on;      // talent services: YYYY-MM-DD or empty
  bool closed = false;
  bool synthetic = false;  // demonstration data (labelled as such wherever it shows)
  std::string created_by, created_at, updated_at;
  std::int64_t version = 1;  // moves on every write (the ETag)
};

enum class RequestStatus : std::uint8_t { kOpen, kAccepted, kClosed };
std::string_view ToString(RequestStatus s);
std::optional<RequestStatus> ParseRequestStatus(std::string_view code);

/// What an enterprise asks for. An anonymous request hides its requester from everyone but the
/// requester's own members until the requester accepts a provider's interest; then that provider sees it.
struct ServiceRequest {
  std::string id;         // SR00001…
  std::string requester;  // an enterprise id
  ServiceKind kind = ServiceKind::kTesting;
  std::vector<std::string> standards;  // canonical codes wanted (may be empty)
  std::string component;               // a component or assembly code, or empty
  std::string needed_by;               // YYYY-MM-DD or empty
  double budget_yuan = 0;              // 0: not stated
  bool anonymous = false;
  std::string note;  // up to 2,000 characters
  RequestStatus status = RequestStatus::kOpen;
  std::string accepted_interest;  // the interest accepted (status accepted)
  std::string accepted_provider;  // its provider
  bool synthetic = false;
  std::string created_by, created_at, updated_at;  // created_by: the requester's contact (an email)
  std::int64_t version = 1;
};

enum class InterestStatus : std::uint8_t { kOpen, kAccepted, kWithdrawn };
std::string_view ToString(InterestStatus s);

/// A provider's interest in a request, through one of its services.
struct ServiceInterest {
  std::string id = {};  // SI00001…
  std::string request = {}, service = {}, provider = {};
  std::string note = {};  // up to 2,000 characters
  InterestStatus status = InterestStatus::kOpen;
  std::string created_by = {}, created_at = {};  // created_by: the provider's contact (an email)
};

enum class BookingStatus : std::uint8_t { kRequested, kConfirmed, kCancelled };
std::string_view ToString(BookingStatus s);

/// A slot of a bookable service, [start, end) in UTC. Live bookings (not cancelled) of one service never
/// overlap: the store refuses the second in the transaction that would add it.
struct Booking {
  std::string id;  // BK00001…
  std::string service, provider;
  std::string booker;      // the enterprise that booked (the provider's own: a block of its own use)
  std::string request;     // the service request it serves, or empty
  std::string start, end;  // UTC, YYYY-MM-DDTHH:MM:SSZ; start < end
  std::string note;
  BookingStatus status = BookingStatus::kRequested;
  bool synthetic = false;
  std::string created_by, created_at, updated_at;
  double hours() const;  // (end − start) in hours
};

/// Hours of outside service a year an instrument is expected to give (the public instrument-sharing
/// baseline the analysts compare utilization against).
inline constexpr double kInstrumentBaselineHours = 1400;

/// A standard's code in canonical form — the body in capitals, one space, the number with its parts and
/// optional year: "GB 38031-2020", "GB/T 18384.1-2020", "ISO 26262-6", "ECE R100", "UN R155",
/// "QC/T 1022", "SAE J1772", "IEC 62133-2", "CISPR 25". Accepts lower case, missing or repeated spaces,
/// a full-width slash and "GBT" for "GB/T". nullopt for anything else.
std::optional<std::string> NormalizeStandard(std::string_view text);
/// The code without its year: "GB 38031-2020" → "GB 38031" (a request for one covers every edition).
std::string StandardBase(std::string_view canonical);
/// CNAS accreditation numbers: "CNAS L1234" (laboratories, 4–5 digits) or "CNAS IB0123" (inspection
/// bodies); accepts "L1234", lower case and no space. nullopt otherwise.
std::optional<std::string> NormalizeCnas(std::string_view text);
/// CMA (资质认定) certificate numbers: twelve digits, optionally after "CMA".
std::optional<std::string> NormalizeCma(std::string_view text);
/// A UTC time YYYY-MM-DDTHH:MM(:SS)?(Z|±HH:MM) (years 2000–2099) in the store's form
/// (YYYY-MM-DDTHH:MM:SSZ); nullopt for anything else or an impossible date.
std::optional<std::string> NormalizeUtcTime(std::string_view text);
/// Seconds since the Unix epoch of a time in the store's form.
std::int64_t EpochSeconds(std::string_view utc);
/// Monday to Friday from the day after `from` up to and including `to` (YYYY-MM-DD); 0 when to ≤ from.
/// Public holidays are not known here.
std::int64_t WorkingDaysBetween(std::string_view from, std::string_view to);

inline constexpr std::string_view kServiceIdPrefix = "SV";
inline constexpr std::string_view kServiceRequestIdPrefix = "SR";
inline constexpr std::string_view kInterestIdPrefix = "SI";
inline constexpr std::string_view kBookingIdPrefix = "BK";

}  // namespace chainscope
