// store: the SQLite engine — one file, WAL journal, foreign keys on, a few connections (reads side by side,
// never waiting for the writer; this process's writers queue on one mutex and other processes' in SQLite's
// busy handler, BEGIN IMMEDIATE serialising them all); the audit trail made append-only by triggers.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "store/store.h"

namespace chainscope {

/// Connections of a file store (an in-memory database has one: it is private to its connection).
inline constexpr std::size_t kSqliteConnections = 4;
/// How often a file store copies its write-ahead log back into the database (off the writers' path).
inline constexpr std::chrono::milliseconds kSqliteCheckpointInterval{200};

/// Opens or creates the file and applies pending migrations. Throws Error.
std::unique_ptr<Store> OpenSqliteStore(const std::string& path);

}  // namespace chainscope
