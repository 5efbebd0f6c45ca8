#include "service/promotion.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <set>

#include "core/audit.h"
#include "core/number_text.h"
#include "core/schema.h"
#include "core/uscc.h"
#include "dataset/promotion_demo.h"
#include "io/json_text.h"
#include "service/accounts.h"
#include "service/body.h"
#include "service/errors.h"
#include "service/inbox.h"
#include "service/log.h"

namespace chainscope {
namespace json = boost::json;

namespace {

using body::Characters;
using body::CheckDate;
using body::CheckLength;
using body::CheckRange;
using body::Number;
using body::Text;
using body::Whole;

// ---- the rules ----

bool Earlier(const Lead& a, const Lead& b) {
  if (a.reported_on != b.reported_on) return a.reported_on < b.reported_on;
  if (a.id.size() != b.id.size()) return a.id.size() < b.id.size();
  return a.id < b.id;
}

/// The actor's right to change a lead: coordinators any, a bureau its place's or a co-built one's.
/// Forbidden for another place's lead (the actor can list it, so NotFound would be a lie).
void CheckHolder(const Principal& actor, const Lead& lead) {
  if (!SeesLeadInFull(actor, lead))
    throw ServiceError(
        ErrorCode::kForbidden,
        fmt::format("lead {} is {}'s: only its bureau or a coordinator changes it", lead.id, lead.place));
}

void CheckOpen(const Lead& lead) {
  if (lead.closed())
    throw Conflict(fmt::format("lead {} is closed ({}){}", lead.id, ToString(lead.stage),
                               lead.joined_into.empty() ? "" : ", joined into " + lead.joined_into));
}

/// Applies a draft's fields to a lead, checking each against the chain.
void Apply(const Network& net, const LeadDraft& d, Lead& l) {
  if (d.investor) {
    l.investor = *d.investor;
    if (!l.investor.empty()) {
      const EnterpriseId e = net.FindEnterprise(l.investor);
      if (!e.valid())
        throw InvalidInput(fmt::format("field 'investor': unknown enterprise '{}'", l.investor));
      if (!d.investor_name_zh) l.investor_name_zh = net.enterprise(e).name_zh;
      if (!d.investor_name_en) l.investor_name_en = net.enterprise(e).name;
    }
  }
  if (d.investor_name_zh) l.investor_name_zh = *d.investor_name_zh;
  if (d.investor_name_en) l.investor_name_en = *d.investor_name_en;
  CheckLength(l.investor_name_zh, "investor_name_zh", kMaxNameCharacters, false);
  CheckLength(l.investor_name_en, "investor_name_en", kMaxNameCharacters, false);
  if (l.investor.empty() && l.investor_name_zh.empty() && l.investor_name_en.empty())
    throw InvalidInput(
        "field 'investor' is required (or investor_name_zh / investor_name_en for a new investor)");
  if (d.investor_uscc) {
    if (d.investor_uscc->empty()) {
      l.investor_uscc.clear();
    } else {
      if (const std::optional<UsccProblem> problem = CheckUscc(*d.investor_uscc))
        throw InvalidInput(fmt::format("field 'investor_uscc': '{}' is not a unified social credit code: {}",
                                       *d.investor_uscc, Describe(*problem)));
      const std::optional<std::string> code = NormalizeUscc(*d.investor_uscc);
      l.investor_uscc = *code;
    }
  }
  if (d.components) {
    if (d.components->empty() || d.components->size() > kMaxLeadComponents)
      throw InvalidInput(
          fmt::format("field 'components' must list 1 to {} component codes", kMaxLeadComponents));
    std::set<std::string> seen;
    for (const std::string& c : *d.components) {
      if (!net.FindComponent(c).valid())
        throw InvalidInput(
            fmt::format("field 'components': unknown component '{}' (see /api/v1/taxonomy)", c));
      if (!seen.insert(c).second)
        throw InvalidInput(fmt::format("field 'components': '{}' is listed twice", c));
    }
    l.components = *d.components;
  }
  if (l.components.empty()) throw InvalidInput("field 'components' is required");
  if (d.project) l.project = *d.project;
  CheckLength(l.project, "project", kMaxNameCharacters, true);
  if (d.investment_yuan) {
    CheckRange(*d.investment_yuan, "investment_yuan", kMaxInvestmentYuan);
    l.investment_yuan = std::round(*d.investment_yuan * 100) / 100;
  }
  if (d.annual_capacity) {
    CheckRange(static_cast<double>(*d.annual_capacity), "annual_capacity", kMaxLeadCapacityUnits);
    l.annual_capacity = *d.annual_capacity;
  }
  if (d.jobs) {
    CheckRange(static_cast<double>(*d.jobs), "jobs", kMaxLeadJobs);
    l.jobs = *d.jobs;
  }
  if (d.expected_decision) {
    if (!d.expected_decision->empty()) CheckDate(*d.expected_decision, "expected_decision");
    l.expected_decision = *d.expected_decision;
  }
  if (d.contact) l.contact = *d.contact;
  CheckLength(l.contact, "contact", kMaxNameCharacters, false);
  if (d.notes) l.notes = *d.notes;
  CheckLength(l.notes, "notes", kMaxNoteCharacters, false);
}

bool Protected(const Lead& a, const Lead& b, const PromotionSettings& s) {
  return std::max(a.investment_yuan, b.investment_yuan) >= s.protection_threshold_yuan;
}

/// Whether `lead` is held back: an open clash with an earlier lead of a protected project.
bool ContestedNow(LeadWriter& w, const Lead& lead, const PromotionSettings& s) {
  if (lead.closed()) return false;
  for (const std::string& id : lead.clashes) {
    const std::optional<Lead> other = w.Find(id);
    if (other && !other->closed() && Earlier(*other, lead) && Protected(*other, lead, s)) return true;
  }
  return false;
}

/// Finds the lead's clashes among its rivals, stores it (its clash rows both ways), and settles whether it
/// and every lead whose clashes changed are contested. Returns the leads newly clashing with it.
std::vector<Lead> SettleAndPut(LeadWriter& w, const ClashDetector& detector, Lead& lead,
                               std::string_view action) {
  const PromotionSettings settings = w.Settings();
  const std::vector<std::string> before = lead.clashes;
  std::vector<Lead> fresh;
  if (lead.closed()) {
    lead.clashes.clear();
  } else {
    const std::vector<Lead> rivals = w.Rivals(lead.place, lead.components);
    lead.clashes = detector.Clashes(lead, rivals);
    for (const Lead& r : rivals)
      if (std::find(lead.clashes.begin(), lead.clashes.end(), r.id) != lead.clashes.end() &&
          std::find(before.begin(), before.end(), r.id) == before.end())
        fresh.push_back(r);
  }
  lead.contested = ContestedNow(w, lead, settings);
  w.Put(lead, action);
  std::set<std::string> touched(before.begin(), before.end());
  touched.insert(lead.clashes.begin(), lead.clashes.end());
  for (const std::string& id : touched) {
    std::optional<Lead> other = w.Find(id);
    if (!other) continue;
    const bool now = ContestedNow(w, *other, settings);
    if (now != other->contested) {
      other->contested = now;
      w.Put(*other, now ? "lead.contest" : "lead.uncontest");
    }
  }
  for (const Lead& r : fresh) {
    const std::optional<Message> why = detector.SameInvestor(lead, r);
    const Lead* pair[2][2] = {{&lead, &r}, {&r, &lead}};
    for (const auto& [on, with] : pair) {
      LeadEvent e;
      e.lead = on->id;
      e.kind = "clash";
      json::object detail;
      detail["with"] = with->id;
      detail["place"] = with->place;
      detail["reason"] = MessageJson(*why);
      e.detail = JsonText(detail);
      w.AddEvent(e);
    }
  }
  return fresh;
}

/// A clash detector with the chain snapshot it reads, made once per snapshot (its place words and known
/// names are read once); the caller holds both for its request.
struct HeldDetector {
  std::shared_ptr<const Network> chain;
  std::shared_ptr<const ClashDetector> detector;
};
HeldDetector DetectorOf(const std::shared_ptr<const Network>& net) {
  static std::mutex mutex;
  static HeldDetector current;
  std::lock_guard lock(mutex);
  if (current.chain != net || !current.detector) current = {net, std::make_shared<const ClashDetector>(*net)};
  return current;
}

}  // namespace

std::string UtcToday() {
  return UtcTimestamp().substr(0, 10);  // YYYY-MM-DDTHH:MM:SSZ
}

Store& PromotionStoreOf(Platform& platform) {
  if (Store* s = platform.store()) return *s;
  throw ServiceError(ErrorCode::kReadOnly, "this server has no store, and so no lead registry");
}

LeadDraft LeadDraftOf(const json::object& body) {
  LeadDraft d;
  for (const auto& kv : body) {
    const std::string_view k = kv.key();
    const json::value& v = kv.value();
    if (k == "place")
      d.place = Text(v, k);
    else if (k == "investor")
      d.investor = v.is_null() ? std::string() : Text(v, k);
    else if (k == "investor_name_zh")
      d.investor_name_zh = Text(v, k);
    else if (k == "investor_name_en")
      d.investor_name_en = Text(v, k);
    else if (k == "investor_uscc")
      d.investor_uscc = Text(v, k);
    else if (k == "project")
      d.project = Text(v, k);
    else if (k == "expected_decision")
      d.expected_decision = v.is_null() ? std::string() : Text(v, k);
    else if (k == "contact")
      d.contact = Text(v, k);
    else if (k == "notes")
      d.notes = Text(v, k);
    else if (k == "investment_yuan")
      d.investment_yuan = Number(v, k);
    else if (k == "annual_capacity")
      d.annual_capacity = Whole(v, k);
    else if (k == "jobs")
      d.jobs = Whole(v, k);
    else if (k == "components") {
      if (!v.is_array()) throw InvalidInput("field 'components' must be a list of component codes");
      std::vector<std::string> list;
      for (const json::value& c : v.get_array()) list.push_back(Text(c, "components"));
      d.components = std::move(list);
    } else {
      throw InvalidInput(fmt::format("field '{}': unknown field", k));
    }
  }
  return d;
}

std::string LeadETag(const Lead& lead) {
  return fmt::format("\"lead-{}-v{}\"", lead.id, lead.version);
}

Lead NewLeadOf(const Network& net, const Principal& actor, const LeadDraft& draft, const std::string& today) {
  Lead lead;
  if (actor.is_bureau()) {
    if (draft.place && *draft.place != actor.place)
      throw ServiceError(
          ErrorCode::kForbidden,
          fmt::format("field 'place': a bureau registers leads of its own place ({})", actor.place));
    lead.place = actor.place;
  } else {
    if (!draft.place || draft.place->empty())
      throw InvalidInput("field 'place' is required (the lead's place)");
    lead.place = *draft.place;
  }
  const PlaceId p = net.FindPlace(lead.place);
  if (!p.valid() ||
      (net.place(p).province != Province::kChongqing && net.place(p).province != Province::kSichuan))
    throw InvalidInput(fmt::format(
        "field 'place': unknown place '{}' (a district of Chongqing or a city of Sichuan)", lead.place));
  Apply(net, draft, lead);
  if (!draft.investment_yuan) throw InvalidInput("field 'investment_yuan' is required");
  lead.stage = LeadStage::kLead;
  lead.stage_date = lead.reported_on = today;
  return lead;
}

std::vector<Lead> CreateLeads(Platform& platform, const Principal& actor,
                              const std::vector<LeadDraft>& drafts, const std::string& today) {
  Store& store = PromotionStoreOf(platform);
  const auto state = platform.state();
  std::vector<Lead> leads;
  for (const LeadDraft& draft : drafts) leads.push_back(NewLeadOf(*state->chain, actor, draft, today));
  const HeldDetector held = DetectorOf(state->chain);
  std::vector<std::vector<Lead>> fresh(leads.size());
  store.WriteLeads(
      [&](LeadWriter& w) {
        for (std::size_t i = 0; i < leads.size(); ++i) {
          Lead& lead = leads[i];
          lead.id = w.NextLeadId();
          fresh[i] = SettleAndPut(w, *held.detector, lead, "lead.create");
          LeadEvent e;
          e.lead = lead.id;
          e.kind = "stage";
          e.stage = std::string(ToString(lead.stage));
          e.date = today;
          w.AddEvent(e);
        }
      },
      AuditOf(actor, "lead.create"));
  for (std::size_t i = 0; i < leads.size(); ++i) NotifyLeadClash(platform, leads[i], fresh[i]);
  return leads;
}

Lead CreateLead(Platform& platform, const Principal& actor, const LeadDraft& draft,
                const std::string& today) {
  return CreateLeads(platform, actor, {draft}, today).front();
}

Lead UpdateLead(Platform& platform, const Principal& actor, std::string_view id, const LeadDraft& draft,
                std::string_view if_match) {
  Store& store = PromotionStoreOf(platform);
  const auto state = platform.state();
  const HeldDetector held = DetectorOf(state->chain);
  if (draft.place) throw InvalidInput("field 'place': a lead's place does not change");
  Lead lead;
  std::vector<Lead> fresh;
  store.WriteLeads(
      [&](LeadWriter& w) {
        std::optional<Lead> stored = w.Find(id);
        if (!stored) throw NotFound(fmt::format("no lead '{}'", id));
        CheckHolder(actor, *stored);
        if (!if_match.empty() && if_match != LeadETag(*stored))
          throw PreconditionFailed(
              fmt::format("lead {} changed since you read it (now {})", id, LeadETag(*stored)));
        CheckOpen(*stored);
        lead = *stored;
        Apply(*state->chain, draft, lead);
        fresh = SettleAndPut(w, *held.detector, lead, "lead.update");
      },
      AuditOf(actor, "lead.update"));
  NotifyLeadClash(platform, lead, fresh);
  return lead;
}

Lead ChangeStage(Platform& platform, const Principal& actor, std::string_view id, std::string_view stage_code,
                 std::string date, std::optional<double> contract_value_yuan, const std::string& today) {
  Store& store = PromotionStoreOf(platform);
  const HeldDetector held = DetectorOf(platform.state()->chain);
  const std::optional<LeadStage> stage = ParseLeadStage(stage_code);
  if (!stage)
    throw InvalidInput(
        fmt::format("field 'stage' must be lead, negotiating, signed, registered, construction, production, "
                    "on_hold or lost, got '{}'",
                    stage_code));
  if (date.empty()) date = today;
  CheckDate(date, "date");
  if (date > today) throw InvalidInput(fmt::format("field 'date': {} is in the future", date));
  if (contract_value_yuan) CheckRange(*contract_value_yuan, "contract_value_yuan", kMaxInvestmentYuan);
  Lead lead;
  store.WriteLeads(
      [&](LeadWriter& w) {
        std::optional<Lead> stored = w.Find(id);
        if (!stored) throw NotFound(fmt::format("no lead '{}'", id));
        CheckHolder(actor, *stored);
        CheckOpen(*stored);
        lead = *stored;
        const LeadStage from = lead.stage, to = *stage;
        if (from == to) throw Conflict(fmt::format("lead {} is at {} already", id, ToString(to)));
        const bool forward = static_cast<int>(to) > static_cast<int>(from) && to <= LeadStage::kProduction &&
                             from <= LeadStage::kProduction;
        const bool aside = to == LeadStage::kOnHold || to == LeadStage::kLost;
        const bool resume = from == LeadStage::kOnHold && to <= LeadStage::kProduction;
        if (!forward && !aside && !resume)
          throw Conflict(
              fmt::format("lead {} cannot go back from {} to {}", id, ToString(from), ToString(to)));
        if (lead.contested && IsSignedOrBeyond(to))
          throw Conflict(
              fmt::format("lead {} is contested: another place reported this protected project first; it "
                          "stays at negotiating "
                          "until a coordinator decides (POST /api/v1/leads/{}/arbitration)",
                          id, id));
        LeadEvent e;
        e.lead = lead.id;
        e.kind = "stage";
        e.stage = std::string(ToString(to));
        e.date = date;
        if (IsSignedOrBeyond(to) && lead.signed_on.empty()) {
          if (!contract_value_yuan || *contract_value_yuan <= 0)
            throw InvalidInput("field 'contract_value_yuan' is required when a lead is signed (more than 0)");
          lead.contract_value_yuan = std::round(*contract_value_yuan * 100) / 100;
          lead.signed_on = date;
          e.amount_yuan = lead.contract_value_yuan;
        } else if (contract_value_yuan) {
          throw InvalidInput("field 'contract_value_yuan': only when the lead is signed");
        }
        lead.stage = to;
        lead.stage_date = date;
        if (to == LeadStage::kLost) {
          SettleAndPut(w, *held.detector, lead, "lead.stage");  // a lost lead clashes with nobody now
        } else {
          w.Put(lead, "lead.stage");
        }
        w.AddEvent(e);
      },
      AuditOf(actor, "lead.stage"));
  return lead;
}

Lead AddFunds(Platform& platform, const Principal& actor, std::string_view id, double amount_yuan,
              std::string date, const std::string& today) {
  Store& store = PromotionStoreOf(platform);
  if (!(amount_yuan > 0 && amount_yuan <= kMaxInvestmentYuan))
    throw InvalidInput(
        fmt::format("field 'amount_yuan' must be a number from 0.01 to {}", PlainNumber(kMaxInvestmentYuan)));
  if (date.empty()) date = today;
  CheckDate(date, "date");
  if (date > today) throw InvalidInput(fmt::format("field 'date': {} is in the future", date));
  Lead lead;
  store.WriteLeads(
      [&](LeadWriter& w) {
        std::optional<Lead> stored = w.Find(id);
        if (!stored) throw NotFound(fmt::format("no lead '{}'", id));
        CheckHolder(actor, *stored);
        CheckOpen(*stored);
        if (stored->signed_on.empty())
          throw Conflict(fmt::format("lead {} is not signed: funds are secured under a contract", id));
        lead = *stored;
        const double amount = std::round(amount_yuan * 100) / 100;
        lead.funds_secured_yuan = std::round((lead.funds_secured_yuan + amount) * 100) / 100;
        w.Put(lead, "lead.funds");
        LeadEvent e;
        e.lead = lead.id;
        e.kind = "funds";
        e.date = date;
        e.amount_yuan = amount;
        w.AddEvent(e);
      },
      AuditOf(actor, "lead.funds"));
  return lead;
}

ArbitrationDecision ArbitrationDecisionOf(const json::object& body) {
  ArbitrationDecision d;
  for (const auto& kv : body) {
    const std::string_view k = kv.key();
    if (k == "place") {
      d.place = Text(kv.value(), k);
    } else if (k == "note") {
      d.note = Text(kv.value(), k);
    } else if (k == "shares") {
      if (!kv.value().is_object())
        throw InvalidInput("field 'shares' must map places to shares, e.g. {\"500116\": 0.5}");
      for (const auto& s : kv.value().get_object())
        d.shares.push_back({std::string(s.key()), Number(s.value(), "shares")});
    } else {
      throw InvalidInput(fmt::format("field '{}': unknown field", k));
    }
  }
  if (d.place.empty() == d.shares.empty())
    throw InvalidInput(
        "field 'place' or 'shares': give one — the place that keeps the project, or the shares of a co-built "
        "one");
  CheckLength(d.note, "note", kMaxNoteCharacters, false);
  return d;
}

Lead Arbitrate(Platform& platform, const Principal& actor, std::string_view id,
               const ArbitrationDecision& decision) {
  Store& store = PromotionStoreOf(platform);
  if (!actor.coordinates()) throw ServiceError(ErrorCode::kForbidden, "only a coordinator decides a clash");
  Lead keeper;
  std::vector<Lead> closed;
  std::string decision_json;
  store.WriteLeads(
      [&](LeadWriter& w) {
        const std::optional<Lead> lead = w.Find(id);
        if (!lead) throw NotFound(fmt::format("no lead '{}'", id));
        CheckOpen(*lead);
        std::vector<Lead> group{*lead};
        for (const std::string& other : lead->clashes)
          if (std::optional<Lead> o = w.Find(other); o && !o->closed()) group.push_back(*o);
        if (group.size() < 2) throw Conflict(fmt::format("lead {} has no open clash to decide", id));
        std::sort(group.begin(), group.end(), Earlier);
        std::set<std::string> places;
        for (const Lead& l : group) places.insert(l.place);
        std::set<std::string> sharing;
        std::string keep_place = decision.place;
        if (!decision.place.empty()) {
          if (!places.contains(decision.place))
            throw InvalidInput(fmt::format("field 'place': '{}' has no lead in this clash", decision.place));
          sharing.insert(decision.place);
        } else {
          double sum = 0;
          for (const LeadShare& s : decision.shares) {
            if (!places.contains(s.place))
              throw InvalidInput(fmt::format("field 'shares': '{}' has no lead in this clash", s.place));
            if (!(s.share > 0 && s.share <= 1))
              throw InvalidInput(
                  fmt::format("field 'shares': the share of {} must be more than 0 and at most 1", s.place));
            sharing.insert(s.place);
            sum += s.share;
          }
          if (sharing.size() < 2)
            throw InvalidInput("field 'shares': a co-built project has at least two places");
          if (std::abs(sum - 1) > 1e-6)
            throw InvalidInput(fmt::format("field 'shares': the shares sum to {}, not 1", PlainNumber(sum)));
        }
        // The keeper: the first-reported lead among the places that keep the project.
        const auto k = std::find_if(group.begin(), group.end(),
                                    [&](const Lead& l) { return sharing.contains(l.place); });
        keeper = *k;
        json::object d{{"by", actor.Label()}, {"keeper", keeper.id}, {"note", decision.note}};
        if (!decision.place.empty()) {
          d["place"] = decision.place;
        } else {
          json::object shares;
          for (const LeadShare& s : decision.shares) shares[s.place] = s.share;
          d["shares"] = std::move(shares);
          keeper.shares = decision.shares;
        }
        decision_json = JsonText(d);
        for (Lead& l : group) {
          if (l.id == keeper.id) continue;
          const bool joined = sharing.contains(l.place);
          const Message why =
              joined
                  ? Message{"promotion.arbitration_joined",
                            {{"keeper", keeper.id}, {"place", keeper.place}},
                            fmt::format("joined into the co-built project {} by the coordinators' decision",
                                        keeper.id)}
                  : Message{"promotion.arbitration_lost",
                            {{"keeper", keeper.id}, {"place", keeper.place}},
                            fmt::format("the coordinators decided that {} keeps the project ({})",
                                        keeper.place, keeper.id)};
          if (joined)
            l.joined_into = keeper.id;
          else {
            l.stage = LeadStage::kLost;
            l.stage_date = UtcToday();
          }
          l.closed_reason = JsonText(MessageJson(why));
          l.clashes.clear();
          l.contested = false;
          w.Put(l, "lead.arbitration");
          LeadEvent e;
          e.lead = l.id;
          e.kind = "arbitration";
          e.stage = joined ? "" : "lost";
          e.date = UtcToday();
          e.detail = decision_json;
          w.AddEvent(e);
          closed.push_back(l);
        }
        keeper.clashes = w.Find(keeper.id)->clashes;               // its clash rows lost the closed leads
        keeper.contested = ContestedNow(w, keeper, w.Settings());  // by a lead outside this decision only
        w.Put(keeper, "lead.arbitration");
        LeadEvent e;
        e.lead = keeper.id;
        e.kind = "arbitration";
        e.date = UtcToday();
        e.detail = decision_json;
        w.AddEvent(e);
      },
      AuditOf(actor, "lead.arbitration"));
  NotifyArbitration(platform, keeper, closed, decision_json);
  return keeper;
}

std::vector<Lead> ListLeads(Platform& platform, const LeadQuery& query) {
  return PromotionStoreOf(platform).Leads(query);
}

LeadDetail GetLead(Platform& platform, const Principal& actor, std::string_view id,
                   const std::string& today) {
  Store& store = PromotionStoreOf(platform);
  LeadQuery q;
  q.id = std::string(id);
  std::vector<Lead> found = store.Leads(q);
  if (found.empty()) throw NotFound(fmt::format("no lead '{}'", id));
  LeadDetail d;
  d.lead = std::move(found.front());
  if (SeesLeadInFull(actor, d.lead)) d.timeline = store.LeadEvents(d.lead.id);
  d.policies = PoliciesOf(platform, d.lead.place, today);
  return d;
}

LeadRecommendation RecommendForLead(Platform& platform, const Principal& actor, std::string_view id) {
  const LeadDetail d = GetLead(platform, actor, id);
  CheckHolder(actor, d.lead);
  LeadRecommendation r;
  r.lead = d.lead;
  r.places = RecommendPilotPlaces(*platform.state()->chain, d.lead, r.query);
  return r;
}

namespace {

/// The whole registry as the KPIs read it, for one registry version.
struct Registry {
  std::string version;
  std::vector<Lead> leads;
  std::vector<LeadEvent> events;
  PromotionSettings settings;
};

/// The registry of `store`, read again only when its version moved (one small query otherwise): the
/// KPIs of a large registry cost the computation, not the reading. Shared by every request of the process.
std::shared_ptr<const Registry> RegistryOf(Store& store) {
  static std::mutex mutex;
  static std::shared_ptr<const Registry> cached;
  const std::string version = store.PromotionVersion();
  {
    std::lock_guard lock(mutex);
    if (cached && cached->version == version) return cached;
  }
  auto fresh = std::make_shared<Registry>();
  fresh->leads = store.Leads({});
  fresh->events = store.LeadEvents("");
  fresh->settings = store.LoadPromotionSettings();
  // The version was read before the data: a write in between leaves the data newer than its tag (and
  // perhaps the leads and events of two moments), so the next request reads again — a tag is never newer
  // than what it tags.
  fresh->version = version;
  std::lock_guard lock(mutex);
  cached = std::move(fresh);
  return cached;
}

}  // namespace

KpiReport PromotionKpis(Platform& platform, const KpiQuery& query) {
  Store& store = PromotionStoreOf(platform);
  if (!query.from.empty()) CheckDate(query.from, "from");
  if (!query.to.empty()) CheckDate(query.to, "to");
  const std::shared_ptr<const Registry> registry = RegistryOf(store);
  return ComputeKpis(*platform.state()->chain, registry->leads, registry->events, registry->settings, query);
}

SignedLeadsGain SignedLeadsLocalizationGain(Platform& platform, const KpiQuery& window) {
  Store& store = PromotionStoreOf(platform);
  if (!window.from.empty()) CheckDate(window.from, "from");
  if (!window.to.empty()) CheckDate(window.to, "to");
  const std::shared_ptr<const Registry> registry = RegistryOf(store);
  std::vector<Lead> chosen;
  for (const Lead& l : registry->leads)
    if (!l.signed_on.empty() && l.joined_into.empty() && l.stage != LeadStage::kLost &&
        (window.from.empty() || l.signed_on >= window.from) &&
        (window.to.empty() || l.signed_on <= window.to))
      chosen.push_back(l);
  SignedLeadsGain out;
  out.signed_leads = chosen.size();
  std::stable_sort(chosen.begin(), chosen.end(), [](const Lead& a, const Lead& b) {
    return a.contract_value_yuan > b.contract_value_yuan;
  });
  if (chosen.size() > kMaxPortfolioLeads) chosen.resize(kMaxPortfolioLeads);
  out.gain = RunPortfolioWhatIf(*platform.state()->chain, chosen);
  return out;
}

PromotionSettings SettingsOf(Platform& platform) {
  return PromotionStoreOf(platform).LoadPromotionSettings();
}

PromotionSettings ChangeSettings(Platform& platform, const Principal& actor, const json::object& body) {
  Store& store = PromotionStoreOf(platform);
  if (!actor.coordinates())
    throw ServiceError(ErrorCode::kForbidden, "only a coordinator changes the pilot's settings");
  PromotionSettings s = store.LoadPromotionSettings();
  for (const auto& kv : body) {
    const std::string_view k = kv.key();
    if (k == "protection_threshold_yuan") {
      const double x = Number(kv.value(), k);
      CheckRange(x, k, kMaxInvestmentYuan);
      s.protection_threshold_yuan = x;
    } else if (k == "stage_probability") {
      if (!kv.value().is_object())
        throw InvalidInput("field 'stage_probability' must map stages to probabilities");
      for (const auto& p : kv.value().get_object()) {
        const std::optional<LeadStage> stage = ParseLeadStage(p.key());
        if (!stage)
          throw InvalidInput(
              fmt::format("field 'stage_probability': unknown stage '{}'", std::string_view(p.key())));
        const double x = Number(p.value(), "stage_probability");
        if (!(x >= 0 && x <= 1))
          throw InvalidInput(fmt::format("field 'stage_probability': {} must be a number from 0 to 1",
                                         std::string_view(p.key())));
        s.stage_probability[static_cast<std::size_t>(*stage)] = x;
      }
    } else {
      throw InvalidInput(fmt::format("field '{}': unknown field", k));
    }
  }
  store.SetPromotionSettings(s, AuditOf(actor, "promotion.settings"));
  return s;
}

std::vector<IncentivePolicy> PoliciesOf(Platform& platform, std::string_view place,
                                        std::string_view valid_on) {
  if (!valid_on.empty()) CheckDate(std::string(valid_on), "valid_on");
  std::vector<IncentivePolicy> all = PromotionStoreOf(platform).Policies(place);
  if (valid_on.empty()) return all;
  std::erase_if(all, [&](const IncentivePolicy& p) {
    return p.valid_from > valid_on || (!p.valid_until.empty() && p.valid_until < valid_on);
  });
  return all;
}

IncentivePolicy PutPolicy(Platform& platform, const Principal& actor, std::string_view id,
                          const json::object& body) {
  Store& store = PromotionStoreOf(platform);
  const Network& net = *platform.state()->chain;
  IncentivePolicy p;
  if (!id.empty()) {
    const std::vector<IncentivePolicy> all = store.Policies("");
    const auto it =
        std::find_if(all.begin(), all.end(), [&](const IncentivePolicy& x) { return x.id == id; });
    if (it == all.end()) throw NotFound(fmt::format("no policy '{}'", id));
    p = *it;
  }
  const std::string stored_place = p.place;
  for (const auto& kv : body) {
    const std::string_view k = kv.key();
    std::optional<double>* term = k == "land_discount"                 ? &p.land_discount
                                  : k == "subsidy_rate"                ? &p.subsidy_rate
                                  : k == "subsidy_cap_yuan"            ? &p.subsidy_cap_yuan
                                  : k == "subsidy_min_investment_yuan" ? &p.subsidy_min_investment_yuan
                                                                       : nullptr;
    if (term) {
      if (kv.value().is_null()) {
        term->reset();
      } else {
        if (!kv.value().is_number()) throw InvalidInput(fmt::format("field '{}' must be a number", k));
        *term = kv.value().to_number<double>();
        const double max = k.ends_with("_yuan") ? kMaxPolicyAmountYuan : 1.0;
        if (!(**term >= 0 && **term <= max))
          throw InvalidInput(fmt::format("field '{}' must be a number from 0 to {}", k, PlainNumber(max)));
      }
      continue;
    }
    std::string* field = k == "place"         ? &p.place
                         : k == "kind"        ? &p.kind
                         : k == "title_zh"    ? &p.title_zh
                         : k == "title_en"    ? &p.title_en
                         : k == "text_zh"     ? &p.text_zh
                         : k == "text_en"     ? &p.text_en
                         : k == "valid_from"  ? &p.valid_from
                         : k == "valid_until" ? &p.valid_until
                                              : nullptr;
    if (!field) throw InvalidInput(fmt::format("field '{}': unknown field", k));
    *field = kv.value().is_null() ? std::string() : Text(kv.value(), k);
  }
  const PlaceId pl = net.FindPlace(p.place);
  if (!pl.valid()) throw InvalidInput(fmt::format("field 'place': unknown place '{}'", p.place));
  for (const std::string* place : std::initializer_list<const std::string*>{&p.place, &stored_place})
    if (!place->empty() && !actor.coordinates() && !(actor.is_bureau() && actor.place == *place))
      throw ServiceError(ErrorCode::kForbidden,
                         fmt::format("a bureau writes its own place's policies, not {}'s", *place));
  if (std::find(kPolicyKinds.begin(), kPolicyKinds.end(), p.kind) == kPolicyKinds.end())
    throw InvalidInput(
        fmt::format("field 'kind' must be land, tax, subsidy, talent, finance or other, got '{}'", p.kind));
  CheckLength(p.title_zh, "title_zh", kMaxNameCharacters, true);
  CheckLength(p.title_en, "title_en", kMaxNameCharacters, true);
  CheckLength(p.text_zh, "text_zh", kMaxNoteCharacters, true);
  CheckLength(p.text_en, "text_en", kMaxNoteCharacters, true);
  CheckDate(p.valid_from, "valid_from");
  if (!p.valid_until.empty()) {
    CheckDate(p.valid_until, "valid_until");
    if (p.valid_until < p.valid_from) throw InvalidInput("field 'valid_until' is before valid_from");
  }
  store.PutPolicy(p, AuditOf(actor, id.empty() ? "policy.create" : "policy.update"));
  return p;
}

void ResettleInvestor(Platform& platform, const std::string& enterprise, const AuditContext& by) {
  Store* store = platform.store();
  if (!store) return;
  try {
    LeadQuery q;
    q.investor = enterprise;
    const std::vector<Lead> courting = store->Leads(q);
    if (courting.empty()) return;
    const HeldDetector held = DetectorOf(platform.state()->chain);
    std::vector<std::pair<Lead, std::vector<Lead>>> fresh;
    store->WriteLeads(
        [&](LeadWriter& w) {
          for (const Lead& stale : courting) {
            std::optional<Lead> lead =
                w.Find(stale.id);  // as now stored (an earlier one may have changed it)
            if (!lead || lead->closed()) continue;
            std::vector<Lead> found = SettleAndPut(w, *held.detector, *lead, "lead.resettle");
            if (!found.empty()) fresh.emplace_back(*lead, std::move(found));
          }
        },
        by);
    for (const auto& [lead, others] : fresh) NotifyLeadClash(platform, lead, others);
  } catch (const std::exception& e) {
    LogEvent(LogLevel::kWarn, fmt::format("after a merge into {}: cannot find its leads' clashes again: {}",
                                          enterprise, e.what()));
  }
}

bool RegistryHasLeads(PromotionStore& store) {
  LeadQuery one;
  one.limit = 1;
  return !store.Leads(one).empty();
}

std::size_t SeedPromotionDemo(Store& store, const Network& net) {
  if (RegistryHasLeads(store) || !store.Policies("").empty())
    throw InvalidInput("the lead registry is not empty: the demonstration is added to an empty one only");
  const PromotionDemo demo = MakePromotionDemo(net);
  for (IncentivePolicy p : demo.policies) store.PutPolicy(p, AuditOf(LocalOperator(), "policy.create"));
  const ClashDetector detector(net);
  store.WriteLeads(
      [&](LeadWriter& w) {
        for (const DemoLead& d : demo.leads) {
          Lead lead = d.lead;
          // The demonstration names its leads (a co-built one by its keeper's id): the registry is empty, so
          // the ids it allocates are those.
          if (w.NextLeadId() != lead.id)
            throw Error("the demonstration's lead ids are not the registry's next");
          SettleAndPut(w, detector, lead, "lead.create");
          for (LeadEvent e : d.events) {
            e.lead = lead.id;
            w.AddEvent(e);
          }
        }
      },
      AuditOf(LocalOperator(), "lead.create"));
  return demo.leads.size();
}

}  // namespace chainscope
