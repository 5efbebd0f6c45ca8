// core: the market layer (DESIGN §5) — buyers' demands and suppliers' offers. They change often (every
// post, edit and close), while the chain (enterprises, capabilities, links, lines) changes only on import,
// so the market is kept apart from the chain snapshot: a market write makes a new Market that shares all
// but one chunk of each table with the old one, and never copies the dataset or rebuilds the network.
#pragma once

#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace chainscope {

/// An immutable table of records in chunks of kChunkRows. With/Appended return a new table that shares
/// every unchanged chunk: O(kChunkRows + rows / kChunkRows) per write instead of O(rows).
/// Rows keep their positions for the table's whole history (a replaced record keeps its index).
template <class T>
class RecordTable {
 public:
  static constexpr std::size_t kChunkRows = 64;

  RecordTable() = default;
  explicit RecordTable(const std::vector<T>& rows) {
    for (std::size_t i = 0; i < rows.size(); i += kChunkRows) {
      const auto end = rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), i + kChunkRows));
      chunks_.push_back(
          std::make_shared<const std::vector<T>>(rows.begin() + static_cast<std::ptrdiff_t>(i), end));
    }
    size_ = rows.size();
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](std::size_t i) const { return (*chunks_[i / kChunkRows])[i % kChunkRows]; }

  /// The position of the record with this id. O(rows) string comparisons (a few µs per thousand rows).
  std::optional<std::size_t> Find(std::string_view id) const {
    for (std::size_t c = 0; c < chunks_.size(); ++c)
      for (std::size_t i = 0; i < chunks_[c]->size(); ++i)
        if ((*chunks_[c])[i].id == id) return c * kChunkRows + i;
    return std::nullopt;
  }
  const T* FindRecord(std::string_view id) const {
    const auto at = Find(id);
    return at ? &(*this)[*at] : nullptr;
  }

  RecordTable Appended(T row) const {
    RecordTable next = *this;
    if (size_ % kChunkRows == 0) {
      next.chunks_.push_back(std::make_shared<const std::vector<T>>(std::vector<T>{std::move(row)}));
    } else {
      auto last = std::make_shared<std::vector<T>>(*chunks_.back());
      last->push_back(std::move(row));
      next.chunks_.back() = std::move(last);
    }
    ++next.size_;
    return next;
  }
  RecordTable Replaced(std::size_t at, T row) const {
    RecordTable next = *this;
    auto chunk = std::make_shared<std::vector<T>>(*chunks_[at / kChunkRows]);
    (*chunk)[at % kChunkRows] = std::move(row);
    next.chunks_[at / kChunkRows] = std::move(chunk);
    return next;
  }
  std::vector<T> ToVector() const {
    std::vector<T> out;
    out.reserve(size_);
    for (const auto& c : chunks_) out.insert(out.end(), c->begin(), c->end());
    return out;
  }

  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;
    Iterator() = default;
    Iterator(const RecordTable* t, std::size_t i) : table_(t), i_(i) {}
    const T& operator*() const { return (*table_)[i_]; }
    const T* operator->() const { return &(*table_)[i_]; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++i_;
      return old;
    }
    bool operator==(const Iterator& o) const { return i_ == o.i_; }

   private:
    const RecordTable* table_ = nullptr;
    std::size_t i_ = 0;
  };
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, size_}; }

 private:
  std::vector<std::shared_ptr<const std::vector<T>>> chunks_;
  std::size_t size_ = 0;
};

/// One version of the market. `revision` is the store's revision it was read at or written as.
struct Market {
  std::uint64_t revision = 0;
  std::uint64_t offers_revision = 0;  // the revision at which `offers` last changed (supply books key on it)
  RecordTable<Demand> demands;
  RecordTable<Offer> offers;
};

/// The market of a dataset (its demands and offers), e.g. for engines run on a dataset without a store.
inline std::shared_ptr<const Market> MarketOf(const Dataset& d, std::uint64_t revision = 0) {
  return std::make_shared<const Market>(
      Market{revision, revision, RecordTable<Demand>(d.demands), RecordTable<Offer>(d.offers)});
}

}  // namespace chainscope
