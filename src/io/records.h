// io: one demand or offer from a JSON object (the API body, or what the CLI's flags make), checked like an
// imported row — field types and bounds, then references and roles against the current network.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "core/network.h"
#include "core/schema.h"

namespace chainscope {

/// How far back a demand's start date may lie (re-sourcing a supply already running); an earlier one is a
/// mistake ("2001-03-01") and refused.
inline constexpr int kStartDateGraceDays = 365;

/// Throws InvalidInput naming every invalid field at once, each with its reason ("field 'buyer': unknown
/// enterprise 'x'; field 'annual_quantity': …"). A demand's prefer_local defaults to false and max_share to
/// 1; its start date may lie at most kStartDateGraceDays before `today` (YYYY-MM-DD, UTC; empty: the
/// clock's).
Demand DemandFromJson(const Network& net, boost::json::object object, const std::string& id,
                      const std::string& today = "");
Offer OfferFromJson(const Network& net, boost::json::object object, const std::string& id);

/// What code written once for demands and offers needs to know of each.
template <class T>
struct RecordKind;
template <>
struct RecordKind<Demand> {
  static constexpr Table kTable = Table::kDemands;
  static constexpr std::string_view kOwnerField = "buyer";
  static std::vector<Demand>& Rows(Dataset& d) { return d.demands; }
  static const std::vector<Demand>& Rows(const Dataset& d) { return d.demands; }
  static const std::string& Owner(const Demand& r) { return r.buyer; }
  static Demand FromJson(const Network& net, boost::json::object o, const std::string& id) {
    return DemandFromJson(net, std::move(o), id);
  }
};
template <>
struct RecordKind<Offer> {
  static constexpr Table kTable = Table::kOffers;
  static constexpr std::string_view kOwnerField = "supplier";
  static std::vector<Offer>& Rows(Dataset& d) { return d.offers; }
  static const std::vector<Offer>& Rows(const Dataset& d) { return d.offers; }
  static const std::string& Owner(const Offer& r) { return r.supplier; }
  static Offer FromJson(const Network& net, boost::json::object o, const std::string& id) {
    return OfferFromJson(net, std::move(o), id);
  }
};

/// A demand asked about without being stored (a match request): the stored fields, with `quantity`
/// accepted for annual_quantity and these defaults — no start date (offers' validity is then not checked),
/// prefer_local false, max_share 1. Its id is empty. Throws InvalidInput like DemandFromJson.
Demand InlineDemandFromJson(const Network& net, boost::json::object object);

}  // namespace chainscope
