// core: the one way a number is written for people and programs — plain decimals in the shortest form that
// reads back the same double (4783.8, never 4.7838E3), and amounts of money rounded to the fen (0.01 yuan).
// The JSON writer (io/json_text.h), the CSV and Excel tables, the CLI and the engines' reason parameters all
// write numbers through here.
#pragma once

#include <string>
#include <string_view>

namespace chainscope {

/// `x` in plain decimal notation (no exponent), the fewest digits that parse back to exactly `x`; integral
/// values without a point ("3", not "3.0"), "-0" as "0". `x` must be finite. O(digits).
std::string PlainNumber(double x);

/// `yuan` rounded half away from zero to the fen (two decimals). Exact for every amount below 10^13 yuan.
double RoundToFen(double yuan);

/// An amount of money: PlainNumber(RoundToFen(yuan)) — "2300", "1507010.2", "0.05".
std::string MoneyText(double yuan);

/// Whether a field of that name (a JSON key or a table column, "value_yuan", "deal.unit_price_yuan") holds an
/// amount of money: the name ends in "_yuan". Rates such as "logistics_yuan_per_unit" are not amounts.
bool IsMoneyField(std::string_view name);

}  // namespace chainscope
