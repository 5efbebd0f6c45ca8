// service: the enterprise directory as a dashboard reads it without loading it — which enterprises a
// filter selects, how many per place (by role; by map group and parts makers under a filter), the
// certifications held, and the buyers of a set of links with their purchases. Typed answers, rendered by
// view/json_out.h; the query is read by DirectoryQueryOf (service/params.h).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/network.h"

namespace chainscope {

/// The directory's filters; an empty or invalid one does not filter.
struct DirectoryQuery {
  std::optional<Role> role;
  PlaceId place;
  std::optional<Province> province;
  ComponentId component;      // its makers only
  std::string assembly;       // makers of one of its components only (a known assembly code)
  std::string certification;  // holders only, as written
  std::string text;           // in the English or Chinese name, the id or the credit code, any case
};

/// Selects the enterprises a query names: O(enterprises + makers of its components) to build, then
/// O(certifications + name length) an enterprise.
class DirectoryFilter {
 public:
  DirectoryFilter(const Network& net, const DirectoryQuery& q);
  bool Selects(EnterpriseId e) const;

 private:
  const Network& net_;
  DirectoryQuery q_;
  std::string needle_;       // the text, lower-cased
  std::vector<bool> makes_;  // empty: no component filter; else makers of every component filter
};

/// Every enterprise the query selects, by id order.
std::vector<EnterpriseId> SelectEnterprises(const Network& net, const DirectoryQuery& q);

/// The group an enterprise is drawn in on the map: the assembly of its first component that has one, else
/// "OEM" for a vehicle maker and "OTHER".
std::string_view MapGroupOf(const Network& net, EnterpriseId e);

struct PlaceCount {
  PlaceId place;
  std::size_t enterprises = 0;                // the sum of groups
  std::size_t parts_makers = 0;               // IsPartsMaker
  std::map<std::string, std::size_t> groups;  // MapGroupOf → enterprises
};
struct DirectoryCounts {
  std::size_t total = 0;
  std::vector<PlaceCount> places;  // places with any, by place id
};
/// How many enterprises the query selects per place. O(enterprises).
DirectoryCounts CountByPlace(const Network& net, const DirectoryQuery& q);

inline constexpr std::size_t kRoleCount = static_cast<std::size_t>(Role::kInstitute) + 1;
/// Enterprises per place (by place id) and role (by Role's value). O(enterprises).
std::vector<std::array<std::size_t, kRoleCount>> RolesByPlace(const Network& net);

/// Every certification held in the directory, sorted, once each. O(enterprises × certifications).
std::vector<std::string> Certifications(const Network& net);

struct BuyerPurchases {
  EnterpriseId buyer;
  double value_yuan = 0;
  double local_value_yuan = 0;  // bought from its own province
  std::int64_t volume = 0;      // units a year
  std::size_t suppliers = 0;
  double local_share() const { return value_yuan > 0 ? local_value_yuan / value_yuan : 0; }
};
/// The buyers of `links` with their purchases, by value, largest first. O(links log links).
std::vector<BuyerPurchases> BuyersOf(const Network& net, std::span<const std::uint32_t> links);

}  // namespace chainscope
