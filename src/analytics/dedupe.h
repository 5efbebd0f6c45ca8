// analytics: duplicate enterprises (entity resolution). The same company arrives as 重庆长安汽车股份有限公司,
// 长安汽车 and "Chongqing Changan Automobile Co., Ltd."; a chain that counts suppliers must see one. Names
// are normalised (width and case; Chinese and English legal forms; bracketed and leading or trailing place
// names; punctuation; "（原…）" / "(formerly …)" kept as a former name; known former names and short names
// given as data), candidate pairs come from blocking on rare name keys (so the work grows about linearly
// with the enterprises), and each pair is scored from its names in both languages, places, roles and
// components made, with the reasons. Look-alikes stay apart: 长安汽车 vs 长安福特, a Chongqing firm vs a
// Chengdu firm of one trade name, "… Co. 1" vs "… Co. 2".
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/message.h"
#include "core/model.h"

namespace chainscope {

/// At or above it a pair is listed as a likely duplicate.
inline constexpr double kDefaultDuplicateThreshold = 0.8;

/// Names known to belong to one company (former names, short names, names in the other language): each
/// group is one company's names, as written (they are normalised like every name).
using NameGroups = std::vector<std::vector<std::string>>;
/// The built-in groups: companies of the Chengdu–Chongqing auto chain whose names changed or differ in
/// their short form (赛力斯 / 东风小康 / 小康股份, 长安汽车 / Changan Automobile, …).
const NameGroups& KnownCompanyNames();

/// A place name as it appears inside company names ("江津", "jiangjin", "成都"), and its province.
struct PlaceWord {
  std::string word;
  Province province = Province::kChongqing;
  std::string place;  // the place it names (a code, or the word for a city outside the dataset); "" for a
                      // province ("重庆", "四川", "Chongqing")
};
/// The place words of a dataset — its places' Chinese and English names with and without 区/县/市/新区/
/// "New Area" — and the provinces and main cities of the region; longest first.
std::vector<PlaceWord> PlaceWords(const Dataset& d);

/// A name with its legal forms, place names, brackets, punctuation, width and case taken out: "重庆长安汽车
/// 股份有限公司" → "长安汽车", "Chongqing Changan Automobile Co., Ltd." → "changan automobile".
std::string NormalizeName(std::string_view name, const std::vector<PlaceWord>& places);

struct DuplicateOptions {
  double threshold = kDefaultDuplicateThreshold;
  NameGroups names = KnownCompanyNames();  // plus any the user gives
  std::size_t max_block = 48;              // a blocking key shared by more enterprises is too common to use
  std::size_t keys_per_enterprise = 4;     // its rarest keys
  /// Looked at every few thousand enterprises and pairs: once set, FindDuplicates throws Cancelled.
  const std::atomic<bool>* stop = nullptr;
};

struct DuplicatePair {
  std::size_t a = 0, b = 0;      // indexes into the dataset's enterprises, a < b
  double score = 0;              // 0–1
  std::vector<Message> reasons;  // codes "dedupe.*" (core/message.h)
};

struct DuplicateReport {
  std::vector<DuplicatePair> pairs;  // score ≥ threshold, highest first
  std::size_t enterprises = 0, candidate_pairs = 0;
};

/// Likely duplicate pairs among `d`'s enterprises. O(n × keys × max_block).
DuplicateReport FindDuplicates(const Dataset& d, const DuplicateOptions& options = {});

/// One enterprise as the scorer sees it (for scoring pairs outside a dataset: the labelled evaluation).
struct NamedEnterprise {
  std::string name, name_zh;
  std::string place;  // place code ("" or one without a province: unknown)
  Role role = Role::kTier1;
  std::vector<std::string> components;  // codes it makes
  std::string uscc = {};                // its unified social credit code, or empty
};
/// Two enterprises with one credit code are one company (score 1, whatever their names); two with different
/// codes are never one (score 0); otherwise the names, places, roles and components decide.
/// Scores pairs outside a dataset, with `d` giving the places (it must outlive the scorer); the place words
/// and known names are read once, when it is made.
class PairScorer {
 public:
  explicit PairScorer(const Dataset& d, const DuplicateOptions& options = {});
  ~PairScorer();
  PairScorer(const PairScorer&) = delete;
  PairScorer& operator=(const PairScorer&) = delete;
  /// The score of one pair and its reasons.
  DuplicatePair operator()(const NamedEnterprise& a, const NamedEnterprise& b) const;

 private:
  struct Context;
  std::unique_ptr<const Context> context_;
};

}  // namespace chainscope
