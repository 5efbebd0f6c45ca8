#include "core/account.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/model.h"

namespace chainscope {

std::string_view ToString(AccountRole r) {
  switch (r) {
    case AccountRole::kAdmin:
      return "admin";
    case AccountRole::kAnalyst:
      return "analyst";
    case AccountRole::kMember:
      return "member";
    case AccountRole::kBureau:
      return "bureau";
    case AccountRole::kCoordinator:
      return "coordinator";
  }
  return "member";
}

std::string_view ToString(Credential::Kind k) {
  return k == Credential::Kind::kToken ? "token" : "session";
}

std::optional<AccountRole> ParseAccountRole(std::string_view text) {
  for (AccountRole r : kAccountRoles)
    if (ToString(r) == text) return r;
  return std::nullopt;
}

std::string NormalizeEmail(std::string_view email) {
  while (!email.empty() && std::isspace(static_cast<unsigned char>(email.front()))) email.remove_prefix(1);
  while (!email.empty() && std::isspace(static_cast<unsigned char>(email.back()))) email.remove_suffix(1);
  std::string out(email);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::size_t at = out.find('@');
  const bool shape_ok = out.size() >= 3 && out.size() <= 254 && at != std::string::npos && at > 0 &&
                        out.find('@', at + 1) == std::string::npos &&
                        out.find('.', at + 2) != std::string::npos && out.back() != '.';
  const bool chars_ok = std::none_of(out.begin(), out.end(), [](unsigned char c) {
    return c <= 0x20 || c == 0x7f || c == '"' || c == ',' || c == ';' || c == '<' || c == '>';
  });
  if (!shape_ok || !chars_ok)
    throw InvalidInput(fmt::format("field 'email': '{}' is not an email address", std::string(email)));
  return out;
}

void CheckUserShape(const User& u) {
  if (u.role == AccountRole::kMember && u.enterprise.empty())
    throw InvalidInput("field 'enterprise': a member belongs to one enterprise");
  if (u.role != AccountRole::kMember && !u.enterprise.empty())
    throw InvalidInput(fmt::format("field 'enterprise': only a member belongs to an enterprise (role {})",
                                   ToString(u.role)));
  if (u.role == AccountRole::kBureau && u.place.empty())
    throw InvalidInput("field 'place': a bureau is the bureau of one place");
  if (u.role != AccountRole::kBureau && !u.place.empty())
    throw InvalidInput(fmt::format("field 'place': only a bureau has a place (role {})", ToString(u.role)));
  if (u.enterprise_admin && u.role != AccountRole::kMember)
    throw InvalidInput("field 'enterprise_admin': only a member administers an enterprise");
}

}  // namespace chainscope
