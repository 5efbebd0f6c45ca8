// service: named text parameters — the API's query string, or the CLI's flags — read with their defaults
// and bounds, and the analyses' requests built from them. Both front ends call these, so a parameter is
// parsed, defaulted and bounded in one place; only the way an error names it differs ("query parameter
// 'buyer_province'" for the API, "--buyer-province" for the CLI).
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "analytics/flows.h"
#include "analytics/invest.h"
#include "analytics/localization.h"
#include "analytics/weak_links.h"
#include "core/network.h"
#include "service/directory.h"

namespace chainscope {

class Params {
 public:
  using Namer = std::function<std::string(std::string_view name)>;
  Params(std::map<std::string, std::string> values, Namer namer)
      : values_(values.begin(), values.end()), namer_(std::move(namer)) {}
  /// "query parameter 'x'" / "--x-y".
  static Namer QueryNames();
  static Namer FlagNames();

  const std::string* Get(std::string_view name) const;
  std::string Name(std::string_view name) const { return namer_(name); }
  /// A whole number in [0, max]; `fallback` when absent.
  std::size_t Size(std::string_view name, std::size_t fallback, std::size_t max) const;
  /// A finite number in [min, max]; `fallback` when absent.
  double Real(std::string_view name, double fallback, double min, double max) const;
  std::optional<Province> OptionalProvince(std::string_view name) const;
  std::optional<Role> OptionalRole(std::string_view name) const;
  /// An assembly code of the taxonomy; empty when absent.
  std::string Assembly(const Network& net, std::string_view name) const;
  /// Invalid when absent; an unknown id is an error.
  EnterpriseId Enterprise(const Network& net, std::string_view name) const;
  ComponentId Component(const Network& net, std::string_view name) const;
  PlaceId Place(const Network& net, std::string_view name) const;
  BuyerScope Scope(BuyerScope fallback) const;  // "buyers": oem | all

 private:
  /// The id `find` gives for the parameter's text (invalid when absent); an unknown one is an error.
  template <class Id, class Find>
  Id Lookup(std::string_view name, std::string_view kind, Find find) const;
  std::map<std::string, std::string, std::less<>> values_;
  Namer namer_;
};

/// The directory's filters: role, place, province, component, assembly, certification, q.
DirectoryQuery DirectoryQueryOf(const Network& net, const Params& p);
/// The analyses' requests; each throws InvalidInput naming the parameter. Defaults are the engines'.
LocalizationQuery LocalizationQueryOf(const Network& net, const Params& p);
FlowQuery FlowQueryOf(const Network& net, const Params& p);
WeakLinksQuery WeakLinksQueryOf(const Params& p);
/// Weights come as weight_gap, weight_focus, … .
InvestQuery InvestQueryOf(const Network& net, const Params& p);
/// {"component", "place" (codes, required), "capacity_units", "max_share", "id", "name"}.
WhatIfSupplier WhatIfSupplierOf(const Network& net, const boost::json::object& body);

/// Investment targets ranked (top, per_component), and the largest capacity of an attracted maker (units a
/// year).
inline constexpr std::size_t kMaxRankedTargets = 1000;
inline constexpr std::size_t kMaxCapacityUnits = 1'000'000'000'000;

/// The largest coverage threshold of a chain gap (a coverage is capacity ÷ demand, so it may pass 1).
inline constexpr double kMaxGapThreshold = 1e9;

/// Items per analytics list (the API's "limit"): default 100, at most 100,000.
inline constexpr std::size_t kDefaultAnalyticsListSize = 100;
inline constexpr std::size_t kMaxAnalyticsListSize = 100000;

}  // namespace chainscope
