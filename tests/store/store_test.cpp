#include <gtest/gtest.h>

#include <sqlite3.h>

#include <atomic>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "io/dataset_io.h"
#include "store/migrations.h"
#include "store/store.h"
#include "store_backends.h"
#include "test_util.h"
#include "with_duplicates.h"

namespace chainscope {
namespace {

std::string Pragma(const std::filesystem::path& db, const char* sql) {
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(h, sql, -1, &s, nullptr);
  std::string out;
  if (sqlite3_step(s) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(h);
  return out;
}

/// Every test below runs against each backend (store_backends.h).
class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  testing::TestDatabase db_{GetParam()};
};

TEST_P(StoreTest, MigratesOnceAndReopens) {
  {
    auto store = db_.Open();
    EXPECT_EQ(store->SchemaVersion(), Migrations().back().version);
    EXPECT_EQ(store->Kind(), GetParam());
  }
  auto again = db_.Open();
  EXPECT_EQ(again->SchemaVersion(), Migrations().back().version);
  if (db_.postgresql()) return;
  const std::filesystem::path path = db_.url();
  EXPECT_EQ(again->Describe(), "sqlite:" + path.string());
  EXPECT_EQ(OpenStore("sqlite:" + path.string())->SchemaVersion(), Migrations().back().version);
  EXPECT_EQ(Pragma(path, "SELECT COUNT(*) FROM schema_migrations"), std::to_string(std::size(kMigrations)));
  EXPECT_EQ(Pragma(path, "PRAGMA journal_mode"), "wal");
}

TEST_P(StoreTest, StoresAndLoadsEveryTableExactly) {
  auto store = db_.Open();
  const Dataset mini = ReadDataset(testing::MiniDataset());
  store->ReplaceDataset(mini);
  EXPECT_EQ(DatasetToJson(store->LoadDataset()), DatasetToJson(mini));
  std::vector<std::string> ids = store->EnterpriseIds(), expected;
  for (const Enterprise& e : mini.enterprises) expected.push_back(e.id);
  std::ranges::sort(ids);
  std::ranges::sort(expected);
  EXPECT_EQ(ids, expected);
  // Replacing again leaves one copy, not two.
  store->ReplaceDataset(mini);
  EXPECT_EQ(store->LoadDataset().links.size(), mini.links.size());
}

TEST_P(StoreTest, AFailedWriteChangesNothing) {
  auto store = db_.Open();
  const Dataset mini = ReadDataset(testing::MiniDataset());
  store->ReplaceDataset(mini);
  // Bypass validation: the database's own foreign keys must stop this, and roll everything back.
  Dataset broken = mini;
  broken.places.pop_back();
  broken.links.push_back({"oem1", "ghost", "BAT-PACK", 1, 1, 1, 0});
  try {
    store->ReplaceDataset(broken);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_TRUE(message.find("FOREIGN KEY") != std::string::npos ||
                message.find("violates foreign key constraint") != std::string::npos)
        << message;
  }
  EXPECT_EQ(DatasetToJson(store->LoadDataset()), DatasetToJson(mini));
}

Demand NewDemand(std::string id = "") {
  Demand d;
  d.id = std::move(id);
  d.buyer = "oem1";
  d.component = "CHS-EPS";
  d.annual_quantity = 100;
  d.start_date = "2027-01-01";
  return d;
}

TEST_P(StoreTest, CreatesAllocateIdsInsideTheTransactionAndBumpTheRevision) {
  auto store = db_.Open();
  store->ReplaceDataset(ReadDataset(testing::MiniDataset()));  // holds DM1 and OF1
  const StoreRevision imported = store->Revision();
  EXPECT_EQ(imported.chain_revision, imported.revision);
  Demand a = NewDemand(), b = NewDemand("DM00003"), c = NewDemand();
  EXPECT_EQ(store->Create(a), imported.revision + 1);
  EXPECT_EQ(a.id, "DM00002");  // after the imported DM1
  EXPECT_EQ(store->Create(b), imported.revision + 2);
  store->Create(c);
  EXPECT_EQ(c.id, "DM00004");  // DM00003 was taken by hand: skipped
  Demand again = NewDemand("DM00003");
  EXPECT_THROW(store->Create(again), Conflict);
  Demand ghost = NewDemand();
  ghost.buyer = "nobody";
  EXPECT_THROW(store->Create(ghost), InvalidInput);              // the foreign key holds
  EXPECT_EQ(store->Revision().revision, imported.revision + 3);  // failures bump nothing
  EXPECT_EQ(store->Revision().chain_revision, imported.chain_revision);
  EXPECT_EQ(store->LoadMarket().demands.size(), 4u);
}

TEST_P(StoreTest, AnUpdateWhoseCheckThrowsChangesNothing) {
  auto store = db_.Open();
  store->ReplaceDataset(ReadDataset(testing::MiniDataset()));
  const auto before = store->Revision();
  const std::function<Demand(const Demand&)> refuse = [](const Demand&) -> Demand {
    throw PreconditionFailed("stale");
  };
  EXPECT_THROW(store->Update("DM1", refuse), PreconditionFailed);
  EXPECT_EQ(store->Revision(), before);
  const std::function<Demand(const Demand&)> close = [](const Demand& d) {
    Demand c = d;
    c.open = false;
    return c;
  };
  EXPECT_EQ(store->Update("DM1", close), before.revision + 1);
  const Market m = store->LoadMarket();
  EXPECT_FALSE(m.demands.FindRecord("DM1")->open);
  EXPECT_EQ(m.demands.FindRecord("DM1")->annual_quantity, 5000);  // the rest as stored
  EXPECT_EQ(m.revision, before.revision + 1);
  EXPECT_THROW(store->Update("DM404", close), NotFound);
  const std::function<Demand(const Demand&)> rename = [](const Demand& d) {
    Demand c = d;
    c.id = "DM2";
    return c;
  };
  EXPECT_THROW(store->Update("DM1", rename), Error);
}

TEST(RecordTable, NewVersionsShareUnchangedChunksAndLeaveOldOnesIntact) {
  std::vector<Demand> rows;
  for (int i = 0; i < 200; ++i) rows.push_back(NewDemand(std::string("D").append(std::to_string(i))));
  const RecordTable<Demand> v1(rows);
  const RecordTable<Demand> v2 = v1.Appended(NewDemand("new"));
  Demand changed = v1[70];
  changed.annual_quantity = 7;
  const RecordTable<Demand> v3 = v2.Replaced(70, changed);
  EXPECT_EQ(v1.size(), 200u);
  EXPECT_EQ(v2.size(), 201u);
  EXPECT_EQ(v3.size(), 201u);
  EXPECT_EQ(v1.FindRecord("new"), nullptr);
  EXPECT_EQ(v3.Find("new"), std::optional<std::size_t>(200));
  EXPECT_EQ(v2[70].annual_quantity, 100);  // older versions keep their record
  EXPECT_EQ(v3[70].annual_quantity, 7);
  EXPECT_EQ(&v1[0], &v3[0]);  // an untouched chunk is shared, not copied
  EXPECT_NE(&v2[70], &v3[70]);
  std::size_t n = 0;
  for (const Demand& d : v3) EXPECT_EQ(d.id, v3[n++].id);
  EXPECT_EQ(n, 201u);
  EXPECT_EQ(v3.ToVector().size(), 201u);
}

TEST(OpenStore, UnusablePathsAndUnreachableDatabases) {
  EXPECT_THROW(OpenStore("/nonexistent-dir/x/y.db"), Error);
  EXPECT_THROW(OpenStore(""), Error);
  try {
    // Port 1 on loopback: nothing listens. The message names the database, never its password.
    OpenStore("postgresql://chainscope:s3cret@127.0.0.1:1/chainscope?connect_timeout=2");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(
        std::string(e.what()).find("cannot open PostgreSQL database postgresql://chainscope:***@127.0.0.1:1"),
        std::string::npos)
        << e.what();
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
  }
}

TEST(OpenStore, PostgresqlIsTestedWhereRequired) {
  const char* required = std::getenv("CHAINSCOPE_REQUIRE_PG");
  if (required && std::string(required) == "1") {
    EXPECT_FALSE(testing::PostgresTestUrl().empty())
        << "CHAINSCOPE_TEST_PG is not set: no PostgreSQL to test";
  }
  if (testing::PostgresTestUrl().empty())
    std::printf("note: CHAINSCOPE_TEST_PG is not set; the store tests ran against SQLite only\n");
}

}  // namespace
}  // namespace chainscope

namespace chainscope {
namespace {

User Account(std::string email, AccountRole role, std::string enterprise = "") {
  User u;
  u.email = std::move(email);
  u.role = role;
  u.enterprise = std::move(enterprise);
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$placeholder";  // the store takes the hash it is given
  return u;
}

TEST_P(StoreTest, AddFindUpdateAndRefuse) {
  auto store = db_.Open();
  store->ReplaceDataset(ReadDataset(testing::MiniDataset()));
  const StoreRevision before = store->Revision();

  User admin = Account("  Admin@Example.COM ", AccountRole::kAdmin);
  store->AddUser(admin);
  EXPECT_GT(admin.id, 0);
  EXPECT_EQ(admin.email, "admin@example.com");  // stored normalized
  EXPECT_EQ(admin.created_at.size(), 20u) << admin.created_at;
  User member = Account("buyer@oem1.cn", AccountRole::kMember, "oem1");
  store->AddUser(member);

  // A taken email (in any case), an unknown enterprise, a member without an enterprise, an analyst with
  // one: refused, nothing added.
  User dup = Account("ADMIN@example.com", AccountRole::kAnalyst);
  EXPECT_THROW(store->AddUser(dup), Conflict);
  User ghost = Account("x@ghost.cn", AccountRole::kMember, "ghost");
  EXPECT_THROW(store->AddUser(ghost), InvalidInput);
  User orphan = Account("y@oem1.cn", AccountRole::kMember);
  EXPECT_THROW(store->AddUser(orphan), InvalidInput);
  User analyst = Account("z@bureau.gov.cn", AccountRole::kAnalyst, "oem1");
  EXPECT_THROW(store->AddUser(analyst), InvalidInput);
  User bad = Account("not-an-email", AccountRole::kAdmin);
  EXPECT_THROW(store->AddUser(bad), InvalidInput);
  ASSERT_EQ(store->Users().size(), 2u);

  const auto found = store->FindUser("Buyer@OEM1.cn");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->role, AccountRole::kMember);
  EXPECT_EQ(found->enterprise, "oem1");
  EXPECT_FALSE(store->FindUser("nobody@example.com"));

  store->UpdateUser("buyer@oem1.cn", [](const User& u) {
    User next = u;
    next.disabled = true;
    return next;
  });
  EXPECT_TRUE(store->FindUser("buyer@oem1.cn")->disabled);
  EXPECT_THROW(store->UpdateUser("nobody@example.com", [](const User& u) { return u; }), NotFound);
  // A change that breaks the shape, or that throws, changes nothing.
  EXPECT_THROW(store->UpdateUser("buyer@oem1.cn",
                                 [](const User& u) {
                                   User next = u;
                                   next.enterprise.clear();
                                   return next;
                                 }),
               InvalidInput);
  EXPECT_EQ(store->FindUser("buyer@oem1.cn")->enterprise, "oem1");
  // Accounts survive a re-import of the chain and do not move the store revision.
  store->ReplaceDataset(ReadDataset(testing::MiniDataset()));
  EXPECT_EQ(store->Users().size(), 2u);
  EXPECT_EQ(store->Revision().revision, before.revision + 1);  // the import only
}

}  // namespace
}  // namespace chainscope

namespace chainscope {
namespace {

TEST_P(StoreTest, CredentialsAreFoundByHashRevokedAndTouched) {
  auto store = db_.Open();
  store->ReplaceDataset(ReadDataset(testing::MiniDataset()));
  User u = Account("a@oem1.cn", AccountRole::kMember, "oem1");
  store->AddUser(u);
  Credential session;
  session.user_id = u.id;
  session.secret_hash = std::string(64, 'a');
  session.expires_at = "2099-01-01T00:00:00Z";
  store->AddCredential(session);
  Credential token = session;
  token.kind = Credential::Kind::kToken;
  token.name = "ERP sync";
  token.secret_hash = std::string(64, 'b');
  store->AddCredential(token);
  EXPECT_GT(token.id, session.id);

  const auto found = store->FindCredential(std::string(64, 'b'));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, Credential::Kind::kToken);
  EXPECT_EQ(found->name, "ERP sync");
  EXPECT_EQ(found->user_id, u.id);
  EXPECT_TRUE(found->last_used_at.empty());
  EXPECT_FALSE(store->FindCredential(std::string(64, 'c')));
  store->TouchCredential(token.id);
  EXPECT_EQ(store->FindCredential(token.secret_hash)->last_used_at.size(), 20u);

  // A taken hash, an unknown account: refused.
  Credential again = session;
  EXPECT_THROW(store->AddCredential(again), Error);
  Credential ghost = session;
  ghost.user_id = 999;
  ghost.secret_hash = std::string(64, 'd');
  EXPECT_THROW(store->AddCredential(ghost), InvalidInput);

  store->RevokeCredential(session.id);
  EXPECT_TRUE(store->FindCredential(session.secret_hash)->revoked);
  EXPECT_FALSE(store->FindCredential(token.secret_hash)->revoked);
  EXPECT_THROW(store->RevokeCredential(12345), NotFound);
  store->RevokeCredentials(u.id);
  for (const Credential& c : store->Credentials(u.id)) EXPECT_TRUE(c.revoked) << c.id;
  EXPECT_EQ(store->Credentials(u.id).front().id, token.id);  // newest first
}

TEST_P(StoreTest, BureausHaveAPlaceAndTheRegistryKeepsClashesBothWays) {
  auto store = db_.Open();
  store->ReplaceDataset(ReadDataset(testing::MiniDataset()));
  User bureau = Account("invest@jiangjin.example", AccountRole::kBureau);
  bureau.place = "500116";
  store->AddUser(bureau);
  EXPECT_EQ(store->FindUser("invest@jiangjin.example")->place, "500116");
  User nowhere = Account("x@nowhere.example", AccountRole::kBureau);
  EXPECT_THROW(store->AddUser(nowhere), InvalidInput);  // a bureau of no place
  nowhere.place = "CN-OTHER";
  EXPECT_THROW(store->AddUser(nowhere), InvalidInput);  // not a place of the region
  User placed_analyst = Account("y@bureau.example", AccountRole::kAnalyst);
  placed_analyst.place = "500116";
  EXPECT_THROW(store->AddUser(placed_analyst), InvalidInput);

  const auto lead = [](std::string place, std::vector<std::string> components) {
    Lead l;
    l.place = std::move(place);
    l.components = std::move(components);
    l.investor_name_zh = "甲";
    l.project = "P";
    l.stage_date = l.reported_on = "2026-01-01";
    return l;
  };
  Lead a = lead("500116", {"BAT-PACK", "BAT-CELL"}), b = lead("510100", {"BAT-CELL"}),
       c = lead("510100", {"CHS-EPS"});
  store->WriteLeads([&](LeadWriter& w) {
    for (Lead* l : {&a, &b, &c}) {
      l->id = w.NextLeadId();
      w.Put(*l, "lead.create");
    }
    // Rivals: open leads of other places naming one of the components.
    std::vector<std::string> ids;
    for (const Lead& r : w.Rivals("510100", {"BAT-PACK", "CHS-EPS"})) ids.push_back(r.id);
    EXPECT_EQ(ids, std::vector<std::string>{"LD00001"});
    ids.clear();
    for (const Lead& r : w.Rivals("500116", {"BAT-CELL", "CHS-EPS"})) ids.push_back(r.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"LD00002", "LD00003"}));
    b.clashes = {"LD00001"};
    w.Put(b, "lead.update");
  });
  EXPECT_EQ(b.version, 2);
  LeadQuery one;
  one.id = "LD00001";
  EXPECT_EQ(store->Leads(one).at(0).clashes, std::vector<std::string>{"LD00002"});  // both ways
  LeadQuery clashing;
  clashing.clashing_only = true;
  EXPECT_EQ(store->Leads(clashing).size(), 2u);
  LeadQuery by_component;
  by_component.component = "BAT-CELL";
  EXPECT_EQ(store->Leads(by_component).size(), 2u);
  // A failed transaction leaves nothing.
  EXPECT_THROW(store->WriteLeads([&](LeadWriter& w) {
    b.clashes.clear();
    w.Put(b, "lead.update");
    throw Conflict("changed my mind");
  }),
               Conflict);
  EXPECT_EQ(store->Leads(one).at(0).clashes, std::vector<std::string>{"LD00002"});
  // Closing clears the clash on both sides.
  store->WriteLeads([&](LeadWriter& w) {
    b.stage = LeadStage::kLost;
    b.clashes.clear();
    w.Put(b, "lead.stage");
    LeadEvent e;
    e.lead = b.id;
    e.kind = "stage";
    e.stage = "lost";
    e.date = "2026-01-02";
    w.AddEvent(e);
    EXPECT_GT(e.id, 0);
    EXPECT_TRUE(w.Rivals("500116", {"BAT-CELL"}).empty());
  });
  EXPECT_TRUE(store->Leads(one).at(0).clashes.empty());
  ASSERT_EQ(store->LeadEvents("LD00002").size(), 1u);
  EXPECT_EQ(store->LeadEvents("LD00002")[0].date, "2026-01-02");

  // Settings: defaults until set; policies by place.
  EXPECT_EQ(store->LoadPromotionSettings().protection_threshold_yuan, 1e9);
  PromotionSettings s;
  s.protection_threshold_yuan = 5e8;
  s.stage_probability[0] = 0.25;
  store->SetPromotionSettings(s);
  EXPECT_EQ(store->LoadPromotionSettings().protection_threshold_yuan, 5e8);
  EXPECT_EQ(store->LoadPromotionSettings().stage_probability[0], 0.25);
  IncentivePolicy p{"",           "500116", "land", "用地", "Land", "优先", "Priority",
                    "2026-01-01", "",       {},     {},     {},     {}};
  store->PutPolicy(p);
  EXPECT_EQ(p.id, "PL00001");
  p.title_en = "Land first";
  store->PutPolicy(p);
  ASSERT_EQ(store->Policies("500116").size(), 1u);
  EXPECT_EQ(store->Policies("500116")[0].title_en, "Land first");
  EXPECT_TRUE(store->Policies("510100").empty());
}

}  // namespace
}  // namespace chainscope

namespace chainscope {
namespace {
INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(testing::StoreBackends()),
                         testing::BackendName());
}  // namespace
}  // namespace chainscope

namespace chainscope {
namespace {

TEST_P(StoreTest, StoresOpenedTogetherMigrateOnceAndAllWork) {
  // Four servers starting at once on a new database: the migrations run once, under the write lock.
  std::vector<std::unique_ptr<Store>> stores(4);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (std::size_t i = 0; i < stores.size(); ++i)
    threads.emplace_back([&, i] {
      try {
        stores[i] = db_.Open();
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  for (auto& t : threads) t.join();
  ASSERT_EQ(failures.load(), 0);
  for (auto& s : stores) EXPECT_EQ(s->SchemaVersion(), Migrations().back().version);
  if (db_.postgresql()) {
    EXPECT_EQ(db_.Text("SELECT COUNT(*) FROM schema_migrations"), std::to_string(std::size(kMigrations)));
  }
}

TEST_P(StoreTest, EachDueWebhookDeliveryIsClaimedByOneServer) {
  auto store = db_.Open();
  store->ReplaceDataset(ReadDataset(testing::MiniDataset()));
  Webhook hook;
  hook.enterprise = "oem1";
  hook.url = "https://erp.example.com/hook";
  hook.sealed_secret = "sealed";
  store->AddWebhook(hook);
  std::vector<Notification> notices(60);
  for (Notification& n : notices) {
    n.enterprise = "oem1";
    n.event = "response.received";
    n.entity = "response:RS00001";
    n.payload = "{}";
  }
  store->AddNotifications(notices);
  // Three servers (connections of their own) claim at once, 7 at a time, until none is due.
  std::vector<std::unique_ptr<Store>> servers;
  for (int i = 0; i < 3; ++i) servers.push_back(db_.Open());
  std::vector<std::vector<std::int64_t>> claimed(servers.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < servers.size(); ++i)
    threads.emplace_back([&, i] {
      for (;;) {
        const auto now = std::chrono::system_clock::now();
        const auto due =
            servers[i]->ClaimDueDeliveries(UtcMillis(now), UtcMillis(now + std::chrono::minutes(1)), 7);
        if (due.empty()) return;
        for (const WebhookDelivery& d : due) claimed[i].push_back(d.id);
      }
    });
  for (auto& t : threads) t.join();
  std::multiset<std::int64_t> all;
  for (const auto& c : claimed) all.insert(c.begin(), c.end());
  EXPECT_EQ(all.size(), 60u);
  for (const std::int64_t id : all) EXPECT_EQ(all.count(id), 1u) << "delivery " << id << " claimed twice";
}

TEST_P(StoreTest, AWriteIsAnnouncedToWaitingServers) {
  auto store = db_.Open();
  store->ReplaceDataset(ReadDataset(testing::MiniDataset()));
  auto other = db_.Open();
  other->WaitForWrite(std::chrono::milliseconds(50));  // PostgreSQL: starts listening (answers true)
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    Demand d;
    d.buyer = "oem1";
    d.component = "CHS-EPS";
    d.annual_quantity = 10;
    d.start_date = "2027-01-01";
    store->Create(d);
  });
  const auto start = std::chrono::steady_clock::now();
  const bool announced =
      other->WaitForWrite(db_.postgresql() ? std::chrono::seconds(5) : std::chrono::seconds(1));
  const double waited_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  writer.join();
  if (db_.postgresql()) {
    EXPECT_TRUE(announced);
    EXPECT_LT(waited_s, 1.0);  // woken by the NOTIFY, not by the timeout
  } else {
    EXPECT_FALSE(announced);  // SQLite cannot announce: it sleeps, and its readers poll
    EXPECT_GE(waited_s, 0.9);
  }
}

}  // namespace
}  // namespace chainscope

namespace chainscope {
namespace {

TEST_P(StoreTest, AMergeKeepsTheCompanysCreditCodeAndTwoCodesAreNeverMerged) {
  auto store = db_.Open();
  Dataset d = testing::WithDuplicates();
  d.enterprises.at(0).uscc = "9150011620230001X6";            // oem1
  ASSERT_EQ(d.enterprises.at(1).uscc, "915101002023000284");  // pack1
  ASSERT_TRUE(d.enterprises.at(5).uscc.empty());              // pack2, a record without the code
  store->ReplaceDataset(d);
  // Two codes: two companies, whatever the names say; nothing changes.
  try {
    store->MergeEnterprises("oem1", "pack1");
    ADD_FAILURE() << "two credit codes were merged";
  } catch (const Conflict& e) {
    EXPECT_NE(std::string(e.what()).find("their credit codes differ"), std::string::npos) << e.what();
  }
  // The record without a code merged into pack1 leaves pack1's; pack1 merged into the code-less pack2 gives
  // pack2 the code (the unique index holds throughout).
  store->MergeEnterprises("pack2", "pack1");
  const Dataset after = store->LoadDataset();
  const auto pack2 = std::ranges::find(after.enterprises, std::string("pack2"), &Enterprise::id);
  ASSERT_NE(pack2, after.enterprises.end());
  EXPECT_EQ(pack2->uscc, "915101002023000284");
  EXPECT_EQ(std::ranges::count(after.enterprises, std::string("pack1"), &Enterprise::id), 0);
  // A second record with a taken code cannot be stored at all.
  Dataset twice = d;
  twice.enterprises.at(5).uscc = "915101002023000284";
  EXPECT_THROW(store->ReplaceDataset(twice), Error);
  EXPECT_EQ(store->LoadDataset().enterprises.size(), after.enterprises.size());
}

TEST_P(StoreTest, MergingADuplicateMovesItsRowsOrRefusesAndChangesNothing) {
  auto store = db_.Open();
  store->ReplaceDataset(testing::WithDuplicates());
  const std::string before = DatasetToJson(store->LoadDataset());
  const std::uint64_t chain_before = store->Revision().chain_revision;
  // Refused: both supply oem1 with BAT-PACK; pack1 buys from cell1 (a self link); unknown; the same one.
  try {
    store->MergeEnterprises("pack1", "pack3");
    ADD_FAILURE() << "a duplicate link was allowed";
  } catch (const Conflict& e) {
    EXPECT_NE(std::string(e.what()).find("both have the link oem1 ← pack3 (BAT-PACK)"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(store->MergeEnterprises("pack1", "cell1"), Conflict);
  EXPECT_THROW(store->MergeEnterprises("pack1", "ghost"), NotFound);
  EXPECT_THROW(store->MergeEnterprises("pack1", "pack1"), InvalidInput);
  EXPECT_EQ(DatasetToJson(store->LoadDataset()), before);
  EXPECT_EQ(store->Revision().chain_revision, chain_before);

  // A lead courting the dropped enterprise follows it into the kept one; the registry's version moves.
  store->WriteLeads([](LeadWriter& w) {
    Lead l;
    l.id = w.NextLeadId();
    l.place = "500116";
    l.investor = "pack2";
    l.components = {"BAT-PACK"};
    l.project = "P";
    l.stage_date = l.reported_on = "2026-01-01";
    w.Put(l, "lead.create");
  });
  const std::string registry_before = store->PromotionVersion();
  AuditContext by;
  by.actor = "admin@example.com";
  const EnterpriseMerge m = store->MergeEnterprises("pack1", "pack2", by);
  EXPECT_EQ(m.moved.at("leads"), 1);
  EXPECT_EQ(store->Leads({}).at(0).investor, "pack1");
  EXPECT_NE(store->PromotionVersion(), registry_before);
  EXPECT_EQ(m.capabilities_dropped, 1);
  EXPECT_EQ(m.moved.at("links"), 1);
  EXPECT_EQ(m.moved.at("capabilities"), 1);
  EXPECT_EQ(m.moved.at("demands"), 1);
  const Dataset after = store->LoadDataset();
  for (const Enterprise& e : after.enterprises) EXPECT_NE(e.id, "pack2");
  std::map<std::string, std::int64_t> pack1_makes;
  for (const Capability& c : after.capabilities) {
    EXPECT_NE(c.supplier, "pack2");
    if (c.supplier == "pack1") pack1_makes[c.component] = c.annual_capacity;
  }
  EXPECT_EQ(pack1_makes, (std::map<std::string, std::int64_t>{{"BAT-PACK", 15000}, {"CHS-EPS", 5000}}));
  bool moved_link = false;
  for (const SupplyLink& l : after.links)
    moved_link |= l.buyer == "oem1" && l.supplier == "pack1" && l.component == "CHS-EPS";
  EXPECT_TRUE(moved_link);
  for (const Demand& d : after.demands) {
    if (d.id == "DM00077") {
      EXPECT_EQ(d.buyer, "pack1");
    }
  }
  EXPECT_GT(store->Revision().chain_revision, chain_before);
  AuditQuery q;
  q.entity = "enterprise:pack2";
  const std::vector<AuditRecord> rows = store->AuditTrail(q);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].by.action, "enterprise.merge");
  EXPECT_EQ(rows[0].by.actor, "admin@example.com");
  EXPECT_NE(rows[0].after.find(R"("merged_into":"pack1")"), std::string::npos) << rows[0].after;
  EXPECT_NE(rows[0].before.find("PACK MAKER CO., LTD."), std::string::npos) << rows[0].before;
}

}  // namespace
}  // namespace chainscope

namespace chainscope {
namespace {

/// Runs SQL on a SQLite file outside the store (a database as an older release left it).
void RawSql(const std::filesystem::path& db, std::string_view sql) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(h, std::string(sql).c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(h);
}

TEST(SqliteMigration, AccountsAndTheirCredentialsSurviveTheRoleTableRebuild) {
  testing::TempDir dir;
  const std::filesystem::path db = dir / "old.db";
  // The schema as release 14 left it, with an account and its session.
  RawSql(db,
         "PRAGMA foreign_keys = ON; CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
         "description TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
  for (const Migration& m : Migrations()) {
    if (m.version > 14) break;
    RawSql(db, m.sqlite);
    RawSql(db, "INSERT INTO schema_migrations (version, description) VALUES (" + std::to_string(m.version) +
                   ", 'x')");
  }
  RawSql(db,
         "INSERT INTO users (id, email, role, enterprise, password_hash, created_at) VALUES "
         "(7, 'a@example.com', 'analyst', NULL, 'h', '2026-01-01T00:00:00Z');"
         "INSERT INTO credentials (id, user_id, kind, secret_hash, created_at, expires_at) VALUES "
         "(3, 7, 'session', 'abc', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')");
  auto store = OpenStore("sqlite:" + db.string());
  EXPECT_EQ(store->SchemaVersion(), Migrations().back().version);
  const auto found = store->FindCredentialAndUser("abc");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->second.email, "a@example.com");
  EXPECT_EQ(found->first.id, 3);
  // The credentials still refer to the accounts (an unknown account is refused), and bureaus are admitted.
  Credential orphan;
  orphan.user_id = 999;
  orphan.secret_hash = "def";
  orphan.expires_at = "2027-01-01T00:00:00Z";
  EXPECT_THROW(store->AddCredential(orphan), Error);
  EXPECT_EQ(Pragma(db, "PRAGMA foreign_key_check"), "");
  EXPECT_EQ(Pragma(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'credentials_user'"), "1");
}

}  // namespace
}  // namespace chainscope
