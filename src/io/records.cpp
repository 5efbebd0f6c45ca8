#include "io/records.h"

#include <fmt/format.h>

#include "io/dataset_io.h"
#include "io/validate.h"

namespace chainscope {
namespace {

Row Parse(Table t, boost::json::object& object, const std::string& id) {
  object["id"] = id;
  try {
    return RowFromJson(t, object, "request");
  } catch (const ImportError& e) {
    std::string out;
    for (const ImportIssue& i : e.issues())
      out += (out.empty() ? "" : "; ") +
             (i.column.empty() ? i.reason : fmt::format("field '{}': {}", i.column, i.reason));
    throw InvalidInput(out);
  }
}

void RequireComponent(const Network& net, const std::string& code) {
  if (!net.FindComponent(code).valid())
    throw InvalidInput(fmt::format("field 'component': unknown component '{}'", code));
}

}  // namespace

Demand DemandFromJson(const Network& net, boost::json::object object, const std::string& id) {
  Dataset one;
  AppendRow(one, Table::kDemands, Parse(Table::kDemands, object, id));
  const Demand& d = one.demands[0];
  if (!net.FindEnterprise(d.buyer).valid())
    throw InvalidInput(fmt::format("field 'buyer': unknown enterprise '{}'", d.buyer));
  RequireComponent(net, d.component);
  if (d.max_share <= 0) throw InvalidInput("field 'max_share': must be greater than 0");
  return d;
}

Offer OfferFromJson(const Network& net, boost::json::object object, const std::string& id) {
  Dataset one;
  AppendRow(one, Table::kOffers, Parse(Table::kOffers, object, id));
  const Offer& o = one.offers[0];
  const EnterpriseId s = net.FindEnterprise(o.supplier);
  if (!s.valid()) throw InvalidInput(fmt::format("field 'supplier': unknown enterprise '{}'", o.supplier));
  if (!IsPartsMaker(net.enterprise(s).role))
    throw InvalidInput(
        fmt::format("field 'supplier': '{}' is not a parts maker (tier1, tier2, material)", o.supplier));
  RequireComponent(net, o.component);
  return o;
}

Demand InlineDemandFromJson(const Network& net, boost::json::object object) {
  if (const auto* q = object.if_contains("quantity"); q && !object.contains("annual_quantity")) {
    object["annual_quantity"] = *q;
    object.erase("quantity");
  }
  const bool dated = object.contains("start_date");
  if (!dated) object["start_date"] = "0001-01-01";  // parses as a date; cleared below
  if (!object.contains("prefer_local")) object["prefer_local"] = false;
  if (!object.contains("max_share")) object["max_share"] = 1.0;
  Demand d = DemandFromJson(net, std::move(object), "inline");
  d.id.clear();
  if (!dated) d.start_date.clear();
  return d;
}

}  // namespace chainscope
