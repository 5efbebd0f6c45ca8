#include "store/store.h"

#include <fmt/format.h>
#include <sodium.h>

#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace chainscope {

std::string AuditHash(const AuditRecord& r) {
  if (sodium_init() < 0) throw Error("libsodium cannot be initialised");
  const std::string form = AuditCanonicalForm(r);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(form.data()), form.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

AuditVerification VerifyAuditTrail(Store& store) {
  AuditVerification out;
  AuditQuery page;
  page.newest_first = false;
  page.limit = 10'000;
  std::string prev(kAuditGenesisHash);
  std::int64_t expected_id = 1;
  for (;;) {
    const std::vector<AuditRecord> rows = store.AuditTrail(page);
    for (const AuditRecord& r : rows) {
      ++out.rows;
      std::string problem;
      if (r.id != expected_id)
        problem = fmt::format("row {} follows row {}: a row is missing", r.id, expected_id - 1);
      else if (r.prev_hash != prev)
        problem = "its link to the previous row does not match that row's hash";
      else if (AuditHash(r) != r.hash)
        problem = "its content does not match its hash: the row was edited";
      if (!problem.empty()) {
        out.first_bad_id = r.id;
        out.problem = std::move(problem);
        return out;
      }
      prev = r.hash;
      expected_id = r.id + 1;
      page.after_id = r.id;
    }
    if (rows.size() < page.limit) return out;
  }
}

std::unique_ptr<Store> OpenStore(std::string_view url) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return OpenPostgresStore(std::string(url));
  if (url.starts_with("sqlite:")) url.remove_prefix(7);
  if (url.empty()) throw Error("empty database path");
  return OpenSqliteStore(std::string(url));
}

}  // namespace chainscope
