// service: passwords, hashed with Argon2id through libsodium (crypto_pwhash_str): 2 passes over 64 MiB
// (libsodium's INTERACTIVE limits), a random salt per hash; only the resulting string is ever stored.
#pragma once

#include <string>
#include <string_view>

namespace chainscope {

/// Refuses (InvalidInput, "field 'password': …") a password under 10 characters, over 1,024 bytes, or not
/// valid UTF-8.
void CheckPasswordPolicy(std::string_view password);

/// The Argon2id string ("$argon2id$v=19$m=65536,t=2,p=1$…") for a password that passes the policy.
std::string HashPassword(std::string_view password);

/// Whether `password` matches `hash` (constant time in libsodium); false for a malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);

}  // namespace chainscope
