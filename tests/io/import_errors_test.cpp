// Data-driven import error cases: tests/data/import_errors/<case>/ holds files that replace the mini
// dataset's (a file DELETE lists files to remove) and expected.txt, whose every line must appear in the
// error message. Each case must fail, name file:line and column, and write nothing to the store.
#include <gtest/gtest.h>

#include "io/dataset_io.h"
#include "io/validate.h"
#include "store/store.h"
#include "store_backends.h"
#include "test_util.h"

namespace chainscope {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

TEST(ImportErrors, MiniDatasetIsValid) {
  const Dataset d = ReadDataset(testing::MiniDataset());
  EXPECT_EQ(d.enterprises.size(), 5u);
  EXPECT_EQ(d.links.size(), 3u);
  EXPECT_EQ(d.enterprises[0].name, "Test Motors, Jiangjin");  // quoted comma
  EXPECT_EQ(d.enterprises[1].certifications, (std::vector<std::string>{"IATF 16949", "ISO 14001"}));
  EXPECT_TRUE(d.enterprises[1].park.empty());
  EXPECT_FALSE(d.places[2].lat.has_value());
  EXPECT_EQ(d.demands[0].required_certs, (std::vector<std::string>{"IATF 16949"}));
  EXPECT_TRUE(d.demands[0].prefer_local);
}

/// Runs against each store backend (store_backends.h).
class ImportErrorsInto : public ::testing::TestWithParam<std::string> {};

TEST_P(ImportErrorsInto, EveryCaseFailsWithItsMessageAndWritesNothing) {
  const fs::path cases = testing::TestData() / "import_errors";
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(cases)) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  ASSERT_GE(dirs.size(), 25u);

  testing::TempDir tmp;
  const testing::TestDatabase db(GetParam());
  auto store = db.Open();
  store->ReplaceDataset(ReadDataset(testing::MiniDataset()));
  const std::string before = DatasetToJson(store->LoadDataset());

  for (const fs::path& dir : dirs) {
    SCOPED_TRACE(dir.filename().string());
    const fs::path work = tmp / ("case-" + dir.filename().string());
    fs::copy(testing::MiniDataset(), work, fs::copy_options::recursive);
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      if (name == "expected.txt") continue;
      if (name == "DELETE") {
        for (const auto& victim : Lines(testing::ReadText(e.path()))) fs::remove(work / victim);
        continue;
      }
      fs::copy_file(e.path(), work / name, fs::copy_options::overwrite_existing);
    }
    const auto expected = Lines(testing::ReadText(dir / "expected.txt"));
    ASSERT_FALSE(expected.empty());
    try {
      const Dataset d = ReadDataset(work);
      store->ReplaceDataset(d);  // not reached when validation works
      ADD_FAILURE() << "import succeeded";
    } catch (const ImportError& e) {
      const std::string message = e.what();
      EXPECT_TRUE(message.starts_with("import failed, nothing was written")) << message;
      for (const auto& line : expected)
        EXPECT_NE(message.find(line), std::string::npos) << "expected: " << line << "\ngot: " << message;
    }
    EXPECT_EQ(DatasetToJson(store->LoadDataset()), before);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportErrorsInto, ::testing::ValuesIn(testing::StoreBackends()),
                         testing::BackendName());

TEST(ImportErrors, ManyProblemsAreAllReportedUpToTheLimit) {
  testing::TempDir tmp;
  const fs::path work = tmp / "many";
  fs::copy(testing::MiniDataset(), work, fs::copy_options::recursive);
  std::string links =
      "buyer,supplier,component,annual_volume,unit_price_yuan,buyer_inventory_days,in_transit_days\n";
  for (int i = 0; i < 200; ++i) links += "oem1,ghost" + std::to_string(i) + ",BAT-PACK,1,1,1,1\n";
  testing::WriteText(work / "links.csv", links);
  try {
    ReadDataset(work);
    FAIL();
  } catch (const ImportError& e) {
    EXPECT_EQ(e.issues().size(), kMaxImportIssues);
    EXPECT_EQ(e.issues()[0].ToString(), "links.csv:2: column 'supplier': unknown enterprise 'ghost0'");
  }
}

struct JsonCase {
  std::string name;
  std::string json;
  std::string expect;
};

TEST(ImportErrors, JsonDocumentsAreValidatedWithPaths) {
  const std::string good = DatasetToJson(ReadDataset(testing::MiniDataset()));
  auto replace = [&](std::string from, std::string to) {
    std::string s = good;
    const auto at = s.find(from);
    if (at == std::string::npos) {
      ADD_FAILURE() << "not in the document: " << from;
      return s;
    }
    return s.substr(0, at) + to + s.substr(at + from.size());
  };
  const JsonCase cases[] = {
      {"syntax", "{\"places\": [}", "d.json: line 1, column 13: invalid JSON"},
      {"not an object", "[1,2]", "d.json: must be a JSON object"},
      {"wrong type", replace("\"annual_volume\":10000", "\"annual_volume\":\"many\""),
       "d.json: vehicle_lines[0]: column 'annual_volume': expected a whole number"},
      {"fraction for count", replace("\"annual_volume\":10000", "\"annual_volume\":1.5"),
       "d.json: vehicle_lines[0]: column 'annual_volume': 1.5 is not a whole number"},
      {"missing field", replace("\"committed\":10000,", ""),
       "d.json: capabilities[0]: column 'committed': missing field"},
      {"unknown reference",
       replace("\"supplier\":\"eps1\",\"component\":\"CHS-EPS\",\"annual_volume\"",
               "\"supplier\":\"zz\",\"component\":\"CHS-EPS\",\"annual_volume\""),
       "d.json: links[1]: column 'supplier': unknown enterprise 'zz'"},
      {"table not array", R"({"places": 5, "components": [], "enterprises": []})",
       "d.json: column 'places': must be an array of objects"},
      {"missing table", R"({"places": [], "components": []})", "d.json: column 'enterprises': missing table"},
  };
  for (const JsonCase& c : cases) {
    SCOPED_TRACE(c.name);
    try {
      ParseDatasetJson(c.json, "d.json");
      ADD_FAILURE() << "accepted";
    } catch (const ImportError& e) {
      EXPECT_NE(std::string(e.what()).find(c.expect), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace chainscope
