// service: the local operator's use cases on one database — what the CLI's import, export, info, user and
// audit commands do — so that no front end talks to the store itself. The operator is LocalOperator():
// every write is audited under "local operator".
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "analytics/dedupe.h"
#include "core/account.h"
#include "core/audit.h"
#include "core/model.h"
#include "dataset/generator.h"
#include "service/accounts.h"
#include "service/analytics.h"
#include "service/imports.h"
#include "store/store.h"

namespace chainscope {

/// The calibrated dataset (dataset/generator.h): what `chainscope generate` writes. O(size).
Dataset GenerateCalibratedDataset(const GeneratorOptions& options);

class Database {
 public:
  /// Opens the store at `url` (created and migrated as needed; see OpenStore).
  explicit Database(const std::string& url);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  std::string Describe() const;  // "sqlite /path" or "postgresql host/db" (no password)
  int SchemaVersion() const;
  /// The whole dataset: chain and market.
  Dataset Load() const;

  /// Replaces the chain and market with `d` in one transaction (a crash leaves the old data or the new,
  /// whole). Returns the likely duplicate enterprises the import brings in — pairs with at least one
  /// enterprise the store did not have — for a warning: nothing is merged.
  DuplicateReport Import(const Dataset& d);

  /// Imports a spreadsheet of one kind (service/imports.h) as the local operator, planned against the
  /// stored data.
  ImportAnswer ImportTable(const ImportRequest& request);

  /// Merges enterprise `drop` into `keep` (MergeEnterprisesIn), audited as the local operator.
  EnterpriseMerge Merge(const std::string& keep, const std::string& drop);

  /// Account administration (add, disable, enable, reset a password).
  Accounts& accounts() { return *accounts_; }
  std::vector<User> Users() const;

  /// Adds the synthetic demonstration registry of the joint investment-promotion pilot (policies and about
  /// 200 leads over the stored chain) to an empty registry; returns the leads added (SeedPromotionDemo).
  std::size_t SeedPromotionDemo();
  bool PromotionRegistryHasLeads() const;

  /// Walks the whole audit trail: every hash and link to the previous row.
  AuditVerification VerifyAudit() const;
  /// The trail's rows passing `query` (as NormalizedAuditFilter reads it, naming parameters with `name`).
  std::vector<AuditRecord> AuditTrail(const AuditQuery& query,
                                      const std::function<std::string(std::string_view)>& name) const;

 private:
  std::unique_ptr<Store> store_;
  std::unique_ptr<Accounts> accounts_;
};

}  // namespace chainscope
