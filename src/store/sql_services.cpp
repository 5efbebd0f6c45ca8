// store: the SQL of R&D, testing and talent services (ServiceStore) — services, requests, interests and
// bookings. Lists are kept in one text column each (codes joined by ';'). A booking locks its service's row
// (an UPDATE of its counter) before it looks for overlaps, so overlapping bookings on any number of servers
// are serialised per service whatever else the write transaction excludes.
#include <fmt/format.h>

#include "core/number_text.h"
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace chainscope {
using namespace store_sql;

namespace {

constexpr std::string_view kServiceColumns =
    "id, provider, kind, title_zh, title_en, standards, components, cnas, cma, equipment, lead_time_days, "
    "price_min_yuan, price_max_yuan, rush_surcharge, capacity_hours_per_year, bookable, places, starts_on, "
    "ends_on, closed, synthetic, created_by, created_at, updated_at, version";
constexpr std::string_view kRequestColumns =
    "id, requester, kind, standards, component, needed_by, budget_yuan, anonymous, note, status, "
    "accepted_interest, accepted_provider, synthetic, created_by, created_at, updated_at, version";
constexpr std::string_view kInterestColumns =
    "id, request, service, provider, note, status, created_by, created_at";
constexpr std::string_view kBookingColumns =
    "id, service, provider, booker, request, start_at, end_at, note, status, synthetic, created_by, "
    "created_at, updated_at";

ServiceKind KindOf(const std::string& text) {
  const auto k = ParseServiceKind(text);
  if (!k) throw Error("store: a service has an unknown kind");
  return *k;
}

Service ReadService(const SqlRow& r) {
  Service v;
  v.id = r.Text(0);
  v.provider = r.Text(1);
  v.kind = KindOf(r.Text(2));
  v.title_zh = r.Text(3);
  v.title_en = r.Text(4);
  v.standards = SplitTexts(r.Text(5), ';');
  v.components = SplitTexts(r.Text(6), ';');
  v.cnas = r.Text(7);
  v.cma = r.Text(8);
  v.equipment = r.Text(9);
  v.lead_time_days = r.Real(10);
  v.price_min_yuan = r.Real(11);
  v.price_max_yuan = r.Real(12);
  v.rush_surcharge = r.Real(13);
  v.capacity_hours_per_year = r.Real(14);
  v.bookable = r.Bool(15);
  v.places = r.Int(16);
  v.starts_on = r.Text(17);
  v.ends_on = r.Text(18);
  v.closed = r.Bool(19);
  v.synthetic = r.Bool(20);
  v.created_by = r.Text(21);
  v.created_at = r.Text(22);
  v.updated_at = r.Text(23);
  v.version = r.Int(24);
  return v;
}

ServiceRequest ReadRequest(const SqlRow& r) {
  ServiceRequest q;
  q.id = r.Text(0);
  q.requester = r.Text(1);
  q.kind = KindOf(r.Text(2));
  q.standards = SplitTexts(r.Text(3), ';');
  q.component = r.Text(4);
  q.needed_by = r.Text(5);
  q.budget_yuan = r.Real(6);
  q.anonymous = r.Bool(7);
  q.note = r.Text(8);
  const auto status = ParseRequestStatus(r.Text(9));
  if (!status) throw Error("store: a service request has an unknown status");
  q.status = *status;
  q.accepted_interest = r.Text(10);
  q.accepted_provider = r.Text(11);
  q.synthetic = r.Bool(12);
  q.created_by = r.Text(13);
  q.created_at = r.Text(14);
  q.updated_at = r.Text(15);
  q.version = r.Int(16);
  return q;
}

ServiceInterest ReadInterest(const SqlRow& r) {
  ServiceInterest i;
  i.id = r.Text(0);
  i.request = r.Text(1);
  i.service = r.Text(2);
  i.provider = r.Text(3);
  i.note = r.Text(4);
  const std::string status = r.Text(5);
  i.status = status == "accepted"    ? InterestStatus::kAccepted
             : status == "withdrawn" ? InterestStatus::kWithdrawn
                                     : InterestStatus::kOpen;
  i.created_by = r.Text(6);
  i.created_at = r.Text(7);
  return i;
}

Booking ReadBooking(const SqlRow& r) {
  Booking b;
  b.id = r.Text(0);
  b.service = r.Text(1);
  b.provider = r.Text(2);
  b.booker = r.Text(3);
  b.request = r.Text(4);
  b.start = r.Text(5);
  b.end = r.Text(6);
  b.note = r.Text(7);
  const std::string status = r.Text(8);
  b.status = status == "confirmed"   ? BookingStatus::kConfirmed
             : status == "cancelled" ? BookingStatus::kCancelled
                                     : BookingStatus::kRequested;
  b.synthetic = r.Bool(9);
  b.created_by = r.Text(10);
  b.created_at = r.Text(11);
  b.updated_at = r.Text(12);
  return b;
}

std::string Quoted(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ",") + JsonQuote(i);
  return "[" + out + "]";
}

/// As the audit trail shows them.
std::string AuditJson(const Service& v) {
  return fmt::format(
      R"({{"id":{},"provider":{},"kind":{},"title_zh":{},"title_en":{},"standards":{},"components":{},)"
      R"("cnas":{},"cma":{},"lead_time_days":{},"price_min_yuan":{},"price_max_yuan":{},"rush_surcharge":{},)"
      R"("capacity_hours_per_year":{},"bookable":{},"places":{},"starts_on":{},"ends_on":{},"closed":{},)"
      R"("version":{}}})",
      JsonQuote(v.id), JsonQuote(v.provider), JsonQuote(ToString(v.kind)), JsonQuote(v.title_zh),
      JsonQuote(v.title_en), Quoted(v.standards), Quoted(v.components), JsonQuote(v.cnas), JsonQuote(v.cma),
      v.lead_time_days, v.price_min_yuan, v.price_max_yuan, v.rush_surcharge, v.capacity_hours_per_year,
      v.bookable, v.places, JsonQuote(v.starts_on), JsonQuote(v.ends_on), v.closed, v.version);
}
std::string AuditJson(const ServiceRequest& q) {
  return fmt::format(
      R"({{"id":{},"requester":{},"kind":{},"standards":{},"component":{},"needed_by":{},"budget_yuan":{},)"
      R"("anonymous":{},"status":{},"accepted_interest":{},"accepted_provider":{},"version":{}}})",
      JsonQuote(q.id), JsonQuote(q.requester), JsonQuote(ToString(q.kind)), Quoted(q.standards),
      JsonQuote(q.component), JsonQuote(q.needed_by), q.budget_yuan, q.anonymous,
      JsonQuote(ToString(q.status)), JsonQuote(q.accepted_interest), JsonQuote(q.accepted_provider),
      q.version);
}
std::string AuditJson(const ServiceInterest& i) {
  return fmt::format(R"({{"id":{},"request":{},"service":{},"provider":{},"status":{}}})", JsonQuote(i.id),
                     JsonQuote(i.request), JsonQuote(i.service), JsonQuote(i.provider),
                     JsonQuote(ToString(i.status)));
}
std::string AuditJson(const Booking& b) {
  return fmt::format(
      R"({{"id":{},"service":{},"provider":{},"booker":{},"request":{},"start":{},"end":{},"status":{}}})",
      JsonQuote(b.id), JsonQuote(b.service), JsonQuote(b.provider), JsonQuote(b.booker), JsonQuote(b.request),
      JsonQuote(b.start), JsonQuote(b.end), JsonQuote(ToString(b.status)));
}

std::vector<Service> ServicesWhere(SqlSession& s, const ServiceQuery& q) {
  std::vector<SqlParam> values;
  std::string where = Where({{"id", &q.id}, {"provider", &q.provider}}, values);
  if (q.open_only) where += where.empty() ? " WHERE closed = FALSE" : " AND closed = FALSE";
  std::vector<Service> out;
  s.Run(fmt::format("SELECT {} FROM services{} ORDER BY {}", kServiceColumns, where, s.InsertionOrder()),
        values, [&](const SqlRow& r) { out.push_back(ReadService(r)); });
  return out;
}

std::vector<ServiceRequest> RequestsWhere(SqlSession& s, const ServiceRequestQuery& q) {
  std::vector<SqlParam> values;
  std::string where = Where({{"id", &q.id}, {"requester", &q.requester}}, values);
  if (q.open_only) where += where.empty() ? " WHERE status = 'open'" : " AND status = 'open'";
  std::vector<ServiceRequest> out;
  s.Run(fmt::format("SELECT {} FROM service_requests{} ORDER BY {}", kRequestColumns, where,
                    s.InsertionOrder()),
        values, [&](const SqlRow& r) { out.push_back(ReadRequest(r)); });
  return out;
}

std::vector<Booking> BookingsWhere(SqlSession& s, const BookingQuery& q) {
  std::vector<SqlParam> values;
  std::string where = Where({{"id", &q.id},
                             {"service", &q.service},
                             {"provider", &q.provider},
                             {"booker", &q.booker},
                             {"request", &q.request}},
                            values);
  const auto more = [&] { return where.empty() ? " WHERE " : " AND "; };
  if (!q.to.empty()) {
    values.emplace_back(std::string_view(q.to));
    where += fmt::format("{}start_at < ?{}", more(), values.size());
  }
  if (!q.from.empty()) {
    values.emplace_back(std::string_view(q.from));
    where += fmt::format("{}end_at > ?{}", more(), values.size());
  }
  if (q.live_only) where += fmt::format("{}status <> 'cancelled'", more());
  std::vector<Booking> out;
  s.Run(fmt::format("SELECT {} FROM bookings{} ORDER BY start_at, id", kBookingColumns, where), values,
        [&](const SqlRow& r) { out.push_back(ReadBooking(r)); });
  return out;
}

void WriteService(SqlSession& s, const Service& v, bool insert) {
  const std::string standards = JoinTexts(v.standards, ';'), components = JoinTexts(v.components, ';');
  const std::string kind(ToString(v.kind));
  const std::vector<SqlParam> p{v.id,
                                v.provider,
                                kind,
                                v.title_zh,
                                v.title_en,
                                standards,
                                components,
                                v.cnas,
                                v.cma,
                                v.equipment,
                                v.lead_time_days,
                                v.price_min_yuan,
                                v.price_max_yuan,
                                v.rush_surcharge,
                                v.capacity_hours_per_year,
                                v.bookable,
                                v.places,
                                v.starts_on,
                                v.ends_on,
                                v.closed,
                                v.synthetic,
                                v.created_by,
                                v.created_at,
                                v.updated_at,
                                v.version};
  if (insert)
    s.Run(fmt::format("INSERT INTO services ({}) VALUES ({})", kServiceColumns, Marks(p.size())), p);
  else
    s.Run(
        "UPDATE services SET provider = ?2, kind = ?3, title_zh = ?4, title_en = ?5, standards = ?6, "
        "components = ?7, cnas = ?8, cma = ?9, equipment = ?10, lead_time_days = ?11, price_min_yuan = ?12, "
        "price_max_yuan = ?13, rush_surcharge = ?14, capacity_hours_per_year = ?15, bookable = ?16, "
        "places = ?17, starts_on = ?18, ends_on = ?19, closed = ?20, synthetic = ?21, created_by = ?22, "
        "created_at = ?23, updated_at = ?24, version = ?25 WHERE id = ?1",
        p);
}

void WriteRequest(SqlSession& s, const ServiceRequest& q, bool insert) {
  const std::string standards = JoinTexts(q.standards, ';');
  const std::string kind(ToString(q.kind)), status(ToString(q.status));
  const std::vector<SqlParam> p{q.id,
                                q.requester,
                                kind,
                                standards,
                                q.component,
                                q.needed_by,
                                q.budget_yuan,
                                q.anonymous,
                                q.note,
                                status,
                                q.accepted_interest,
                                q.accepted_provider,
                                q.synthetic,
                                q.created_by,
                                q.created_at,
                                q.updated_at,
                                q.version};
  if (insert)
    s.Run(fmt::format("INSERT INTO service_requests ({}) VALUES ({})", kRequestColumns, Marks(p.size())), p);
  else
    s.Run(
        "UPDATE service_requests SET requester = ?2, kind = ?3, standards = ?4, component = ?5, "
        "needed_by = ?6, budget_yuan = ?7, anonymous = ?8, note = ?9, status = ?10, accepted_interest = ?11, "
        "accepted_provider = ?12, synthetic = ?13, created_by = ?14, created_at = ?15, updated_at = ?16, "
        "version = ?17 WHERE id = ?1",
        p);
}

/// Inserts or replaces a record with an allocated id and a version, under `check`; see PutService.
template <class Record, class Read, class Write>
void PutVersioned(SqlSession& s, Record& record, std::string_view kind, std::string_view table,
                  std::string_view prefix, const std::function<void(const std::optional<Record>&)>& check,
                  const AuditContext& by, Read read, Write write) {
  InWriteTransaction(s, [&] {
    std::optional<Record> stored;
    if (!record.id.empty()) {
      std::vector<Record> found = read(record.id);
      if (!found.empty()) stored = std::move(found.front());
    }
    if (check) check(stored);
    const std::string now = NowUtc();
    if (stored) {
      record.created_by = stored->created_by;
      record.created_at = stored->created_at;
      record.version = stored->version + 1;
    } else {
      if (record.id.empty()) record.id = NextId(s, table, table, prefix);
      if (record.created_at.empty()) record.created_at = now;
      record.version = 1;
    }
    record.updated_at = now;
    write(record, !stored);
    Audit(s, by, fmt::format("{}.{}", kind, stored ? "update" : "create"),
          fmt::format("{}:{}", kind, record.id), stored ? AuditJson(*stored) : "null", AuditJson(record));
    return 0;
  });
}

}  // namespace

void SqlStore::PutService(Service& service, const std::function<void(const std::optional<Service>&)>& check,
                          const AuditContext& by) {
  auto s = Session();
  PutVersioned<Service>(
      *s, service, "service", "services", kServiceIdPrefix, check, by,
      [&](const std::string& id) { return ServicesWhere(*s, {.id = id}); },
      [&](const Service& v, bool insert) { WriteService(*s, v, insert); });
}

std::vector<Service> SqlStore::Services(const ServiceQuery& query) {
  auto s = Session();
  return ServicesWhere(*s, query);
}

void SqlStore::PutServiceRequest(ServiceRequest& request,
                                 const std::function<void(const std::optional<ServiceRequest>&)>& check,
                                 const AuditContext& by) {
  auto s = Session();
  PutVersioned<ServiceRequest>(
      *s, request, "service_request", "service_requests", kServiceRequestIdPrefix, check, by,
      [&](const std::string& id) { return RequestsWhere(*s, {.id = id}); },
      [&](const ServiceRequest& q, bool insert) { WriteRequest(*s, q, insert); });
}

std::vector<ServiceRequest> SqlStore::ServiceRequests(const ServiceRequestQuery& query) {
  auto s = Session();
  return RequestsWhere(*s, query);
}

void SqlStore::AddInterest(ServiceInterest& interest, const AuditContext& by) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    const std::vector<ServiceRequest> request = RequestsWhere(*s, {.id = interest.request});
    if (request.empty()) throw NotFound(fmt::format("no service request '{}'", interest.request));
    if (ServicesWhere(*s, {.id = interest.service}).empty())
      throw NotFound(fmt::format("no service '{}'", interest.service));
    if (request.front().status != RequestStatus::kOpen)
      throw Conflict(fmt::format("service request '{}' is {}: it takes no interest", interest.request,
                                 ToString(request.front().status)));
    bool taken = false;
    s->Run("SELECT 1 FROM service_interests WHERE request = ?1 AND service = ?2 AND status = 'open'",
           {interest.request, interest.service}, [&](const SqlRow&) { taken = true; });
    if (taken)
      throw Conflict(fmt::format("service '{}' has already expressed interest in '{}'", interest.service,
                                 interest.request));
    interest.id = NextId(*s, "service_interests", "service_interests", kInterestIdPrefix);
    interest.created_at = NowUtc();
    interest.status = InterestStatus::kOpen;
    const std::string status(ToString(interest.status));
    s->Run(fmt::format("INSERT INTO service_interests ({}) VALUES ({})", kInterestColumns, Marks(8)),
           {interest.id, interest.request, interest.service, interest.provider, interest.note, status,
            interest.created_by, interest.created_at});
    Audit(*s, by, "service_interest.create", fmt::format("service_interest:{}", interest.id), "null",
          AuditJson(interest));
    return 0;
  });
}

std::vector<ServiceInterest> SqlStore::Interests(std::string_view request) {
  auto s = Session();
  std::vector<ServiceInterest> out;
  const std::string where = request.empty() ? "" : " WHERE request = ?1";
  std::vector<SqlParam> values;
  if (!request.empty()) values.emplace_back(request);
  s->Run(fmt::format("SELECT {} FROM service_interests{} ORDER BY {}", kInterestColumns, where,
                     s->InsertionOrder()),
         values, [&](const SqlRow& r) { out.push_back(ReadInterest(r)); });
  return out;
}

ServiceRequest SqlStore::AcceptInterest(
    std::string_view request, std::string_view interest,
    const std::function<void(const ServiceRequest&, const ServiceInterest&)>& check, const AuditContext& by) {
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    std::vector<ServiceRequest> found = RequestsWhere(*s, {.id = std::string(request)});
    if (found.empty()) throw NotFound(fmt::format("no service request '{}'", request));
    ServiceRequest q = std::move(found.front());
    std::optional<ServiceInterest> chosen;
    s->Run(fmt::format("SELECT {} FROM service_interests WHERE id = ?1 AND request = ?2", kInterestColumns),
           {interest, request}, [&](const SqlRow& r) { chosen = ReadInterest(r); });
    if (!chosen) throw NotFound(fmt::format("no interest '{}' in service request '{}'", interest, request));
    if (check) check(q, *chosen);
    if (q.status != RequestStatus::kOpen)
      throw Conflict(fmt::format("service request '{}' is {}", request, ToString(q.status)));
    if (chosen->status != InterestStatus::kOpen)
      throw Conflict(fmt::format("interest '{}' is {}", interest, ToString(chosen->status)));
    const ServiceRequest before = q;
    s->Run("UPDATE service_interests SET status = 'accepted' WHERE id = ?1", {interest});
    q.status = RequestStatus::kAccepted;
    q.accepted_interest = chosen->id;
    q.accepted_provider = chosen->provider;
    q.updated_at = NowUtc();
    ++q.version;
    WriteRequest(*s, q, false);
    Audit(*s, by, "service_request.accept", fmt::format("service_request:{}", q.id), AuditJson(before),
          AuditJson(q));
    return q;
  });
}

void SqlStore::AddBooking(Booking& booking, const AuditContext& by) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    // The service's row lock: concurrent bookings of one service queue here, in every engine.
    if (s->Run("UPDATE services SET bookings_written = bookings_written + 1 WHERE id = ?1",
               {booking.service}) == 0)
      throw NotFound(fmt::format("no service '{}'", booking.service));
    std::string clash;
    s->Run(
        "SELECT id FROM bookings WHERE service = ?1 AND status <> 'cancelled' AND start_at < ?3 AND "
        "end_at > ?2 ORDER BY start_at LIMIT 1",
        {booking.service, booking.start, booking.end}, [&](const SqlRow& r) { clash = r.Text(0); });
    if (!clash.empty())
      throw Conflict(Message{
          "booking.overlap",
          {{"start", booking.start}, {"end", booking.end}, {"booking", clash}, {"service", booking.service}},
          fmt::format("the slot {} – {} overlaps booking '{}' of service '{}'", booking.start, booking.end,
                      clash, booking.service)});
    booking.id = NextId(*s, "bookings", "bookings", kBookingIdPrefix);
    booking.created_at = booking.updated_at = NowUtc();
    const std::string status(ToString(booking.status));
    s->Run(fmt::format("INSERT INTO bookings ({}) VALUES ({})", kBookingColumns, Marks(13)),
           {booking.id, booking.service, booking.provider, booking.booker, booking.request, booking.start,
            booking.end, booking.note, status, booking.synthetic, booking.created_by, booking.created_at,
            booking.updated_at});
    Audit(*s, by, "booking.create", fmt::format("booking:{}", booking.id), "null", AuditJson(booking));
    return 0;
  });
}

std::vector<Booking> SqlStore::Bookings(const BookingQuery& query) {
  auto s = Session();
  return BookingsWhere(*s, query);
}

Booking SqlStore::UpdateBooking(std::string_view id, const std::function<Booking(const Booking&)>& change,
                                const AuditContext& by) {
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    std::vector<Booking> found = BookingsWhere(*s, {.id = std::string(id)});
    if (found.empty()) throw NotFound(fmt::format("no booking '{}'", id));
    Booking b = change(found.front());
    b.id = found.front().id;
    b.updated_at = NowUtc();
    const std::string status(ToString(b.status));
    s->Run("UPDATE bookings SET status = ?2, note = ?3, updated_at = ?4 WHERE id = ?1",
           {b.id, status, b.note, b.updated_at});
    Audit(*s, by, fmt::format("booking.{}", ToString(b.status)), fmt::format("booking:{}", b.id),
          AuditJson(found.front()), AuditJson(b));
    return b;
  });
}

}  // namespace chainscope
