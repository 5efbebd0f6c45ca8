// service: the secrets of sessions and API tokens. A secret is a prefix and 32 random bytes (libsodium's
// CSPRNG) in URL-safe base64; only its BLAKE2b-256 hash is stored — a fast hash suffices, since 256 random
// bits cannot be guessed (passwords, which can, get Argon2id in service/passwords).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
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

/// The key that seals secrets the server must use again (webhook signing secrets), so that none is stored
/// in clear: XSalsa20-Poly1305 (crypto_secretbox) with a random nonce per secret. The key is 32 random
/// bytes in a file readable by its owner only (0600), made on first use; every server sharing a store
/// must be given the same file.
class SealingKey {
 public:
  /// Reads the key file, or creates it. Throws Error for an unreadable file or one of the wrong size.
  static SealingKey LoadOrCreate(const std::filesystem::path& file);
  /// A key from 32 bytes (tests).
  explicit SealingKey(const std::array<unsigned char, 32>& bytes) : key_(bytes) {}
  /// base64(nonce ‖ ciphertext).
  std::string Seal(std::string_view plaintext) const;
  /// Throws Error when the text was not sealed with this key (or was altered).
  std::string Open(std::string_view sealed) const;

 private:
  std::array<unsigned char, 32> key_;
};

/// A webhook signing secret as Standard Webhooks writes it: "whsec_" + base64 of 32 random bytes.
std::string IssueWebhookSecret();
/// The Standard Webhooks signature header value: "v1," + base64(HMAC-SHA256(the secret's bytes,
/// msg_id + "." + timestamp + "." + body)). Throws Error for a secret not in the whsec_ form.
std::string WebhookSignature(std::string_view secret, std::string_view msg_id, std::int64_t timestamp,
                             std::string_view body);

}  // namespace chainscope
