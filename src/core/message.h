// core: a text for people as a stable code with named parameters, beside its English wording. Engines and
// services return these for every reason, warning and explanation a person reads; the dashboard renders the
// code in its language (web/src/i18n/messages.ts, under `reason`), the CLI and the logs print the English
// text. Parameter values are texts: numbers already written in plain decimals, ids and names as they are
// (a name in both languages takes two parameters, `x_name` and `x_name_zh`).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace chainscope {

struct Message {
  std::string code;  // "match.too_far", … (stable: clients key on it)
  std::vector<std::pair<std::string, std::string>> params;  // name → value
  std::string text;                                         // English
};

/// Texts of the messages, in order (for the CLI, logs and the API's plain-text lists).
inline std::vector<std::string> TextsOf(const std::vector<Message>& messages) {
  std::vector<std::string> out;
  out.reserve(messages.size());
  for (const Message& m : messages) out.push_back(m.text);
  return out;
}

}  // namespace chainscope
