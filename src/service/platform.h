// service: the platform's state and the one layer both front ends (HTTP API and CLI) call. It owns the
// current chain snapshot and market version, the store they come from, and the write path: writes are
// serialised, go to the store in one transaction each, and publish a new state only after the commit, so
// every acknowledged write is in the store. Another process's writes (the CLI, a second server) are seen
// by Refresh, which a server calls about twice a second.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/market.h"
#include "core/network.h"
#include "match/supply_book.h"
#include "store/store.h"

namespace chainscope {

/// One consistent view: the chain (rebuilt on import) and the market (changed by every market write).
/// The chain's Dataset holds no demands or offers; those are in `market`.
struct PlatformState {
  std::shared_ptr<const Network> chain;
  std::shared_ptr<const Market> market;
  StoreRevision revision;  // what the store was at when this state was published
};

class Platform {
 public:
  /// Over a store: loads the chain and the market. Writes go through the store.
  explicit Platform(std::unique_ptr<Store> store);
  /// Read-only over a dataset (no store): writes fail with ErrorCode::kReadOnly.
  explicit Platform(Dataset dataset);
  /// Over the store at `url` (a SQLite path or sqlite: URL, or a postgresql:// URL; see OpenStore).
  static std::shared_ptr<Platform> Open(const std::string& url);
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  /// The current state; hold the pointer for the whole of one request.
  std::shared_ptr<const PlatformState> state() const {
    std::lock_guard lock(state_mutex_);
    return state_;
  }
  bool writable() const { return store_ != nullptr; }
  /// The store, for services beside the market (accounts); null for a platform over a dataset.
  Store* store() const { return store_.get(); }
  std::string StoreKind() const;  // "sqlite", "postgresql" or "memory"
  int SchemaVersion() const { return schema_version_; }

  /// Reloads what another process changed since this platform last looked: the market when the store's
  /// revision moved, the chain too when an import happened. One small query when nothing changed.
  /// Returns true when a new state was published.
  bool Refresh();
  /// Calls Refresh every `interval` on a background thread until the platform is destroyed; a failed
  /// refresh (store unreachable) is logged and retried.
  void RefreshEvery(std::chrono::milliseconds interval);

  /// Runs one market write under the write lock: `write` stores the change (one store transaction) and
  /// returns the new revision; `apply` gives the in-memory market with the change. When the revision shows
  /// that another process wrote in between, the market is reloaded from the store instead of applied.
  /// Returns the published state. Cost: the store transaction plus O(rows / 64 + 64) — never a copy of the
  /// chain.
  std::shared_ptr<const PlatformState> WriteMarket(const std::function<std::uint64_t(Store&)>& write,
                                                   const std::function<Market(const Market&)>& apply);

  /// The supply book (offers and free capacity) of a state, built once per chain and offers version.
  std::shared_ptr<const SupplyBook> Book(const PlatformState& s) const;

 private:
  void Publish(std::shared_ptr<const Network> chain, std::shared_ptr<const Market> market, StoreRevision r);
  std::unique_ptr<Store> store_;
  int schema_version_ = 0;
  // A mutex rather than std::atomic<std::shared_ptr>: libstdc++ 12's lock-bit implementation of the latter is
  // opaque to ThreadSanitizer. Held only to copy or swap one pointer.
  mutable std::mutex state_mutex_;
  std::shared_ptr<const PlatformState> state_;
  std::mutex write_mutex_;  // one writer (or refresher) at a time; readers never wait
  mutable std::mutex book_mutex_;
  mutable std::shared_ptr<const Network> book_chain_;  // what book_ was built from
  mutable std::uint64_t book_offers_revision_ = 0;
  mutable std::shared_ptr<const SupplyBook> book_;
  std::jthread refresher_;  // declared last: stopped first
};

/// How often a server looks for other processes' writes.
inline constexpr int kRefreshMilliseconds = 500;

/// Splits a loaded dataset into the chain snapshot (no demands or offers) and its market.
PlatformState SplitDataset(Dataset d, StoreRevision revision);

}  // namespace chainscope
