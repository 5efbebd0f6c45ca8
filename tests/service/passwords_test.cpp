#include <gtest/gtest.h>

#include "core/account.h"
#include "core/model.h"
#include "service/passwords.h"

namespace chainscope {
namespace {

TEST(Passwords, Argon2idHashesVerifyAndNeverHoldThePassword) {
  const std::string password = "长安-Changan-2026!";
  const std::string hash = HashPassword(password);
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << hash;
  EXPECT_EQ(hash.find(password), std::string::npos);
  EXPECT_TRUE(VerifyPassword(hash, password));
  EXPECT_FALSE(VerifyPassword(hash, "长安-Changan-2026?"));
  EXPECT_FALSE(VerifyPassword(hash, ""));
  EXPECT_NE(HashPassword(password), hash);  // a fresh salt every time
  EXPECT_FALSE(VerifyPassword("", password));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", password));
}

TEST(Passwords, PolicyNamesTheField) {
  for (const std::string& bad : {std::string("short"), std::string("九个字的密码不够长"),
                                 std::string(1025, 'x'), std::string("bad utf-8 \xff\xfe here")}) {
    try {
      CheckPasswordPolicy(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const InvalidInput& e) {
      EXPECT_TRUE(std::string_view(e.what()).starts_with("field 'password'")) << e.what();
    }
  }
  EXPECT_NO_THROW(CheckPasswordPolicy("十个汉字组成的一个密码"));  // 10 characters, 30 bytes
  EXPECT_THROW(HashPassword("short"), InvalidInput);
}

TEST(Accounts, EmailsAndRoles) {
  EXPECT_EQ(NormalizeEmail(" Li.Wei@Changan.COM.cn "), "li.wei@changan.com.cn");
  for (const char* bad : {"", "a@b", "@x.cn", "a@@x.cn", "a b@x.cn", "a@x.", "a@.cn", "a<b@x.cn"})
    EXPECT_THROW(NormalizeEmail(bad), InvalidInput) << bad;
  EXPECT_EQ(ParseAccountRole("analyst"), AccountRole::kAnalyst);
  EXPECT_FALSE(ParseAccountRole("root"));
  EXPECT_EQ(ToString(AccountRole::kMember), "member");
}

}  // namespace
}  // namespace chainscope

#include "service/secrets.h"

namespace chainscope {
namespace {

TEST(Secrets, RandomUrlSafeAndStoredOnlyAsAHash) {
  const std::string a = IssueSecret(kTokenPrefix), b = IssueSecret(kTokenPrefix);
  EXPECT_NE(a, b);
  ASSERT_EQ(a.size(), kTokenPrefix.size() + 43);  // 32 bytes in unpadded base64
  EXPECT_TRUE(a.starts_with("cs_t_"));
  for (char c : a.substr(kTokenPrefix.size()))
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << a;
  const std::string h = SecretHash(a);
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h, SecretHash(a));
  EXPECT_NE(h, SecretHash(b));
  EXPECT_EQ(h.find(a.substr(5)), std::string::npos);
  // BLAKE2b-256 of "abc" (RFC 7693 reference implementation, 32-byte digest).
  EXPECT_EQ(SecretHash("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

}  // namespace
}  // namespace chainscope
