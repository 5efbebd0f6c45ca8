// service: the secrets of sessions and API tokens. A secret is a prefix and 32 random bytes (libsodium's
// CSPRNG) in URL-safe base64; only its BLAKE2b-256 hash is stored — a fast hash suffices, since 256 random
// bits cannot be guessed (passwords, which can, get Argon2id in service/passwords).
#pragma once

#include <string>
#include <string_view>

namespace chainscope {

inline constexpr std::string_view kSessionPrefix = "cs_s_";
inline constexpr std::string_view kTokenPrefix = "cs_t_";

/// Initializes libsodium once (thread-safe); throws Error when it cannot (no randomness available).
void EnsureSodium();

/// prefix + 43 characters of URL-safe base64 (no padding).
std::string IssueSecret(std::string_view prefix);

/// The hash stored for a secret: 64 lower-case hex digits.
std::string SecretHash(std::string_view secret);

}  // namespace chainscope
