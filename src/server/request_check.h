// server: the door's check of a request against its route's declarations (routes.h FieldDoc): query
// parameters and body fields it does not document are refused, and so is a value of another type, outside
// its declared range or not one of its declared values, or a required field left out — each with a 400
// naming the field. The body is
// parsed here, once, for the handler.
#pragma once

#include "server/api.h"
#include "server/routes.h"

namespace chainscope {

/// Throws InvalidInput naming the query parameter or field; fills ctx.body when the route takes one.
void CheckRequest(const Route& route, RequestContext& ctx);

}  // namespace chainscope
