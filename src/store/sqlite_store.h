// store: the SQLite engine — one file, WAL journal, foreign keys on, one connection (so one caller at a time
// and writers serialised by BEGIN IMMEDIATE); the audit trail made append-only by triggers.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace chainscope {

/// Opens or creates the file and applies pending migrations. Throws Error.
std::unique_ptr<Store> OpenSqliteStore(const std::string& path);

}  // namespace chainscope
