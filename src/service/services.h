// service: R&D, testing and talent services — the use cases of institutes and the enterprises that need
// them. Institutes (enterprises of role institute) publish services; enterprises post service requests
// (optionally anonymous), ranked against the services by match/service_match.h and notified to the
// institutes whose services fit; a provider expresses interest through one of its services and the
// requester accepts one, which reveals both sides to each other; bookable services take bookings of time
// slots that never overlap; analysts read the utilization against capacity and the 1,400-hour baseline.
// Who sees what is the access policy's (SeesRequester, SeesServiceRequest, SeesBooker, …).
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/services.h"
#include "match/service_match.h"
#include "service/access.h"
#include "service/platform.h"

namespace chainscope {

/// Bounds of the figures (the route table declares the same ones for the door).
inline constexpr double kMaxServicePriceYuan = 1e9;
inline constexpr double kMaxServiceLeadDays = 750;        // working days, about three years
inline constexpr double kMaxCapacityHoursPerYear = 8784;  // every hour of a leap year
inline constexpr double kMaxRushSurcharge = 5;            // +500%
inline constexpr double kMaxTalentPlaces = 100000;
inline constexpr std::size_t kMaxServiceStandards = 30;
inline constexpr std::size_t kMaxServiceComponents = 30;
inline constexpr std::size_t kMaxServiceTitle = 200;
inline constexpr std::size_t kMaxServiceText = 2000;
inline constexpr double kMaxBookingHours = 744;  // 31 days
/// A booking starts at most this many days ahead.
inline constexpr int kMaxBookingAheadDays = 730;

/// The fields of a service a body gives (POST creates with them, PUT replaces those given).
struct ServiceDraft {
  std::optional<std::string> provider, kind, title_zh, title_en, cnas, cma, equipment, starts_on, ends_on;
  std::optional<std::vector<std::string>> standards, components;
  std::optional<double> lead_time_days, price_min_yuan, price_max_yuan, rush_surcharge,
      capacity_hours_per_year;
  std::optional<bool> bookable;
  std::optional<std::int64_t> places;
};
/// InvalidInput naming the field for a wrong type or an unknown field.
ServiceDraft ServiceDraftOf(const boost::json::object& body);

/// A new service of the actor's institute (an admin names the provider). Required: kind, title_zh,
/// title_en. Codes are checked and written canonically (standards, CNAS, CMA); InvalidInput names the field.
Service CreateService(Platform& platform, const Principal& actor, const ServiceDraft& draft);
/// Changes the fields the draft gives; `if_match` (the ETag read; empty: no check) → PreconditionFailed
/// when stale. NotFound for another enterprise's service (members), as for every record they cannot edit.
Service UpdateService(Platform& platform, const Principal& actor, std::string_view id,
                      const ServiceDraft& draft, std::string_view if_match = {});
Service CloseService(Platform& platform, const Principal& actor, std::string_view id);
/// "service-<id>-v<version>".
std::string ServiceETag(const Service& s);

/// Which services to list: each non-empty filter must hold.
struct ServiceFilter {
  std::string kind, standard, accreditation;  // accreditation: cnas, cma or any (either)
  std::string place, provider, component, q;  // component: a component or assembly code; q: in titles
  bool include_closed = false;
};
/// Services passing the filter, oldest first (public).
std::vector<Service> ListServices(Platform& platform, const ServiceFilter& filter);
Service GetService(Platform& platform, std::string_view id);

/// The fields of a service request a body gives.
struct RequestDraft {
  std::optional<std::string> requester, kind, component, needed_by, note;
  std::optional<std::vector<std::string>> standards;
  std::optional<double> budget_yuan;
  std::optional<bool> anonymous;
};
RequestDraft RequestDraftOf(const boost::json::object& body);

/// A new request of the actor's enterprise (an admin names the requester). Required: kind. The institutes
/// whose open services fit it (ranked eligible) are told, without the requester when it is anonymous.
ServiceRequest CreateServiceRequest(Platform& platform, const Principal& actor, const RequestDraft& draft,
                                    const std::string& today = {});
ServiceRequest UpdateServiceRequest(Platform& platform, const Principal& actor, std::string_view id,
                                    const RequestDraft& draft, std::string_view if_match = {});
ServiceRequest CloseServiceRequest(Platform& platform, const Principal& actor, std::string_view id);
std::string ServiceRequestETag(const ServiceRequest& r);

struct RequestFilter {
  std::string kind, status, standard, component;
  bool mine = false;  // only the actor's enterprise's
};
/// The requests the actor sees (SeesServiceRequest), oldest first.
std::vector<ServiceRequest> ListServiceRequests(Platform& platform, const Principal& actor,
                                                const RequestFilter& filter);
/// NotFound when it does not exist or the actor does not see it.
ServiceRequest GetServiceRequest(Platform& platform, const Principal& actor, std::string_view id);

/// The ranked services for a request: its requester's members, staff and admins.
struct RequestMatch {
  ServiceRequest request;
  std::vector<Service> services;  // what the match's indexes point into
  ServiceMatch match;
};
RequestMatch MatchServiceRequest(Platform& platform, const Principal& actor, std::string_view id,
                                 const std::string& today = {});

/// A provider's member expresses interest through one of its services of the request's kind (201).
/// Conflict when the request is not open or the service already did; Forbidden for another's service.
ServiceInterest ExpressInterest(Platform& platform, const Principal& actor, std::string_view request,
                                std::string_view service, const std::string& note);
/// A request's interests the actor sees (SeesInterest), oldest first.
std::vector<ServiceInterest> InterestsOf(Platform& platform, const Principal& actor,
                                         std::string_view request);
/// The requester's member accepts one interest: the request is accepted with it, both sides see each
/// other's identity and contacts, and the provider is told.
ServiceRequest AcceptInterest(Platform& platform, const Principal& actor, std::string_view request,
                              std::string_view interest);

/// The two sides of a request once the actor may see them: the requester (when SeesRequester) and the
/// accepted provider, with the contacts when SeesRequestContacts.
struct RequestParties {
  std::string requester, requester_contact;  // empty when hidden
  std::string provider, provider_contact;    // empty before acceptance
};
RequestParties PartiesOf(Platform& platform, const Principal& actor, const ServiceRequest& r);

/// Books [start, end) (ISO date-times) of a bookable service for the actor's enterprise, optionally for
/// one of its requests (an anonymous one only after it accepted this provider's interest). Conflict when
/// it overlaps a live booking; a provider's own booking is confirmed at once, others are requested.
Booking BookService(Platform& platform, const Principal& actor, std::string_view service,
                    const std::string& start, const std::string& end, const std::string& request,
                    const std::string& note, const std::string& now_utc = {});
/// A service's bookings overlapping [from, to) (empty: any), by start, with the requests they name (read
/// once for the list, for SeesBooker).
struct ServiceBookings {
  std::vector<Booking> bookings;
  std::map<std::string, ServiceRequest> requests;  // by id
  const ServiceRequest* RequestOf(const Booking& b) const {
    const auto it = requests.find(b.request);
    return it == requests.end() ? nullptr : &it->second;
  }
};
ServiceBookings BookingsOf(Platform& platform, std::string_view service, const std::string& from,
                           const std::string& to);
/// The request a booking names, when it has one (for SeesBooker).
std::optional<ServiceRequest> RequestOfBooking(Platform& platform, const Booking& b);
/// Cancels a live booking: its booker's or provider's members, admins.
Booking CancelBooking(Platform& platform, const Principal& actor, std::string_view service,
                      std::string_view booking);
/// Confirms a requested booking: the provider's members, admins.
Booking ConfirmBooking(Platform& platform, const Principal& actor, std::string_view service,
                       std::string_view booking);

/// Booked hours of live bookings within one calendar year against capacity and the baseline.
struct UtilizationRow {
  std::string service;  // empty for an institute's row
  std::string title_zh, title_en;
  std::string provider;
  std::size_t services = 1;  // bookable services counted (an institute's row: all of them)
  double booked_hours = 0, capacity_hours = 0;
  double utilization = 0;           // booked ÷ capacity (0 when no capacity)
  double baseline_utilization = 0;  // booked ÷ (1,400 h × services)
};
struct UtilizationReport {
  int year = 0;
  std::vector<UtilizationRow> services;    // bookable services with capacity, by utilization, highest first
  std::vector<UtilizationRow> institutes;  // summed per provider, the same order
};
UtilizationReport Utilization(Platform& platform, int year);

/// What the demonstration catalogue added (all 0 when the store already had services).
struct ServicesSeeded {
  std::size_t services = 0, institutes = 0, requests = 0, bookings = 0;
};
/// Adds the synthetic demonstration services (dataset/services_demo.h: ~150 services of the region's
/// institutes, requests of parts makers and a year of bookings) to a store without services.
ServicesSeeded SeedServicesDemo(Store& store, const Network& net, int year);
/// The same over the platform's store and chain, for this calendar year (UTC).
ServicesSeeded SeedServicesDemo(Platform& platform);

}  // namespace chainscope
