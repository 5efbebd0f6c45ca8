// tests: the explained ranking of services for a service request, on a hand-checked instance.
#include "match/service_match.h"

#include <gtest/gtest.h>

#include "match_fixture.h"

namespace chainscope {
namespace {

using testing::Maker;

std::shared_ptr<const Network> Institutes() {
  Dataset d;
  d.places = BuiltinPlaces();
  d.components = BuiltinComponents();
  d.component_inputs = BuiltinComponentInputs();
  d.enterprises = {Maker("maker", "LIANGJIANG", {}), Maker("caeri", "LIANGJIANG", {}, Role::kInstitute),
                   Maker("cmvtri", "LIANGJIANG", {}, Role::kInstitute),
                   Maker("uestc", "510100", {}, Role::kInstitute)};
  return Network::Build(std::move(d));
}

Service Offered(std::string id, std::string provider, std::vector<std::string> standards,
                std::vector<std::string> components, double lead, double min, double max) {
  Service s;
  s.id = std::move(id);
  s.provider = std::move(provider);
  s.kind = ServiceKind::kTesting;
  s.standards = std::move(standards);
  s.components = std::move(components);
  s.lead_time_days = lead;
  s.price_min_yuan = min;
  s.price_max_yuan = max;
  return s;
}

ServiceRequest BatteryTest() {
  ServiceRequest r;
  r.id = "SR1";
  r.requester = "maker";
  r.kind = ServiceKind::kTesting;
  r.standards = {"GB 38031", "GB/T 18384"};
  r.component = "BAT-PACK";
  r.needed_by = "2027-03-29";  // 20 working days after Monday 2027-03-01
  r.budget_yuan = 100000;
  return r;
}

const ServiceExclusion* ExclusionOf(const ServiceMatch& m, std::span<const Service> services,
                                    std::string_view id) {
  for (const ServiceExclusion& e : m.excluded)
    if (services[e.service].id == id) return &e;
  return nullptr;
}

TEST(ServiceMatch, RanksAndExplainsAHandCheckedInstance) {
  const auto net = Institutes();
  std::vector<Service> services{
      // A: 1 + ½ of 2 standards, CNAS + CMA, the pack itself, 10 of 20 days, within budget, same place.
      Offered("A", "caeri", {"GB 38031-2020", "GB/T 18384.1-2020"}, {"BAT-PACK"}, 10, 60000, 90000),
      // B: ½ of 2, CNAS only, the assembly, 5 of 20 days, half the band within budget, 3 past deals.
      Offered("B", "cmvtri", {"GB 38031"}, {"BAT"}, 5, 80000, 120000),
      Offered("C", "caeri", {"GB 38031"}, {}, 25, 1000, 2000),          // too slow
      Offered("D", "caeri", {"GB 38031"}, {}, 5, 150000, 200000),       // over budget
      Offered("E", "uestc", {"ISO 26262"}, {}, 5, 1000, 2000),          // no standard wanted
      Offered("F", "uestc", {"GB 38031"}, {"CHS-EPS"}, 5, 1000, 2000),  // another component, closed
      Offered("G", "uestc", {"GB 38031"}, {}, 5, 1000, 2000),           // another kind
      Offered("H", "maker", {"GB 38031"}, {}, 5, 1000, 2000),           // the requester's own
  };
  services[0].cnas = "CNAS L1234";
  services[0].cma = "201819123456";
  services[1].cnas = "CNAS L5678";
  services[5].closed = true;
  services[6].kind = ServiceKind::kDesign;

  const ServiceMatch m = RankServices(*net, BatteryTest(), services, "2027-03-01", {{"cmvtri", 3}});
  ASSERT_EQ(m.items.size(), 2u);
  EXPECT_EQ(services[m.items[0].service].id, "A");
  EXPECT_NEAR(m.items[0].score, 0.30 * 0.75 + 0.15 + 0.15 + 0.10 * 0.5 + 0.15 + 0.10, 1e-12);
  EXPECT_EQ(services[m.items[1].service].id, "B");
  EXPECT_NEAR(m.items[1].score, 0.30 * 0.5 + 0.15 * 0.6 + 0.15 * 0.7 + 0.10 * 0.75 + 0.15 * 0.5 + 0.10 + 0.05,
              1e-12);
  const auto part = [&](std::size_t item, std::string_view name) {
    for (const ScorePart& p : m.items[item].parts)
      if (p.name == name) return p.value;
    return -1.0;
  };
  EXPECT_DOUBLE_EQ(part(0, "standards"), 0.75);
  EXPECT_DOUBLE_EQ(part(1, "fit"), 0.7);
  EXPECT_DOUBLE_EQ(part(1, "price"), 0.5);
  EXPECT_DOUBLE_EQ(part(1, "history"), 1);
  EXPECT_EQ(m.items[0].reasons.front().code, "service.covers_standards");
  EXPECT_EQ(m.items[0].reasons.front().text, "covers 2 of the 2 standards wanted (GB 38031, GB/T 18384)");

  ASSERT_EQ(m.excluded.size(), 5u);  // G is of another kind: not listed
  EXPECT_EQ(ExclusionOf(m, services, "C")->reasons[0].code, "service.too_slow");
  EXPECT_EQ(ExclusionOf(m, services, "C")->reasons[0].text,
            "takes 25 working days; 20 remain before the date needed");
  EXPECT_EQ(ExclusionOf(m, services, "D")->reasons[0].code, "service.over_budget");
  EXPECT_EQ(ExclusionOf(m, services, "E")->reasons[0].code, "service.no_standard_covered");
  const ServiceExclusion* f = ExclusionOf(m, services, "F");
  ASSERT_EQ(f->reasons.size(), 2u);
  EXPECT_EQ(f->reasons[0].code, "service.closed");
  EXPECT_EQ(f->reasons[1].code, "service.component_not_covered");
  EXPECT_EQ(ExclusionOf(m, services, "H")->reasons[0].code, "service.own_enterprise");
  EXPECT_EQ(ExclusionOf(m, services, "G"), nullptr);
}

TEST(ServiceMatch, NoWishesMeanFullMarksAndDistanceCounts) {
  const auto net = Institutes();
  ServiceRequest r;
  r.requester = "maker";
  r.kind = ServiceKind::kTesting;
  const std::vector<Service> services{Offered("near", "caeri", {}, {}, 5, 0, 0),
                                      Offered("far", "uestc", {}, {}, 5, 0, 0)};
  const ServiceMatch m = RankServices(*net, r, services, "2027-03-01");
  ASSERT_EQ(m.items.size(), 2u);
  EXPECT_EQ(services[m.items[0].service].id, "near");
  // Chengdu is about 270 km from Liangjiang: the far one loses a quarter of the distance weight or more.
  EXPECT_GT(m.items[1].distance_km, 250);
  EXPECT_LT(m.items[1].distance_km, 320);
  EXPECT_NEAR(m.items[0].score - m.items[1].score, 0.10 * m.items[1].distance_km / 1000, 1e-9);
  // standards, fit, lead time and price are 1 without wishes; accreditation 0 without numbers.
  EXPECT_NEAR(m.items[0].score, 0.30 + 0.15 + 0.10 + 0.15 + 0.10, 1e-12);
}

TEST(ServiceMatch, StandardCoverageByEditionAndPart) {
  EXPECT_EQ(StandardCoverage("GB 38031-2020", "GB 38031"), 1);
  EXPECT_EQ(StandardCoverage("GB 38031", "GB 38031-2025"), 1);
  EXPECT_EQ(StandardCoverage("ISO 26262-6:2018", "ISO 26262"), 0.5);
  EXPECT_EQ(StandardCoverage("GB/T 18384.3-2020", "GB/T 18384"), 0.5);
  EXPECT_EQ(StandardCoverage("ISO 26262", "ISO 26262-6"), 1);  // the whole covers its parts
  EXPECT_EQ(StandardCoverage("GB 380311", "GB 38031"), 0);
}

}  // namespace
}  // namespace chainscope
