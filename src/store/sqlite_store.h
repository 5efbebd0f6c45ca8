// store: the SQLite store — one file, WAL journal, foreign keys on, one transaction per dataset write.
#pragma once

#include <mutex>
#include <string>

#include "core/schema.h"
#include "store/store.h"

struct sqlite3;

namespace chainscope {

class SqliteStore final : public Store {
 public:
  /// Opens or creates the file and applies pending migrations. Throws Error.
  explicit SqliteStore(std::string path);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  void ReplaceDataset(const Dataset& d) override;
  Dataset LoadDataset(StoreRevision* at = nullptr) override;
  Market LoadMarket() override;
  StoreRevision Revision() override;
  std::uint64_t Create(Demand& record) override;
  std::uint64_t Create(Offer& record) override;
  std::uint64_t Update(std::string_view id, const std::function<Demand(const Demand&)>& change) override;
  std::uint64_t Update(std::string_view id, const std::function<Offer(const Offer&)>& change) override;
  void AddUser(User& user) override;
  std::vector<User> Users() override;
  std::optional<User> FindUser(std::string_view email) override;
  std::optional<User> UserById(std::int64_t id) override;
  void UpdateUser(std::string_view email, const std::function<User(const User&)>& change) override;
  void AddCredential(Credential& credential) override;
  std::optional<Credential> FindCredential(std::string_view secret_hash) override;
  std::vector<Credential> Credentials(std::int64_t user_id) override;
  void RevokeCredential(std::int64_t id) override;
  void RevokeCredentials(std::int64_t user_id) override;
  void TouchCredential(std::int64_t id) override;
  int SchemaVersion() override;
  std::string Kind() const override { return "sqlite"; }
  std::string Describe() const override { return "sqlite:" + path_; }

 private:
  void Exec(const std::string& sql);
  void Migrate();
  int SchemaVersionLocked();
  StoreRevision RevisionLocked();
  /// Bumps the revision (and the chain revision when `chain`); inside a write transaction.
  std::uint64_t BumpRevision(bool chain);
  void ReadTable(const TableSpec& spec, Dataset& into);
  std::optional<User> FindUserLocked(std::string_view email);
  /// Generic create/replace over one market table (row 0 of `one`); see Store::Create / Store::Replace.
  std::uint64_t CreateRow(Table table, std::string_view prefix, Dataset& one);
  std::uint64_t UpdateRow(Table table, std::string_view id,
                          const std::function<Dataset(const Dataset&)>& change);
  template <class F>
  auto InTransaction(F&& work);
  std::mutex mutex_;  // one connection: one caller at a time
  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace chainscope
