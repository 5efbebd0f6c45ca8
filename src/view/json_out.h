// view: JSON views of the chain for the API (and the CLI's --json): enterprises, links, places,
// taxonomy, calibration figures, records, match and allocation results. Names and units as in the
// interchange format; shares as fractions. Views of enterprise data take the viewer and apply the access
// policy (service/access.h) here, through StripConfidential: the one list of confidential fields.
#pragma once

#include <boost/json.hpp>

#include "core/message.h"
#include "io/json_text.h"

#include "analytics/calibration.h"
#include "core/network.h"
#include "match/allocator.h"
#include "match/matcher.h"
#include "service/access.h"
#include "service/deals.h"
#include "service/directory.h"

namespace chainscope {

/// Removes every confidential field (prices, volumes, capacities, committed, costs, quality, inventory,
/// time to recover, customers, suppliers) from one object, for a viewer who may not see its owner's data.
void StripConfidential(boost::json::object& o);

boost::json::object PlaceJson(const Place& p);
/// Summary of an enterprise: ids, names, role, place (code and names), province, park, certifications,
/// components made; its time to recover only for a viewer who sees its private data.
boost::json::object EnterpriseJson(const Network& net, EnterpriseId e, const Principal& viewer);
/// The enterprise with its capabilities, customers, suppliers and vehicle lines when the viewer sees its
/// private data; else its public entry (components made, lines without volumes). NotFound for an unknown id.
boost::json::object EnterpriseDetailJson(const Network& net, std::string_view id, const Principal& viewer);
/// A link with both parties' names and places, its value and the great-circle distance when known.
boost::json::object LinkJson(const Network& net, std::uint32_t link);
/// The directions, assemblies and component types, and every certification held in the directory (for
/// filters and forms: service/directory.h's Certifications).
boost::json::object TaxonomyJson(const Network& net, std::span<const std::string> certifications);
/// A place with its enterprises counted by role (roles with none left out) and in all.
boost::json::object PlaceJson(const Place& p, const std::array<std::size_t, kRoleCount>& by_role);
/// How many enterprises a directory query selects per place (service/directory.h: CountByPlace).
boost::json::object DirectoryCountsJson(const Network& net, const DirectoryCounts& counts);
/// A component's buyers with their purchases (service/directory.h: BuyersOf).
boost::json::object BuyersJson(const Network& net, std::span<const BuyerPurchases> buyers);
boost::json::array CalibrationJson(const std::vector<CalibrationFigure>& figures);
/// Great-circle km between two enterprises, or null when either has no coordinates.
boost::json::value DistanceKmJson(const Network& net, EnterpriseId a, EnterpriseId b);

/// A demand: every field is public while it is open (who may see a closed one is the caller's SeesRecord).
boost::json::object RecordJson(const Network& net, const Demand& d, const Principal& viewer);
/// An offer; its price only when published or seen by its supplier (SeesOfferPrice).
boost::json::object RecordJson(const Network& net, const Offer& o, const Principal& viewer);
/// A text, or null when empty (an optional field the views write as null).
boost::json::value TextOrNull(const std::string& text);
/// A JSON text the store wrote (an audit row's before/after, a notice's data, a stored reason) as a value;
/// empty or unparsable: null.
boost::json::value Embedded(const std::string& text);
/// `prefix`_name and `prefix`_name_zh of a place (its code for both when unknown).
void PutPlaceNames(boost::json::object& o, const Network& net, std::string_view code,
                   std::string_view prefix = "place");
/// Texts and codes of messages, side by side: `out[texts]` the English texts, `out[codes]` the MessageJsons.
void PutMessages(boost::json::object& out, std::string_view texts, std::string_view codes,
                 const std::vector<Message>& messages);

/// A response to a demand, with its rank for the demand when known (score, rank, exclusions). Shown only to
/// its parties and analysts (the caller's SeesDealings), so every field is there.
boost::json::object ResponseJson(const Network& net, const Response& r,
                                 const RankedResponse* ranked = nullptr);
/// A deal with both parties' names and its value a year.
boost::json::object DealJson(const Network& net, const Deal& d);
/// A candidate; its capacity, prices and costs only for a viewer who sees the supplier's private data.
boost::json::object CandidateJson(const Network& net, const Candidate& c, const Principal& viewer);
/// {"demand": …, "candidates": [...], "makers": N, "eligible": N}, best first.
boost::json::object MatchJson(const Network& net, const DemandSpec& demand, const MatchResult& result,
                              const Principal& viewer);
boost::json::object ExplanationJson(const Network& net, EnterpriseId supplier, const Explanation& e,
                                    const Principal& viewer);
/// {"assignments": [...], "unmet": [...], "total_cost_yuan": T, …} (the output contract). A viewer
/// who does not read everything gets the assignments and unmet demand of the demands whose buyer's data
/// it sees, units counted over those, suppliers' prices stripped as in CandidateJson, and no platform totals.
boost::json::object AllocationJson(const Network& net, std::span<const DemandSpec> demands,
                                   const Allocation& a, const Principal& viewer);

}  // namespace chainscope
