// dataset: the synthetic demonstration catalogue of services (services_demo.h).
#include "dataset/services_demo.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "dataset/rng.h"

namespace chainscope {
namespace {

/// One kind of service an institute may offer; real standard codes, synthetic figures.
struct Template {
  ServiceKind kind;
  const char* title_zh;
  const char* title_en;
  std::vector<std::string> standards;
  std::vector<std::string> components;  // component or assembly codes
  const char* equipment;
  double lead_days, price_min, price_max;  // working days; yuan
  double capacity_hours;                   // bookable hours a year; 0: not bookable
  bool test_centre;                        // offered by test centres (else by universities)
};

const std::vector<Template>& Templates() {
  using enum ServiceKind;
  static const std::vector<Template> t = {
      {kTesting,
       "动力电池安全试验",
       "Traction battery safety testing",
       {"GB 38031-2020", "GB/T 31467.3-2015", "ECE R100"},
       {"BAT-PACK", "BAT-CELL"},
       "Thermal-runaway chamber, crush and penetration rig, salt-spray chamber",
       15,
       80000,
       300000,
       1800,
       true},
      {kTesting,
       "整车及零部件电磁兼容试验",
       "Vehicle and component EMC testing",
       {"GB 34660-2017", "GB/T 18655-2018", "CISPR 25", "GB/T 18387-2017"},
       {"EDS", "CNE", "HVE"},
       "10 m semi-anechoic chamber, bulk-current injection, ESD generators",
       10,
       30000,
       150000,
       2000,
       true},
      {kTesting,
       "电驱动系统台架试验",
       "Electric drive dynamometer testing",
       {"GB/T 18488.1-2015", "GB/T 29307-2022"},
       {"EDS"},
       "Four-quadrant dynamometers up to 300 kW, battery simulators",
       20,
       50000,
       200000,
       3000,
       true},
      {kTesting,
       "整车被动安全碰撞试验",
       "Vehicle crash testing",
       {"GB 11551-2014", "GB 20071-2006"},
       {"BDY"},
       "Crash sled, barrier, high-speed cameras, Hybrid III dummies",
       30,
       200000,
       800000,
       1200,
       true},
      {kTesting,
       "高压电气安全检测",
       "High-voltage electrical safety testing",
       {"GB 18384-2020", "GB/T 18384"},
       {"HVE"},
       "Insulation and withstand-voltage testers, IP chamber",
       10,
       20000,
       80000,
       1600,
       true},
      {kTesting,
       "底盘耐久性试验",
       "Chassis durability testing",
       {"GB/T 12678-2021", "QC/T 252-1998"},
       {"CHS"},
       "Four-poster road simulator, proving-ground access",
       40,
       300000,
       1200000,
       4000,
       true},
      {kTesting,
       "充电互操作性测试",
       "Charging interoperability testing",
       {"GB/T 20234.1-2015", "GB/T 27930-2015", "GB/T 34657.1-2017"},
       {"HVE"},
       "DC and AC charging test benches, protocol analysers",
       10,
       20000,
       60000,
       1500,
       true},
      {kTesting,
       "电子电器环境可靠性试验",
       "Electronics environmental reliability testing",
       {"GB/T 2423.1-2008", "GB/T 28046.4-2011", "ISO 16750-4"},
       {"CNE", "ADS"},
       "Thermal-shock, humidity and vibration chambers",
       15,
       20000,
       100000,
       2500,
       true},
      {kTesting,
       "智能驾驶辅助系统测试",
       "Driver-assistance (ADAS) testing",
       {"GB/T 39323-2020", "GB/T 38186-2019"},
       {"ADS"},
       "Closed test track, soft targets, RTK positioning",
       20,
       100000,
       400000,
       1400,
       true},
      {kTesting,
       "燃料电池电堆性能测试",
       "Fuel-cell stack performance testing",
       {"GB/T 24554-2022", "GB/T 35544-2017"},
       {"FCH"},
       "Fuel-cell test stations up to 150 kW, hydrogen supply",
       20,
       60000,
       250000,
       1800,
       true},
      {kCertification,
       "汽车功能安全评估",
       "Functional safety assessment (ISO 26262)",
       {"ISO 26262", "GB/T 34590", "ISO 21448"},
       {"ADS", "CNE", "EDS"},
       "",
       60,
       300000,
       1500000,
       0,
       true},
      {kCertification,
       "汽车网络安全合规评估",
       "Vehicle cybersecurity compliance",
       {"UN R155", "ISO/SAE 21434", "GB 44495-2024"},
       {"CNE", "ADS"},
       "",
       40,
       200000,
       900000,
       0,
       true},
      {kCertification,
       "整车型式认证试验",
       "Vehicle type-approval testing",
       {"GB 7258-2017", "GB 1589-2016"},
       {},
       "",
       30,
       150000,
       600000,
       0,
       true},
      {kJointResearch,
       "动力电池材料联合研发",
       "Joint R&D on battery materials",
       {},
       {"BAT-CATH", "BAT-ANOD"},
       "Materials characterisation labs",
       90,
       1000000,
       5000000,
       0,
       false},
      {kJointResearch,
       "轻量化车身联合研发",
       "Joint R&D on lightweight bodies",
       {},
       {"BDY"},
       "Composite and aluminium forming labs",
       120,
       800000,
       4000000,
       0,
       false},
      {kJointResearch,
       "5G+车联网联合研究",
       "Joint research on 5G and connected vehicles",
       {},
       {"CNE"},
       "5G test network, C-V2X road-side units",
       90,
       1000000,
       6000000,
       0,
       false},
      {kJointResearch,
       "电驱动控制算法联合研发",
       "Joint R&D on motor-control algorithms",
       {},
       {"EDS"},
       "Hardware-in-the-loop benches",
       60,
       500000,
       2000000,
       0,
       false},
      {kDesign,
       "汽车内饰工业设计",
       "Industrial design of interiors",
       {},
       {"BDY"},
       "Design studio, clay modelling",
       40,
       200000,
       1000000,
       0,
       false},
      {kDesign,
       "结构仿真与CAE分析",
       "Structural simulation and CAE",
       {},
       {},
       "HPC cluster, LS-DYNA, Abaqus",
       15,
       50000,
       300000,
       0,
       false},
      {kTraining,
       "功能安全工程师培训",
       "Functional-safety engineer training",
       {"ISO 26262"},
       {},
       "",
       10,
       6000,
       12000,
       0,
       false},
      {kTraining,
       "新能源汽车高压安全培训",
       "High-voltage safety training for NEV technicians",
       {"GB 18384-2020"},
       {"HVE"},
       "",
       5,
       3000,
       6000,
       0,
       true},
      {kInternship, "研究生实习岗位", "Postgraduate internships", {}, {}, "", 20, 0, 0, 0, true},
      {kInternship,
       "校企联合培养博士项目",
       "Joint doctoral programme with industry",
       {},
       {},
       "",
       40,
       0,
       0,
       0,
       false},
  };
  return t;
}

std::string Id(std::string_view prefix, std::size_t n) {
  return fmt::format("{}{:05}", prefix, n);
}

std::string Day(int year, int day_of_year) {
  using namespace std::chrono;
  const sys_days d =
      sys_days{year_month_day{std::chrono::year{year}, January, std::chrono::day{1}}} + days{day_of_year};
  const year_month_day ymd{d};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

bool InRegion(const Network& net, const Enterprise& e) {
  const PlaceId p = net.FindPlace(e.place);
  return p.valid() &&
         (net.place(p).province == Province::kChongqing || net.place(p).province == Province::kSichuan);
}

}  // namespace

ServicesDemo BuildServicesDemo(const Network& net, int year) {
  ServicesDemo out;
  std::vector<const Enterprise*> institutes, makers;
  for (const Enterprise& e : net.data().enterprises) {
    if (e.role == Role::kInstitute)
      institutes.push_back(&e);
    else if ((e.role == Role::kTier1 || e.role == Role::kOem) && InRegion(net, e))
      makers.push_back(&e);
  }
  if (institutes.empty() || makers.empty()) return out;
  Rng rng(0x5e751ce5 ^ static_cast<std::uint64_t>(year));
  const auto& templates = Templates();
  const std::string january = fmt::format("{}-01-", year);

  // Services: test centres (named "…Research Institute", "…Test Centre") take the testing templates,
  // universities the research, design, training and internship ones, and some university labs test too.
  for (std::size_t k = 0; k < institutes.size(); ++k) {
    const Enterprise& inst = *institutes[k];
    const bool centre = inst.name.find("University") == std::string::npos;
    const std::string cnas = fmt::format("CNAS L{:04}", 1000 + (k * 379) % 8000);
    const std::string cma = fmt::format("{:04}{:08}", 2016 + k % 8, 10000000 + k * 7919);
    const bool big = inst.id == "caeri" || inst.id == "cmvtri";
    for (const Template& t : templates) {
      const bool fits =
          t.test_centre == centre || (!centre && t.kind == ServiceKind::kTesting && rng.Chance(0.25));
      if (!fits) continue;
      const int copies = big && t.kind == ServiceKind::kTesting ? 2 : 1;
      for (int c = 0; c < copies; ++c) {
        if (!big && !rng.Chance(centre ? 0.55 : 0.7)) continue;
        Service s;
        s.id = Id(kServiceIdPrefix, out.services.size() + 1);
        s.provider = inst.id;
        s.kind = t.kind;
        s.title_zh = c == 0 ? t.title_zh : fmt::format("{}（加急通道）", t.title_zh);
        s.title_en = c == 0 ? t.title_en : fmt::format("{} (fast track)", t.title_en);
        s.standards = t.standards;
        s.components = t.components;
        if (t.kind == ServiceKind::kTesting || t.kind == ServiceKind::kCertification) {
          s.cnas = cnas;
          if (centre || rng.Chance(0.5)) s.cma = cma;
        }
        s.equipment = t.equipment;
        const double f = rng.Uniform(0.8, 1.25);
        s.lead_time_days = std::max(1.0, std::round(t.lead_days * (c == 0 ? f : 0.5 * f)));
        s.price_min_yuan = std::round(t.price_min * f / 100) * 100;
        s.price_max_yuan = std::round(t.price_max * f / 100) * 100;
        s.rush_surcharge = c == 0 ? 0.3 : 0.5;
        s.capacity_hours_per_year =
            t.capacity_hours > 0 ? std::round(t.capacity_hours * rng.Uniform(0.7, 1.2)) : 0;
        s.bookable = s.capacity_hours_per_year > 0;
        if (IsTalentKind(t.kind)) {
          s.places = rng.Between(5, 40);
          s.starts_on = fmt::format("{}-07-01", year + 1);
          s.ends_on = fmt::format("{}-{}", year + 1, t.kind == ServiceKind::kInternship ? "08-31" : "07-05");
        }
        s.synthetic = true;
        s.created_by = "demo data";
        s.created_at = fmt::format("{}{:02}T08:00:00Z", january, 1 + rng.Below(28));
        out.services.push_back(std::move(s));
      }
    }
  }

  // Requests of parts makers: mostly testing and certification, a third anonymous.
  const std::size_t request_count = 60;
  for (std::size_t i = 0; i < request_count; ++i) {
    const Template& t = templates[rng.Below(rng.Chance(0.75) ? 13 : templates.size())];
    ServiceRequest r;
    r.id = Id(kServiceRequestIdPrefix, i + 1);
    r.requester = makers[rng.Below(makers.size())]->id;
    r.kind = t.kind;
    if (!t.standards.empty()) r.standards = {t.standards[0]};
    if (t.standards.size() > 1 && rng.Chance(0.5)) r.standards.push_back(t.standards[1]);
    if (!t.components.empty()) r.component = t.components[rng.Below(t.components.size())];
    r.needed_by = Day(year + 1, static_cast<int>(20 + rng.Below(300)));
    r.budget_yuan =
        t.price_max > 0 ? std::round(rng.Uniform(t.price_min, t.price_max * 1.1) / 1000) * 1000 : 0;
    r.anonymous = rng.Chance(0.35);
    r.note = "Synthetic demonstration request / 演示数据（模拟）";
    r.synthetic = true;
    r.created_by = "demo data";
    r.created_at = Day(year, static_cast<int>(rng.Below(330))) + "T02:00:00Z";
    out.requests.push_back(r);
  }
  // Interests: services of the request's kind and first standard, by other providers; a third accepted.
  std::size_t interest_count = 0;
  for (const ServiceRequest& r : out.requests) {
    std::vector<const Service*> fitting;
    for (const Service& s : out.services)
      if (s.kind == r.kind && s.provider != r.requester &&
          (r.standards.empty() ||
           std::find(s.standards.begin(), s.standards.end(), r.standards[0]) != s.standards.end()))
        fitting.push_back(&s);
    if (fitting.empty() || rng.Chance(0.3)) continue;
    const std::size_t n = std::min<std::size_t>(fitting.size(), 1 + rng.Below(3));
    std::vector<std::string> providers;
    for (std::size_t j = 0; j < fitting.size() && providers.size() < n; ++j) {
      const Service* s = fitting[(j * 7 + rng.Below(fitting.size())) % fitting.size()];
      if (std::find(providers.begin(), providers.end(), s->provider) != providers.end()) continue;
      providers.push_back(s->provider);
      ServiceInterest i;
      i.request = r.id;
      i.service = s->id;
      i.provider = s->provider;
      i.note = "Synthetic demonstration interest / 演示数据（模拟）";
      i.created_by = "demo data";
      out.interests.push_back(i);
      ++interest_count;
      if (providers.size() == 1 && rng.Chance(0.35))
        out.accepted.emplace_back(r.id, Id(kInterestIdPrefix, interest_count));
    }
  }

  // A year of bookings: weekday slots of 8 hours (09:00–17:00 in China, 01:00–09:00 UTC), each service
  // booked for a share of its capacity drawn low (most labs: 5–45%; a few busy ones to 80%).
  for (const Service& s : out.services) {
    if (!s.bookable) continue;
    const double share = rng.Chance(0.1) ? rng.Uniform(0.55, 0.8) : rng.Uniform(0.05, 0.45);
    const double days_wanted = share * s.capacity_hours_per_year / 8;
    const double p = std::min(1.0, days_wanted / 250);
    for (int d = 0; d < 365; ++d) {
      const std::string date = Day(year, d);
      if (date.substr(0, 4) != std::to_string(year)) break;
      if (WorkingDaysBetween(Day(year, d - 1), date) == 0) continue;  // a weekend day
      if (!rng.Chance(p)) continue;
      Booking b;
      b.service = s.id;
      b.provider = s.provider;
      b.booker = makers[rng.Below(makers.size())]->id;
      b.start = date + "T01:00:00Z";
      b.end = date + "T09:00:00Z";
      b.status = rng.Chance(0.9) ? BookingStatus::kConfirmed : BookingStatus::kRequested;
      b.note = "Synthetic demonstration booking / 演示数据（模拟）";
      b.synthetic = true;
      b.created_by = "demo data";
      out.bookings.push_back(std::move(b));
    }
  }
  return out;
}

}  // namespace chainscope
