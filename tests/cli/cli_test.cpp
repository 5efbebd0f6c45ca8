// The `chainscope` binary as users run it: commands, outputs, exit codes and error messages.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <sys/wait.h>
#include <boost/json.hpp>
#include <cstdio>

#include <fstream>

#include "service/passwords.h"
#include "store/store.h"
#include "test_util.h"

namespace chainscope {
namespace {

struct CliRun {
  int exit_code;
  std::string out;  // stdout and stderr together
};

/// Runs the binary with `args` through /bin/sh; `input`, when given, is its standard input (one line).
CliRun Cli(const std::string& args, const std::string* input = nullptr) {
  const std::string feed = input ? "printf '%s\\n' '" + *input + "' | " : std::string();
  const std::string command = feed + std::string(testing::ChainscopeBin()) + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int status = ::pclose(pipe);
  // Every --json answer writes its numbers in plain decimals.
  if (args.find("--json") != std::string::npos) {
    EXPECT_EQ(testing::NumberWithExponent(out), "") << "chainscope " << args;
  }
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(Cli, GenerateImportInfoExport) {
  testing::TempDir tmp;
  const std::string ds = (tmp / "ds").string(), db = (tmp / "c.db").string();
  CliRun r = Cli("generate --out " + ds);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("enterprises 2"), std::string::npos) << r.out;
  r = Cli("import " + ds + " --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("imported"), std::string::npos);

  r = Cli("info --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Local sourcing of Chongqing OEMs, ICE lines (by value)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(" NO\n"), std::string::npos) << "a figure misses its target:\n" << r.out;

  r = Cli("info --json --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto info = boost::json::parse(r.out).as_object();
  EXPECT_EQ(info.at("counts").at("components").to_number<int>(), 56);
  for (const auto& f : info.at("calibration").as_array())
    EXPECT_TRUE(f.at("ok").as_bool()) << f.at("key").as_string();

  r = Cli("export --db " + db + " --out " + (tmp / "out").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(testing::FolderContents(tmp / "out"), testing::FolderContents(tmp / "ds"));
  // --bom: every CSV file begins with the UTF-8 byte-order mark (Excel on Chinese Windows), and imports back.
  r = Cli("export --bom --db " + db + " --out " + (tmp / "bom").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (const auto& [name, bytes] : testing::FolderContents(tmp / "bom"))
    if (name.ends_with(".csv")) {
      EXPECT_TRUE(bytes.starts_with("\xEF\xBB\xBF")) << name;
      EXPECT_EQ(bytes.substr(3), testing::ReadText(tmp / "ds" / name)) << name;
    }
  EXPECT_EQ(Cli("import " + (tmp / "bom").string() + " --db " + (tmp / "bom.db").string()).exit_code, 0);
  r = Cli("localization --csv --bom --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(r.out.starts_with("\xEF\xBB\xBF")) << r.out.substr(0, 40);
  EXPECT_FALSE(Cli("localization --csv --db " + db).out.starts_with("\xEF\xBB\xBF"));
  // --xlsx FILE: the same table as an Excel workbook (its cells are checked in io_tests); every command with
  // a table has it.
  for (const std::string command :
       {"localization --by powertrain", "flows", "weak-links", "invest", "allocate", "stress --top 5"}) {
    const std::filesystem::path book = tmp / "table.xlsx";
    std::filesystem::remove(book);
    r = Cli(command + " --xlsx " + book.string() + " --db " + db);
    ASSERT_EQ(r.exit_code, 0) << command << ": " << r.out;
    EXPECT_TRUE(testing::ReadText(book).starts_with("PK\x03\x04")) << command;
  }
  // allocate --csv is the view's table: the assignments' columns, then the unmet demands.
  r = Cli("allocate --csv --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(
      r.out.starts_with("demand,buyer,buyer_name,buyer_name_zh,component,component_name,component_name_zh,"
                        "supplier,supplier_name,supplier_name_zh,province,quantity,unit_price_yuan,"))
      << r.out.substr(0, 200);
  r = Cli("export --format json --db " + db + " --out " + (tmp / "d.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  r = Cli("import " + (tmp / "d.json").string() + " --db " + (tmp / "j.db").string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(Cli, BadInputExitsTwoWithTheReasonAndKeepsTheDatabase) {
  testing::TempDir tmp;
  const std::string db = (tmp / "c.db").string();
  ASSERT_EQ(Cli("import " + testing::MiniDataset().string() + " --db " + db).exit_code, 0);
  const std::string bad = (testing::TestData() / "import_errors" / "unknown_reference").string();
  std::filesystem::copy(testing::MiniDataset(), tmp / "bad");
  std::filesystem::copy_file(bad + "/links.csv", tmp / "bad" / "links.csv",
                             std::filesystem::copy_options::overwrite_existing);
  CliRun r = Cli("import " + (tmp / "bad").string() + " --db " + db);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("links.csv:3: column 'supplier': unknown enterprise 'nope'"), std::string::npos)
      << r.out;
  r = Cli("info --json --db " + db);
  EXPECT_NE(r.out.find("\"links\":3"), std::string::npos) << r.out;

  EXPECT_EQ(Cli("import /no/such/folder --db " + db).exit_code, 1);
  EXPECT_EQ(Cli("frobnicate").exit_code, 2);
  EXPECT_EQ(Cli("generate").exit_code, 2);  // --out is required
  r = Cli("generate --out " + (tmp / "x").string() + " --format xml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--format must be csv or json"), std::string::npos);
  EXPECT_EQ(Cli("serve --db " + db + " --port 70000").exit_code, 2);
}

TEST(Cli, MatchAllocateAndManageDemandsAndOffers) {
  testing::TempDir tmp;
  const std::string db = (tmp / "c.db").string();
  ASSERT_EQ(Cli("generate --out " + (tmp / "ds").string()).exit_code, 0);
  ASSERT_EQ(Cli("import " + (tmp / "ds").string() + " --db " + db).exit_code, 0);

  CliRun r = Cli("match --db " + db + " --demand DM00001 --top 3");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("eligible"), std::string::npos) << r.out;
  r = Cli("match --db " + db + " --demand DM00001 --top 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto match = boost::json::parse(r.out).as_object();
  ASSERT_EQ(match.at("candidates").as_array().size(), 3u);
  const std::string best(match.at("candidates").as_array()[0].at("supplier").as_string());
  r = Cli("match --db " + db + " --demand DM00001 --explain " + best);
  EXPECT_NE(r.out.find("eligible, rank 1"), std::string::npos) << r.out;
  r = Cli(
      "match --db " + db +
      " --buyer changan --component BAT-PACK --quantity 1000 --cert 'IATF 16949' --weight price=0.5 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  r = Cli("match --db " + db + " --buyer changan --component NOPE --quantity 1000");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("field 'component': unknown component 'NOPE'"), std::string::npos) << r.out;
  EXPECT_EQ(Cli("match --db " + db + " --demand DM00001 --weight speed=1").exit_code, 2);

  r = Cli("allocate --db " + db + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto alloc = boost::json::parse(r.out).as_object();
  EXPECT_FALSE(alloc.at("assignments").as_array().empty());
  for (const char* key : {"unmet", "total_cost_yuan", "regional_share_value"})
    EXPECT_TRUE(alloc.contains(key)) << key;
  r = Cli("allocate --db " + db);
  EXPECT_NE(r.out.find("sourced in Sichuan + Chongqing"), std::string::npos) << r.out;

  r = Cli("demand add --db " + db + " --buyer seres --component EDS-MOT --quantity 20000");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("field 'start_date': empty value"), std::string::npos) << r.out;
  r = Cli("demand add --db " + db +
          " --buyer seres --component EDS-MOT --quantity 20000 --start-date 2027-03-01 --prefer-local "
          "--max-share 0.5");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string id = r.out.substr(6, r.out.find('\n') - 6);
  r = Cli("demand list --db " + db + " --json");
  EXPECT_NE(r.out.find("\"id\":\"" + id + "\""), std::string::npos) << r.out;
  ASSERT_EQ(Cli("demand close " + id + " --db " + db).exit_code, 0);
  r = Cli("demand list --db " + db + " --json");
  EXPECT_EQ(r.out.find("\"id\":\"" + id + "\""), std::string::npos)
      << "closed demands are not listed without --all";
  r = Cli("offer add --db " + db + " --supplier changan --component EDS-MOT --capacity 5 --price 10");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("is not a parts maker"), std::string::npos) << r.out;
  // An offer with its price published: the flag reaches the store.
  r = Cli("offer add --db " + db +
          " --supplier catl-yibin --component BAT-PACK --capacity 500 --price 42000 "
          "--price-public");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string offer = r.out.substr(6, r.out.find('\n') - 6);
  const Market market = OpenStore(db)->LoadMarket();
  const Offer* stored = market.offers.FindRecord(offer);
  ASSERT_NE(stored, nullptr) << offer;
  EXPECT_TRUE(stored->price_public);
}

TEST(Cli, ChainAnalytics) {
  testing::TempDir tmp;
  const std::string db = (tmp / "c.db").string();
  ASSERT_EQ(Cli("import " + (testing::TestData() / "chain").string() + " --db " + db).exit_code, 0);

  // The output contract: {"rows": [{"key", "local_share_value", "local_share_volume", "regional_share_value",
  // "value_yuan"}]}, shares as fractions; --buyer-province restricts to buyers there.
  CliRun r = Cli("localization --db " + db + " --by powertrain --buyer-province Sichuan --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto loc = boost::json::parse(r.out).as_object();
  const auto& rows = loc.at("rows").as_array();
  ASSERT_EQ(rows.size(), 1u);  // oemB makes NEVs only
  EXPECT_EQ(rows[0].at("key").as_string(), "NEV");
  EXPECT_NEAR(rows[0].at("local_share_value").to_number<double>(), 48.0 / 85, 1e-12);
  EXPECT_NEAR(rows[0].at("local_share_volume").to_number<double>(), 1200.0 / 4000, 1e-12);
  EXPECT_NEAR(rows[0].at("regional_share_value").to_number<double>(), 80.0 / 85, 1e-12);
  EXPECT_NEAR(rows[0].at("value_yuan").to_number<double>(), 85e6, 1e-3);

  r = Cli("localization --db " + db + " --by assembly");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Power battery"), std::string::npos) << r.out;
  r = Cli("localization --db " + db + " --by component --buyers all --csv");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(
      r.out.substr(0, r.out.find('\n')),
      "key,label,local_share_value,local_share_volume,regional_share_value,regional_share_volume,"
      "deep_local_share_value,deep_regional_share_value,deep_unknown_share_value,value_yuan,local_value_yuan,"
      "regional_value_yuan,volume,links")
      << r.out;
  EXPECT_NE(r.out.find("\nCELL,Battery cell,0.2,0.2,0.8,0.8,0.2,0.8,0,90000000,18000000,72000000,300000,3\n"),
            std::string::npos)
      << r.out;

  r = Cli("weak-links --db " + db + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto weak = boost::json::parse(r.out).as_object();
  const auto& critical = weak.at("critical_suppliers").as_array();
  ASSERT_EQ(critical.size(), 5u);
  EXPECT_EQ(critical[3].at("supplier").as_string(), "cell1");  // tier 2: oemA's packs through pack1
  EXPECT_EQ(critical[3].at("buyers").as_array(), boost::json::array({"oemA", "pack1"}));
  EXPECT_EQ(critical[3].at("vehicles_exposed").to_number<double>(), 1000);
  for (const char* list : {"single_sourced", "hhi", "coverage", "gaps"})
    EXPECT_TRUE(weak.at(list).is_array()) << list;
  r = Cli("weak-links --db " + db);
  EXPECT_NE(r.out.find("Chain gaps"), std::string::npos) << r.out;

  r = Cli("flows --db " + db + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find(R"("key":"sichuan_to_chongqing","label":"Sichuan → Chongqing","value_yuan":54000000)"),
            std::string::npos)
      << r.out;

  r = Cli("invest --db " + db + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_FALSE(boost::json::parse(r.out).at("targets").as_array().empty());
  r = Cli("invest --db " + db + " --what-if --component EPS --place 510100");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("single-sourced pairs"), std::string::npos) << r.out;

  // Bad input: exit 2 with the reason.
  const std::pair<std::string, std::string> bad[] = {
      {"localization --db " + db + " --by colour", "--by must be total"},
      {"localization --db " + db + " --buyers some", "--buyers must be oem or all"},
      {"localization --db " + db + " --buyer-province Tibet", "unknown province 'Tibet'"},
      {"localization --db " + db + " --json --csv", "choose one of --json and --csv"},
      {"flows --db " + db + " --assembly XYZ", "unknown assembly 'XYZ'"},
      {"flows --db " + db + " --oem ghost", "unknown enterprise 'ghost'"},
      {"weak-links --db " + db + " --gap-threshold -1", "--gap-threshold must be"},
      {"invest --db " + db + " --what-if --component EPS", "--what-if needs --component and --place"},
      {"invest --db " + db + " --what-if --component EPS --place ABROAD", "is not in Chongqing or Sichuan"},
      {"invest --db " + db + " --weight speed=1", "unknown weight 'speed'"},
      {"invest --db " + db + " --max-share 0", "--max-share must be a number from"},
  };
  for (const auto& [args, reason] : bad) {
    r = Cli(args);
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.out;
    EXPECT_NE(r.out.find(reason), std::string::npos) << args << ": " << r.out;
  }
}

// import-table: a dry run writes nothing and says so; a commit writes; again, nothing changes; a row in error
// makes the commit write nothing (exit 2, the row named); --json prints the API's answer.
TEST(Cli, ImportTableDryRunCommitAndRecommit) {
  testing::TempDir tmp;
  const std::string db = (tmp / "t.db").string();
  ASSERT_EQ(Cli("import " + testing::MiniDataset().string() + " --db " + db).exit_code, 0);
  const std::string file = (tmp / "offers.csv").string();
  testing::WriteText(file,
                     "\xEF\xBB\xBF供应商,零部件,可供产能,单价(元),有效期至\n"
                     "Steering Maker,电动助力转向,\"3,000\",2450,2027/6/30\n"
                     "cell1,BAT-CELL,5万,300,2027年12月31日\n");
  CliRun r = Cli("import-table --db " + db + " --kind offers --file " + file + " --dry-run --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto dry = boost::json::parse(r.out).as_object();
  EXPECT_EQ(dry.at("encoding").as_string(), "utf-8-bom");
  // Steering Maker's open steering offer OF1 is updated; Cell Maker's is new.
  EXPECT_EQ(dry.at("counts").at("update").as_int64(), 1);
  EXPECT_EQ(dry.at("rows").at(0).at("id").as_string(), "OF1");
  EXPECT_EQ(dry.at("counts").at("new").as_int64(), 1);
  EXPECT_FALSE(dry.at("committed").as_bool());
  r = Cli("import-table --db " + db + " --kind offers --file " + file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("committed: 1 new, 1 update, 0 unchanged, 0 error"), std::string::npos) << r.out;
  r = Cli("offer list --db " + db + " --json");
  EXPECT_NE(r.out.find("\"valid_until\":\"2027-06-30\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"annual_capacity\":50000"), std::string::npos) << r.out;
  // Again: the open offers of the same supplier and component are found; nothing changes.
  r = Cli("import-table --db " + db + " --kind offers --file " + file);
  EXPECT_NE(r.out.find("0 new, 0 update, 2 unchanged"), std::string::npos) << r.out;
  // A row in error: nothing written, exit 2, the row and field named.
  testing::WriteText(file, "供应商,零部件,可供产能,单价(元)\neps1,CHS-EPS,-5,2450\n");
  r = Cli("import-table --db " + db + " --kind offers --file " + file);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("row 2: annual_capacity: -5 is below 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("nothing written"), std::string::npos) << r.out;
  r = Cli("import-table --db " + db + " --kind colours --file " + file);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--kind"), std::string::npos) << r.out;
}

TEST(Cli, SiteSelectAndFrontier) {
  testing::TempDir tmp;
  const std::string db = (tmp / "p.db").string();
  ASSERT_EQ(Cli("import " + testing::MiniDataset().string() + " --db " + db).exit_code, 0);
  // Pack Maker (Chengdu) places a 4,000-a-year steering plant for Test Motors' open demand (3,000 units in
  // Jiangjin): Jiangjin, at the buyer; 0.8 × 2,500 × 4,000 over 10 years is 800,000 yuan a year.
  CliRun r = Cli("site-select --db " + db + " --enterprise pack1 --component CHS-EPS --capacity 4000 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto site = boost::json::parse(r.out).as_object();
  EXPECT_EQ(site.at("status").as_string(), "optimal");
  ASSERT_EQ(site.at("chosen").as_array().size(), 1u);
  EXPECT_EQ(site.at("chosen").as_array()[0].at("place").as_string(), "500116");
  EXPECT_DOUBLE_EQ(site.at("total_cost_yuan").to_number<double>(), 800'000);
  r = Cli("site-select --db " + db + " --enterprise pack1 --component CHS-EPS --capacity 4000");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("optimal: total"), std::string::npos) << r.out;
  r = Cli("site-select --db " + db + " --enterprise pack1 --component CHS-EPS --capacity 4000 --csv");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("500116"), std::string::npos) << r.out;
  r = Cli("site-select --db " + db + " --enterprise pack1 --component CHS-EPS --capacity 0");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--capacity"), std::string::npos) << r.out;
  r = Cli("site-select --db " + db +
          " --enterprise pack1 --component CHS-EPS --capacity 10 --weight buyers=0.5 --weight demands=0.6");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("100%"), std::string::npos) << r.out;

  // No Chongqing maker makes packs: the frontier stays at today's 24 of 464 M yuan, and the pack stops 30%.
  r = Cli("frontier --db " + db + " --province Chongqing --steps 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto f = boost::json::parse(r.out).as_object();
  EXPECT_NEAR(f.at("current_share").to_number<double>(), 24.0 / 464, 1e-9);
  EXPECT_EQ(f.at("points").as_array().size(), 3u);
  EXPECT_EQ(f.at("target").at("blocking").as_array()[0].at("component").as_string(), "BAT-PACK");
  r = Cli("frontier --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("out of reach"), std::string::npos) << r.out;
  r = Cli("frontier --db " + db + " --csv --steps 2");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "premium,local_share,extra_cost_yuan,moved_value_yuan")
      << r.out;
  r = Cli("frontier --db " + db + " --province Tibet");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--province"), std::string::npos) << r.out;
}

TEST(Cli, StressSweepScenarioAndWrittenPrograms) {
  testing::TempDir tmp;
  const std::string db = (tmp / "c.db").string();
  ASSERT_EQ(Cli("import " + (testing::TestData() / "chain").string() + " --db " + db).exit_code, 0);
  // The output contract: {"nodes": [{"id", "tts_days", "pi_vehicles", "pi_value_yuan", "rei", "spend_yuan",
  // "ttr_days"}]} sorted by PI; --ttr-days overrides enterprises.csv.
  CliRun r = Cli("stress --db " + db + " --ttr-days 30 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto sweep = boost::json::parse(r.out).as_object();
  const auto& nodes = sweep.at("nodes").as_array();
  ASSERT_EQ(nodes.size(), 7u);
  for (std::size_t i = 1; i < nodes.size(); ++i)
    EXPECT_GE(nodes[i - 1].at("pi_value_yuan").to_number<double>(),
              nodes[i].at("pi_value_yuan").to_number<double>());
  EXPECT_EQ(nodes[0].at("id"), "eps1");
  EXPECT_EQ(nodes[0].at("ttr_days").to_number<double>(), 30);
  r = Cli("stress --db " + db + " --json");  // each node's own ttr_days: eps1 45 days
  EXPECT_NE(r.out.find(R"("id":"eps1")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("ttr_days":45)"), std::string::npos) << r.out;
  r = Cli("stress --db " + db + " --ttr-days 30 --mitigate 1");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("extra buffer stock that brings PI to zero"), std::string::npos) << r.out;
  r = Cli("stress --db " + db + " --csv");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "id,name,name_zh,role,place,province,tts_days,pi_vehicles,pi_value_yuan,rei,spend_yuan,ttr_days,"
            "reaches_vehicles,skipped");
  EXPECT_NE(r.out.find("\necu1,ECU maker 1,控制器1,tier1,CN-OTHER,OtherChina,10,"), std::string::npos)
      << r.out;

  testing::WriteText(
      tmp / "s.json",
      R"({"name": "ECU stop", "horizon_days": 20, "disruptions": [{"enterprise": "ecu1", "duration_days": 12}]})");
  r = Cli("stress --db " + db + " --scenario " + (tmp / "s.json").string() + " --json --write-lp " +
          (tmp / "lp").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto scenario = boost::json::parse(r.out).as_object();
  EXPECT_NEAR(scenario.at("lost_vehicles").to_number<double>(), 2 * 3000.0 / 365, 1e-6);
  for (const char* key : {"lost_value_yuan", "by_oem", "by_bucket"})
    EXPECT_TRUE(scenario.contains(key)) << key;
  EXPECT_TRUE(std::filesystem::exists(tmp / "lp" / "scenario.mps"));
  r = Cli("stress --db " + db + " --ttr-days 30 --write-lp " + (tmp / "nodes").string() + " --lp-format lp");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(std::filesystem::exists(tmp / "nodes" / "eps1.lp"));

  testing::WriteText(tmp / "bad.json", R"({"disruptions": [{"enterprise": "ecu1", "duration_days": 0}]})");
  const std::pair<std::string, std::string> bad[] = {
      {"stress --db " + db + " --scenario " + (tmp / "bad.json").string(),
       "bad.json: disruptions[0]: field 'duration_days' must be greater than 0"},
      {"stress --db " + db + " --scenario " + (tmp / "none.json").string(), "cannot read the scenario file"},
      {"stress --db " + db + " --lp-format xml", "--lp-format must be mps or lp"},
      {"stress --db " + db + " --horizon-days 0", "--horizon-days must be a number from 1 to 3650"},
      {"stress --db " + db + " --mitigate 2.5", "--mitigate must be a whole number"},
      {"stress --db " + db + " --ttr-days soon", "--ttr-days must be a number, got 'soon'"},
      {"stress --db " + db + " --json --csv", "choose one of --json and --csv"},
  };
  for (const auto& [args, reason] : bad) {
    r = Cli(args);
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.out;
    EXPECT_NE(r.out.find(reason), std::string::npos) << args << ": " << r.out;
  }
}

}  // namespace
}  // namespace chainscope

namespace chainscope {
namespace {

CliRun CliIn(const std::string& args, const std::string& input) {
  return Cli(args, &input);
}

TEST(Cli, UserAccountsTakePasswordsOnlyFromStdinAndStoreHashes) {
  testing::TempDir tmp;
  const std::string db = (tmp / "u.db").string();
  ASSERT_EQ(Cli("import " + testing::TestData().string() + "/mini --db " + db).exit_code, 0);
  CliRun r = CliIn("user add --db " + db + " --email Admin@Example.com --role admin --password-stdin",
                   "correct horse battery");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("added admin@example.com (admin)"), std::string::npos) << r.out;
  r = CliIn("user add --db " + db + " --email m@oem1.cn --role member --enterprise oem1 --password-stdin",
            "another long one");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Bad input exits 2 with the reason: no stdin flag, short password, taken email, unknown enterprise.
  EXPECT_EQ(Cli("user add --db " + db + " --email x@y.cn --role admin").exit_code, 2);
  r = CliIn("user add --db " + db + " --email x@y.cn --role admin --password-stdin", "short");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("field 'password'"), std::string::npos) << r.out;
  EXPECT_EQ(CliIn("user add --db " + db + " --email ADMIN@example.com --role analyst --password-stdin",
                  "long enough pass")
                .exit_code,
            2);
  r = CliIn("user add --db " + db + " --email q@ghost.cn --enterprise ghost --password-stdin",
            "long enough pass");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("unknown enterprise 'ghost'"), std::string::npos) << r.out;

  // Disabling an account revokes its sessions and tokens at once.
  {
    auto store = OpenStore(db);
    Credential c;
    c.user_id = store->FindUser("m@oem1.cn")->id;
    c.secret_hash = std::string(64, 'e');
    c.expires_at = "2099-01-01T00:00:00Z";
    store->AddCredential(c);
  }
  r = Cli("user disable --db " + db + " --email m@oem1.cn");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(OpenStore(db)->FindCredential(std::string(64, 'e'))->revoked);
  r = Cli("user list --db " + db);
  EXPECT_NE(r.out.find("admin@example.com"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("disabled"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("argon2"), std::string::npos) << "list shows no hash";
  EXPECT_EQ(
      CliIn("user reset-password --db " + db + " --email nobody@x.cn --password-stdin", "long enough pass")
          .exit_code,
      2);
  ASSERT_EQ(
      CliIn("user reset-password --db " + db + " --email m@oem1.cn --password-stdin", "a new long password")
          .exit_code,
      0);

  // Only hashes are in the file: neither password appears anywhere in the database.
  const auto store = OpenStore(db);
  const auto member = store->FindUser("m@oem1.cn");
  ASSERT_TRUE(member);
  EXPECT_TRUE(VerifyPassword(member->password_hash, "a new long password"));
  EXPECT_FALSE(VerifyPassword(member->password_hash, "another long one"));
  std::string bytes;
  for (const std::string& file : {db, db + "-wal"}) {
    std::ifstream in(file, std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  EXPECT_EQ(bytes.find("correct horse battery"), std::string::npos);
  EXPECT_EQ(bytes.find("a new long password"), std::string::npos);

  // The CLI's writes are in the audit trail as the local operator's; `audit verify` checks the chain.
  r = Cli("audit list --db " + db + " --entity user:m@oem1.cn");
  EXPECT_NE(r.out.find("user.password"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("user.disable"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("local operator"), std::string::npos) << r.out;
  r = Cli("audit verify --db " + db);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("intact"), std::string::npos) << r.out;
  {
    sqlite3* raw = nullptr;
    sqlite3_open(db.c_str(), &raw);
    ASSERT_EQ(sqlite3_exec(raw,
                           "DROP TRIGGER audit_log_no_update; "
                           "UPDATE audit_log SET after_json = '{}' WHERE action = 'user.create'",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  r = Cli("audit verify --db " + db);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("BROKEN at row 2"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace chainscope

namespace chainscope {
namespace {

// Duplicate enterprises: import warns about a second record of one company (and merges nothing), dedupe
// lists the pair with its reasons, merge moves the duplicate's rows and deletes it, a refused merge changes
// nothing.
TEST(Cli, ImportWarnsDedupeListsAndMergeMerges) {
  testing::TempDir tmp;
  const std::string db = (tmp / "c.db").string();
  std::filesystem::copy(testing::MiniDataset(), tmp / "ds");
  std::string enterprises = testing::ReadText(tmp / "ds" / "enterprises.csv");
  enterprises += "pack2,\"PACK MAKER CO., LTD.\",电池包厂有限公司,tier1,510100,,IATF 16949,60,800,true,\n";
  testing::WriteText(tmp / "ds" / "enterprises.csv", enterprises);
  testing::WriteText(tmp / "ds" / "links.csv",
                     testing::ReadText(tmp / "ds" / "links.csv") + "oem1,pack2,CHS-EPS,100,2400,3,0.5\n");
  CliRun r = Cli("import " + (tmp / "ds").string() + " --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("warning: 1 likely duplicate enterprise pair"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("pack1 电池包厂 ↔ pack2 电池包厂有限公司"), std::string::npos) << r.out;

  r = Cli("dedupe --json --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto pairs = boost::json::parse(r.out).at("pairs").as_array();
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].at("a"), "pack1");
  EXPECT_EQ(pairs[0].at("b"), "pack2");
  EXPECT_GE(pairs[0].at("score").to_number<double>(), 0.8);
  EXPECT_EQ(pairs[0].at("reasons").at(0), "Chinese names equal after normalisation: 电池包厂");
  EXPECT_EQ(Cli("dedupe --threshold 2 --db " + db).exit_code, 2);

  // Merging pack1 into cell1 would make cell1 supply itself: refused, nothing changes.
  r = Cli("merge --keep cell1 --drop pack1 --db " + db);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("link an enterprise with itself"), std::string::npos) << r.out;
  r = Cli("merge --keep pack1 --drop pack2 --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("merged pack2 into pack1: moved 1 links"), std::string::npos) << r.out;
  r = Cli("dedupe --db " + db);
  EXPECT_NE(r.out.find("0 likely duplicate pairs"), std::string::npos) << r.out;
  r = Cli("audit list --entity enterprise:pack2 --db " + db);
  EXPECT_NE(r.out.find("enterprise.merge"), std::string::npos) << r.out;
  EXPECT_EQ(Cli("audit verify --db " + db).exit_code, 0);
}

}  // namespace
}  // namespace chainscope

namespace chainscope {
namespace {

TEST(Cli, ServicesListAddSeedAndARequestMatched) {
  testing::TempDir tmp;
  // The mini dataset with an institute.
  const std::filesystem::path data = tmp / "data";
  std::filesystem::copy(testing::MiniDataset(), data);
  std::ofstream(data / "enterprises.csv", std::ios::app)
      << "lab1,Test Lab,检测所,institute,500116,,,0,10,true,\n";
  const std::string db = (tmp / "t.db").string();
  ASSERT_EQ(Cli("import " + data.string() + " --db " + db).exit_code, 0);
  CliRun r = Cli("service add --db " + db +
                 " --provider lab1 --kind testing --title-zh 电磁兼容试验 --title-en 'EMC testing'"
                 " --standards 'gb 34660-2017,CISPR 25' --components CHS --cnas L1234 --lead-time-days 10"
                 " --price-min 30000 --price-max 90000 --capacity-hours 2000 --bookable --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto added = boost::json::parse(r.out).as_object();
  EXPECT_EQ(added.at("id").as_string(), "SV00001");
  EXPECT_EQ(added.at("cnas").as_string(), "CNAS L1234");
  r = Cli("service add --db " + db + " --provider lab1 --kind testing --title-zh a --title-en b --cma 123");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("field 'cma'"), std::string::npos) << r.out;
  r = Cli("service add --db " + db + " --provider eps1 --kind testing --title-zh a --title-en b");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("not an institute"), std::string::npos) << r.out;
  r = Cli("service list --db " + db + " --standard 'CISPR 25'");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("1 services"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("SV00001  testing"), std::string::npos) << r.out;
  {
    ServiceRequest q;
    q.requester = "oem1";
    q.kind = ServiceKind::kTesting;
    q.standards = {"CISPR 25"};
    q.component = "CHS-EPS";
    OpenStore(db)->PutServiceRequest(q, {});
  }
  r = Cli("service-request match SR00001 --db " + db);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("1 services rank"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("covers 1 of the 1 standards wanted (CISPR 25)"), std::string::npos) << r.out;
  r = Cli("service-request match SR00001 --db " + db + " --json");
  EXPECT_EQ(boost::json::parse(r.out).at("items").at(0).at("service").as_string(), "SV00001");
  EXPECT_EQ(Cli("service-request match SR09999 --db " + db).exit_code, 2);
  // The demonstration catalogue goes into a store without services only.
  r = Cli("service seed --if-empty --db " + db);
  EXPECT_NE(r.out.find("nothing added"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace chainscope

namespace chainscope {
namespace {

TEST(Cli, AnAllocationPenaltyOutsideItsBoundsIsRefusedBeforeItRuns) {
  // It used to be accepted (it is > 0) and, with an offer priced at 1e308, never finished.
  testing::TempDir tmp;
  const std::string db = (tmp / "t.db").string();
  ASSERT_EQ(Cli("import " + testing::MiniDataset().string() + " --db " + db).exit_code, 0);
  CliRun r = Cli("allocate --db " + db + " --unmet-penalty 1e-300");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("unmet_penalty_factor"), std::string::npos) << r.out;
  r = Cli("offer add --db " + db + " --supplier eps1 --component CHS-EPS --capacity 100 --price 1e308");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("unit_price_yuan"), std::string::npos) << r.out;
  EXPECT_EQ(Cli("allocate --db " + db + " --unmet-penalty 0.01").exit_code, 0);
}

}  // namespace
}  // namespace chainscope
