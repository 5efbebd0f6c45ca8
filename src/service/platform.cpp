#include "service/platform.h"

#include <fmt/format.h>

#include "service/errors.h"
#include "service/log.h"

namespace chainscope {

PlatformState SplitDataset(Dataset d, StoreRevision revision) {
  auto market = std::make_shared<Market>();
  market->revision = revision.revision;
  market->offers_revision = revision.revision;
  market->demands = RecordTable<Demand>(d.demands);
  market->offers = RecordTable<Offer>(d.offers);
  d.demands.clear();
  d.offers.clear();
  return {Network::Build(std::move(d)), std::move(market), revision};
}

Platform::Platform(std::unique_ptr<Store> store) : store_(std::move(store)) {
  schema_version_ = store_->SchemaVersion();
  StoreRevision at;
  Dataset d = store_->LoadDataset(&at);
  state_ = std::make_shared<const PlatformState>(SplitDataset(std::move(d), at));
}

Platform::Platform(Dataset dataset) {
  state_ = std::make_shared<const PlatformState>(SplitDataset(std::move(dataset), {}));
}

std::shared_ptr<Platform> Platform::Open(const std::string& url) {
  return std::make_shared<Platform>(OpenStore(url));
}

Platform::~Platform() {
  if (refresher_.joinable()) {
    refresher_.request_stop();
    refresher_.join();
  }
}

void Platform::RefreshEvery(std::chrono::milliseconds interval) {
  if (!store_ || refresher_.joinable()) return;
  refresher_ = std::jthread([this, interval](std::stop_token stop) {
    // A store that announces writes (PostgreSQL's NOTIFY) wakes the refresh at once; every `interval` it
    // runs anyway, for stores that cannot announce (SQLite) and for announcements lost in transit. The
    // wait is cut in short slices so that stopping is quick.
    constexpr auto kSlice = std::chrono::milliseconds(100);
    auto next = std::chrono::steady_clock::now() + interval;
    while (!stop.stop_requested()) {
      bool announced = false;
      try {
        announced = store_->WaitForWrite(std::min(kSlice, interval));
      } catch (const std::exception& e) {
        LogEvent(LogLevel::kWarn, fmt::format("waiting for the store's writes failed: {}", e.what()));
      }
      if (stop.stop_requested()) break;
      if (!announced && std::chrono::steady_clock::now() < next) continue;
      next = std::chrono::steady_clock::now() + interval;
      try {
        Refresh();
      } catch (const std::exception& e) {
        LogEvent(LogLevel::kWarn, fmt::format("refresh from the store failed (retrying): {}", e.what()));
      }
    }
  });
}

std::string Platform::StoreKind() const {
  return store_ ? store_->Kind() : "memory";
}

void Platform::Publish(std::shared_ptr<const Network> chain, std::shared_ptr<const Market> market,
                       StoreRevision r) {
  auto next = std::make_shared<const PlatformState>(PlatformState{std::move(chain), std::move(market), r});
  std::lock_guard lock(state_mutex_);
  state_.swap(next);  // the old state is freed with `next`, after the lock is released
}

bool Platform::Refresh() {
  if (!store_) return false;
  std::lock_guard lock(write_mutex_);
  const auto current = state();
  const StoreRevision now = store_->Revision();
  if (now == current->revision) return false;
  if (now.chain_revision != current->revision.chain_revision) {
    StoreRevision at;
    Dataset d = store_->LoadDataset(&at);
    PlatformState next = SplitDataset(std::move(d), at);
    Publish(std::move(next.chain), std::move(next.market), at);
    return true;
  }
  auto market = std::make_shared<Market>(store_->LoadMarket());
  market->offers_revision = market->revision;
  const StoreRevision at{market->revision, current->revision.chain_revision};
  Publish(current->chain, std::move(market), at);
  return true;
}

std::shared_ptr<const PlatformState> Platform::WriteMarket(
    const std::function<std::uint64_t(Store&)>& write, const std::function<Market(const Market&)>& apply) {
  if (!store_) throw ServiceError(ErrorCode::kReadOnly, "this server has no writable store");
  std::lock_guard lock(write_mutex_);
  const auto current = state();
  const std::uint64_t revision = write(*store_);
  std::shared_ptr<Market> market;
  if (revision == current->revision.revision + 1) {
    market = std::make_shared<Market>(apply(*current->market));
  } else {  // someone else wrote since our last look: take the store's market, ours included
    market = std::make_shared<Market>(store_->LoadMarket());
    market->offers_revision = market->revision;  // (a changed chain is Refresh's to load)
  }
  market->revision = std::max(market->revision, revision);
  StoreRevision at{market->revision, current->revision.chain_revision};
  Publish(current->chain, market, at);
  return state();
}

std::shared_ptr<const SupplyBook> Platform::Book(const PlatformState& s) const {
  std::lock_guard lock(book_mutex_);
  if (book_chain_ != s.chain || book_offers_revision_ != s.market->offers_revision) {
    // Holding the chain keeps its address from being reused by a newer one.
    book_ = std::make_shared<const SupplyBook>(*s.chain, s.market->offers);
    book_chain_ = s.chain;
    book_offers_revision_ = s.market->offers_revision;
  }
  return book_;
}

}  // namespace chainscope
