#include <gtest/gtest.h>

#include <sqlite3.h>

#include "io/dataset_io.h"
#include "store/migrations.h"
#include "store/store.h"
#include "test_util.h"

namespace chainscope {
namespace {

std::string Pragma(const std::filesystem::path& db, const char* sql) {
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(h, sql, -1, &s, nullptr);
  std::string out;
  if (sqlite3_step(s) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(h);
  return out;
}

TEST(SqliteStore, MigratesOnceAndReopens) {
  testing::TempDir tmp;
  const auto path = tmp / "s.db";
  {
    auto store = OpenStore(path.string());
    EXPECT_EQ(store->SchemaVersion(), Migrations().back().version);
    EXPECT_EQ(store->Describe(), "sqlite:" + path.string());
  }
  auto again = OpenStore("sqlite:" + path.string());
  EXPECT_EQ(again->SchemaVersion(), Migrations().back().version);
  EXPECT_EQ(Pragma(path, "SELECT COUNT(*) FROM schema_migrations"), std::to_string(std::size(kMigrations)));
  EXPECT_EQ(Pragma(path, "PRAGMA journal_mode"), "wal");
}

TEST(SqliteStore, StoresAndLoadsEveryTableExactly) {
  testing::TempDir tmp;
  auto store = OpenStore((tmp / "s.db").string());
  const Dataset mini = ReadDataset(testing::MiniDataset());
  store->ReplaceDataset(mini);
  EXPECT_EQ(DatasetToJson(store->LoadDataset()), DatasetToJson(mini));
  // Replacing again leaves one copy, not two.
  store->ReplaceDataset(mini);
  EXPECT_EQ(store->LoadDataset().links.size(), mini.links.size());
}

TEST(SqliteStore, AFailedWriteChangesNothing) {
  testing::TempDir tmp;
  auto store = OpenStore((tmp / "s.db").string());
  const Dataset mini = ReadDataset(testing::MiniDataset());
  store->ReplaceDataset(mini);
  // Bypass validation: the database's own foreign keys must stop this, and roll everything back.
  Dataset broken = mini;
  broken.places.pop_back();
  broken.links.push_back({"oem1", "ghost", "BAT-PACK", 1, 1, 1, 0});
  try {
    store->ReplaceDataset(broken);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("FOREIGN KEY"), std::string::npos) << e.what();
  }
  EXPECT_EQ(DatasetToJson(store->LoadDataset()), DatasetToJson(mini));
}

TEST(SqliteStore, UnusablePathsAndSchemes) {
  EXPECT_THROW(OpenStore("/nonexistent-dir/x/y.db"), Error);
  EXPECT_THROW(OpenStore(""), Error);
  try {
    OpenStore("postgresql://localhost/chainscope");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("PostgreSQL store is not built yet"), std::string::npos);
  }
}

}  // namespace
}  // namespace chainscope
