// server: the routes of joint investment promotion — the lead registry, a lead's stages, funds,
// arbitration and recommended places, the KPIs, the pilot's settings and the places' incentive policies.
// Each handler reads its checked request, calls service/promotion.h and renders view/promotion_json.h.
#include <fmt/format.h>

#include "server/handlers.h"
#include "server/route_parts.h"
#include "service/promotion.h"
#include "view/promotion_json.h"

namespace chainscope::route_parts {
namespace {
namespace json = boost::json;
using handlers::BodyObject;
using handlers::Json;
using handlers::Page;
using handlers::QueryText;
using handlers::TextField;

std::optional<double> OptionalNumber(const json::object& body, std::string_view name) {
  const json::value* v = body.if_contains(name);
  if (!v || v->is_null()) return std::nullopt;
  return v->to_number<double>();
}

HttpResponse LeadAnswer(const RequestContext& ctx, const Lead& lead, int status = 200) {
  HttpResponse r = Json(LeadJson(*ctx.state->chain, lead, ctx.principal), status);
  r.headers.emplace_back("ETag", LeadETag(lead));
  if (status == 201) r.headers.emplace_back("Location", fmt::format("/api/v1/leads/{}", lead.id));
  return r;
}

HttpResponse LeadList(const Api& api, RequestContext& ctx) {
  LeadQuery q;
  q.place = QueryText(ctx, "place");
  q.stage = QueryText(ctx, "stage");
  q.component = QueryText(ctx, "component");
  q.investor = QueryText(ctx, "investor");
  q.clashing_only = QueryText(ctx, "clash") == "true";
  const std::vector<Lead> leads = ListLeads(api.platform(), q);
  return Json(Page(ctx, leads, [&](const Lead& l) { return LeadJson(*ctx.state->chain, l, ctx.principal); }));
}

HttpResponse LeadCreate(const Api& api, RequestContext& ctx) {
  return LeadAnswer(ctx, CreateLead(api.platform(), ctx.principal, LeadDraftOf(BodyObject(ctx))), 201);
}

HttpResponse LeadGet(const Api& api, RequestContext& ctx) {
  const LeadDetail d = GetLead(api.platform(), ctx.principal, ctx.PathParam("id"));
  HttpResponse r = Json(LeadDetailJson(*ctx.state->chain, d, ctx.principal));
  r.headers.emplace_back("ETag", LeadETag(d.lead));
  return r;
}

HttpResponse LeadUpdate(const Api& api, RequestContext& ctx) {
  const std::string* if_match = ctx.request.Header("If-Match");
  return LeadAnswer(ctx, UpdateLead(api.platform(), ctx.principal, ctx.PathParam("id"),
                                    LeadDraftOf(BodyObject(ctx)), if_match ? *if_match : std::string_view()));
}

HttpResponse LeadStageChange(const Api& api, RequestContext& ctx) {
  const json::object& body = BodyObject(ctx);
  return LeadAnswer(ctx,
                    ChangeStage(api.platform(), ctx.principal, ctx.PathParam("id"), TextField(body, "stage"),
                                TextField(body, "date"), OptionalNumber(body, "contract_value_yuan")));
}

HttpResponse LeadFunds(const Api& api, RequestContext& ctx) {
  const json::object& body = BodyObject(ctx);
  return LeadAnswer(ctx, AddFunds(api.platform(), ctx.principal, ctx.PathParam("id"),
                                  OptionalNumber(body, "amount_yuan").value_or(0), TextField(body, "date")));
}

HttpResponse LeadArbitration(const Api& api, RequestContext& ctx) {
  return LeadAnswer(ctx, Arbitrate(api.platform(), ctx.principal, ctx.PathParam("id"),
                                   ArbitrationDecisionOf(BodyObject(ctx))));
}

HttpResponse LeadRecommendationView(const Api& api, RequestContext& ctx) {
  return Json(RecommendationJson(*ctx.state->chain,
                                 RecommendForLead(api.platform(), ctx.principal, ctx.PathParam("id"))));
}

HttpResponse Kpis(const Api& api, RequestContext& ctx) {
  KpiQuery q;
  if (const std::string* by = ctx.Query("by")) q.by = *ParseKpiGrouping(*by);  // the door checked it
  q.from = QueryText(ctx, "from");
  q.to = QueryText(ctx, "to");
  return Json(PromotionKpisJson(*ctx.state->chain, q, PromotionKpis(api.platform(), q)));
}

HttpResponse LocalizationGain(const Api& api, RequestContext& ctx) {
  KpiQuery q;
  q.from = QueryText(ctx, "from");
  q.to = QueryText(ctx, "to");
  return Json(SignedLeadsGainJson(SignedLeadsLocalizationGain(api.platform(), q)));
}

HttpResponse SettingsGet(const Api& api, RequestContext&) {
  return Json(PromotionSettingsJson(SettingsOf(api.platform())));
}

HttpResponse SettingsPut(const Api& api, RequestContext& ctx) {
  return Json(PromotionSettingsJson(ChangeSettings(api.platform(), ctx.principal, BodyObject(ctx))));
}

HttpResponse PolicyList(const Api& api, RequestContext& ctx) {
  json::array items;
  for (const IncentivePolicy& p :
       PoliciesOf(api.platform(), QueryText(ctx, "place"), QueryText(ctx, "valid_on")))
    items.push_back(PolicyJson(*ctx.state->chain, p));
  return Json(json::object{{"items", std::move(items)}});
}

HttpResponse PolicyCreate(const Api& api, RequestContext& ctx) {
  const IncentivePolicy p = PutPolicy(api.platform(), ctx.principal, "", BodyObject(ctx));
  HttpResponse r = Json(PolicyJson(*ctx.state->chain, p), 201);
  r.headers.emplace_back("Location", fmt::format("/api/v1/policies/{}", p.id));
  return r;
}

HttpResponse PolicyReplace(const Api& api, RequestContext& ctx) {
  return Json(PolicyJson(*ctx.state->chain,
                         PutPolicy(api.platform(), ctx.principal, ctx.PathParam("id"), BodyObject(ctx))));
}

const std::vector<std::string> kStageCodes{"lead",         "negotiating", "signed",  "registered",
                                           "construction", "production",  "on_hold", "lost"};

std::vector<FieldDoc> LeadFields(bool create) {
  return {
      {"place", "string", "The lead's place code (coordinators; a bureau's is its own)"},
      {"investor", "string",
       "The investor: an enterprise id of the chain (or investor_name_zh/_en for a new one)"},
      {"investor_name_zh", "string", "A new investor's Chinese name"},
      {"investor_name_en", "string", "A new investor's English name"},
      {"investor_uscc", "string", "The investor's unified social credit code (18 characters)"},
      {"components", "array", "Component codes the project makes, 1–12; the first is the main one", create},
      {"project", "string", "The project's name, up to 200 characters", create},
      Ranged({"investment_yuan", "number", "Planned investment, yuan", create}, 0, kMaxInvestmentYuan),
      Ranged({"annual_capacity", "integer", "Units of the main component a year (0: unknown)"}, 0,
             kMaxLeadCapacityUnits),
      Ranged({"jobs", "integer", "Jobs the project brings"}, 0, kMaxLeadJobs),
      {"expected_decision", "string", "When the investor is expected to decide, YYYY-MM-DD"},
      {"contact", "string", "Who the bureau talks to, up to 200 characters"},
      {"notes", "string", "The bureau's notes, up to 2,000 characters"},
  };
}

}  // namespace

void AddPromotionRoutes(std::vector<Route>& r) {
  auto add = [&](std::string method, std::string pattern, Access access, Handler h, OperationDoc doc) {
    r.push_back(
        {std::move(method), std::move(pattern), access, Cost::kLight, false, std::move(h), std::move(doc)});
  };
  const FieldDoc lead{"id", "string", "The lead's id", true};
  add("GET", "/api/v1/leads", Access::kPromotion, LeadList,
      {"The pilot's lead registry, oldest first: your bureau's leads in full, other places' investor, "
       "components, stage and place (coordinators: every lead in full)",
       Join(PageParams(),
            std::vector<FieldDoc>{{"place", "string", "Only leads of this place"},
                                  OneOf({"stage", "string", "Only leads at this stage"}, kStageCodes),
                                  {"component", "string", "Only leads naming this component"},
                                  {"investor", "string", "Only leads of this enterprise"},
                                  {"clash", "boolean", "true: only leads with a clash"}}),
       {},
       {},
       "",
       {200, 400, 401, 403}});
  add("POST", "/api/v1/leads", Access::kPromotion, LeadCreate,
      {"Register a lead of your place (201); clashes with other places' leads are found and notified",
       {},
       {},
       LeadFields(true),
       "",
       {201, 400, 401, 403}});
  add("GET", "/api/v1/leads/{id}", Access::kPromotion, LeadGet,
      {"One lead with its timeline (when it is yours) and its place's policies",
       {},
       {lead},
       {},
       "",
       {200, 401, 403, 404}});
  OperationDoc put{"Change a lead of yours (send If-Match with its ETag to refuse a stale change)",
                   {},
                   {lead},
                   LeadFields(false),
                   "",
                   {200, 400, 401, 403, 404, 409, 412}};
  put.headers = {"If-Match"};
  add("PUT", "/api/v1/leads/{id}", Access::kPromotion, LeadUpdate, std::move(put));
  add("POST", "/api/v1/leads/{id}/stage", Access::kPromotion, LeadStageChange,
      {"Move a lead of yours to a stage, dated; signing needs the contract value. A contested lead stays at "
       "negotiating until a coordinator decides",
       {},
       {lead},
       {OneOf({"stage", "string", "The stage reached", true}, kStageCodes),
        {"date", "string", "When, YYYY-MM-DD (default today; not in the future)"},
        Ranged({"contract_value_yuan", "number", "The contract value when signing, yuan"}, 0,
               kMaxInvestmentYuan)},
       "",
       {200, 400, 401, 403, 404, 409}});
  add("POST", "/api/v1/leads/{id}/funds", Access::kPromotion, LeadFunds,
      {"Record funds secured (资金到位) for a signed lead of yours; cumulative",
       {},
       {lead},
       {Ranged({"amount_yuan", "number", "Funds secured, yuan (more than 0)", true}, 0, kMaxInvestmentYuan),
        {"date", "string", "When, YYYY-MM-DD (default today; not in the future)"}},
       "",
       {200, 400, 401, 403, 404, 409}});
  add("POST", "/api/v1/leads/{id}/arbitration", Access::kCoordinator, LeadArbitration,
      {"Decide a clash (coordinators): the place that keeps the project, or the shares of a co-built one; "
       "the other clashing leads are closed as lost or joined into it",
       {},
       {lead},
       {{"place", "string", "The place that keeps the project"},
        {"shares", "object", "A co-built project's places and shares, summing to 1: {\"500152\": 0.5, …}"},
        {"note", "string", "Why, for the record"}},
       "",
       {200, 400, 401, 403, 404, 409}});
  add("GET", "/api/v1/leads/{id}/recommendation", Access::kPromotion, LeadRecommendationView,
      {"The 16 pilot places ranked for a lead of yours by the investment-target score, with the what-if gain "
       "in local sourcing and the reasons; its own place is marked",
       {},
       {lead},
       {},
       "",
       {200, 401, 403, 404}});
  add("GET", "/api/v1/promotion/kpis", Access::kPromotionKpis, Kpis,
      {"The pilot's KPIs by place, month, stage or assembly: leads, signed projects, contract value, funds "
       "secured, 履约率, 开工率, 资金到位率, the weighted pipeline (co-built projects by share)",
       {OneOf({"by", "string", "How to group (default place)"}, {"place", "month", "stage", "assembly"}),
        {"from", "string", "From this date, YYYY-MM-DD (inclusive)"},
        {"to", "string", "To this date, YYYY-MM-DD (inclusive)"}},
       {},
       {},
       "",
       {200, 400, 401, 403}});
  r.push_back(
      {"GET",
       "/api/v1/promotion/localization-gain",
       Access::kPromotionKpis,
       Cost::kHeavy,
       false,
       LocalizationGain,
       {"The localization gain if every project signed in the window is built at once (one what-if over all "
        "of them; at most 500, the largest contracts first)",
        {{"from", "string", "Signed from this date, YYYY-MM-DD (inclusive)"},
         {"to", "string", "Signed up to this date, YYYY-MM-DD (inclusive)"}},
        {},
        {},
        "",
        {200, 400, 401, 403}}});
  add("GET", "/api/v1/promotion/settings", Access::kPromotionKpis, SettingsGet,
      {"The pilot's settings: the protection threshold and each stage's probability",
       {},
       {},
       {},
       "",
       {200, 401, 403}});
  add("PUT", "/api/v1/promotion/settings", Access::kCoordinator, SettingsPut,
      {"Change the pilot's settings (coordinators)",
       {},
       {},
       {Ranged({"protection_threshold_yuan", "number", "Projects at or above it are protected (首报首谈)"}, 0,
               kMaxInvestmentYuan),
        {"stage_probability", "object", "Stage code → probability 0–1, for the weighted pipeline"}},
       "",
       {200, 400, 401, 403}});
  add("GET", "/api/v1/policies", Access::kPublic, PolicyList,
      {"The pilot places' incentive policies (land, tax, subsidies, talent), in Chinese and English",
       {{"place", "string", "Only this place's"}, {"valid_on", "string", "Only those valid on this date"}},
       {},
       {},
       "",
       {200, 400}});
  const std::vector<FieldDoc> policy{
      {"place", "string", "The place's code (a bureau: its own)", true},
      OneOf({"kind", "string", "What it grants", true},
            {"land", "tax", "subsidy", "talent", "finance", "other"}),
      {"title_zh", "string", "Title in Chinese", true},
      {"title_en", "string", "Title in English", true},
      {"text_zh", "string", "Text in Chinese, up to 2,000 characters", true},
      {"text_en", "string", "Text in English, up to 2,000 characters", true},
      {"valid_from", "string", "YYYY-MM-DD", true},
      {"valid_until", "string", "YYYY-MM-DD (none: open-ended)"},
      Ranged({"land_discount", "number", "Fraction of the land price waived (site selection's fixed cost)"},
             0, 1),
      Ranged({"subsidy_rate", "number", "Fraction of a project's investment refunded"}, 0, 1),
      Ranged({"subsidy_cap_yuan", "number", "The subsidy's most per project, yuan"}, 0, kMaxPolicyAmountYuan),
      Ranged({"subsidy_min_investment_yuan", "number", "The least investment the subsidy is paid for, yuan"},
             0, kMaxPolicyAmountYuan)};
  add("POST", "/api/v1/policies", Access::kPromotion, PolicyCreate,
      {"Add a policy of your place (201)", {}, {}, policy, "", {201, 400, 401, 403}});
  add("PUT", "/api/v1/policies/{id}", Access::kPromotion, PolicyReplace,
      {"Replace a policy of your place",
       {},
       {{"id", "string", "The policy's id", true}},
       policy,
       "",
       {200, 400, 401, 403, 404}});
}

}  // namespace chainscope::route_parts
