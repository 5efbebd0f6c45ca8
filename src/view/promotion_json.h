// view: joint investment promotion as JSON — a lead as its viewer may see it (in full for its bureau and the
// coordinators; investor, components, stage and place for other bureaus: SeesLeadInFull), its timeline
// and policies, the pilot places recommended for it, the KPIs, the settings.
#pragma once

#include <boost/json/object.hpp>

#include "core/network.h"
#include "service/access.h"
#include "service/promotion.h"

namespace chainscope {

boost::json::object LeadJson(const Network& net, const Lead& lead, const Principal& viewer);
/// The lead with its "timeline" and "policies".
boost::json::object LeadDetailJson(const Network& net, const LeadDetail& d, const Principal& viewer);
boost::json::object PolicyJson(const Network& net, const IncentivePolicy& p);
/// {"lead", "component", "capacity_units", "radius_km", "items": [{place, …, score, parts, gain, reasons,
/// own}]}.
boost::json::object RecommendationJson(const Network& net, const LeadRecommendation& r);
/// {"by", "from", "to", "items": [...], "total": {...}}.
boost::json::object PromotionKpisJson(const Network& net, const KpiQuery& q, const KpiReport& r);
boost::json::object PromotionSettingsJson(const PromotionSettings& s);
/// {"signed_leads", "makers", "skipped", "rounds", "moved_value_yuan", "local_share": [{province, before,
/// after}], "single_sourced_before_yuan", "single_sourced_after_yuan"}.
boost::json::object SignedLeadsGainJson(const SignedLeadsGain& g);

}  // namespace chainscope
