// io: JSON Schema, as far as the API's contract uses it (the OpenAPI 3.0 dialect: type, nullable,
// properties, required, additionalProperties, items, enum, minimum, maximum, anyOf, $ref into components).
// Builders write the schemas the route table declares for its answers; Violations checks a JSON value
// against one, so a test can hold every real answer to the document the web app's types come from.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainscope::schema {

using Schema = boost::json::object;

Schema String(std::string_view description = {});
/// An integer in [minimum, maximum] (each bound optional).
Schema Integer(std::optional<double> minimum = 0, std::optional<double> maximum = std::nullopt);
Schema Number(std::optional<double> minimum = std::nullopt, std::optional<double> maximum = std::nullopt);
/// A share or a score, [0, 1].
Schema Fraction();
/// An amount of money in yuan (rounded to the fen in answers); never negative unless `signed_amount`.
Schema Yuan(bool signed_amount = false);
Schema Boolean();
/// A string, one of `values`.
Schema Enum(std::initializer_list<std::string_view> values);
Schema Enum(const std::vector<std::string>& values);
Schema Array(Schema items);
/// An object whose keys are free and whose values follow `values`.
Schema Map(Schema values);
/// A named schema of the document's components.
Schema Ref(std::string_view name);
/// The same, or null.
Schema Nullable(Schema s);
/// One of these (the first that fits).
Schema AnyOf(std::vector<Schema> alternatives);
/// Any JSON value (what a field echoes back as the caller sent it).
Schema Any(std::string_view description = {});
Schema Described(Schema s, std::string_view description);

/// One property of an object: required unless made with Optional.
struct Property {
  std::string name;
  Schema schema;
  bool required = true;
};
Property Optional(std::string name, Schema schema);

/// A closed object: exactly these properties (the optional ones may be absent), no others.
Schema Object(std::vector<Property> properties);
/// `base` (a closed object) with more properties.
Schema Extend(Schema base, std::vector<Property> more);

/// What `value` breaks of `schema` ("$.items[3].score: 1.2 above the maximum 1"), at most `limit` of them;
/// $refs resolve in `components` (the document's components/schemas). Empty: it conforms.
std::vector<std::string> Violations(const boost::json::value& value, const Schema& schema,
                                    const boost::json::object& components, std::size_t limit = 20);

}  // namespace chainscope::schema
