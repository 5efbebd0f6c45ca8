// tests: the store of R&D, testing and talent services — ids and versions, interests, and bookings that
// never overlap, also when 20 writers on four stores (four servers) try the same slot at once.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <atomic>
#include <thread>

#include "store/store.h"
#include "store_backends.h"

namespace chainscope {
namespace {

class ServiceStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  testing::TestDatabase db_{GetParam()};
};

Service EmcTest(std::string provider = "caeri") {
  Service s;
  s.provider = std::move(provider);
  s.kind = ServiceKind::kTesting;
  s.title_zh = "整车电磁兼容试验";
  s.title_en = "Vehicle EMC testing";
  s.standards = {"GB 34660-2017", "CISPR 25"};
  s.capacity_hours_per_year = 2000;
  s.bookable = true;
  return s;
}

Booking Slot(const std::string& service, std::string start, std::string end, std::string booker = "maker") {
  Booking b;
  b.service = service;
  b.provider = "caeri";
  b.booker = std::move(booker);
  b.start = std::move(start);
  b.end = std::move(end);
  return b;
}

TEST_P(ServiceStoreTest, ServicesGetIdsAndVersionsAndARefusedCheckChangesNothing) {
  auto store = db_.Open();
  Service s = EmcTest();
  store->PutService(s, {});
  EXPECT_EQ(s.id, "SV00001");
  EXPECT_EQ(s.version, 1);
  Service again = EmcTest();
  store->PutService(again, {});
  EXPECT_EQ(again.id, "SV00002");

  s.title_en = "Vehicle EMC testing (semi-anechoic chamber)";
  store->PutService(s, [](const std::optional<Service>& stored) { ASSERT_TRUE(stored.has_value()); });
  EXPECT_EQ(s.version, 2);
  Service refused = s;
  refused.title_en = "never stored";
  EXPECT_THROW(store->PutService(refused, [](const std::optional<Service>&) { throw Conflict("no"); }),
               Conflict);
  const std::vector<Service> stored = store->Services({.id = "SV00001"});
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].title_en, "Vehicle EMC testing (semi-anechoic chamber)");
  EXPECT_EQ(stored[0].standards, (std::vector<std::string>{"GB 34660-2017", "CISPR 25"}));
  EXPECT_EQ(stored[0].version, 2);
  EXPECT_EQ(store->AuditTrail({.entity = "service:SV00001"}).size(), 2u);
}

TEST_P(ServiceStoreTest, AnInterestIsAcceptedOnceAndOnlyInAnOpenRequest) {
  auto store = db_.Open();
  Service s = EmcTest();
  store->PutService(s, {});
  ServiceRequest r;
  r.requester = "maker";
  r.kind = ServiceKind::kTesting;
  r.anonymous = true;
  store->PutServiceRequest(r, {});
  EXPECT_EQ(r.id, "SR00001");
  ServiceInterest i{.request = r.id, .service = s.id, .provider = "caeri"};
  store->AddInterest(i);
  EXPECT_EQ(i.id, "SI00001");
  ServiceInterest twice{.request = r.id, .service = s.id, .provider = "caeri"};
  EXPECT_THROW(store->AddInterest(twice), Conflict);
  ServiceInterest unknown{.request = "SR09999", .service = s.id, .provider = "caeri"};
  EXPECT_THROW(store->AddInterest(unknown), NotFound);

  EXPECT_THROW(store->AcceptInterest(r.id, "SI09999", {}), NotFound);
  EXPECT_THROW(store->AcceptInterest(
                   r.id, i.id, [](const ServiceRequest&, const ServiceInterest&) { throw Conflict("no"); }),
               Conflict);
  EXPECT_EQ(store->ServiceRequests({.id = r.id})[0].status, RequestStatus::kOpen);
  const ServiceRequest accepted = store->AcceptInterest(r.id, i.id, {});
  EXPECT_EQ(accepted.status, RequestStatus::kAccepted);
  EXPECT_EQ(accepted.accepted_provider, "caeri");
  EXPECT_EQ(accepted.version, 2);
  EXPECT_EQ(store->Interests(r.id)[0].status, InterestStatus::kAccepted);
  EXPECT_THROW(store->AcceptInterest(r.id, i.id, {}), Conflict);
  ServiceInterest late{.request = r.id, .service = s.id, .provider = "caeri"};
  EXPECT_THROW(store->AddInterest(late), Conflict);  // the request is no longer open
}

TEST_P(ServiceStoreTest, BookingsNeverOverlapButTouchingOnesAndCancelledOnesDoNot) {
  auto store = db_.Open();
  Service s = EmcTest();
  store->PutService(s, {});
  Booking first = Slot(s.id, "2027-03-01T09:00:00Z", "2027-03-01T12:00:00Z");
  store->AddBooking(first);
  EXPECT_EQ(first.id, "BK00001");
  Booking overlap = Slot(s.id, "2027-03-01T11:59:00Z", "2027-03-01T13:00:00Z");
  EXPECT_THROW(store->AddBooking(overlap), Conflict);
  Booking inside = Slot(s.id, "2027-03-01T10:00:00Z", "2027-03-01T11:00:00Z");
  EXPECT_THROW(store->AddBooking(inside), Conflict);
  Booking touching = Slot(s.id, "2027-03-01T12:00:00Z", "2027-03-01T14:00:00Z");
  store->AddBooking(touching);  // [9, 12) and [12, 14) do not overlap
  Booking other_service = Slot("SV09999", "2027-03-01T09:00:00Z", "2027-03-01T12:00:00Z");
  EXPECT_THROW(store->AddBooking(other_service), NotFound);

  store->UpdateBooking(first.id, [](Booking b) {
    b.status = BookingStatus::kCancelled;
    return b;
  });
  Booking retaken = Slot(s.id, "2027-03-01T10:00:00Z", "2027-03-01T11:00:00Z", "other");
  store->AddBooking(retaken);  // the cancelled booking frees its slot
  EXPECT_EQ(store->Bookings({.service = s.id, .live_only = true}).size(), 2u);
  EXPECT_EQ(store->Bookings({.service = s.id}).size(), 3u);
  EXPECT_EQ(
      store->Bookings({.service = s.id, .from = "2027-03-01T13:00:00Z", .to = "2027-03-02T00:00:00Z"}).size(),
      1u);
}

TEST_P(ServiceStoreTest, TwentyConcurrentOverlappingBookingsOnFourStoresAddExactlyOne) {
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < 4; ++i) stores.push_back(db_.Open());
  Service s = EmcTest();
  stores[0]->PutService(s, {});
  std::atomic<int> added{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i)
    threads.emplace_back([&, i] {
      // Each slot overlaps every other: all contain 10:00–10:30.
      Booking b = Slot(s.id, fmt::format("2027-03-01T{:02}:{:02}:00Z", 9 + i % 2, i % 2 ? 0 : 30 - i),
                       fmt::format("2027-03-01T{:02}:00:00Z", 11 + i % 3), fmt::format("maker{}", i));
      try {
        stores[static_cast<std::size_t>(i) % stores.size()]->AddBooking(b);
        ++added;
      } catch (const Conflict&) {
        ++refused;
      } catch (const std::exception& e) {
        ++other;
        ADD_FAILURE() << e.what();
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(added.load(), 1);
  EXPECT_EQ(refused.load(), 19);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(stores[1]->Bookings({.service = s.id, .live_only = true}).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ServiceStoreTest, ::testing::ValuesIn(testing::StoreBackends()),
                         testing::BackendName());

}  // namespace
}  // namespace chainscope
