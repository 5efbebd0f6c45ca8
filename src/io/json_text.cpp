#include "io/json_text.h"

#include <boost/json/value.hpp>
#include <charconv>
#include <cmath>

#include "core/audit.h"
#include "core/model.h"
#include "core/number_text.h"
#include "io/csv.h"

namespace chainscope {
namespace json = boost::json;

namespace {

/// `text` as a JSON string literal: the audit trail's quoting (core/audit.h: one escaper for both), after
/// any invalid UTF-8 byte is replaced by U+FFFD.
void AppendString(std::string& out, std::string_view text) {
  if (FindInvalidUtf8(text) == std::string_view::npos)
    AppendJsonQuote(out, text);
  else
    AppendJsonQuote(out, ValidUtf8(text));
}

class Writer {
 public:
  Writer(std::string& out, JsonStyle style) : out_(out), style_(style) {}

  void Value(const json::value& v, bool money, int depth) {
    switch (v.kind()) {
      case json::kind::null:
        out_ += "null";
        break;
      case json::kind::bool_:
        out_ += v.get_bool() ? "true" : "false";
        break;
      case json::kind::int64:
        Integer(v.get_int64());
        break;
      case json::kind::uint64:
        Integer(v.get_uint64());
        break;
      case json::kind::double_: {
        const double x = v.get_double();
        if (!std::isfinite(x))
          throw Error("a JSON text would hold a number that is not finite (Infinity or NaN)");
        out_ += money ? MoneyText(x) : PlainNumber(x);
        break;
      }
      case json::kind::string:
        AppendString(out_, v.get_string());
        break;
      case json::kind::array: {
        const json::array& a = v.get_array();
        if (a.empty()) return void(out_ += "[]");
        out_ += '[';
        for (std::size_t i = 0; i < a.size(); ++i) {
          if (i) out_ += ',';
          Break(depth + 1);
          // The elements of a money list are money too ("monthly_value_yuan": [...]).
          Value(a[i], money, depth + 1);
        }
        Break(depth);
        out_ += ']';
        break;
      }
      case json::kind::object: {
        const json::object& o = v.get_object();
        if (o.empty()) return void(out_ += "{}");
        out_ += '{';
        bool first = true;
        for (const auto& kv : o) {
          if (!first) out_ += ',';
          first = false;
          Break(depth + 1);
          AppendString(out_, kv.key());
          out_ += style_.indent ? ": " : ":";
          Value(kv.value(), style_.money_to_fen && IsMoneyField(kv.key()), depth + 1);
        }
        Break(depth);
        out_ += '}';
        break;
      }
    }
  }

 private:
  template <typename Int>
  void Integer(Int x) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
    out_.append(buf, end);
  }
  void Break(int depth) {
    if (!style_.indent) return;
    out_ += '\n';
    out_.append(static_cast<std::size_t>(depth) * 2, ' ');
  }

  std::string& out_;
  JsonStyle style_;
};

}  // namespace

std::string JsonText(const json::value& v, JsonStyle style) {
  std::string out;
  Writer(out, style).Value(v, false, 0);
  return out;
}

boost::json::object MessageJson(const Message& m) {
  boost::json::object params;
  for (const auto& [name, value] : m.params) params[name] = value;
  return {{"code", m.code}, {"params", std::move(params)}, {"message", m.text}};
}

}  // namespace chainscope
