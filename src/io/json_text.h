// io: JSON text as the platform writes it — every API answer, CLI --json output, stored job result, log line
// and dataset file. Numbers in plain decimals (core/number_text.h: 4783.8, never 4.7838E3), an amount of
// money (a key ending in "_yuan") rounded to the fen, texts as valid UTF-8 (an invalid byte becomes U+FFFD),
// and no Infinity or NaN: a non-finite number is refused, since the text would not parse.
#pragma once

#include <boost/json/fwd.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "core/message.h"

namespace chainscope {

struct JsonStyle {
  bool indent = false;       // two spaces per level, one member or element a line (dataset files)
  bool money_to_fen = true;  // false: amounts exactly as held (dataset files, which must read back the same)
};

/// The JSON text of `v`. Throws chainscope::Error when `v` holds a non-finite number. O(size of v).
std::string JsonText(const boost::json::value& v, JsonStyle style = {});

/// {"code", "params": {name: value}, "message"} — a text for people (core/message.h), as every answer and
/// every stored reason carries it.
boost::json::object MessageJson(const Message& m);

}  // namespace chainscope
