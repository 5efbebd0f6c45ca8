// view: the schemas of what the views render — every answer of the API, by name. The route table names one
// per route, the OpenAPI document carries them under components/schemas, the dashboard's types are
// generated from that document (web/src/api/schema.d.ts), and the authorization-matrix test holds every
// real answer to its route's schema. Objects are closed (additionalProperties: false): a field a view adds
// without declaring it here fails that test.
#pragma once

#include <boost/json/object.hpp>

namespace chainscope {

/// components/schemas of the OpenAPI document: name → schema.
const boost::json::object& ResponseSchemas();

}  // namespace chainscope
