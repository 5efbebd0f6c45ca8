// server: the route table's building blocks, shared by its files (routes.cpp: the chain, matching,
// analytics and jobs; route_groups.cpp: the market's records, the matchmaking loop and accounts).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/routes.h"

namespace chainscope::route_parts {

/// limit and offset of a paginated list.
std::vector<FieldDoc> PageParams();
/// A query parameter naming a province.
FieldDoc ProvinceParam(std::string name, std::string description);
/// "buyers": oem | all, with its default.
FieldDoc Scope(std::string_view fallback);
template <class... Lists>
std::vector<FieldDoc> Join(std::vector<FieldDoc> first, const Lists&... rest) {
  (first.insert(first.end(), rest.begin(), rest.end()), ...);
  return first;
}

/// The routes of demands and offers, of responses and deals, and of accounts, sessions, tokens, the inbox,
/// webhooks and the audit trail.
void AddRecordRoutes(std::vector<Route>& routes);
void AddDealRoutes(std::vector<Route>& routes);
void AddAccountRoutes(std::vector<Route>& routes);
/// The lead registry, KPIs, settings and policies of joint investment promotion (promotion_routes.cpp).
void AddPromotionRoutes(std::vector<Route>& routes);
/// Site selection and the localization frontier (planning_routes.cpp).
void AddPlanningRoutes(std::vector<Route>& routes);
/// Imports of users' spreadsheets (import_routes.cpp).
void AddImportRoutes(std::vector<Route>& routes);
/// Registrations, their review, one-time links and invitations (registration_routes.cpp).
void AddRegistrationRoutes(std::vector<Route>& routes);
/// R&D, testing and talent services, requests, interests and bookings (service_routes.cpp).
void AddServiceRoutes(std::vector<Route>& routes);

}  // namespace chainscope::route_parts
