// tests: accounts and API tokens for tests through the API — made through the service, as the CLI does.
#pragma once

#include <string>
#include <utility>

#include "server/api.h"
#include "service/accounts.h"
#include "store/store.h"

namespace chainscope::testing {

/// The password of every test account.
inline constexpr std::string_view kTestPassword = "correct horse battery";

struct TestAccount {
  User user;
  std::string token;  // a bearer token of the account
  /// The header line for a raw HTTP request.
  std::string AuthLine() const { return "Authorization: Bearer " + token + "\r\n"; }
  std::pair<std::string, std::string> AuthHeader() const { return {"Authorization", "Bearer " + token}; }
};

/// An existing account (made through the API: an approval, an invitation) with a 30-day API token.
inline TestAccount AccountFor(Store& store, const std::string& email) {
  Accounts accounts(store);
  TestAccount a;
  a.user = *store.FindUser(email);
  Principal p;
  p.user_id = a.user.id;
  p.email = a.user.email;
  p.role = a.user.role;
  p.enterprise = a.user.enterprise;
  p.place = a.user.place;
  p.enterprise_admin = a.user.enterprise_admin;
  a.token = accounts.IssueToken(p, "test", 30).secret;
  return a;
}

/// A new account (role admin, analyst, coordinator, member of the enterprise `of`, bureau of the place `of`)
/// with a 30-day API token.
inline TestAccount AddTestAccount(Store& store, const std::string& email, const std::string& role,
                                  const std::string& of = "", bool enterprise_admin = false) {
  NewAccount account{.email = email, .role = role, .password = std::string(kTestPassword)};
  account.enterprise_admin = enterprise_admin;
  (role == "bureau" ? account.place : account.enterprise) = of;
  Accounts(store).AddUser(account);
  return AccountFor(store, email);
}

/// Options of an Api over a dataset (no store, no accounts) whose every request is the local operator.
inline ApiOptions OperatorOptions(ApiOptions o = {}) {
  o.without_accounts = LocalOperator();
  return o;
}

/// A request with the account's bearer token.
inline HttpRequest As(const TestAccount& a, std::string method, std::string target, std::string body = "") {
  HttpRequest r{std::move(method), std::move(target), std::move(body)};
  r.headers.push_back(a.AuthHeader());
  return r;
}

}  // namespace chainscope::testing
