// The `chainscope` binary as users run it: commands, outputs, exit codes and error messages.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <boost/json.hpp>
#include <cstdio>

#include "test_util.h"

namespace chainscope {
namespace {

struct CliRun {
  int exit_code;
  std::string out;  // stdout and stderr together
};

CliRun Cli(const std::string& args) {
  const std::string command = std::string(CHAINSCOPE_BIN) + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int status = ::pclose(pipe);
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
}

}  // namespace
}  // namespace chainscope
