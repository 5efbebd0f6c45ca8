#include "store/store.h"

#include <fmt/format.h>

#include "store/sqlite_store.h"

namespace chainscope {

std::unique_ptr<Store> OpenStore(std::string_view url) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    throw Error(fmt::format("{}: the PostgreSQL store is not built yet; use a SQLite file path", url));
  if (url.starts_with("sqlite:")) url.remove_prefix(7);
  if (url.empty()) throw Error("empty database path");
  return std::make_unique<SqliteStore>(std::string(url));
}

}  // namespace chainscope
