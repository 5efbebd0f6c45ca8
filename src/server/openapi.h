// server: the OpenAPI 3 document of the API, served at /api/v1/openapi.json. It lists every endpoint
// that exists; tests check that each path it names answers and that each route is in it.
#pragma once

#include <boost/json.hpp>

namespace chainscope {

const boost::json::value& OpenApiDocument();

}  // namespace chainscope
