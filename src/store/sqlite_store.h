// store: the SQLite store — one file, WAL journal, foreign keys on, one transaction per dataset write.
#pragma once

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
  Dataset LoadDataset() override;
  void Put(const Demand& d) override;
  void Put(const Offer& o) override;
  int SchemaVersion() override;
  std::string Describe() const override { return "sqlite:" + path_; }

 private:
  void Exec(const std::string& sql);
  void Migrate();
  void Upsert(const TableSpec& spec, const Row& row);
  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace chainscope
