#include "service/secrets.h"

#include <sodium.h>

#include <sys/stat.h>

#include <array>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "core/model.h"

namespace chainscope {

void EnsureSodium() {
  static const int ready = sodium_init();
  if (ready < 0) throw Error("libsodium could not be initialized");
}

std::string IssueSecret(std::string_view prefix) {
  EnsureSodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::array<char, sodium_base64_ENCODED_LEN(32, kVariant)> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), kVariant);
  sodium_memzero(bytes.data(), bytes.size());
  return std::string(prefix) + text.data();
}

std::string SecretHash(std::string_view secret) {
  EnsureSodium();
  std::array<unsigned char, crypto_generichash_BYTES> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), hash.data(), hash.size());
  return hex.data();
}

namespace {

std::string Base64(const unsigned char* bytes, std::size_t size) {
  std::vector<char> text(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL));
  sodium_bin2base64(text.data(), text.size(), bytes, size, sodium_base64_VARIANT_ORIGINAL);
  return text.data();
}

std::vector<unsigned char> FromBase64(std::string_view text) {
  std::vector<unsigned char> bytes(text.size());
  std::size_t size = 0;
  if (sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &size, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    throw Error("not base64");
  bytes.resize(size);
  return bytes;
}

}  // namespace

SealingKey SealingKey::LoadOrCreate(const std::filesystem::path& file) {
  EnsureSodium();
  std::array<unsigned char, 32> key{};
  if (std::filesystem::exists(file)) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) throw Error(fmt::format("cannot read the key file {}", file.string()));
    if (bytes.size() != key.size())
      throw Error(fmt::format("the key file {} is not a chainscope key (32 bytes)", file.string()));
    std::copy(bytes.begin(), bytes.end(), key.begin());
    return SealingKey(key);
  }
  randombytes_buf(key.data(), key.size());
  const std::filesystem::path partial = file.string() + ".new";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    ::chmod(partial.c_str(), 0600);
    out.write(reinterpret_cast<const char*>(key.data()), static_cast<std::streamsize>(key.size()));
    if (!out) throw Error(fmt::format("cannot write the key file {}", file.string()));
  }
  std::filesystem::rename(partial, file);
  return SealingKey(key);
}

std::string SealingKey::Seal(std::string_view plaintext) const {
  EnsureSodium();
  std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size());
  randombytes_buf(box.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        box.data(), key_.data());
  return Base64(box.data(), box.size());
}

std::string SealingKey::Open(std::string_view sealed) const {
  EnsureSodium();
  std::vector<unsigned char> box;
  try {
    box = FromBase64(sealed);
  } catch (const Error&) {
    throw Error("a sealed secret is damaged");
  }
  if (box.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    throw Error("a sealed secret is damaged");
  std::string plain(box.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 box.data() + crypto_secretbox_NONCEBYTES,
                                 box.size() - crypto_secretbox_NONCEBYTES, box.data(), key_.data()) != 0)
    throw Error("a sealed secret does not open with this server's key (another key file?)");
  return plain;
}

std::string IssueWebhookSecret() {
  EnsureSodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string out = "whsec_" + Base64(bytes.data(), bytes.size());
  sodium_memzero(bytes.data(), bytes.size());
  return out;
}

std::string WebhookSignature(std::string_view secret, std::string_view msg_id, std::int64_t timestamp,
                             std::string_view body) {
  EnsureSodium();
  constexpr std::string_view kPrefix = "whsec_";
  if (!secret.starts_with(kPrefix)) throw Error("a webhook secret must start with whsec_");
  const std::vector<unsigned char> key = FromBase64(secret.substr(kPrefix.size()));
  const std::string signed_content = fmt::format("{}.{}.{}", msg_id, timestamp, body);
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(signed_content.data()),
                                signed_content.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  return "v1," + Base64(mac.data(), mac.size());
}

}  // namespace chainscope
