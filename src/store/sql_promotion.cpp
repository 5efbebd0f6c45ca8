// store: the SQL of joint investment promotion (PromotionStore) — leads with their components (one row
// each, for finding rivals) and clashes (both directions), their timeline, policies and settings.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/number_text.h"
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace chainscope {
using namespace store_sql;

namespace {

constexpr std::string_view kLeadColumns =
    "id, place, investor, investor_name_zh, investor_name_en, investor_uscc, components, project, "
    "investment_yuan, annual_capacity, jobs, expected_decision, contact, notes, stage, stage_date, "
    "reported_on, "
    "contract_value_yuan, signed_on, funds_secured_yuan, shares, contested, joined_into, closed_reason, "
    "created_by, created_at, updated_at, version";

/// "place:share;…" with shares in round-trip precision.
std::string SharesText(const std::vector<LeadShare>& shares) {
  std::string out;
  for (const LeadShare& s : shares) out += fmt::format("{}{}:{}", out.empty() ? "" : ";", s.place, s.share);
  return out;
}

std::vector<LeadShare> ParseShares(const std::string& text) {
  std::vector<LeadShare> out;
  for (const std::string& item : SplitTexts(text, ';')) {
    const std::size_t colon = item.rfind(':');
    if (colon == std::string::npos) throw Error("store: a lead's shares are malformed");
    out.push_back({item.substr(0, colon), std::stod(item.substr(colon + 1))});
  }
  return out;
}

Lead ReadLead(const SqlRow& r) {
  Lead l;
  l.id = r.Text(0);
  l.place = r.Text(1);
  l.investor = r.Text(2);
  l.investor_name_zh = r.Text(3);
  l.investor_name_en = r.Text(4);
  l.investor_uscc = r.Text(5);
  l.components = SplitTexts(r.Text(6), ';');
  l.project = r.Text(7);
  l.investment_yuan = r.Real(8);
  l.annual_capacity = r.Int(9);
  l.jobs = r.Int(10);
  l.expected_decision = r.Text(11);
  l.contact = r.Text(12);
  l.notes = r.Text(13);
  const auto stage = ParseLeadStage(r.Text(14));
  if (!stage) throw Error("store: a lead has an unknown stage");
  l.stage = *stage;
  l.stage_date = r.Text(15);
  l.reported_on = r.Text(16);
  l.contract_value_yuan = r.Real(17);
  l.signed_on = r.Text(18);
  l.funds_secured_yuan = r.Real(19);
  l.shares = ParseShares(r.Text(20));
  l.contested = r.Bool(21);
  l.joined_into = r.Text(22);
  l.closed_reason = r.Text(23);
  l.created_by = r.Text(24);
  l.created_at = r.Text(25);
  l.updated_at = r.Text(26);
  l.version = r.Int(27);
  return l;
}

/// A lead as the audit trail shows it.
std::string LeadAuditJson(const Lead& l) {
  std::string clashes;
  for (const std::string& c : l.clashes) clashes += (clashes.empty() ? "" : ",") + JsonQuote(c);
  return fmt::format(
      R"({{"id":{},"place":{},"investor":{},"investor_name_zh":{},"investor_name_en":{},"investor_uscc":{},)"
      R"("components":{},"project":{},"investment_yuan":{},"annual_capacity":{},"jobs":{},"stage":{},)"
      R"("stage_date":{},"contract_value_yuan":{},"funds_secured_yuan":{},"shares":{},"clashes":[{}],)"
      R"("contested":{},"joined_into":{},"closed_reason":{},"version":{}}})",
      JsonQuote(l.id), JsonQuote(l.place), JsonQuote(l.investor), JsonQuote(l.investor_name_zh),
      JsonQuote(l.investor_name_en), JsonQuote(l.investor_uscc), JsonQuote(JoinTexts(l.components, ';')),
      JsonQuote(l.project), l.investment_yuan, l.annual_capacity, l.jobs, JsonQuote(ToString(l.stage)),
      JsonQuote(l.stage_date), l.contract_value_yuan, l.funds_secured_yuan, JsonQuote(SharesText(l.shares)),
      clashes, l.contested, JsonQuote(l.joined_into), JsonQuote(l.closed_reason), l.version);
}

/// Leads matching `where` (with its values), each with its clashes, in insertion order.
std::vector<Lead> LeadsWhere(SqlSession& s, const std::string& where, const std::vector<SqlParam>& values,
                             std::size_t limit = 0) {
  std::vector<Lead> out;
  std::map<std::string, std::size_t> index;
  const std::string limited = limit > 0 ? fmt::format(" LIMIT {}", limit) : "";
  s.Run(fmt::format("SELECT {} FROM leads{} ORDER BY {}{}", kLeadColumns, where, s.InsertionOrder(), limited),
        values, [&](const SqlRow& r) {
          index.emplace(r.Text(0), out.size());
          out.push_back(ReadLead(r));
        });
  if (out.empty()) return out;
  // Clashes: of one lead by its id, of many by one pass over the (small) clash table.
  const auto add = [&](const SqlRow& r) {
    if (auto it = index.find(r.Text(0)); it != index.end()) out[it->second].clashes.push_back(r.Text(1));
  };
  if (out.size() == 1)
    s.Run("SELECT lead, other FROM lead_clashes WHERE lead = ?1 ORDER BY other", {out[0].id}, add);
  else
    s.Run("SELECT lead, other FROM lead_clashes ORDER BY lead, other", {}, add);
  return out;
}

class SqlLeadWriter final : public LeadWriter {
 public:
  SqlLeadWriter(SqlSession& s, const AuditContext& by) : s_(s), by_(by) {}

  std::optional<Lead> Find(std::string_view id) override {
    std::vector<Lead> found = LeadsWhere(s_, " WHERE id = ?1", {id});
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
  }

  std::vector<Lead> Rivals(std::string_view place, const std::vector<std::string>& components) override {
    if (components.empty()) return {};
    std::vector<SqlParam> values{place};
    std::string marks;
    for (const std::string& c : components) {
      values.emplace_back(std::string_view(c));
      marks += fmt::format("{}?{}", marks.empty() ? "" : ", ", values.size());
    }
    return LeadsWhere(s_,
                      fmt::format(" WHERE place <> ?1 AND stage <> 'lost' AND joined_into IS NULL AND id IN "
                                  "(SELECT lead FROM lead_components WHERE component IN ({}))",
                                  marks),
                      values);
  }

  std::string NextLeadId() override { return NextId(s_, "leads", "leads", kLeadIdPrefix); }

  void Put(Lead& lead, std::string_view action) override {
    const std::optional<Lead> before = Find(lead.id);
    const std::string now = NowUtc();
    lead.updated_at = now;
    if (before) {
      lead.created_at = before->created_at;
      lead.created_by = before->created_by;
      lead.version = before->version + 1;
    } else {
      lead.created_at = now;
      lead.created_by = by_.actor;
      lead.version = 1;
    }
    const std::string components = JoinTexts(lead.components, ';'), shares = SharesText(lead.shares);
    const std::string stage(ToString(lead.stage));
    const std::vector<SqlParam> row{lead.id,
                                    lead.place,
                                    OptionalText(lead.investor),
                                    lead.investor_name_zh,
                                    lead.investor_name_en,
                                    lead.investor_uscc,
                                    components,
                                    lead.project,
                                    lead.investment_yuan,
                                    lead.annual_capacity,
                                    lead.jobs,
                                    OptionalText(lead.expected_decision),
                                    lead.contact,
                                    lead.notes,
                                    stage,
                                    lead.stage_date,
                                    lead.reported_on,
                                    lead.contract_value_yuan,
                                    OptionalText(lead.signed_on),
                                    lead.funds_secured_yuan,
                                    shares,
                                    lead.contested,
                                    OptionalText(lead.joined_into),
                                    lead.closed_reason,
                                    lead.created_by,
                                    lead.created_at,
                                    lead.updated_at,
                                    lead.version};
    if (before) {
      s_.Run("DELETE FROM lead_components WHERE lead = ?1", {lead.id});
      s_.Run("DELETE FROM lead_clashes WHERE lead = ?1 OR other = ?1", {lead.id});
      s_.Run(fmt::format("UPDATE leads SET ({}) = ({}) WHERE id = ?1", kLeadColumns, Marks(row.size())), row);
    } else {
      s_.Run(fmt::format("INSERT INTO leads ({}) VALUES ({})", kLeadColumns, Marks(row.size())), row);
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < lead.components.size(); ++i)
      if (seen.insert(lead.components[i]).second)
        s_.Run("INSERT INTO lead_components (lead, component, ordinal) VALUES (?1, ?2, ?3)",
               {lead.id, lead.components[i], static_cast<std::int64_t>(i)});
    std::sort(lead.clashes.begin(), lead.clashes.end());
    lead.clashes.erase(std::unique(lead.clashes.begin(), lead.clashes.end()), lead.clashes.end());
    for (const std::string& other : lead.clashes) {
      if (other == lead.id) throw Error("store: a lead cannot clash with itself");
      s_.Run("INSERT INTO lead_clashes (lead, other) VALUES (?1, ?2), (?2, ?1)", {lead.id, other});
    }
    Audit(s_, by_, action, "lead:" + lead.id, before ? LeadAuditJson(*before) : "null", LeadAuditJson(lead));
  }

  void AddEvent(LeadEvent& e) override {
    e.at = NowUtc();
    if (e.actor.empty()) e.actor = by_.actor;
    s_.Run(
        "INSERT INTO lead_events (lead, kind, stage, date, amount_yuan, detail, actor, at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        {e.lead, e.kind, e.stage, OptionalText(e.date), e.amount_yuan, e.detail, e.actor, e.at},
        [&](const SqlRow& r) { e.id = r.Int(0); });
  }

  PromotionSettings Settings() override { return SettingsIn(s_); }

  static PromotionSettings SettingsIn(SqlSession& s) {
    PromotionSettings out;
    s.Run("SELECT protection_threshold_yuan, stage_probability FROM promotion_settings WHERE id = 1", {},
          [&](const SqlRow& r) {
            out.protection_threshold_yuan = r.Real(0);
            const std::vector<std::string> p = SplitTexts(r.Text(1), ';');
            if (p.size() != kLeadStageCount) throw Error("store: the stage probabilities are malformed");
            for (std::size_t i = 0; i < p.size(); ++i) out.stage_probability[i] = std::stod(p[i]);
          });
    return out;
  }

 private:
  SqlSession& s_;
  const AuditContext& by_;
};

std::string SettingsJson(const PromotionSettings& p) {
  std::string probabilities;
  for (std::size_t i = 0; i < kLeadStageCount; ++i)
    probabilities +=
        fmt::format("{}{}:{}", i ? "," : "", JsonQuote(ToString(kLeadStages[i])), p.stage_probability[i]);
  return fmt::format(R"({{"protection_threshold_yuan":{},"stage_probability":{{{}}}}})",
                     p.protection_threshold_yuan, probabilities);
}

std::string PolicyJson(const IncentivePolicy& p) {
  const auto term = [](const std::optional<double>& v) { return v ? PlainNumber(*v) : std::string("null"); };
  return fmt::format(
      R"({{"id":{},"place":{},"kind":{},"title_zh":{},"title_en":{},"valid_from":{},"valid_until":{},)"
      R"("land_discount":{},"subsidy_rate":{},"subsidy_cap_yuan":{},"subsidy_min_investment_yuan":{}}})",
      JsonQuote(p.id), JsonQuote(p.place), JsonQuote(p.kind), JsonQuote(p.title_zh), JsonQuote(p.title_en),
      JsonQuote(p.valid_from), JsonQuote(p.valid_until), term(p.land_discount), term(p.subsidy_rate),
      term(p.subsidy_cap_yuan), term(p.subsidy_min_investment_yuan));
}

constexpr std::string_view kPolicyColumns =
    "id, place, kind, title_zh, title_en, text_zh, text_en, valid_from, valid_until, land_discount, "
    "subsidy_rate, subsidy_cap_yuan, subsidy_min_investment_yuan";
constexpr int kPolicyColumnCount = 13;

void ReadPolicy(const SqlRow& r, IncentivePolicy& p) {
  std::string* texts[] = {&p.id,      &p.place,   &p.kind,       &p.title_zh,   &p.title_en,
                          &p.text_zh, &p.text_en, &p.valid_from, &p.valid_until};
  for (int i = 0; i < 9; ++i) *texts[i] = r.Text(i);
  std::optional<double>* terms[] = {&p.land_discount, &p.subsidy_rate, &p.subsidy_cap_yuan,
                                    &p.subsidy_min_investment_yuan};
  for (int i = 0; i < 4; ++i)
    if (!r.IsNull(9 + i)) *terms[i] = r.Real(9 + i);
}

}  // namespace

void SqlStore::WriteLeads(const std::function<void(LeadWriter&)>& work, const AuditContext& by) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    SqlLeadWriter writer(*s, by);
    work(writer);
    s->Run("UPDATE promotion_revision SET revision = revision + 1 WHERE id = 1");
    return 0;
  });
}

std::vector<Lead> SqlStore::Leads(const LeadQuery& q) {
  auto s = Session();
  return InReadTransaction(*s, [&] {
    std::vector<SqlParam> values;
    std::string where =
        Where({{"id", &q.id}, {"place", &q.place}, {"stage", &q.stage}, {"investor", &q.investor}}, values);
    if (!q.component.empty()) {
      values.emplace_back(std::string_view(q.component));
      where += fmt::format("{} id IN (SELECT lead FROM lead_components WHERE component = ?{})",
                           where.empty() ? " WHERE" : " AND", values.size());
    }
    if (q.clashing_only)
      where += fmt::format("{} id IN (SELECT lead FROM lead_clashes)", where.empty() ? " WHERE" : " AND");
    return LeadsWhere(*s, where, values, q.limit);
  });
}

std::string SqlStore::PromotionVersion() {
  auto s = Session();
  std::string out;
  s->Run("SELECT registry, revision FROM promotion_revision WHERE id = 1", {},
         [&](const SqlRow& r) { out = fmt::format("{}:{}", r.Text(0), r.Int(1)); });
  return out;
}

std::vector<LeadEvent> SqlStore::LeadEvents(std::string_view lead) {
  auto s = Session();
  std::vector<LeadEvent> out;
  const std::string where = lead.empty() ? "" : " WHERE lead = ?1";
  std::vector<SqlParam> values;
  if (!lead.empty()) values.emplace_back(lead);
  s->Run(fmt::format("SELECT id, lead, kind, stage, date, amount_yuan, detail, actor, at FROM lead_events{} "
                     "ORDER BY id",
                     where),
         values, [&](const SqlRow& r) {
           LeadEvent e;
           e.id = r.Int(0);
           e.lead = r.Text(1);
           e.kind = r.Text(2);
           e.stage = r.Text(3);
           e.date = r.Text(4);
           e.amount_yuan = r.Real(5);
           e.detail = r.Text(6);
           e.actor = r.Text(7);
           e.at = r.Text(8);
           out.push_back(std::move(e));
         });
  return out;
}

PromotionSettings SqlStore::LoadPromotionSettings() {
  auto s = Session();
  return SqlLeadWriter::SettingsIn(*s);
}

void SqlStore::SetPromotionSettings(const PromotionSettings& settings, const AuditContext& by) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    const PromotionSettings before = SqlLeadWriter::SettingsIn(*s);
    std::string probabilities;
    for (std::size_t i = 0; i < kLeadStageCount; ++i)
      probabilities += fmt::format("{}{}", i ? ";" : "", settings.stage_probability[i]);
    s->Run(
        "INSERT INTO promotion_settings (id, protection_threshold_yuan, stage_probability) VALUES (1, ?1, "
        "?2) "
        "ON CONFLICT (id) DO UPDATE SET protection_threshold_yuan = excluded.protection_threshold_yuan, "
        "stage_probability = excluded.stage_probability",
        {settings.protection_threshold_yuan, probabilities});
    Audit(*s, by, "promotion.settings", "promotion:settings", SettingsJson(before), SettingsJson(settings));
    s->Run("UPDATE promotion_revision SET revision = revision + 1 WHERE id = 1");
    return 0;
  });
}

std::vector<IncentivePolicy> SqlStore::Policies(std::string_view place) {
  auto s = Session();
  std::vector<IncentivePolicy> out;
  std::vector<SqlParam> values;
  if (!place.empty()) values.emplace_back(place);
  s->Run(fmt::format("SELECT {} FROM policies{} ORDER BY id", kPolicyColumns,
                     place.empty() ? "" : " WHERE place = ?1"),
         values, [&](const SqlRow& r) {
           IncentivePolicy p;
           ReadPolicy(r, p);
           out.push_back(std::move(p));
         });
  return out;
}

void SqlStore::PutPolicy(IncentivePolicy& p, const AuditContext& by) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    std::string before = "null";
    if (p.id.empty()) {
      p.id = NextId(*s, "policies", "policies", kPolicyIdPrefix);
    } else {
      std::optional<IncentivePolicy> stored;
      s->Run(fmt::format("SELECT {} FROM policies WHERE id = ?1", kPolicyColumns), {p.id},
             [&](const SqlRow& r) {
               stored.emplace();
               ReadPolicy(r, *stored);
             });
      if (stored) {
        before = PolicyJson(*stored);
        s->Run("DELETE FROM policies WHERE id = ?1", {p.id});
      }
    }
    const auto term = [](const std::optional<double>& v) { return v ? SqlParam(*v) : SqlParam(); };
    s->Run(fmt::format("INSERT INTO policies ({}) VALUES ({})", kPolicyColumns, Marks(kPolicyColumnCount)),
           {p.id, p.place, p.kind, p.title_zh, p.title_en, p.text_zh, p.text_en, p.valid_from,
            OptionalText(p.valid_until), term(p.land_discount), term(p.subsidy_rate),
            term(p.subsidy_cap_yuan), term(p.subsidy_min_investment_yuan)});
    Audit(*s, by, before == "null" ? "policy.create" : "policy.update", "policy:" + p.id, before,
          PolicyJson(p));
    return 0;
  });
}

}  // namespace chainscope
