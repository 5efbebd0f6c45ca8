// view: an import's answer as JSON — the file read, the proposed and used column mappings, the fields a
// column can map to, each row's fate with its coded reason, and the counts — for the API and `chainscope
// import-table --json` alike.
#pragma once

#include <boost/json/object.hpp>

#include "service/imports.h"

namespace chainscope {

/// {kind, format, encoding, sheet, header, fields, proposed_mapping, mapping, counts{new, update, unchanged,
/// error}, rows[{row, action, id, field, reason, reason_code}], dry_run, committed}.
boost::json::object ImportAnswerJson(const ImportAnswer& a);

}  // namespace chainscope
