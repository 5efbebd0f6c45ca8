#include "match/matcher.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace chainscope {

DemandSpec DemandSpecOf(const Network& net, const Demand& d) {
  DemandSpec s;
  s.id = d.id;
  s.buyer = net.FindEnterprise(d.buyer);
  s.component = net.FindComponent(d.component);
  if (!s.buyer.valid()) throw InvalidInput(fmt::format("demand {}: unknown buyer '{}'", d.id, d.buyer));
  if (!s.component.valid())
    throw InvalidInput(fmt::format("demand {}: unknown component '{}'", d.id, d.component));
  s.quantity = d.annual_quantity;
  s.start_date = d.start_date;
  s.max_distance_km = d.max_distance_km;
  s.required_certs = d.required_certs;
  s.prefer_local = d.prefer_local;
  s.max_share = d.max_share;
  return s;
}

void MatchWeights::Set(std::string_view name, double value) {
  // Weights are relative; bounded so that no sum of contributions overflows (a score is always finite).
  if (!std::isfinite(value) || value < 0 || value > kMaxMatchWeight)
    throw InvalidInput(
        fmt::format("weight '{}' must be a number from 0 to {:g}, got {}", name, kMaxMatchWeight, value));
  double* target = name == "fit"             ? &fit
                   : name == "capacity"      ? &capacity
                   : name == "price"         ? &price
                   : name == "distance"      ? &distance
                   : name == "quality"       ? &quality
                   : name == "local"         ? &local
                   : name == "concentration" ? &concentration
                   : name == "correlated"    ? &correlated
                                             : nullptr;
  if (!target)
    throw InvalidInput(fmt::format(
        "unknown weight '{}' (fit, capacity, price, distance, quality, local, concentration, correlated)",
        name));
  *target = value;
}

// The one place the filters live. With `why` null it stops at the first failing rule and builds no text
// (the hot path of ranking and allocation); otherwise it states every failing rule.
namespace {

/// The component as message parameters: its code and both names.
std::vector<std::pair<std::string, std::string>> ComponentParams(const ComponentType& c) {
  return {{"component", c.code}, {"component_name", c.name}, {"component_name_zh", c.name_zh}};
}

std::string Km(double km) {
  return fmt::format("{:.0f}", km);
}

}  // namespace

bool Matcher::Check(const DemandSpec& d, const SupplyOption& o, std::vector<Message>* why) const {
  bool ok = true;
  auto fail = [&](auto&& reason) {
    ok = false;
    if (why) why->push_back(reason());
    return why == nullptr;  // true: stop here
  };
  if (o.supplier == d.buyer && fail([] { return Message{"match.buyer_itself", {}, "is the buyer itself"}; }))
    return false;
  if (o.free_units <= 0 && fail([&] {
        const ComponentType& c = net_.component(d.component);
        return Message{"match.no_free_capacity", ComponentParams(c),
                       fmt::format("has no free capacity for {} ({})", c.name, c.code)};
      }))
    return false;
  const auto& certs = net_.enterprise(o.supplier).certifications;
  for (const std::string& cert : d.required_certs)
    if (std::find(certs.begin(), certs.end(), cert) == certs.end() && fail([&] {
          return Message{"match.lacks_certification",
                         {{"certification", cert}},
                         fmt::format("lacks the required certification '{}'", cert)};
        }))
      return false;
  if (d.max_distance_km) {
    // A distance that is not known (a place without coordinates: elsewhere in China, abroad) cannot be
    // shown to be within a limit, so it never passes one; the nominal distance only prices logistics.
    const Distance& dist = book_.distance(net_.place_of(d.buyer), net_.place_of(o.supplier));
    if (dist.nominal && fail([&] {
          const Place& supplier = net_.place(net_.place_of(o.supplier));
          const Place& unknown = supplier.lat && supplier.lon ? net_.place(net_.place_of(d.buyer)) : supplier;
          return Message{
              "match.distance_unknown",
              {{"place", unknown.code},
               {"place_name", unknown.name},
               {"place_name_zh", unknown.name_zh},
               {"limit_km", Km(*d.max_distance_km)}},
              fmt::format("its distance is not known ({} has no coordinates), so it cannot meet the "
                          "demand's {:.0f} km limit",
                          unknown.name, *d.max_distance_km)};
        }))
      return false;
    if (!dist.nominal && dist.km > *d.max_distance_km && fail([&] {
          return Message{"match.too_far",
                         {{"distance_km", Km(dist.km)}, {"limit_km", Km(*d.max_distance_km)}},
                         fmt::format("is {:.0f} km away, beyond the demand's {:.0f} km limit", dist.km,
                                     *d.max_distance_km)};
        }))
      return false;
  }
  if (o.from_offers() && !o.valid_until.empty() && !d.start_date.empty() && o.valid_until < d.start_date &&
      fail([&] {
        return Message{
            "match.offers_end",
            {{"valid_until", o.valid_until}, {"start_date", d.start_date}},
            fmt::format("its offers end on {}, before the demand starts on {}", o.valid_until, d.start_date)};
      }))
    return false;
  return ok;
}

std::vector<Message> Matcher::Exclusions(const DemandSpec& d, const SupplyOption& o) const {
  std::vector<Message> why;
  Check(d, o, &why);
  return why;
}

bool Matcher::Eligible(const DemandSpec& d, const SupplyOption& o) const {
  return Check(d, o, nullptr);
}

std::vector<Candidate> Matcher::ScoreAll(const DemandSpec& d, const MatchWeights& w,
                                         std::size_t* makers) const {
  if (d.quantity <= 0) throw InvalidInput(fmt::format("quantity must be greater than 0, got {}", d.quantity));
  if (!(d.max_share > 0 && d.max_share <= 1))
    throw InvalidInput(fmt::format("max_share must be in (0, 1], got {}", d.max_share));
  const auto options = book_.of(d.component);
  if (makers) *makers = options.size();
  const Place& buyer_place = net_.place(net_.place_of(d.buyer));
  const Province buyer_province = buyer_place.province;

  // The buyer's present sourcing of this component: by supplier and by supplier place. O(buyer's links).
  std::unordered_map<std::uint32_t, double> by_supplier, by_place;
  double bought = 0;
  for (std::uint32_t li : net_.links_by_buyer(d.buyer)) {
    const NetLink& l = net_.link(li);
    if (l.component != d.component) continue;
    by_supplier[l.supplier.value] += static_cast<double>(l.annual_volume);
    by_place[net_.place_of(l.supplier).value] += static_cast<double>(l.annual_volume);
    bought += static_cast<double>(l.annual_volume);
  }

  std::vector<Candidate> out;
  for (const SupplyOption& o : options) {
    if (!Eligible(d, o)) continue;
    Candidate c;
    c.supplier = o.supplier;
    c.option = &o;
    c.distance = book_.distance(net_.place_of(d.buyer), net_.place_of(o.supplier));
    c.free_units = o.free_units;
    c.unit_price_yuan = o.unit_price_yuan;
    c.logistics_yuan_per_unit = LogisticsYuanPerUnit(o.unit_price_yuan, c.distance.km);
    c.landed_cost_yuan = c.unit_price_yuan + c.logistics_yuan_per_unit;
    const Province sp = net_.province_of(o.supplier);
    c.local = sp == buyer_province;
    c.regional = IsRegional(sp);
    out.push_back(std::move(c));
  }
  double cheapest = 0;
  for (const Candidate& c : out)
    cheapest = cheapest == 0 ? c.landed_cost_yuan : std::min(cheapest, c.landed_cost_yuan);
  for (Candidate& c : out) {
    const Enterprise& s = net_.enterprise(c.supplier);
    const bool iatf =
        std::find(s.certifications.begin(), s.certifications.end(), "IATF 16949") != s.certifications.end();
    const double fit = 0.6 * (c.option->sold_units > 0 ? 1 : 0) + 0.4 * (iatf ? 1 : 0);
    const double capacity =
        std::min(1.0, static_cast<double>(c.free_units) / static_cast<double>(d.quantity));
    const double price = c.landed_cost_yuan > 0 ? cheapest / c.landed_cost_yuan : 1;
    const double distance = std::max(0.0, 1.0 - c.distance.km / 1000.0);
    const double local =
        c.local && IsRegional(buyer_province) ? 1.0 : (c.regional && IsRegional(buyer_province) ? 0.5 : 0);
    const double concentration = bought > 0 ? by_supplier[c.supplier.value] / bought : 0;
    const std::uint32_t place = net_.place_of(c.supplier).value;
    const double same_place_others = by_place[place] - by_supplier[c.supplier.value];
    const double correlated = bought > 0 ? same_place_others / bought : 0;
    const double local_weight = w.local * (d.prefer_local ? 2 : 1);
    c.parts = {{"fit", fit, w.fit, w.fit * fit},
               {"capacity", capacity, w.capacity, w.capacity * capacity},
               {"price", price, w.price, w.price * price},
               {"distance", distance, w.distance, w.distance * distance},
               {"quality", c.option->quality, w.quality, w.quality * c.option->quality},
               {"local", local, local_weight, local_weight * local},
               {"concentration", concentration, w.concentration, -w.concentration * concentration},
               {"correlated", correlated, w.correlated, -w.correlated * correlated}};
    c.score = 0;
    for (const ScorePart& p : c.parts) c.score += p.contribution;
  }
  auto better = [&](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    return net_.enterprise(a.supplier).id < net_.enterprise(b.supplier).id;
  };
  std::sort(out.begin(), out.end(), better);
  return out;
}

MatchResult Matcher::TopK(const DemandSpec& d, std::size_t k, const MatchWeights& w) const {
  MatchResult r;
  r.candidates = ScoreAll(d, w, &r.makers);
  r.eligible = r.candidates.size();
  if (r.candidates.size() > k) r.candidates.resize(k);
  return r;
}

Explanation Matcher::Explain(const DemandSpec& d, EnterpriseId supplier, const MatchWeights& w) const {
  Explanation e;
  const SupplyOption* option = nullptr;
  for (const SupplyOption& o : book_.of(d.component))
    if (o.supplier == supplier) option = &o;
  if (!option) {
    const ComponentType& c = net_.component(d.component);
    e.exclusions.push_back(
        {"match.does_not_make", ComponentParams(c), fmt::format("does not make {} ({})", c.name, c.code)});
    if (supplier == d.buyer) e.exclusions.push_back({"match.buyer_itself", {}, "is the buyer itself"});
    return e;
  }
  e.exclusions = Exclusions(d, *option);
  if (!e.exclusions.empty()) return e;
  const auto all = ScoreAll(d, w, nullptr);
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].supplier == supplier) {
      e.candidate = all[i];
      e.rank = i + 1;
    }
  return e;
}

}  // namespace chainscope
