// core: names and code formats of R&D, testing and talent services.
#include "core/services.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "core/schema.h"

namespace chainscope {
namespace {

constexpr std::array<std::string_view, 6> kKindCodes{"testing", "certification", "joint_research",
                                                     "design",  "training",      "internship"};
constexpr std::array<std::string_view, 6> kKindNamesZh{"检测", "认证", "联合研发", "设计", "培训", "实习"};

bool Digit(char c) {
  return c >= '0' && c <= '9';
}

/// Capitals, full-width slashes as '/', runs of spaces as one, trimmed.
std::string Folded(std::string_view text) {
  static constexpr std::string_view kFullWidthSlash = "／";
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (text.substr(i, kFullWidthSlash.size()) == kFullWidthSlash) {
      c = '/';
      i += kFullWidthSlash.size() - 1;
    }
    if (c == '\t') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

long DaysOf(std::string_view ymd) {
  using namespace std::chrono;
  const auto num = [&](std::size_t at, std::size_t n) { return std::stoi(std::string(ymd.substr(at, n))); };
  return sys_days{year_month_day{year{num(0, 4)}, month{static_cast<unsigned>(num(5, 2))},
                                 day{static_cast<unsigned>(num(8, 2))}}}
      .time_since_epoch()
      .count();
}

}  // namespace

std::string_view ToString(ServiceKind k) {
  return kKindCodes[static_cast<std::size_t>(k)];
}
std::string_view ChineseName(ServiceKind k) {
  return kKindNamesZh[static_cast<std::size_t>(k)];
}
std::optional<ServiceKind> ParseServiceKind(std::string_view code) {
  for (std::size_t i = 0; i < kKindCodes.size(); ++i)
    if (kKindCodes[i] == code) return static_cast<ServiceKind>(i);
  return std::nullopt;
}

std::string_view ToString(RequestStatus s) {
  switch (s) {
    case RequestStatus::kOpen:
      return "open";
    case RequestStatus::kAccepted:
      return "accepted";
    case RequestStatus::kClosed:
      return "closed";
  }
  return "?";
}
std::optional<RequestStatus> ParseRequestStatus(std::string_view code) {
  for (RequestStatus s : {RequestStatus::kOpen, RequestStatus::kAccepted, RequestStatus::kClosed})
    if (ToString(s) == code) return s;
  return std::nullopt;
}
std::string_view ToString(InterestStatus s) {
  switch (s) {
    case InterestStatus::kOpen:
      return "open";
    case InterestStatus::kAccepted:
      return "accepted";
    case InterestStatus::kWithdrawn:
      return "withdrawn";
  }
  return "?";
}
std::string_view ToString(BookingStatus s) {
  switch (s) {
    case BookingStatus::kRequested:
      return "requested";
    case BookingStatus::kConfirmed:
      return "confirmed";
    case BookingStatus::kCancelled:
      return "cancelled";
  }
  return "?";
}

double Booking::hours() const {
  return static_cast<double>(EpochSeconds(end) - EpochSeconds(start)) / 3600.0;
}

std::optional<std::string> NormalizeStandard(std::string_view text) {
  if (text.size() > 64) return std::nullopt;
  std::string s = Folded(text);
  // The bodies whose codes are accepted, longest first so that "GB/T" is not read as "GB".
  static constexpr std::array<std::string_view, 14> kBodies{
      "ISO/SAE", "GB/T", "GB/Z", "QC/T", "JT/T", "GB", "ISO", "IEC", "ECE", "UN", "SAE", "CISPR", "UL", "EN"};
  if (s.starts_with("GBT") && s.size() > 3 && (s[3] == ' ' || Digit(s[3]))) s = "GB/T" + s.substr(3);
  for (std::string_view body : kBodies) {
    if (!s.starts_with(body)) continue;
    std::string rest = s.substr(body.size());
    if (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
    if (rest.empty()) return std::nullopt;
    // ECE/UN regulations: R and digits; SAE: J and digits; others: digits.
    std::size_t i = 0;
    if ((body == "ECE" || body == "UN") && rest[i] == 'R')
      ++i;
    else if (body == "SAE" && rest[i] == 'J')
      ++i;
    const std::size_t digits_from = i;
    while (i < rest.size() && Digit(rest[i])) ++i;
    if (i == digits_from || i - digits_from > 6) return std::nullopt;
    // Parts (.1, -6) and a year (-2020, :2018): digits after '.', '-' or ':', at most three groups.
    int groups = 0;
    while (i < rest.size()) {
      const char sep = rest[i];
      if ((sep != '.' && sep != '-' && sep != ':') || ++groups > 3) return std::nullopt;
      const std::size_t from = ++i;
      while (i < rest.size() && Digit(rest[i])) ++i;
      if (i == from || i - from > 4) return std::nullopt;
    }
    if (body == "ISO/SAE" && rest.empty()) return std::nullopt;
    return std::string(body) + " " + rest;
  }
  return std::nullopt;
}

std::string StandardBase(std::string_view canonical) {
  std::string s(canonical);
  // A trailing "-YYYY" or ":YYYY" with a plausible year is the edition.
  if (s.size() > 5) {
    const std::size_t at = s.size() - 5;
    const char sep = s[at];
    const std::string year = s.substr(at + 1);
    if ((sep == '-' || sep == ':') && std::all_of(year.begin(), year.end(), Digit) && year >= "1950" &&
        year <= "2099")
      s.erase(at);
  }
  return s;
}

std::optional<std::string> NormalizeCnas(std::string_view text) {
  std::string s = Folded(text);
  std::erase(s, ' ');
  if (s.starts_with("CNAS")) s.erase(0, 4);
  std::string prefix;
  if (s.starts_with("IB"))
    prefix = "IB";
  else if (s.starts_with("L"))
    prefix = "L";
  else
    return std::nullopt;
  const std::string digits = s.substr(prefix.size());
  if (digits.size() < 4 || digits.size() > 5 || !std::all_of(digits.begin(), digits.end(), Digit))
    return std::nullopt;
  return "CNAS " + prefix + digits;
}

std::optional<std::string> NormalizeCma(std::string_view text) {
  std::string s = Folded(text);
  std::erase(s, ' ');
  if (s.starts_with("CMA")) s.erase(0, 3);
  if (s.size() != 12 || !std::all_of(s.begin(), s.end(), Digit)) return std::nullopt;
  return s;
}

std::optional<std::string> NormalizeUtcTime(std::string_view t) {
  // YYYY-MM-DDTHH:MM then optional :SS, then Z or ±HH:MM.
  if (t.size() < 17 || t.size() > 25) return std::nullopt;
  const std::string date(t.substr(0, 10));
  if (!IsCalendarDate(date) || (t[10] != 'T' && t[10] != ' ') || t[13] != ':' || !Digit(t[11]) ||
      !Digit(t[12]) || !Digit(t[14]) || !Digit(t[15]))
    return std::nullopt;
  if (date < "2000-01-01" || date > "2099-12-31") return std::nullopt;
  const int hh = (t[11] - '0') * 10 + (t[12] - '0'), mm = (t[14] - '0') * 10 + (t[15] - '0');
  int ss = 0;
  std::size_t i = 16;
  if (i < t.size() && t[i] == ':') {
    if (i + 3 > t.size() || !Digit(t[i + 1]) || !Digit(t[i + 2])) return std::nullopt;
    ss = (t[i + 1] - '0') * 10 + (t[i + 2] - '0');
    i += 3;
  }
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  long offset_minutes = 0;
  const std::string_view zone = t.substr(i);
  if (zone == "Z") {
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' && Digit(zone[1]) &&
             Digit(zone[2]) && Digit(zone[4]) && Digit(zone[5])) {
    const int oh = (zone[1] - '0') * 10 + (zone[2] - '0'), om = (zone[4] - '0') * 10 + (zone[5] - '0');
    if (oh > 14 || om > 59) return std::nullopt;
    offset_minutes = (zone[0] == '+' ? 1 : -1) * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  using namespace std::chrono;
  const sys_seconds at =
      sys_days{days{DaysOf(date)}} + hours{hh} + minutes{mm} + seconds{ss} - minutes{offset_minutes};
  const sys_days day = floor<days>(at);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> clock{at - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     clock.hours().count(), clock.minutes().count(), clock.seconds().count());
}

std::int64_t EpochSeconds(std::string_view utc) {
  const long days = DaysOf(utc.substr(0, 10));
  const auto num = [&](std::size_t at) { return (utc[at] - '0') * 10 + (utc[at + 1] - '0'); };
  return static_cast<std::int64_t>(days) * 86400 + num(11) * 3600 + num(14) * 60 + num(17);
}

std::int64_t WorkingDaysBetween(std::string_view from, std::string_view to) {
  const long a = DaysOf(from), b = DaysOf(to);
  if (b <= a) return 0;
  std::int64_t n = 0;
  // 1970-01-01 was a Thursday: weekday (0 = Monday) of day d is (d + 3) mod 7.
  for (long d = a + 1; d <= b; ++d)
    if (((d % 7) + 7 + 3) % 7 < 5) ++n;
  return n;
}

}  // namespace chainscope
