#include "io/records.h"

#include <fmt/format.h>
#include <chrono>
#include <optional>

#include "core/inbox.h"
#include "io/dataset_io.h"
#include "io/validate.h"

namespace chainscope {
namespace {

/// The row, or nothing with every problem added to `problems` ("field 'x': reason").
std::optional<Row> Parse(Table t, boost::json::object& object, const std::string& id,
                         std::vector<std::string>& problems) {
  object["id"] = id;
  try {
    return RowFromJson(t, object, "request");
  } catch (const ImportError& e) {
    for (const ImportIssue& i : e.issues())
      problems.push_back(i.column.empty() ? i.reason : fmt::format("field '{}': {}", i.column, i.reason));
    return std::nullopt;
  }
}

void ThrowIfAny(const std::vector<std::string>& problems) {
  if (problems.empty()) return;
  std::string out;
  for (const std::string& p : problems) out += (out.empty() ? "" : "; ") + p;
  throw InvalidInput(out);
}

/// A text field's value when it is a text (its type is the schema's to check).
std::optional<std::string> TextOf(const boost::json::object& object, std::string_view field) {
  const boost::json::value* v = object.if_contains(field);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

/// Days since 1970-01-01 of a YYYY-MM-DD date the schema has already checked (std::chrono's calendar).
long DaysOf(const std::string& ymd) {
  using namespace std::chrono;
  const year_month_day date{year{std::stoi(ymd.substr(0, 4))},
                            month{static_cast<unsigned>(std::stoi(ymd.substr(5, 2)))},
                            day{static_cast<unsigned>(std::stoi(ymd.substr(8, 2)))}};
  return sys_days{date}.time_since_epoch().count();
}

}  // namespace

Demand DemandFromJson(const Network& net, boost::json::object object, const std::string& id,
                      const std::string& today) {
  if (!object.contains("prefer_local")) object["prefer_local"] = false;
  if (!object.contains("max_share")) object["max_share"] = 1.0;
  std::vector<std::string> problems;
  // References first (the field order of the schema), then the schema's types and bounds, all at once.
  if (const auto buyer = TextOf(object, "buyer"); buyer && !net.FindEnterprise(*buyer).valid())
    problems.push_back(fmt::format("field 'buyer': unknown enterprise '{}'", *buyer));
  if (const auto code = TextOf(object, "component"); code && !net.FindComponent(*code).valid())
    problems.push_back(fmt::format("field 'component': unknown component '{}'", *code));
  const std::optional<Row> row = Parse(Table::kDemands, object, id, problems);
  Dataset one;
  if (row) AppendRow(one, Table::kDemands, *row);
  if (row && one.demands[0].max_share <= 0) problems.push_back("field 'max_share': must be greater than 0");
  if (row) {
    const std::string now = today.empty() ? UtcMillis().substr(0, 10) : today;  // YYYY-MM-DD of now
    const std::string& start = one.demands[0].start_date;
    if (DaysOf(start) < DaysOf(now) - kStartDateGraceDays)
      problems.push_back(fmt::format(
          "field 'start_date': {} is more than {} days before today ({}); give the date supply should start",
          start, kStartDateGraceDays, now));
  }
  ThrowIfAny(problems);
  return one.demands[0];
}

Offer OfferFromJson(const Network& net, boost::json::object object, const std::string& id) {
  std::vector<std::string> problems;
  if (const auto supplier = TextOf(object, "supplier")) {
    const EnterpriseId s = net.FindEnterprise(*supplier);
    if (!s.valid())
      problems.push_back(fmt::format("field 'supplier': unknown enterprise '{}'", *supplier));
    else if (!IsPartsMaker(net.enterprise(s).role))
      problems.push_back(
          fmt::format("field 'supplier': '{}' is not a parts maker (tier1, tier2, material)", *supplier));
  }
  if (const auto code = TextOf(object, "component"); code && !net.FindComponent(*code).valid())
    problems.push_back(fmt::format("field 'component': unknown component '{}'", *code));
  const std::optional<Row> row = Parse(Table::kOffers, object, id, problems);
  ThrowIfAny(problems);
  Dataset one;
  AppendRow(one, Table::kOffers, *row);
  return one.offers[0];
}

Demand InlineDemandFromJson(const Network& net, boost::json::object object) {
  if (const auto* q = object.if_contains("quantity"); q && !object.contains("annual_quantity")) {
    object["annual_quantity"] = *q;
    object.erase("quantity");
  }
  const bool dated = object.contains("start_date");
  if (!dated) object["start_date"] = "9999-12-31";  // parses as a date; cleared below
  Demand d = DemandFromJson(net, std::move(object), "inline");
  d.id.clear();
  if (!dated) d.start_date.clear();
  return d;
}

}  // namespace chainscope
