#include "service/passwords.h"

#include <sodium.h>

#include <cstdint>

#include "core/model.h"
#include "service/secrets.h"

namespace chainscope {
namespace {

bool ValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    i += n;
  }
  return true;
}

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) >> 6) != 0x2;
  return n;
}

}  // namespace

void CheckPasswordPolicy(std::string_view password) {
  if (password.size() > 1024) throw InvalidInput("field 'password': longer than 1,024 bytes");
  if (!ValidUtf8(password)) throw InvalidInput("field 'password': not valid UTF-8");
  if (CodePoints(password) < 10) throw InvalidInput("field 'password': at least 10 characters are needed");
}

std::string HashPassword(std::string_view password) {
  CheckPasswordPolicy(password);
  EnsureSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw Error("password hashing ran out of memory");
  return out;
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  EnsureSodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string stored(hash);  // NUL-terminated, as libsodium reads it
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

}  // namespace chainscope
