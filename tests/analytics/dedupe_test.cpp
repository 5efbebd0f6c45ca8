// Duplicate enterprises: name normalisation on hand-checked names; the labelled set of 400 pairs
// (tests/data/dedupe/labelled_pairs.csv: variants of the region's real makers and suppliers as imports spell
// them, and look-alikes that are different companies) scored for precision and recall at the default
// threshold; the calibrated dataset has no duplicate; duplicates added to it are found, with reasons.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <map>

#include "analytics/dedupe.h"
#include "dataset/generator.h"
#include "io/csv.h"
#include "test_util.h"

namespace chainscope {
namespace {

const Dataset& Calibrated() {
  static const Dataset d = GenerateDataset({});
  return d;
}

TEST(Dedupe, NamesNormalised) {
  const auto places = PlaceWords(Calibrated());
  auto n = [&](std::string_view name) { return NormalizeName(name, places); };
  EXPECT_EQ(n("重庆长安汽车股份有限公司"), "长安汽车");
  EXPECT_EQ(n("长安汽车"), "长安汽车");
  EXPECT_EQ(n("Chongqing Changan Automobile Co., Ltd."), "changan automobile");
  EXPECT_EQ(n("CHONGQING CHANGAN AUTOMOBILE CO.,LTD"), "changan automobile");
  EXPECT_EQ(n("ＣＨＡＮＧＡＮ　ＡＵＴＯＭＯＢＩＬＥ"), "changan automobile");  // full width
  EXPECT_EQ(n("Chang'an Automobile"), "changan automobile");
  EXPECT_EQ(n("阿维塔科技（重庆）有限公司"), "阿维塔科技");
  EXPECT_EQ(n("一汽-大众汽车有限公司成都分公司"), "一汽大众汽车");
  EXPECT_EQ(n("上汽通用五菱汽车股份有限公司重庆分公司"), "上汽通用五菱汽车");
  EXPECT_EQ(n("四川省宜宾市普什汽车零部件有限公司"), "普什汽车零部件");
  EXPECT_EQ(n("江津区座椅企业1（模拟）"), "座椅企业1");
  EXPECT_EQ(n("Avatr Technology (Chongqing) Co., Ltd."), "avatr technology");
  EXPECT_EQ(n("Liangjiang New Area Seat Co. 1"), "seat 1");
  EXPECT_EQ(n("重庆"), "重庆");  // a name that is only a place keeps it
  EXPECT_EQ(n("长安福特"), "长安福特");
}

TEST(Dedupe, FormerNamesAndLookAlikes) {
  const Dataset& d = Calibrated();
  const PairScorer scorer(d);
  auto score = [&](NamedEnterprise a, NamedEnterprise b) { return scorer(a, b); };
  const DuplicatePair seres =
      score({"Seres (formerly Dongfeng Sokon)", "赛力斯（原东风小康）", "LIANGJIANG", Role::kOem, {}},
            {"Dongfeng Sokon Automobile Co., Ltd.", "东风小康汽车有限公司", "", Role::kOem, {}});
  EXPECT_GE(seres.score, kDefaultDuplicateThreshold);
  EXPECT_NE(seres.reasons.at(0).text.find("东风小康"), std::string::npos) << seres.reasons.at(0).text;
  const DuplicatePair ford = score({"Changan Automobile", "长安汽车", "LIANGJIANG", Role::kOem, {}},
                                   {"Changan Ford", "长安福特", "LIANGJIANG", Role::kOem, {}});
  EXPECT_LT(ford.score, kDefaultDuplicateThreshold);
  const DuplicatePair numbered =
      score({"Tongliang EPS Co. 1", "铜梁转向企业1", "500151", Role::kTier1, {"CHS-EPS"}},
            {"Tongliang EPS Co. 2", "铜梁转向企业2", "500151", Role::kTier1, {"CHS-EPS"}});
  EXPECT_LT(numbered.score, 0.2);
  EXPECT_NE(numbered.reasons.at(1).text.find("different numbers"), std::string::npos);
  EXPECT_EQ(numbered.reasons.at(1).code, "dedupe.different_numbers");
  const DuplicatePair cities =
      score({"Fuyao Glass (Chongqing) Co., Ltd.", "福耀玻璃（重庆）有限公司", "LIANGJIANG", Role::kTier1, {}},
            {"Fuyao Glass (Chengdu) Co., Ltd.", "福耀玻璃（成都）有限公司", "510100", Role::kTier1, {}});
  EXPECT_LT(cities.score, 0.5);
  const DuplicatePair same = score({"Chongqing Changan Automobile Co., Ltd.",
                                    "重庆长安汽车股份有限公司",
                                    "LIANGJIANG",
                                    Role::kOem,
                                    {"VEH"}},
                                   {"Changan Automobile", "长安汽车", "LIANGJIANG", Role::kOem, {"VEH"}});
  EXPECT_EQ(same.score, 1);
  EXPECT_EQ(same.reasons.at(0).text, "Chinese names equal after normalisation: 长安汽车");
  EXPECT_EQ(same.reasons.at(0).code, "dedupe.names_equal");
  EXPECT_EQ(same.reasons.at(0).params,
            (std::vector<std::pair<std::string, std::string>>{{"script", "zh"}, {"name", "长安汽车"}}));
}

/// The labelled pairs, scored: precision and recall at the default threshold, and every miss named.
TEST(Dedupe, LabelledPairsPrecisionAndRecall) {
  const auto records = ParseCsv(testing::ReadText(testing::TestData() / "dedupe" / "labelled_pairs.csv"));
  ASSERT_TRUE(records.has_value());
  ASSERT_GE(records->size(), 201u);
  auto role = [](const std::string& r) {
    for (Role x : {Role::kOem, Role::kTier1, Role::kTier2, Role::kMaterial, Role::kLogistics, Role::kDealer,
                   Role::kInstitute})
      if (ToString(x) == r) return x;
    ADD_FAILURE() << "role " << r;
    return Role::kTier1;
  };
  const PairScorer scorer(Calibrated());
  std::size_t tp = 0, fp = 0, fn = 0, tn = 0;
  std::map<std::string, std::pair<int, int>> wrong_by_pattern;  // (wrong, all)
  for (std::size_t i = 1; i < records->size(); ++i) {
    const auto& f = (*records)[i].fields;
    ASSERT_EQ(f.size(), 10u) << "line " << i + 1;
    const NamedEnterprise a{f[0], f[1], f[2], role(f[3]), {}}, b{f[4], f[5], f[6], role(f[7]), {}};
    const bool same = f[8] == "1";
    const DuplicatePair p = scorer(a, b);
    const bool found = p.score >= kDefaultDuplicateThreshold;
    (same ? (found ? tp : fn) : (found ? fp : tn))++;
    auto& [wrong, all] = wrong_by_pattern[f[9].substr(0, f[9].find(':'))];
    ++all;
    if (found != same) {
      ++wrong;
      std::string why;
      for (const auto& r : p.reasons) why += "; " + r.text;
      std::printf("  %s: %s / %s (%s | %s) score %.3f%s\n", same ? "missed" : "false match", f[1].c_str(),
                  f[5].c_str(), f[0].c_str(), f[4].c_str(), p.score, why.c_str());
    }
  }
  const double precision = tp + fp ? static_cast<double>(tp) / static_cast<double>(tp + fp) : 1;
  const double recall = tp + fn ? static_cast<double>(tp) / static_cast<double>(tp + fn) : 1;
  std::printf(
      "labelled pairs: %zu (same %zu, different %zu); threshold %.2f: precision %.3f, recall %.3f "
      "(tp %zu, fp %zu, fn %zu, tn %zu)\n",
      tp + fp + fn + tn, tp + fn, fp + tn, kDefaultDuplicateThreshold, precision, recall, tp, fp, fn, tn);
  EXPECT_GE(precision, 0.95);
  EXPECT_GE(recall, 0.9);
}

TEST(Dedupe, TheCreditCodeDecidesWhenBothHaveOne) {
  const Dataset d = Calibrated();
  const PairScorer score(d);
  const NamedEnterprise named{"Chongqing Changan Automobile Co., Ltd.",
                              "重庆长安汽车股份有限公司",
                              "500000",
                              Role::kOem,
                              {},
                              "9150011620230001X6"};
  NamedEnterprise other_name{"Jiangjin Gear Works", "江津齿轮厂", "500116",
                             Role::kTier1,          {},           "9150011620230001X6"};
  // One code: one company, whatever the names say.
  const DuplicatePair same = score(named, other_name);
  EXPECT_EQ(same.score, 1);
  ASSERT_EQ(same.reasons.size(), 1u);
  EXPECT_EQ(same.reasons[0].code, "dedupe.same_uscc");
  // Different codes: never one, even under one name.
  NamedEnterprise twin = named;
  twin.uscc = "915101002023000284";
  const DuplicatePair apart = score(named, twin);
  EXPECT_EQ(apart.score, 0);
  EXPECT_EQ(apart.reasons.at(0).code, "dedupe.different_uscc");
  // One code missing: the names decide as before.
  twin.uscc.clear();
  EXPECT_GE(score(named, twin).score, kDefaultDuplicateThreshold);
  // In a dataset: a pair blocked by its code alone is found; two codes keep look-alikes apart.
  Dataset with = d;
  Enterprise a = with.enterprises.at(0), b = a;
  a.id = "renamed-1";
  a.name = "Jiangjin Gear Works";
  a.name_zh = "江津齿轮厂";
  a.uscc = "915001162023000361";
  b.id = "renamed-2";
  b.name = "Bishan Castings";
  b.name_zh = "璧山铸造厂";
  b.uscc = "915001162023000361";
  with.enterprises.push_back(a);
  with.enterprises.push_back(b);
  Enterprise c = with.enterprises.at(0);
  c.id = "changan-copy";
  c.uscc = "91510100MA5U7X2K8M";
  with.enterprises.at(0).uscc = "9150011620230001X6";
  with.enterprises.push_back(c);
  const DuplicateReport found = FindDuplicates(with);
  ASSERT_EQ(found.pairs.size(), 1u);
  EXPECT_EQ(with.enterprises[found.pairs[0].a].id, "renamed-1");
  EXPECT_EQ(with.enterprises[found.pairs[0].b].id, "renamed-2");
}

TEST(Dedupe, TheCalibratedDatasetHasNoDuplicateAndAddedOnesAreFound) {
  Dataset d = Calibrated();
  DuplicateOptions stopped;
  std::atomic<bool> stop{true};
  stopped.stop = &stop;
  EXPECT_THROW(FindDuplicates(d, stopped), Cancelled);  // a request past its deadline
  const DuplicateReport clean = FindDuplicates(d);
  for (const DuplicatePair& p : clean.pairs)
    ADD_FAILURE() << d.enterprises[p.a].name_zh << " / " << d.enterprises[p.b].name_zh << " " << p.score
                  << ": " << fmt::format("{}", fmt::join(TextsOf(p.reasons), "; "));
  EXPECT_GT(clean.candidate_pairs, 0u);
  // The same companies imported again under other spellings.
  Enterprise changan = d.enterprises.at(0);
  ASSERT_EQ(changan.id, "changan");
  changan.id = "cq-changan-2";
  changan.name = "Chongqing Changan Automobile Co., Ltd.";
  changan.name_zh = "重庆长安汽车股份有限公司";
  d.enterprises.push_back(changan);
  Enterprise seres = changan;
  seres.id = "sokon";
  seres.name = "Dongfeng Sokon Automobile Co., Ltd.";
  seres.name_zh = "东风小康汽车有限公司";
  d.enterprises.push_back(seres);
  const DuplicateReport found = FindDuplicates(d);
  ASSERT_EQ(found.pairs.size(), 2u);
  std::map<std::string, std::string> pair_of;
  for (const DuplicatePair& p : found.pairs) pair_of[d.enterprises[p.b].id] = d.enterprises[p.a].id;
  EXPECT_EQ(pair_of["cq-changan-2"], "changan");
  EXPECT_EQ(pair_of["sokon"], "seres");
}

}  // namespace
}  // namespace chainscope
