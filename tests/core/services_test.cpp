#include "core/services.h"

#include <gtest/gtest.h>

namespace chainscope {
namespace {

TEST(Standards, CanonicalFormOfTheCodesPeopleWrite) {
  EXPECT_EQ(NormalizeStandard("GB 38031-2020"), "GB 38031-2020");
  EXPECT_EQ(NormalizeStandard("gb38031"), "GB 38031");
  EXPECT_EQ(NormalizeStandard("  GB/T   18384.1-2020 "), "GB/T 18384.1-2020");
  EXPECT_EQ(NormalizeStandard("GBT 18384"), "GB/T 18384");
  EXPECT_EQ(NormalizeStandard("GB／T 18655-2018"), "GB/T 18655-2018");  // full-width slash
  EXPECT_EQ(NormalizeStandard("ISO 26262-6:2018"), "ISO 26262-6:2018");
  EXPECT_EQ(NormalizeStandard("ece r100"), "ECE R100");
  EXPECT_EQ(NormalizeStandard("UN R155"), "UN R155");
  EXPECT_EQ(NormalizeStandard("SAE J1772"), "SAE J1772");
  EXPECT_EQ(NormalizeStandard("CISPR 25"), "CISPR 25");
  EXPECT_EQ(NormalizeStandard("QC/T 1022-2015"), "QC/T 1022-2015");
}

TEST(Standards, RefusesWhatIsNotAStandardCode) {
  for (const char* bad : {"", "GB", "GB ", "GB/T", "ISO twenty", "ECE 100x", "XYZ 123", "GB 12.34.56.78.9",
                          "GB 1234567", "GB 38031;", "ISO 26262-", "UN R", "GB 38031-12345"})
    EXPECT_FALSE(NormalizeStandard(bad)) << bad;
}

TEST(Standards, TheBaseLeavesOutTheEditionOnly) {
  EXPECT_EQ(StandardBase("GB 38031-2020"), "GB 38031");
  EXPECT_EQ(StandardBase("ISO 26262-6:2018"), "ISO 26262-6");
  EXPECT_EQ(StandardBase("ISO 26262-6"), "ISO 26262-6");  // a part, not a year
  EXPECT_EQ(StandardBase("GB/T 18384.1-2020"), "GB/T 18384.1");
  EXPECT_EQ(StandardBase("ECE R100"), "ECE R100");
}

TEST(Accreditation, CnasAndCmaNumbers) {
  EXPECT_EQ(NormalizeCnas("CNAS L1234"), "CNAS L1234");
  EXPECT_EQ(NormalizeCnas("cnas l01234"), "CNAS L01234");
  EXPECT_EQ(NormalizeCnas("L0386"), "CNAS L0386");
  EXPECT_EQ(NormalizeCnas("CNAS IB0123"), "CNAS IB0123");
  for (const char* bad : {"", "CNAS", "CNAS L123", "CNAS L123456", "CNAS X1234", "CNAS L12a4", "1234"})
    EXPECT_FALSE(NormalizeCnas(bad)) << bad;
  EXPECT_EQ(NormalizeCma("CMA 201819123456"), "201819123456");
  EXPECT_EQ(NormalizeCma("160012050163"), "160012050163");
  for (const char* bad : {"", "CMA", "20181912345", "2018191234567", "20181912345X"})
    EXPECT_FALSE(NormalizeCma(bad)) << bad;
}

TEST(Times, UtcTimesWithOffsetsAndImpossibleOnes) {
  EXPECT_EQ(NormalizeUtcTime("2027-03-01T09:00:00Z"), "2027-03-01T09:00:00Z");
  EXPECT_EQ(NormalizeUtcTime("2027-03-01T09:00Z"), "2027-03-01T09:00:00Z");
  EXPECT_EQ(NormalizeUtcTime("2027-03-01T09:00:00+08:00"), "2027-03-01T01:00:00Z");
  EXPECT_EQ(NormalizeUtcTime("2027-03-01T02:00+08:00"), "2027-02-28T18:00:00Z");  // across a month
  EXPECT_EQ(NormalizeUtcTime("2027-12-31T20:00:00-05:00"), "2028-01-01T01:00:00Z");
  for (const char* bad :
       {"", "2027-03-01", "2027-02-30T09:00:00Z", "2027-03-01T24:00:00Z", "2027-03-01T09:60:00Z",
        "2027-03-01T09:00:00", "1999-12-31T09:00:00Z", "2027-03-01T09:00:00+15:00", "2027-03-01T09:00:00.5Z"})
    EXPECT_FALSE(NormalizeUtcTime(bad)) << bad;
  EXPECT_EQ(EpochSeconds("1970-01-02T00:00:01Z"), 86401);
  Booking b;
  b.start = "2027-03-01T09:00:00Z";
  b.end = "2027-03-02T11:30:00Z";
  EXPECT_DOUBLE_EQ(b.hours(), 26.5);
}

TEST(Times, WorkingDaysSkipWeekends) {
  // 2027-03-01 is a Monday.
  EXPECT_EQ(WorkingDaysBetween("2027-03-01", "2027-03-01"), 0);
  EXPECT_EQ(WorkingDaysBetween("2027-03-01", "2027-03-05"), 4);  // Tue–Fri
  EXPECT_EQ(WorkingDaysBetween("2027-03-01", "2027-03-07"), 4);  // + Sat, Sun
  EXPECT_EQ(WorkingDaysBetween("2027-03-01", "2027-03-08"), 5);
  EXPECT_EQ(WorkingDaysBetween("2027-03-05", "2027-03-29"), 16);
  EXPECT_EQ(WorkingDaysBetween("2027-03-08", "2027-03-01"), 0);
}

TEST(Kinds, RoundTrip) {
  for (ServiceKind k : kServiceKinds) EXPECT_EQ(ParseServiceKind(ToString(k)), k);
  EXPECT_FALSE(ParseServiceKind("consulting"));
  EXPECT_TRUE(IsTalentKind(ServiceKind::kInternship));
  EXPECT_FALSE(IsTalentKind(ServiceKind::kTesting));
}

}  // namespace
}  // namespace chainscope
