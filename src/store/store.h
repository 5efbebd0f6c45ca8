// store: persistence of a whole dataset behind one narrow interface, so that engines never see SQL and a
// PostgreSQL store can be added beside SQLite without touching them. The schema is created and upgraded
// by numbered migrations (migrations.h).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/model.h"

namespace chainscope {

class Store {
 public:
  virtual ~Store() = default;
  /// Replaces every table in one transaction: on any failure nothing changes. Throws Error.
  virtual void ReplaceDataset(const Dataset& d) = 0;
  /// Every table in insertion order (so export is stable).
  virtual Dataset LoadDataset() = 0;
  /// Inserts a demand or offer, or updates the one with the same id in place. Throws Error (e.g. unknown
  /// buyer: the foreign keys hold).
  virtual void Put(const Demand& d) = 0;
  virtual void Put(const Offer& o) = 0;
  /// Number of the newest migration applied.
  virtual int SchemaVersion() = 0;
  /// "sqlite:PATH", for messages.
  virtual std::string Describe() const = 0;
};

/// Opens (creating and migrating as needed) the store named by `url`: a SQLite file path, or
/// "sqlite:PATH". Throws Error for an unusable path or an unsupported scheme.
std::unique_ptr<Store> OpenStore(std::string_view url);

}  // namespace chainscope
