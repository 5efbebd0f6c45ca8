// io: one demand or offer from a JSON object (the API body, or what the CLI's flags make), checked like an
// imported row — field types and bounds, then references and roles against the current network.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "core/network.h"
#include "core/schema.h"

namespace chainscope {

/// Throws InvalidInput naming the field and the reason ("field 'buyer': unknown enterprise 'x'").
Demand DemandFromJson(const Network& net, boost::json::object object, const std::string& id);
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
