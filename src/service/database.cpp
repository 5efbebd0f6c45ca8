#include "service/database.h"

#include "service/promotion.h"

#include <set>

namespace chainscope {

Dataset GenerateCalibratedDataset(const GeneratorOptions& options) {
  return GenerateDataset(options);
}

Database::Database(const std::string& url)
    : store_(OpenStore(url)), accounts_(std::make_unique<Accounts>(*store_)) {}

Database::~Database() = default;

std::string Database::Describe() const {
  return store_->Describe();
}

int Database::SchemaVersion() const {
  return store_->SchemaVersion();
}

Dataset Database::Load() const {
  return store_->LoadDataset();
}

bool Database::PromotionRegistryHasLeads() const {
  return RegistryHasLeads(*store_);
}

std::size_t Database::SeedPromotionDemo() {
  const std::shared_ptr<const Network> net = Network::Build(store_->LoadDataset());
  return chainscope::SeedPromotionDemo(*store_, *net);
}

DuplicateReport Database::Import(const Dataset& d) {
  std::set<std::string> existing;
  for (std::string& id : store_->EnterpriseIds()) existing.insert(std::move(id));
  DuplicateReport duplicates = FindDuplicates(d);
  store_->ReplaceDataset(d);
  std::erase_if(duplicates.pairs, [&](const DuplicatePair& p) {
    return existing.contains(d.enterprises[p.a].id) && existing.contains(d.enterprises[p.b].id);
  });
  return duplicates;
}

ImportAnswer Database::ImportTable(const ImportRequest& request) {
  Dataset chain = store_->LoadDataset();
  const std::shared_ptr<const Market> market = MarketOf(chain);
  chain.demands.clear();
  chain.offers.clear();
  return chainscope::ImportTable(store_.get(), chain, *market, LocalOperator(), request);
}

EnterpriseMerge Database::Merge(const std::string& keep, const std::string& drop) {
  AuditContext by;
  by.actor = "local operator";
  return MergeEnterprisesIn(*store_, keep, drop, by);
}

std::vector<User> Database::Users() const {
  return store_->Users();
}

AuditVerification Database::VerifyAudit() const {
  return VerifyAuditTrail(*store_);
}

std::vector<AuditRecord> Database::AuditTrail(
    const AuditQuery& query, const std::function<std::string(std::string_view)>& name) const {
  return store_->AuditTrail(NormalizedAuditFilter(query, name));
}

}  // namespace chainscope
