// tests: accounts added with the CLI (`chainscope user add`) to a database a `chainscope serve` process
// serves, and a client signed in through the API as the dashboard does (session cookie, CSRF header).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "server/accounts_util.h"
#include "server/http_client.h"
#include "test_util.h"

namespace chainscope::testing {

/// `chainscope user add` (a member when `enterprise` is given).
inline void AddUser(const std::string& db, const std::string& email, const std::string& role,
                    const std::string& enterprise = "") {
  const std::string command = "printf '" + std::string(kTestPassword) + "\\n' | " + testing::ChainscopeBin() +
                              " user add --db " + db + " --email " + email + " --role " + role +
                              (enterprise.empty() ? "" : " --enterprise " + enterprise) +
                              " --password-stdin > /dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

/// Signs `email` in on `c` and sends the session cookie and the dashboard's CSRF header from then on.
inline void SignIn(Client& c, const std::string& email) {
  const RawResponse r =
      c.Call("POST", "/api/v1/auth/login",
             R"({"email":")" + email + R"(","password":")" + std::string(kTestPassword) + R"("})");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookie = r.Header("Set-Cookie");
  c.always = "Cookie: " + cookie.substr(0, cookie.find(';')) + "\r\nX-Requested-With: chainscope\r\n";
}

}  // namespace chainscope::testing
