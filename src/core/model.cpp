#include "core/model.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <utility>

namespace chainscope {
namespace {

template <class E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

constexpr Names<Province, 4> kProvinceNames{{{Province::kChongqing, "Chongqing"},
                                             {Province::kSichuan, "Sichuan"},
                                             {Province::kOtherChina, "OtherChina"},
                                             {Province::kAbroad, "Abroad"}}};
constexpr Names<Direction, 3> kDirectionNames{{{Direction::kNewEnergy, "new_energy"},
                                               {Direction::kIntelligentConnected, "intelligent_connected"},
                                               {Direction::kTraditional, "traditional"}}};
constexpr Names<ComponentUse, 3> kUseNames{
    {{ComponentUse::kIce, "ICE"}, {ComponentUse::kNev, "NEV"}, {ComponentUse::kBoth, "BOTH"}}};
constexpr Names<LinePowertrain, 3> kLineNames{{{LinePowertrain::kIce, "ICE"},
                                               {LinePowertrain::kNev, "NEV"},
                                               {LinePowertrain::kCommercial, "commercial"}}};
constexpr Names<Role, 7> kRoleNames{{{Role::kOem, "oem"},
                                     {Role::kTier1, "tier1"},
                                     {Role::kTier2, "tier2"},
                                     {Role::kMaterial, "material"},
                                     {Role::kLogistics, "logistics"},
                                     {Role::kDealer, "dealer"},
                                     {Role::kInstitute, "institute"}}};

template <class E, std::size_t N>
std::string_view NameOf(const Names<E, N>& names, E e) {
  for (const auto& [value, name] : names)
    if (value == e) return name;
  return "?";
}
template <class E, std::size_t N>
std::optional<E> ValueOf(const Names<E, N>& names, std::string_view s) {
  for (const auto& [value, name] : names)
    if (name == s) return value;
  return std::nullopt;
}

}  // namespace

std::string_view ToString(Province p) {
  return NameOf(kProvinceNames, p);
}
std::string_view ToString(Direction d) {
  return NameOf(kDirectionNames, d);
}
std::string_view ToString(ComponentUse u) {
  return NameOf(kUseNames, u);
}
std::string_view ToString(LinePowertrain p) {
  return NameOf(kLineNames, p);
}
std::string_view ToString(Role r) {
  return NameOf(kRoleNames, r);
}
std::optional<Province> ParseProvince(std::string_view s) {
  return ValueOf(kProvinceNames, s);
}
std::optional<Direction> ParseDirection(std::string_view s) {
  return ValueOf(kDirectionNames, s);
}
std::optional<ComponentUse> ParseComponentUse(std::string_view s) {
  return ValueOf(kUseNames, s);
}
std::optional<LinePowertrain> ParseLinePowertrain(std::string_view s) {
  return ValueOf(kLineNames, s);
}
std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::optional<Role> ParseRole(std::string_view s) {
  if (s == "research") return Role::kInstitute;  // the name before institutes offered services
  return ValueOf(kRoleNames, s);
}

bool IsValidRecordId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRecordIdBytes) return false;
  auto alnum = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  if (!alnum(id.front())) return false;
  for (char c : id)
    if (!alnum(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

std::uint64_t HighestRecordNumber(const std::vector<std::string_view>& ids, std::string_view prefix) {
  constexpr std::size_t kMaxDigits = 12;
  std::uint64_t highest = 0;
  for (std::string_view id : ids) {
    if (!id.starts_with(prefix) || id.size() == prefix.size() || id.size() - prefix.size() > kMaxDigits)
      continue;
    std::uint64_t n = 0;
    const char* first = id.data() + prefix.size();
    auto [end, ec] = std::from_chars(first, id.data() + id.size(), n);
    if (ec == std::errc() && end == id.data() + id.size()) highest = std::max(highest, n);
  }
  return highest;
}

std::string RecordIdOf(std::string_view prefix, std::uint64_t n) {
  return fmt::format("{}{:05}", prefix, n);
}

}  // namespace chainscope
