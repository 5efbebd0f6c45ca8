// store: the PostgreSQL engine (libpqxx 6.4) — a small pool of connections, writers serialised by one
// transaction-level advisory lock (so the audit chain has one head and read-modify-write never loses an
// update), claims with FOR UPDATE SKIP LOCKED, imports streamed with COPY, and a NOTIFY on every committed
// write that other servers LISTEN for. Several `chainscope serve` instances share one database this way.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/store.h"

namespace chainscope {

/// Connections each PostgreSQL store keeps (the server's compute pool and I/O threads share them).
inline constexpr std::size_t kPostgresConnections = 4;
/// The channel every write is announced on.
inline constexpr std::string_view kRevisionChannel = "chainscope_revision";

/// Opens the database named by a libpq URL (postgresql://user@host/db, …?host=/socket/dir) and applies
/// pending migrations under the write lock, so instances starting together migrate once. Throws Error.
std::unique_ptr<Store> OpenPostgresStore(const std::string& url);

/// The URL with any password replaced by "***", for operators' messages.
std::string RedactedUrl(std::string_view url);

}  // namespace chainscope
