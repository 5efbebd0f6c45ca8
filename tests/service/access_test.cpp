// The access policy on hand-checked cases, and the rate limiter on a hand-driven clock.
#include <gtest/gtest.h>

#include "service/access.h"
#include "service/errors.h"
#include "service/rate_limit.h"

namespace chainscope {
namespace {

Principal Member(const std::string& enterprise) {
  Principal p;
  p.user_id = 7;
  p.email = "m@" + enterprise + ".example";
  p.role = AccountRole::kMember;
  p.enterprise = enterprise;
  p.credential_id = 3;
  return p;
}

Principal Staff(AccountRole role) {
  Principal p;
  p.user_id = 8;
  p.email = "staff@bureau.example";
  p.role = role;
  return p;
}

ErrorCode Refusal(Access route, const Principal& p) {
  try {
    Authorize(route, p);
  } catch (const ServiceError& e) {
    return e.code();
  }
  return ErrorCode::kInternal;  // stands for "allowed" below
}

TEST(Access, EveryRoleAgainstEveryRoutePermission) {
  const Principal anonymous, member = Member("oem1"), analyst = Staff(AccountRole::kAnalyst),
                             admin = Staff(AccountRole::kAdmin);
  constexpr ErrorCode ok = ErrorCode::kInternal, no = ErrorCode::kForbidden, who = ErrorCode::kUnauthorized;
  struct Row {
    Access access;
    ErrorCode anonymous, member, analyst, admin;
  };
  for (const Row& r : {Row{Access::kPublic, ok, ok, ok, ok}, Row{Access::kSignedIn, who, ok, ok, ok},
                       Row{Access::kOwner, who, ok, no, ok}, Row{Access::kAnalyst, who, no, ok, ok},
                       Row{Access::kAdmin, who, no, no, ok}}) {
    SCOPED_TRACE(ToString(r.access));
    EXPECT_EQ(Refusal(r.access, anonymous), r.anonymous);
    EXPECT_EQ(Refusal(r.access, member), r.member);
    EXPECT_EQ(Refusal(r.access, analyst), r.analyst);
    EXPECT_EQ(Refusal(r.access, admin), r.admin);
  }
}

TEST(Access, AMemberSeesOnlyItsOwnPrivateDataAndStaffSeeAll) {
  const Principal anonymous, member = Member("oem1");
  EXPECT_TRUE(SeesPrivate(member, "oem1"));
  EXPECT_FALSE(SeesPrivate(member, "pack1"));
  EXPECT_FALSE(SeesPrivate(member, ""));
  EXPECT_FALSE(SeesPrivate(anonymous, "oem1"));
  EXPECT_TRUE(SeesPrivate(Staff(AccountRole::kAnalyst), "pack1"));
  EXPECT_TRUE(SeesPrivate(Staff(AccountRole::kAdmin), "pack1"));
  // A member with no enterprise (its enterprise was dropped by an import) sees nobody's.
  EXPECT_FALSE(SeesPrivate(Member(""), ""));
  EXPECT_TRUE(SeesLink(member, "oem1", "pack1"));
  EXPECT_TRUE(SeesLink(member, "dealer1", "oem1"));
  EXPECT_FALSE(SeesLink(member, "pack1", "cell1"));
}

TEST(Access, RecordsOffersAndEdits) {
  const Principal member = Member("oem1"), analyst = Staff(AccountRole::kAnalyst);
  Demand mine, theirs;
  mine.buyer = "oem1";
  theirs.buyer = "pack1";
  EXPECT_TRUE(SeesRecord(member, theirs));
  theirs.open = false;
  EXPECT_FALSE(SeesRecord(member, theirs));  // a closed demand is its buyer's business
  mine.open = false;
  EXPECT_TRUE(SeesRecord(member, mine));
  Offer offer;
  offer.supplier = "eps1";
  offer.unit_price_yuan = 2400;
  EXPECT_FALSE(SeesOfferPrice(member, offer));
  EXPECT_TRUE(SeesOfferPrice(Member("eps1"), offer));
  EXPECT_TRUE(SeesOfferPrice(analyst, offer));
  offer.price_public = true;
  EXPECT_TRUE(SeesOfferPrice(member, offer));
  EXPECT_TRUE(MayEdit(member, "oem1"));
  EXPECT_FALSE(MayEdit(member, "pack1"));
  EXPECT_FALSE(MayEdit(analyst, "oem1"));  // analysts read; they edit no enterprise's records
  EXPECT_TRUE(MayEdit(Staff(AccountRole::kAdmin), "oem1"));
  EXPECT_FALSE(MayEdit(Principal{}, "oem1"));
}

TEST(Access, ViewClassesSeparateWhatDiffers) {
  EXPECT_EQ(ViewClass(Principal{}), "public");
  EXPECT_EQ(ViewClass(Member("oem1")), "member:oem1");
  EXPECT_EQ(ViewClass(Staff(AccountRole::kAnalyst)), "all");
  EXPECT_EQ(ViewClass(Staff(AccountRole::kAdmin)), "all");
}

TEST(RateLimiter, BurstThenRefillPerKey) {
  RateLimiter limiter(3, 0.5);  // 3 at once, then one every 2 s
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("a", t0), 0);
  EXPECT_EQ(limiter.Take("a", t0), 2);  // 1 token takes 2 s
  EXPECT_EQ(limiter.Peek("a", t0 + std::chrono::milliseconds(1500)), 1);
  EXPECT_EQ(limiter.Take("a", t0 + std::chrono::seconds(2)), 0);
  EXPECT_EQ(limiter.Take("b", t0), 0);  // keys are independent
  limiter.Reset("a");
  EXPECT_EQ(limiter.Take("a", t0 + std::chrono::seconds(2)), 0);
  RateLimiter off(3, 0);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(off.Take("a", t0), 0);
}

TEST(RateLimiter, StaysBoundedUnderAFloodOfKeys) {
  RateLimiter limiter(2, 1, 100);
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 1000; ++i) {
    std::string key =
        std::to_string(i);  // not "k" + to_string(i): GCC 12 warns (-Wrestrict, a false positive)
    limiter.Take(key.insert(0, 1, 'k'), t0);
  }
  // Still answers, and a fresh key still gets its burst.
  EXPECT_EQ(limiter.Take("fresh", t0), 0);
  EXPECT_EQ(limiter.Take("fresh", t0), 0);
  EXPECT_GT(limiter.Take("fresh", t0), 0);
}

}  // namespace
}  // namespace chainscope
