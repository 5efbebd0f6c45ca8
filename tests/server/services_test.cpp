// R&D, testing and talent services through the API on each store: an institute publishes, a parts maker
// posts an anonymous request, the ranking explains itself, the institute expresses interest, the maker
// accepts and only then do the two see each other — and no route, export or notice names the requester
// before that; bookings never overlap, also when 20 arrive at once on two servers; utilization by hand;
// accreditation numbers and standard codes checked at the door.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <thread>

#include "io/dataset_io.h"
#include "server/stored_api.h"

namespace chainscope {
namespace {
namespace json = boost::json;

/// What identifies oem1 (the requester): its id, names, credit code and its member's email.
const std::vector<std::string> kRequesterMarks{"oem1", "Test Motors", "测试汽车", "9150011620230001X6",
                                               "buyer@oem1.example"};

class ServicesTest : public testing::StoredApiOnEachBackend {
 protected:
  void SetUp() override {
    Dataset d = ReadDataset(testing::MiniDataset());
    d.enterprises.push_back(
        {"lab1", "Test Lab", "检测所", Role::kInstitute, "500116", "", {}, 0, 10, true, ""});
    d.enterprises.push_back(
        {"lab2", "Chengdu Lab", "成都检测所", Role::kInstitute, "510100", "", {}, 0, 10, true, ""});
    Open(d);
    maker_ = testing::AddTestAccount(*store_, "buyer@oem1.example", "member", "oem1");
    lab_ = testing::AddTestAccount(*store_, "lab@lab1.example", "member", "lab1");
    lab2_ = testing::AddTestAccount(*store_, "lab@lab2.example", "member", "lab2");
    other_ = testing::AddTestAccount(*store_, "sales@cell1.example", "member", "cell1");
    analyst_ = testing::AddTestAccount(*store_, "analyst@bureau.example", "analyst");
  }

  std::string Publish(const testing::TestAccount& who, const std::string& fields) {
    const json::object s = OkAs(who, "POST", "/api/v1/services", "{" + fields + "}", 201);
    return std::string(s.at("id").as_string());
  }

  /// Every body `who` can read that might name the request `id`: the list (JSON and CSV), the request, its
  /// interests, its inbox.
  std::vector<std::string> Bodies(const testing::TestAccount& who, const std::string& id) {
    std::vector<std::string> out;
    const std::vector<std::string> targets{"/api/v1/service-requests", "/api/v1/service-requests?format=csv",
                                           "/api/v1/service-requests/" + id,
                                           "/api/v1/service-requests/" + id + "/interests", "/api/v1/inbox"};
    for (const std::string& target : targets) {
      const HttpResponse r = As(who, "GET", target);
      if (r.status == 200) out.push_back(target + " → " + r.body);
    }
    return out;
  }
  void ExpectNoRequester(const testing::TestAccount& who, const std::string& id) {
    for (const std::string& body : Bodies(who, id))
      for (const std::string& mark : kRequesterMarks)
        EXPECT_EQ(body.find(mark), std::string::npos)
            << who.user.email << " reads '" << mark << "' in " << body;
  }

  testing::TestAccount maker_, lab_, lab2_, other_, analyst_;
};

TEST_P(ServicesTest, AnAnonymousRequesterIsRevealedOnlyToTheProviderItAccepts) {
  const std::string emc =
      Publish(lab_, R"("kind":"testing","title_zh":"电磁兼容试验","title_en":"EMC testing",)"
                    R"("standards":["gb 34660-2017","CISPR 25"],"components":["CHS"],)"
                    R"("cnas":"cnas l1234","cma":"CMA 201819123456","lead_time_days":10,)"
                    R"("price_min_yuan":30000,"price_max_yuan":90000,"bookable":true,)"
                    R"("capacity_hours_per_year":2000)");
  const json::object published = Ok("GET", "/api/v1/services/" + emc);
  EXPECT_EQ(published.at("standards").as_array().at(0).as_string(), "GB 34660-2017");  // canonical
  EXPECT_EQ(published.at("cnas").as_string(), "CNAS L1234");
  EXPECT_EQ(published.at("cma").as_string(), "201819123456");
  const std::string other_emc =
      Publish(lab2_, R"("kind":"testing","title_zh":"电磁兼容","title_en":"EMC","standards":["CISPR 25"])");

  // The maker posts an anonymous EMC request; both institutes' services fit, so both are told — without
  // the requester.
  const json::object posted =
      OkAs(maker_, "POST", "/api/v1/service-requests",
           R"({"kind":"testing","standards":["CISPR 25"],"component":"CHS-EPS",)"
           R"("budget_yuan":80000,"anonymous":true,"note":"EMC of a steering motor"})",
           201);
  const std::string id(posted.at("id").as_string());
  EXPECT_EQ(posted.at("requester").as_string(), "oem1");  // its own members see it
  EXPECT_EQ(store_->Notifications("lab1", false, 10, 0).size(), 1u);
  EXPECT_EQ(store_->Notifications("lab2", false, 10, 0).size(), 1u);
  const json::object listed = OkAs(lab_, "GET", "/api/v1/service-requests/" + id);
  EXPECT_TRUE(listed.at("requester").is_null());
  EXPECT_TRUE(listed.at("requester_contact").is_null());
  for (const testing::TestAccount* who : {&lab_, &lab2_, &other_, &analyst_, &admin_})
    ExpectNoRequester(*who, id);

  // The ranking, for the requester: both services, the nearer and accredited one first, with reasons.
  const json::object m = OkAs(maker_, "POST", "/api/v1/service-requests/" + id + "/match");
  ASSERT_EQ(m.at("items").as_array().size(), 2u);
  EXPECT_EQ(m.at("items").as_array()[0].at("service").as_string(), emc);
  EXPECT_EQ(m.at("items").as_array()[0].at("reasons").as_array()[0].at("code").as_string(),
            "service.covers_standards");
  EXPECT_EQ(As(lab_, "POST", "/api/v1/service-requests/" + id + "/match").status,
            404);  // not the requester's

  // Both institutes express interest; the requester sees both, each provider only its own.
  const json::object interest = OkAs(lab_, "POST", "/api/v1/service-requests/" + id + "/interests",
                                     R"({"service":")" + emc + R"("})", 201);
  OkAs(lab2_, "POST", "/api/v1/service-requests/" + id + "/interests",
       R"({"service":")" + other_emc + R"("})", 201);
  EXPECT_EQ(
      As(lab2_, "POST", "/api/v1/service-requests/" + id + "/interests", R"({"service":")" + emc + R"("})")
          .status,
      403);  // another's service
  EXPECT_EQ(
      OkAs(maker_, "GET", "/api/v1/service-requests/" + id + "/interests").at("items").as_array().size(), 2u);
  EXPECT_EQ(OkAs(lab_, "GET", "/api/v1/service-requests/" + id + "/interests").at("items").as_array().size(),
            1u);
  EXPECT_EQ(store_->Notifications("oem1", false, 10, 0).size(), 2u);
  for (const testing::TestAccount* who : {&lab_, &lab2_, &other_, &analyst_, &admin_})
    ExpectNoRequester(*who, id);
  // An anonymous request cannot be booked against before acceptance (the booking would name the booker).
  EXPECT_EQ(
      As(maker_, "POST", "/api/v1/services/" + emc + "/bookings",
         testing::SlotBody(5).substr(0, testing::SlotBody(5).size() - 1) + R"(,"request":")" + id + R"("})")
          .status,
      409);

  // The maker accepts lab1: lab1 now sees who and whom to call; lab2, the others and staff still do not.
  const std::string interest_id(interest.at("id").as_string());
  const json::object accepted =
      OkAs(maker_, "POST", "/api/v1/service-requests/" + id + "/interests/" + interest_id + "/accept");
  EXPECT_EQ(accepted.at("status").as_string(), "accepted");
  EXPECT_EQ(accepted.at("provider_contact").as_string(), "lab@lab1.example");
  const json::object seen = OkAs(lab_, "GET", "/api/v1/service-requests/" + id);
  EXPECT_EQ(seen.at("requester").as_string(), "oem1");
  EXPECT_EQ(seen.at("requester_name_zh").as_string(), "测试汽车");
  EXPECT_EQ(seen.at("requester_contact").as_string(), "buyer@oem1.example");
  const auto notices = store_->Notifications("lab1", false, 10, 0);
  EXPECT_EQ(notices.front().event, "service_interest.accepted");
  EXPECT_NE(notices.front().payload.find("buyer@oem1.example"), std::string::npos);
  for (const testing::TestAccount* who : {&lab2_, &other_, &analyst_, &admin_}) ExpectNoRequester(*who, id);
  EXPECT_EQ(As(lab2_, "GET", "/api/v1/service-requests/" + id).status, 404);  // no longer open

  // Now a slot may be booked for it; the provider sees the booker, others a busy slot.
  const std::string slot = testing::SlotBody(5);
  const json::object booked = OkAs(maker_, "POST", "/api/v1/services/" + emc + "/bookings",
                                   slot.substr(0, slot.size() - 1) + R"(,"request":")" + id + R"("})", 201);
  EXPECT_EQ(booked.at("status").as_string(), "requested");
  EXPECT_EQ(booked.at("hours").to_number<double>(), 4);
  const json::array for_lab =
      OkAs(lab_, "GET", "/api/v1/services/" + emc + "/bookings").at("items").as_array();
  ASSERT_EQ(for_lab.size(), 1u);
  EXPECT_EQ(for_lab[0].at("booker").as_string(), "oem1");
  for (const testing::TestAccount* who : {&lab2_, &other_, &analyst_, &admin_}) {
    const HttpResponse r = As(*who, "GET", "/api/v1/services/" + emc + "/bookings");
    ASSERT_EQ(r.status, 200);
    for (const std::string& mark : kRequesterMarks) EXPECT_EQ(r.body.find(mark), std::string::npos) << r.body;
  }
  EXPECT_EQ(As(maker_, "POST", "/api/v1/services/" + emc + "/bookings", slot).status, 409);  // the same slot
}

TEST_P(ServicesTest, TheDoorChecksCodesNumbersAndTimes) {
  const Case cases[] = {
      {"POST", "/api/v1/services",
       R"({"provider":"lab1","kind":"testing","title_zh":"试验","title_en":"Test","cnas":"L12"})", 400,
       "field 'cnas'"},
      {"POST", "/api/v1/services",
       R"({"provider":"lab1","kind":"testing","title_zh":"试验","title_en":"Test","cma":"12345"})", 400,
       "field 'cma'"},
      {"POST", "/api/v1/services",
       R"({"provider":"lab1","kind":"testing","title_zh":"试验","title_en":"Test","standards":["ABC 1"]})",
       400, "field 'standards'"},
      {"POST", "/api/v1/services",
       R"({"provider":"lab1","kind":"testing","title_zh":"试验","title_en":"Test","price_min_yuan":2e9})",
       400, "price_min_yuan"},
      {"POST", "/api/v1/services",
       R"({"provider":"lab1","kind":"testing","title_zh":"试验","title_en":"Test","price_min_yuan":9,"price_max_yuan":5})",
       400, "field 'price_min_yuan'"},
      {"POST", "/api/v1/services",
       R"({"provider":"lab1","kind":"testing","title_zh":"试验","title_en":"Test","bookable":true})", 400,
       "capacity_hours_per_year"},
      {"POST", "/api/v1/services",
       R"({"provider":"eps1","kind":"testing","title_zh":"试验","title_en":"Test"})", 403,
       "not an institute"},
      {"POST", "/api/v1/services", R"({"provider":"lab1","kind":"consulting","title_zh":"a","title_en":"b"})",
       400, "kind"},
      {"POST", "/api/v1/service-requests",
       R"({"requester":"oem1","kind":"testing","needed_by":"2001-01-01"})", 400, "field 'needed_by'"},
      {"POST", "/api/v1/service-requests", R"({"requester":"oem1","kind":"testing","component":"XYZ"})", 400,
       "field 'component'"},
  };
  Expect(cases);
  EXPECT_TRUE(store_->Services({}).empty());  // nothing written on failure
  EXPECT_TRUE(store_->ServiceRequests({}).empty());
  const std::string s =
      Publish(lab_, R"("kind":"testing","title_zh":"试验","title_en":"Test","bookable":true,)"
                    R"("capacity_hours_per_year":100)");
  const std::string start = testing::UtcDaysAhead(3, 9);
  const Case bookings[] = {
      {"POST", "/api/v1/services/" + s + "/bookings", R"({"start":"tomorrow","end":"later"})", 400,
       "field 'start'"},
      {"POST", "/api/v1/services/" + s + "/bookings",
       R"({"start":")" + start + R"(","end":")" + start + R"("})", 400, "field 'end'"},
      {"POST", "/api/v1/services/" + s + "/bookings",
       R"({"start":")" + testing::UtcDaysAhead(-3, 9) + R"(","end":")" + start + R"("})", 400, "has passed"},
      {"POST", "/api/v1/services/" + s + "/bookings",
       R"({"start":")" + start + R"(","end":")" + testing::UtcDaysAhead(40, 9) + R"("})", 400, "744 hours"},
  };
  Expect(bookings);
  // A date-time with an offset is kept in UTC: 09:00+08:00 is 01:00Z.
  const std::string day = testing::UtcDaysAhead(3, 0).substr(0, 10);
  const json::object b =
      OkAs(maker_, "POST", "/api/v1/services/" + s + "/bookings",
           R"({"start":")" + day + R"(T09:00:00+08:00","end":")" + day + R"(T17:00:00+08:00"})", 201);
  EXPECT_EQ(b.at("start").as_string(), day + "T01:00:00Z");
  EXPECT_EQ(b.at("hours").to_number<double>(), 8);
}

TEST_P(ServicesTest, TwentyConcurrentOverlappingBookingsOnTwoServersGetExactlyOne201) {
  const std::string s =
      Publish(lab_, R"("kind":"testing","title_zh":"试验","title_en":"Test","bookable":true,)"
                    R"("capacity_hours_per_year":2000)");
  // A second server on the same database.
  ApiOptions options;
  options.requests_per_second = 0;
  Api second(std::make_shared<Platform>(OpenStore(db_path_)), options);
  std::atomic<int> created{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i)
    threads.emplace_back([&, i] {
      // Every slot holds 10:00–11:00 UTC, 7 days ahead.
      const std::string body = R"({"start":")" + testing::UtcDaysAhead(7, 9 + i % 2) + R"(","end":")" +
                               testing::UtcDaysAhead(7, 11 + i % 3) + R"("})";
      HttpRequest r =
          testing::As(i % 2 ? other_ : maker_, "POST", "/api/v1/services/" + s + "/bookings", body);
      r.headers.emplace_back("Content-Type", "application/json");
      const int status = (i % 2 ? second : *api_).Handle(r).status;
      if (status == 201)
        ++created;
      else if (status == 409)
        ++conflicts;
      else
        ++other;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflicts.load(), 19);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(store_->Bookings({.service = s, .live_only = true}).size(), 1u);
}

TEST_P(ServicesTest, UtilizationIsBookedHoursOverCapacityAndOverTheBaseline) {
  const std::string a = Publish(lab_, R"("kind":"testing","title_zh":"甲","title_en":"A","bookable":true,)"
                                      R"("capacity_hours_per_year":2000)");
  const std::string b = Publish(lab_, R"("kind":"testing","title_zh":"乙","title_en":"B","bookable":true,)"
                                      R"("capacity_hours_per_year":500)");
  Publish(lab_, R"("kind":"design","title_zh":"丙","title_en":"C")");  // not bookable: not counted
  // A: 4 h + 4 h, and 4 h cancelled; B: 4 h booked by the provider itself.
  OkAs(maker_, "POST", "/api/v1/services/" + a + "/bookings", testing::SlotBody(3), 201);
  OkAs(other_, "POST", "/api/v1/services/" + a + "/bookings", testing::SlotBody(4), 201);
  const json::object cancelled =
      OkAs(maker_, "POST", "/api/v1/services/" + a + "/bookings", testing::SlotBody(5), 201);
  OkAs(maker_, "DELETE",
       "/api/v1/services/" + a + "/bookings/" + std::string(cancelled.at("id").as_string()));
  OkAs(lab_, "POST", "/api/v1/services/" + b + "/bookings", testing::SlotBody(3), 201);
  // Each slot is counted in its own calendar year (a run at the end of December spans two).
  const std::string year = testing::UtcDaysAhead(3, 9).substr(0, 4);
  double a_hours = 0;
  for (int d : {3, 4})
    if (testing::UtcDaysAhead(d, 9).substr(0, 4) == year) a_hours += 4;
  EXPECT_EQ(As(maker_, "GET", "/api/v1/services/utilization").status, 403);
  const json::object u = OkAs(analyst_, "GET", "/api/v1/services/utilization?year=" + year);
  const json::array& items = u.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  std::map<std::string, json::object> by_service;
  for (const json::value& i : items) by_service[std::string(i.at("service").as_string())] = i.as_object();
  EXPECT_DOUBLE_EQ(by_service[a].at("booked_hours").to_number<double>(), a_hours);
  EXPECT_DOUBLE_EQ(by_service[a].at("utilization").to_number<double>(), a_hours / 2000);
  EXPECT_DOUBLE_EQ(by_service[a].at("baseline_utilization").to_number<double>(), a_hours / 1400);
  EXPECT_DOUBLE_EQ(by_service[b].at("utilization").to_number<double>(), 4.0 / 500);
  const json::object& lab = u.at("institutes").as_array().at(0).as_object();
  EXPECT_EQ(lab.at("provider").as_string(), "lab1");
  EXPECT_EQ(lab.at("services").to_number<double>(), 2);
  EXPECT_DOUBLE_EQ(lab.at("utilization").to_number<double>(), (a_hours + 4) / 2500);
  EXPECT_DOUBLE_EQ(lab.at("baseline_utilization").to_number<double>(), (a_hours + 4) / 2800);
  EXPECT_EQ(As(analyst_, "GET", "/api/v1/services/utilization?year=1999").status, 400);
}

INSTANTIATE_BACKENDS(ServicesTest);

}  // namespace
}  // namespace chainscope
