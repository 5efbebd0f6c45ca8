#include "analytics/company_names.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

namespace chainscope {
namespace company_names {

// ---- UTF-8 -----------------------------------------------------------------------------------------------

std::u32string Decode(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n && i + static_cast<std::size_t>(k) < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
    out.push_back(cp);
    i += static_cast<std::size_t>(n);
  }
  return out;
}

std::string Encode(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

bool IsCjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}
bool IsAsciiAlnum(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
}

/// Full-width ASCII and ideographic space to ASCII, brackets of every kind to '(' ')', ASCII lower case.
std::u32string Fold(std::string_view name) {
  std::u32string s = Decode(name);
  for (char32_t& c : s) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    if (c == 0x3000) c = ' ';
    if (c == 0x3010 || c == 0x3014 || c == '[' || c == '{') c = '(';
    if (c == 0x3011 || c == 0x3015 || c == ']' || c == '}') c = ')';
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
  }
  return s;
}

bool HasCjk(std::u32string_view s) {
  return std::any_of(s.begin(), s.end(), IsCjk);
}

// ---- normalisation ----------------------------------------------------------------------------------------

// Chinese legal forms and organisational words, longest first; removed wherever they stand.
constexpr std::u32string_view kChineseLegalForms[] = {
    U"股份有限公司", U"有限责任公司", U"集团有限公司", U"集团股份", U"有限公司", U"集团公司",
    U"分公司",       U"总公司",       U"子公司",       U"控股",     U"集团",     U"公司",
    U"股份",         U"分厂",         U"工厂",         U"基地"};
// English legal forms and filler words, as tokens.
const std::set<std::string> kEnglishLegalForms = {
    "co",      "company",  "ltd",        "limited", "inc",   "incorporated", "corp", "corporation", "group",
    "holding", "holdings", "branch",     "plc",     "llc",   "gmbh",         "ag",   "sa",          "the",
    "and",     "of",       "subsidiary", "jv",      "plant", "factory",      "base", "works"};
// Words that say what kind of maker a company is, not which one: a name equal without them is "equal but
// for generic words".
constexpr std::u32string_view kChineseGenericWords[] = {
    U"汽车零部件", U"零部件", U"汽车工业", U"新能源", U"汽车", U"工业",   U"科技", U"实业",
    U"技术",       U"制造",   U"有限",     U"零件",   U"系统", U"供应商", U"企业"};
const std::set<std::string> kEnglishGenericWords = {
    "automobile",    "automobiles",  "automotive", "auto",       "motor",        "motors",
    "industry",      "industries",   "industrial", "technology", "technologies", "tech",
    "manufacturing", "new",          "energy",     "parts",      "components",   "systems",
    "system",        "cars",         "car",        "supplier",   "suppliers",    "maker",
    "makers",        "manufacturer", "elsewhere",  "in",         "china"};

void EraseAll(std::u32string& s, std::u32string_view word) {
  for (std::size_t at = s.find(word); at != std::u32string::npos; at = s.find(word, at))
    s.erase(at, word.size());
}

std::vector<std::string> Tokens(std::u32string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char32_t c : s) {
    if (IsAsciiAlnum(c)) {
      cur += static_cast<char>(c);
    } else if (c == '\'' || c == 0x2019) {
      // Chang'an → changan
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string Join(const std::vector<std::string>& tokens, std::string_view sep) {
  std::string out;
  for (const auto& t : tokens) {
    if (!out.empty()) out += sep;
    out += t;
  }
  return out;
}

Parsed Parse(std::string_view raw, const std::vector<PlaceWord>& places) {
  Parsed p;
  std::u32string s = Fold(raw);
  {
    std::string d, run;
    for (char32_t c : s) {
      if (c >= '0' && c <= '9') {
        run += static_cast<char>(c);
      } else if (!run.empty()) {
        if (!d.empty()) d += ';';
        d += run;
        run.clear();
      }
    }
    if (!run.empty()) {
      if (!d.empty()) d += ';';
      d += run;
    }
    p.digits = d;
  }
  // Brackets: a former name is kept aside; anything else (a place, a note) goes.
  std::u32string outside;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '(') {
      outside += s[i];
      continue;
    }
    const std::size_t close = s.find(')', i + 1);
    const std::u32string inner =
        s.substr(i + 1, close == std::u32string::npos ? std::u32string::npos : close - i - 1);
    for (std::u32string_view prefix :
         {std::u32string_view(U"原"), std::u32string_view(U"formerly "), std::u32string_view(U"former name "),
          std::u32string_view(U"former ")}) {
      if (inner.starts_with(prefix) && inner.size() > prefix.size()) {
        p.former.push_back(Encode(std::u32string_view(inner).substr(prefix.size())));
        break;
      }
    }
    for (const PlaceWord& w : places) {
      if (Decode(w.word) != inner) continue;
      p.places.insert(w.province);
      if (!w.place.empty()) p.named.insert(w.place);
    }
    if (close == std::u32string::npos) break;
    i = close;
  }
  s = outside;
  p.chinese = HasCjk(s);
  if (p.chinese) {
    for (std::u32string_view form : kChineseLegalForms) EraseAll(s, form);
    for (const PlaceWord& w : places) {
      const std::u32string word = Decode(w.word);
      if (!HasCjk(word)) continue;
      const std::size_t before = s.size();
      std::u32string trial = s;
      EraseAll(trial, word);
      if (trial.size() == before) continue;
      // A name that is only a place ("重庆") keeps it.
      if (std::none_of(trial.begin(), trial.end(), [](char32_t c) { return IsCjk(c) || IsAsciiAlnum(c); }))
        continue;
      p.places.insert(w.province);
      if (!w.place.empty()) p.named.insert(w.place);
      s = std::move(trial);
    }
    std::u32string kept;
    for (char32_t c : s)
      if (IsCjk(c) || IsAsciiAlnum(c)) kept += c;
    p.normal = Encode(kept);
    std::u32string core = kept;
    for (std::u32string_view g : kChineseGenericWords) EraseAll(core, g);
    p.core = core.size() >= 2 ? Encode(core) : p.normal;
    return p;
  }
  std::vector<std::string> tokens = Tokens(s);
  // A generic word after "of" names the institution ("Chongqing University of Technology" is not
  // Chongqing University): it stays in the core.
  std::set<std::string> named_words;
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i)
    if (tokens[i] == "of") named_words.insert(tokens[i + 1]);
  std::erase_if(tokens, [](const std::string& t) { return kEnglishLegalForms.contains(t); });
  for (const PlaceWord& w : places) {
    const std::vector<std::string> phrase = Tokens(Decode(w.word));
    if (phrase.empty() || phrase.size() >= tokens.size()) continue;
    for (std::size_t i = 0; i + phrase.size() <= tokens.size();) {
      if (std::equal(phrase.begin(), phrase.end(), tokens.begin() + static_cast<std::ptrdiff_t>(i))) {
        tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(i),
                     tokens.begin() + static_cast<std::ptrdiff_t>(i + phrase.size()));
        p.places.insert(w.province);
        if (!w.place.empty()) p.named.insert(w.place);
        if (phrase.size() >= tokens.size()) break;
      } else {
        ++i;
      }
    }
  }
  p.normal = Join(tokens, " ");
  std::vector<std::string> core = tokens;
  std::erase_if(core, [&](const std::string& t) {
    return kEnglishGenericWords.contains(t) && !named_words.contains(t);
  });
  p.core = core.empty() ? p.normal : Join(core, " ");
  return p;
}

}  // namespace company_names

using company_names::Decode;
using company_names::Encode;
using company_names::Parse;

const NameGroups& KnownCompanyNames() {
  // Former names, short names and names in the other language of the region's vehicle makers and some of
  // their suppliers (public sources: company registrations and announcements).
  static const NameGroups groups = {
      {"长安汽车", "重庆长安汽车股份有限公司", "Changan Automobile", "Chongqing Changan Automobile Co., Ltd.",
       "Chang'an Automobile", "Changan Auto"},
      {"长安福特", "长安福特汽车有限公司", "Changan Ford", "Changan Ford Automobile Co., Ltd."},
      {"赛力斯", "赛力斯集团", "东风小康", "小康股份", "重庆小康工业集团", "Seres", "Seres Group",
       "Dongfeng Sokon", "Sokon", "Chongqing Sokon Industry Group"},
      {"上汽红岩", "上汽依维柯红岩", "上汽依维柯红岩商用车", "红岩汽车", "SAIC Hongyan", "SAIC-IVECO Hongyan",
       "SAIC IVECO Hongyan Commercial Vehicle"},
      {"庆铃汽车", "庆铃", "Qingling Motors", "Qingling"},
      {"力帆汽车", "力帆科技", "力帆", "Lifan", "Lifan Technology", "Lifan Motors"},
      {"上汽通用五菱", "SAIC-GM-Wuling", "SGMW"},
      {"一汽-大众", "一汽大众", "FAW-Volkswagen", "FAW Volkswagen", "FAW-VW"},
      {"四川一汽丰田", "Sichuan FAW Toyota", "Sichuan FAW Toyota Motor"},
      {"沃尔沃汽车", "Volvo Cars"},
      {"吉利汽车", "Geely Auto", "Geely Automobile"},
      {"神龙汽车", "东风标致雪铁龙", "Dongfeng Peugeot-Citroen", "Dongfeng Peugeot-Citroën", "DPCA"},
      {"理想汽车", "Li Auto"},
      {"阿维塔", "阿维塔科技", "Avatr", "Avatr Technology"},
      {"深蓝汽车", "长安深蓝", "Deepal"},
      {"宁德时代", "时代新能源", "CATL", "Contemporary Amperex Technology", "Contemporary Amperex"},
      {"弗迪电池", "FinDreams Battery", "FinDreams"},
      {"蜂巢能源", "SVOLT", "SVOLT Energy"},
      {"中创新航", "中航锂电", "CALB", "China Lithium Battery Technology"},
      {"中国汽车工程研究院", "中国汽研", "中汽研", "CAERI",
       "China Automotive Engineering Research Institute"},
      {"青山工业", "重庆青山工业", "Tsingshan Industrial", "Chongqing Tsingshan Industrial"},
      {"建设汽车系统", "重庆建设汽车系统", "Jianshe Vehicle System", "Chongqing Jianshe Vehicle System"},
      {"康明斯发动机", "重庆康明斯", "Chongqing Cummins", "Cummins Engine"},
      {"天齐锂业", "Tianqi Lithium"},
      {"凯翼汽车", "Cowin Auto", "Kaiyi Auto"},
      {"鑫源汽车", "华晨鑫源", "Brilliance Xinyuan", "SWM", "Xinyuan Auto"},
      {"北汽银翔", "BAIC Yinxiang"},
      {"现代商用车", "现代商用汽车", "四川现代", "Hyundai Commercial Vehicle", "Sichuan Hyundai"},
      {"南骏汽车", "Nanjun Auto", "Sichuan Nanjun"},
      {"野马汽车", "Yema Auto"},
      {"大运汽车", "Dayun Auto"},
  };
  return groups;
}

std::vector<PlaceWord> PlaceWords(const Dataset& d) {
  std::vector<PlaceWord> out;
  auto add = [&](std::string word, Province p, std::string place) {
    if (Decode(word).size() >= 2) out.push_back({std::move(word), p, std::move(place)});
  };
  for (const Place& p : d.places) {
    if (p.province != Province::kChongqing && p.province != Province::kSichuan) continue;
    add(p.name_zh, p.province, p.code);
    const std::u32string zh = Decode(p.name_zh);
    for (std::u32string_view suffix : {U"彝族自治州", U"自治县", U"新区", U"区", U"县", U"市"})
      if (zh.size() > suffix.size() + 1 && zh.ends_with(suffix))
        add(Encode(zh.substr(0, zh.size() - suffix.size())), p.province, p.code);
    std::string en = p.name;
    std::transform(en.begin(), en.end(), en.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    add(en, p.province, p.code);
    for (std::string_view suffix : {" new area", " district", " county", " city"})
      if (en.ends_with(suffix)) add(en.substr(0, en.size() - suffix.size()), p.province, p.code);
  }
  struct Word {
    std::string_view zh, en;
    Province province;
    std::string_view place;  // "" for the province itself
  };
  constexpr Word kRegion[] = {{"重庆市", "chongqing", Province::kChongqing, ""},
                              {"重庆", "chongqing", Province::kChongqing, ""},
                              {"四川省", "sichuan", Province::kSichuan, ""},
                              {"四川", "sichuan", Province::kSichuan, ""},
                              {"两江", "liangjiang", Province::kChongqing, "LIANGJIANG"},
                              {"成都市", "chengdu", Province::kSichuan, "510100"},
                              {"成都", "chengdu", Province::kSichuan, "510100"},
                              {"宜宾", "yibin", Province::kSichuan, "511500"},
                              {"绵阳", "mianyang", Province::kSichuan, "510700"},
                              {"德阳", "deyang", Province::kSichuan, "510600"},
                              {"南充", "nanchong", Province::kSichuan, "511300"},
                              {"遂宁", "suining", Province::kSichuan, "510900"},
                              {"资阳", "ziyang", Province::kSichuan, "512000"},
                              {"泸州", "luzhou", Province::kSichuan, "510500"},
                              {"雅安", "ya'an", Province::kSichuan, "511800"},
                              {"眉山", "meishan", Province::kSichuan, "511400"}};
  for (const Word& w : kRegion) {
    add(std::string(w.zh), w.province, std::string(w.place));
    add(std::string(w.en), w.province, std::string(w.place));
  }
  std::sort(out.begin(), out.end(), [](const PlaceWord& a, const PlaceWord& b) {
    return a.word.size() != b.word.size() ? a.word.size() > b.word.size() : a.word < b.word;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const PlaceWord& a, const PlaceWord& b) { return a.word == b.word; }),
            out.end());
  return out;
}

std::string NormalizeName(std::string_view name, const std::vector<PlaceWord>& places) {
  return Parse(name, places).normal;
}

}  // namespace chainscope
