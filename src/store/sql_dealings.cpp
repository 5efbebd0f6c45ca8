// store: the SQL of responses and deals (DealingStore).
#include <fmt/format.h>

#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace chainscope {
using namespace store_sql;

// ---- responses and deals ----

namespace {

std::string ResponseJson(const Response& r) {
  return fmt::format(R"({{"id":{},"demand":{},"buyer":{},"supplier":{},"component":{},"annual_quantity":{},)"
                     R"("unit_price_yuan":{},"lead_time_days":{},"message":{},"status":{}}})",
                     JsonQuote(r.id), JsonQuote(r.demand), JsonQuote(r.buyer), JsonQuote(r.supplier),
                     JsonQuote(r.component), r.annual_quantity, r.unit_price_yuan, r.lead_time_days,
                     JsonQuote(r.message), JsonQuote(ToString(r.status)));
}

std::string DealJson(const Deal& d) {
  return fmt::format(
      R"({{"id":{},"response":{},"demand":{},"buyer":{},"supplier":{},"component":{},"annual_quantity":{},)"
      R"("unit_price_yuan":{},"start_date":{},"buyer_confirmed":{},"supplier_confirmed":{},"linked":{}}})",
      JsonQuote(d.id), JsonQuote(d.response), JsonQuote(d.demand), JsonQuote(d.buyer), JsonQuote(d.supplier),
      JsonQuote(d.component), d.annual_quantity, d.unit_price_yuan, JsonQuote(d.start_date),
      d.buyer_confirmed, d.supplier_confirmed, d.linked);
}

constexpr std::string_view kResponseColumns =
    "id, demand, buyer, supplier, component, annual_quantity, unit_price_yuan, lead_time_days, message, "
    "status, "
    "created_at, updated_at";
constexpr std::string_view kDealColumns =
    "id, response, demand, buyer, supplier, component, annual_quantity, unit_price_yuan, start_date, "
    "buyer_confirmed, supplier_confirmed, linked, created_at";

std::vector<Response> ResponsesIn(SqlSession& s, const ResponseQuery& q) {
  std::vector<SqlParam> values;
  const std::string where =
      Where({{"id", &q.id}, {"demand", &q.demand}, {"supplier", &q.supplier}, {"buyer", &q.buyer}}, values);
  std::vector<Response> out;
  s.Run(fmt::format("SELECT {} FROM responses{} ORDER BY {}", kResponseColumns, where, s.InsertionOrder()),
        values, [&](const SqlRow& row) {
          Response r;
          std::string* texts[] = {&r.id, &r.demand, &r.buyer, &r.supplier, &r.component};
          for (int i = 0; i < 5; ++i) *texts[i] = row.Text(i);
          r.annual_quantity = row.Int(5);
          r.unit_price_yuan = row.Real(6);
          r.lead_time_days = row.Real(7);
          r.message = row.Text(8);
          const auto status = ParseResponseStatus(row.Text(9));
          if (!status) throw Error("store: a response has an unknown status");
          r.status = *status;
          r.created_at = row.Text(10);
          r.updated_at = row.Text(11);
          out.push_back(std::move(r));
        });
  return out;
}

std::vector<Deal> DealsIn(SqlSession& s, const DealQuery& q) {
  std::vector<SqlParam> values;
  std::string where = Where({{"id", &q.id}, {"demand", &q.demand}}, values);
  if (!q.party.empty()) {
    values.emplace_back(std::string_view(q.party));
    where += fmt::format("{} (buyer = ?{} OR supplier = ?{})", where.empty() ? " WHERE" : " AND",
                         values.size(), values.size());
  }
  std::vector<Deal> out;
  s.Run(fmt::format("SELECT {} FROM deals{} ORDER BY {}", kDealColumns, where, s.InsertionOrder()), values,
        [&](const SqlRow& row) {
          Deal d;
          std::string* texts[] = {&d.id, &d.response, &d.demand, &d.buyer, &d.supplier, &d.component};
          for (int i = 0; i < 6; ++i) *texts[i] = row.Text(i);
          d.annual_quantity = row.Int(6);
          d.unit_price_yuan = row.Real(7);
          d.start_date = row.Text(8);
          d.buyer_confirmed = row.Bool(9);
          d.supplier_confirmed = row.Bool(10);
          d.linked = row.Bool(11);
          d.created_at = row.Text(12);
          out.push_back(std::move(d));
        });
  return out;
}

void WriteResponse(SqlSession& s, const Response& r, bool insert) {
  const std::string status(ToString(r.status));
  const SqlParam all[] = {r.id,
                          r.demand,
                          r.buyer,
                          r.supplier,
                          r.component,
                          r.annual_quantity,
                          r.unit_price_yuan,
                          r.lead_time_days,
                          r.message,
                          status,
                          r.created_at,
                          r.updated_at};
  if (insert) {
    s.Run(fmt::format("INSERT INTO responses ({}) VALUES ({})", kResponseColumns, Marks(std::size(all))),
          all);
    return;
  }
  const SqlParam changed[] = {all[0], all[5], all[6], all[7], all[8], all[9], all[11]};
  s.Run(
      "UPDATE responses SET annual_quantity = ?2, unit_price_yuan = ?3, lead_time_days = ?4, message = ?5, "
      "status = ?6, updated_at = ?7 WHERE id = ?1",
      changed);
}

void WriteDeal(SqlSession& s, const Deal& d, bool insert) {
  if (insert) {
    s.Run(fmt::format("INSERT INTO deals ({}) VALUES ({})", kDealColumns, Marks(13)),
          {d.id, d.response, d.demand, d.buyer, d.supplier, d.component, d.annual_quantity, d.unit_price_yuan,
           d.start_date, d.buyer_confirmed, d.supplier_confirmed, d.linked, d.created_at});
    return;
  }
  s.Run("UPDATE deals SET buyer_confirmed = ?2, supplier_confirmed = ?3, linked = ?4 WHERE id = ?1",
        {d.id, d.buyer_confirmed, d.supplier_confirmed, d.linked});
}

}  // namespace

void SqlStore::AddResponse(Response& response, const AuditContext& by) {
  auto s = Session();
  InWriteTransaction(*s, [&] {
    for (const Response& r : ResponsesIn(*s, {.demand = response.demand, .supplier = response.supplier}))
      if (r.status != ResponseStatus::kDeclined && r.status != ResponseStatus::kWithdrawn)
        throw Conflict(fmt::format("{} has answered demand {} already (response {}); withdraw it first",
                                   response.supplier, response.demand, r.id));
    response.id = NextId(*s, "responses", "responses", kResponseIdPrefix);
    response.created_at = response.updated_at = NowUtc();
    WriteResponse(*s, response, true);
    Audit(*s, by, "response.create", "response:" + response.id, "null", ResponseJson(response));
    return 0;
  });
}

std::vector<Response> SqlStore::Responses(const ResponseQuery& query) {
  auto s = Session();
  return ResponsesIn(*s, query);
}

Response SqlStore::UpdateResponse(std::string_view id, const std::function<Response(const Response&)>& change,
                                  const AuditContext& by) {
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    const std::vector<Response> stored = ResponsesIn(*s, {.id = std::string(id)});
    if (stored.empty()) throw NotFound(fmt::format("no response with id '{}'", id));
    Response next = change(stored[0]);
    if (next.id != stored[0].id || next.demand != stored[0].demand || next.supplier != stored[0].supplier)
      throw Error("an update cannot change a response's id, demand or supplier");
    next.updated_at = NowUtc();
    WriteResponse(*s, next, false);
    Audit(*s, by, "response.update", "response:" + next.id, ResponseJson(stored[0]), ResponseJson(next));
    return next;
  });
}

Deal SqlStore::AcceptResponse(std::string_view response_id,
                              const std::function<Deal(const Response&)>& make_deal, const AuditContext& by) {
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    const std::vector<Response> stored = ResponsesIn(*s, {.id = std::string(response_id)});
    if (stored.empty()) throw NotFound(fmt::format("no response with id '{}'", response_id));
    Deal deal = make_deal(stored[0]);
    Response accepted = stored[0];
    accepted.status = ResponseStatus::kAccepted;
    accepted.updated_at = NowUtc();
    WriteResponse(*s, accepted, false);
    Audit(*s, by, "response.accept", "response:" + accepted.id, ResponseJson(stored[0]),
          ResponseJson(accepted));
    deal.id = NextId(*s, "deals", "deals", kDealIdPrefix);
    deal.response = accepted.id;
    deal.created_at = accepted.updated_at;
    deal.buyer_confirmed = deal.supplier_confirmed = deal.linked = false;
    WriteDeal(*s, deal, true);
    Audit(*s, by, "deal.create", "deal:" + deal.id, "null", DealJson(deal));
    return deal;
  });
}

std::vector<Deal> SqlStore::Deals(const DealQuery& query) {
  auto s = Session();
  return DealsIn(*s, query);
}

Deal SqlStore::ConfirmDeal(std::string_view id, bool buyer_side,
                           const std::function<void(const Deal&)>& check, const LinkTerms& terms,
                           const AuditContext& by) {
  auto s = Session();
  return InWriteTransaction(*s, [&] {
    const std::vector<Deal> stored = DealsIn(*s, {.id = std::string(id)});
    if (stored.empty()) throw NotFound(fmt::format("no deal with id '{}'", id));
    check(stored[0]);
    Deal next = stored[0];
    (buyer_side ? next.buyer_confirmed : next.supplier_confirmed) = true;
    if (next.buyer_confirmed && next.supplier_confirmed && !next.linked) {
      try {
        s->Run(
            "INSERT INTO links (buyer, supplier, component, annual_volume, unit_price_yuan, "
            "buyer_inventory_days, "
            "in_transit_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (buyer, supplier, component) "
            "DO "
            "UPDATE SET unit_price_yuan = (links.annual_volume * links.unit_price_yuan + "
            "excluded.annual_volume * "
            "excluded.unit_price_yuan) / (links.annual_volume + excluded.annual_volume), "
            "annual_volume = links.annual_volume + excluded.annual_volume",
            {next.buyer, next.supplier, next.component, next.annual_quantity, next.unit_price_yuan,
             terms.buyer_inventory_days, terms.in_transit_days});
      } catch (const SqlError& e) {
        if (e.kind() != SqlError::Kind::kForeignKey) throw;
        throw Conflict(
            fmt::format("deal {}: its buyer, supplier or component is no longer in the chain", id));
      }
      // The confirmed volume is the supplier's commitment from now on (its spare capacity shrinks).
      s->Run("UPDATE capabilities SET committed = committed + ?3 WHERE supplier = ?1 AND component = ?2",
             {next.supplier, next.component, next.annual_quantity});
      next.linked = true;
      BumpRevision(*s, true);
    }
    WriteDeal(*s, next, false);
    Audit(*s, by, buyer_side ? "deal.confirm_buyer" : "deal.confirm_supplier", "deal:" + next.id,
          DealJson(stored[0]), DealJson(next));
    return next;
  });
}

std::map<std::string, std::string> SqlStore::PostedTimes(std::string_view table) {
  auto s = Session();
  std::map<std::string, std::string> out;
  s->Run("SELECT id, created_at FROM record_times WHERE kind = ?1", {table},
         [&](const SqlRow& r) { out.emplace(r.Text(0), r.Text(1)); });
  return out;
}

std::vector<std::string> SqlStore::EnterpriseIds() {
  auto s = Session();
  std::vector<std::string> out;
  s->Run("SELECT id FROM enterprises", {}, [&](const SqlRow& r) { out.push_back(r.Text(0)); });
  return out;
}

}  // namespace chainscope
