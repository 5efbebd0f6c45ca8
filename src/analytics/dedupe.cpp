#include "analytics/dedupe.h"

#include "analytics/company_names.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

namespace chainscope {

namespace {

using namespace company_names;

// ---- similarity ---------------------------------------------------------------------------------------

/// Dice coefficient of two multisets given as sorted vectors.
template <typename T>
double Dice(std::vector<T> a, std::vector<T> b) {
  if (a.empty() || b.empty()) return 0;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::vector<T> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  return 2.0 * static_cast<double>(common.size()) / static_cast<double>(a.size() + b.size());
}

std::vector<std::u32string> Bigrams(const std::string& s) {
  const std::u32string u = Decode(s);
  std::vector<std::u32string> out;
  if (u.size() == 1) out.push_back(u);
  for (std::size_t i = 0; i + 1 < u.size(); ++i) out.push_back(u.substr(i, 2));
  return out;
}

std::vector<std::string> SplitSpace(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    const std::size_t end = std::min(s.find(' ', start), s.size());
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string Unspaced(std::string s) {
  std::erase(s, ' ');
  return s;
}

/// Names equal but for generic words count when the difference is small ("一汽大众汽车" / "一汽大众", "minth
/// auto parts" / "minth", "华域汽车车身零件" / "华域车身"), not when a short core is left of two names that
/// both lost words ("长安新能源汽车科技" / "长安汽车": a subsidiary; "jianshe vehicle system" / "jianshe
/// industry": two companies).
bool CoreMatch(const Parsed& x, const Parsed& y) {
  if (x.core != y.core) return false;
  if (x.chinese) {
    const auto core = Decode(x.core).size(), nx = Decode(x.normal).size(), ny = Decode(y.normal).size();
    if (core < 2) return false;
    const bool long_core = core >= 3;
    if (!long_core && x.normal != x.core && y.normal != y.core) return false;
    return (nx > ny ? nx - ny : ny - nx) <= (long_core ? 4u : 2u);
  }
  const auto core = SplitSpace(x.core).size(), tx = SplitSpace(x.normal).size(),
             ty = SplitSpace(y.normal).size();
  const bool long_core = core >= 2;
  if (!long_core && x.normal != x.core && y.normal != y.core) return false;
  return (tx > ty ? tx - ty : ty - tx) <= 2;
}

/// Dice similarity of two names that are not equal: of their character bigrams (Chinese), or of their words
/// without numbers (English).
double Similarity(const Parsed& x, const Parsed& y) {
  if (x.chinese) return Dice(Bigrams(x.normal), Bigrams(y.normal));
  auto words = [](const std::string& name) {
    std::vector<std::string> t = SplitSpace(name);
    std::erase_if(t, [](const std::string& w) { return std::all_of(w.begin(), w.end(), ::isdigit); });
    return t;
  };
  // Both the distinctive words and all of them must agree: "changan" / "changan new energy automobile
  // technology" share every distinctive word but few words.
  return std::min(Dice(words(x.core), words(y.core)), Dice(words(x.normal), words(y.normal)));
}

/// An enterprise prepared for scoring: its names parsed, its place's province, its alias groups.
struct Prepared {
  std::vector<Parsed> names;  // every name it goes by (name_zh, name, former names)
  std::string place;
  std::optional<Province> province;  // unknown for an unknown place code
  Role role = Role::kTier1;
  std::vector<std::string> components;  // sorted
  std::vector<std::size_t> groups;      // known-name groups it is in
  std::string display;                  // for reasons
  std::string uscc;                     // credit code, or empty
};

struct Context {
  std::vector<PlaceWord> places;
  std::map<std::string, const Place*> place_by_code;
  std::unordered_map<std::string, std::vector<std::size_t>> group_of;  // normalised name → groups
};

Context MakeContext(const Dataset& d, const DuplicateOptions& options) {
  Context c;
  c.places = PlaceWords(d);
  for (const Place& p : d.places) c.place_by_code[p.code] = &p;
  for (std::size_t g = 0; g < options.names.size(); ++g)
    for (const std::string& name : options.names[g]) {
      const std::string normal = Parse(name, c.places).normal;
      if (!normal.empty()) c.group_of[normal].push_back(g);
    }
  return c;
}

Prepared Prepare(const NamedEnterprise& e, const Context& c) {
  Prepared p;
  for (const std::string* name : {&e.name_zh, &e.name}) {
    if (name->empty()) continue;
    Parsed parsed = Parse(*name, c.places);
    for (const std::string& former : parsed.former) p.names.push_back(Parse(former, c.places));
    if (!parsed.normal.empty()) p.names.push_back(std::move(parsed));
  }
  p.place = e.place;
  if (const auto it = c.place_by_code.find(e.place); it != c.place_by_code.end())
    p.province = it->second->province;
  p.role = e.role;
  p.components = e.components;
  std::sort(p.components.begin(), p.components.end());
  for (const Parsed& n : p.names)
    for (const std::string* form : {&n.normal, &n.core})
      if (const auto it = c.group_of.find(*form); it != c.group_of.end())
        p.groups.insert(p.groups.end(), it->second.begin(), it->second.end());
  std::sort(p.groups.begin(), p.groups.end());
  p.groups.erase(std::unique(p.groups.begin(), p.groups.end()), p.groups.end());
  p.display = e.name_zh.empty() ? e.name : e.name_zh;
  p.uscc = e.uscc;
  return p;
}

bool Maker(Role r) {
  return r == Role::kTier1 || r == Role::kTier2 || r == Role::kMaterial;
}

std::string Percent(double x) {
  return fmt::format("{:.2f}", x);
}

DuplicatePair Score(const Prepared& a, const Prepared& b) {
  DuplicatePair out;
  // The registration authority's code decides when both have one.
  if (!a.uscc.empty() && !b.uscc.empty()) {
    if (a.uscc == b.uscc) {
      out.score = 1;
      out.reasons.push_back({"dedupe.same_uscc",
                             {{"uscc", a.uscc}},
                             fmt::format("the same unified social credit code {}", a.uscc)});
    } else {
      out.reasons.push_back({"dedupe.different_uscc",
                             {{"a", a.uscc}, {"b", b.uscc}},
                             fmt::format("different unified social credit codes {} / {}", a.uscc, b.uscc)});
    }
    return out;
  }
  // Names: the best agreement between a name of one and a name of the other in the same script.
  double name = 0;
  Message name_reason;
  for (const Parsed& x : a.names)
    for (const Parsed& y : b.names) {
      if (x.chinese != y.chinese) continue;
      const char* script = x.chinese ? "Chinese" : "English";
      const char* script_code = x.chinese ? "zh" : "en";
      double s = 0;
      Message why;
      if (x.normal == y.normal) {
        s = 1;
        why = {"dedupe.names_equal",
               {{"script", script_code}, {"name", x.normal}},
               fmt::format("{} names equal after normalisation: {}", script, x.normal)};
      } else if (!x.chinese && Unspaced(x.normal) == Unspaced(y.normal)) {
        s = 0.97;
        why = {"dedupe.names_equal_but_spacing",
               {{"a", x.normal}, {"b", y.normal}},
               fmt::format("English names equal but for spacing: {} / {}", x.normal, y.normal)};
      } else if (CoreMatch(x, y)) {
        s = 0.9;
        why = {"dedupe.names_equal_but_generic",
               {{"script", script_code}, {"a", x.normal}, {"b", y.normal}, {"core", x.core}},
               fmt::format("{} names equal but for generic words: {} / {} (both {})", script, x.normal,
                           y.normal, x.core)};
      } else if (x.chinese && std::min(Decode(x.normal).size(), Decode(y.normal).size()) >= 3 &&
                 (x.normal.starts_with(y.normal) || y.normal.starts_with(x.normal))) {
        s = 0.85;
        why = {"dedupe.name_prefix",
               {{"a", x.normal}, {"b", y.normal}},
               fmt::format("Chinese name the start of the other: {} / {}", x.normal, y.normal)};
      } else {
        s = Similarity(x, y);
        why = {"dedupe.names_similar",
               {{"script", script_code}, {"similarity", Percent(s)}, {"a", x.normal}, {"b", y.normal}},
               fmt::format("{} names similar ({}): {} / {}", script, Percent(s), x.normal, y.normal)};
      }
      if (s > name) {
        name = s;
        name_reason = why;
      }
    }
  std::vector<std::size_t> common_groups;
  std::set_intersection(a.groups.begin(), a.groups.end(), b.groups.begin(), b.groups.end(),
                        std::back_inserter(common_groups));
  if (!common_groups.empty() && name < 1) {
    name = 1;
    name_reason = {"dedupe.known_names",
                   {{"a", a.display}, {"b", b.display}},
                   fmt::format("known names of one company: {} / {}", a.display, b.display)};
  }
  if (name_reason.code.empty()) name_reason = {"dedupe.no_common_script", {}, "no name in a common script"};
  out.reasons.push_back(name_reason);
  double score = name;

  // Numbers in the names: "… Co. 1" and "… Co. 2" are two companies.
  for (bool differ = false; const Parsed& x : a.names) {
    for (const Parsed& y : b.names) {
      if (differ || x.chinese != y.chinese || x.digits == y.digits) continue;
      differ = true;
      score -= 1;
      out.reasons.push_back(
          {"dedupe.different_numbers",
           {{"a", x.digits}, {"b", y.digits}},
           fmt::format("different numbers in the names: {} / {}", x.digits.empty() ? "none" : x.digits,
                       y.digits.empty() ? "none" : y.digits)});
    }
  }

  // Places: the enterprises' own ("elsewhere in China" and "abroad" are coarse: equal there says nothing),
  // and the ones their names state.
  auto regional = [](Province p) { return p == Province::kChongqing || p == Province::kSichuan; };
  if (a.province && b.province) {
    if (*a.province != *b.province) {
      score -= 0.6;
      out.reasons.push_back(
          {"dedupe.different_provinces",
           {{"a", std::string(ToString(*a.province))}, {"b", std::string(ToString(*b.province))}},
           fmt::format("different provinces: {} / {}", ToString(*a.province), ToString(*b.province))});
    } else if (regional(*a.province) && a.place == b.place) {
      score += 0.05;
      out.reasons.push_back(
          {"dedupe.same_place", {{"place", a.place}}, fmt::format("same place {}", a.place)});
    } else if (regional(*a.province)) {
      score -= 0.1;
      out.reasons.push_back(
          {"dedupe.different_places",
           {{"province", std::string(ToString(*a.province))}, {"a", a.place}, {"b", b.place}},
           fmt::format("different places in {}: {} / {}", ToString(*a.province), a.place, b.place)});
    }
  }
  std::set<Province> provinces_a, provinces_b;
  std::set<std::string> named_a, named_b;
  for (const Parsed& n : a.names) {
    provinces_a.insert(n.places.begin(), n.places.end());
    named_a.insert(n.named.begin(), n.named.end());
  }
  for (const Parsed& n : b.names) {
    provinces_b.insert(n.places.begin(), n.places.end());
    named_b.insert(n.named.begin(), n.named.end());
  }
  if (a.province) provinces_a.insert(*a.province);
  if (b.province) provinces_b.insert(*b.province);
  std::vector<Province> common_provinces;
  std::set_intersection(provinces_a.begin(), provinces_a.end(), provinces_b.begin(), provinces_b.end(),
                        std::back_inserter(common_provinces));
  std::vector<std::string> common_named;
  std::set_intersection(named_a.begin(), named_a.end(), named_b.begin(), named_b.end(),
                        std::back_inserter(common_named));
  if (!(a.province && b.province) && !provinces_a.empty() && !provinces_b.empty() &&
      common_provinces.empty()) {
    score -= 0.6;
    out.reasons.push_back(
        {"dedupe.names_in_different_provinces", {}, "their names or places are in different provinces"});
  } else if (!named_a.empty() && !named_b.empty() && common_named.empty()) {
    score -= 0.6;
    out.reasons.push_back(
        {"dedupe.names_state_different_places",
         {{"a", *named_a.begin()}, {"b", *named_b.begin()}},
         fmt::format("their names state different places: {} / {}", *named_a.begin(), *named_b.begin())});
  }

  // Roles and what they make.
  if (a.role == b.role) {
    out.reasons.push_back({"dedupe.same_role",
                           {{"role", std::string(ToString(a.role))}},
                           fmt::format("same role {}", ToString(a.role))});
  } else if (Maker(a.role) && Maker(b.role)) {
    score -= 0.05;
    out.reasons.push_back({"dedupe.maker_roles",
                           {{"a", std::string(ToString(a.role))}, {"b", std::string(ToString(b.role))}},
                           fmt::format("roles {} / {}", ToString(a.role), ToString(b.role))});
  } else {
    score -= 0.3;
    out.reasons.push_back({"dedupe.different_roles",
                           {{"a", std::string(ToString(a.role))}, {"b", std::string(ToString(b.role))}},
                           fmt::format("different roles: {} / {}", ToString(a.role), ToString(b.role))});
  }
  if (!a.components.empty() && !b.components.empty()) {
    std::vector<std::string> common;
    std::set_intersection(a.components.begin(), a.components.end(), b.components.begin(), b.components.end(),
                          std::back_inserter(common));
    if (common.empty()) {
      score -= 0.2;
      out.reasons.push_back({"dedupe.no_common_component", {}, "make no component in common"});
    } else {
      score += 0.05;
      out.reasons.push_back({"dedupe.common_components",
                             {{"count", std::to_string(common.size())}, {"first", common.front()}},
                             fmt::format("make {} of the same components ({}{})", common.size(),
                                         common.front(), common.size() > 1 ? ", …" : "")});
    }
  }
  out.score = std::round(std::clamp(score, 0.0, 1.0) * 1000) / 1000;
  return out;
}

/// Blocking keys of an enterprise: its names' character bigrams (Chinese) or tokens (English), their cores,
/// and its known-name groups.
std::vector<std::string> Keys(const Prepared& p) {
  std::vector<std::string> keys;
  auto key = [&](char kind, std::string_view text) {
    std::string k(1, kind);
    k.append(text);
    keys.push_back(std::move(k));
  };
  for (const Parsed& n : p.names) {
    key('=', n.normal);
    key('~', n.core);
    if (n.chinese) {
      for (const std::u32string& g : Bigrams(n.normal)) key('b', Encode(g));
    } else {
      key('_', Unspaced(n.normal));
      for (const std::string& t : SplitSpace(n.normal))
        if (t.size() >= 3) key('t', t);
    }
  }
  for (std::size_t g : p.groups) keys.push_back(fmt::format("g{}", g));
  if (!p.uscc.empty()) key('u', p.uscc);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace

struct PairScorer::Context : chainscope::Context {};

PairScorer::PairScorer(const Dataset& d, const DuplicateOptions& options)
    : context_(std::make_unique<const Context>(Context{MakeContext(d, options)})) {}

PairScorer::~PairScorer() = default;

DuplicatePair PairScorer::operator()(const NamedEnterprise& a, const NamedEnterprise& b) const {
  return Score(Prepare(a, *context_), Prepare(b, *context_));
}

DuplicateReport FindDuplicates(const Dataset& d, const DuplicateOptions& options) {
  const Context c = MakeContext(d, options);
  std::unordered_map<std::string, std::vector<std::string>> makes;
  for (const Capability& cap : d.capabilities) makes[cap.supplier].push_back(cap.component);
  const std::size_t n = d.enterprises.size();
  std::vector<Prepared> prepared;
  prepared.reserve(n);
  std::vector<std::vector<std::string>> keys(n);
  std::unordered_map<std::string, std::vector<std::size_t>> block;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 64 == 0) ThrowIfStopped(options.stop, "duplicate search");
    const Enterprise& e = d.enterprises[i];
    const auto m = makes.find(e.id);
    prepared.push_back(Prepare({e.name, e.name_zh, e.place, e.role,
                                m == makes.end() ? std::vector<std::string>{} : m->second, e.uscc},
                               c));
    keys[i] = Keys(prepared.back());
    for (const std::string& k : keys[i]) block[k].push_back(i);
  }
  // Each enterprise pairs with the others in its rarest usable blocks.
  std::vector<std::pair<std::size_t, std::size_t>> candidates;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<const std::vector<std::size_t>*> usable;
    for (const std::string& k : keys[i]) {
      const auto& members = block.at(k);
      if (members.size() > 1 && members.size() <= options.max_block) usable.push_back(&members);
    }
    std::sort(usable.begin(), usable.end(), [](auto* x, auto* y) { return x->size() < y->size(); });
    if (usable.size() > options.keys_per_enterprise) usable.resize(options.keys_per_enterprise);
    for (const auto* members : usable)
      for (std::size_t j : *members)
        if (j != i) candidates.emplace_back(std::min(i, j), std::max(i, j));
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  DuplicateReport report;
  report.enterprises = n;
  report.candidate_pairs = candidates.size();
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    if (k % 1024 == 0) ThrowIfStopped(options.stop, "duplicate search");
    const auto [i, j] = candidates[k];
    DuplicatePair p = Score(prepared[i], prepared[j]);
    if (p.score < options.threshold) continue;
    p.a = i;
    p.b = j;
    report.pairs.push_back(std::move(p));
  }
  std::stable_sort(report.pairs.begin(), report.pairs.end(),
                   [](const DuplicatePair& x, const DuplicatePair& y) { return x.score > y.score; });
  return report;
}

}  // namespace chainscope
