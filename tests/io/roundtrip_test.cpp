#include <gtest/gtest.h>

#include "dataset/generator.h"
#include "io/dataset_io.h"
#include "store/store.h"
#include "store_backends.h"
#include "test_util.h"

namespace chainscope {
namespace {

namespace fs = std::filesystem;

TEST(RoundTrip, MiniCsvExportIsCanonical) {
  testing::TempDir tmp;
  WriteDatasetCsv(ReadDataset(testing::MiniDataset()), tmp / "a");
  WriteDatasetCsv(ReadDataset(tmp / "a"), tmp / "b");
  EXPECT_EQ(testing::FolderContents(tmp / "a"), testing::FolderContents(tmp / "b"));
  // Hand-checked canonical forms: quoted comma, ';' lists, empty optional cells, trimmed numbers.
  const std::string enterprises = testing::ReadText(tmp / "a" / "enterprises.csv");
  EXPECT_NE(
      enterprises.find("oem1,\"Test Motors, Jiangjin\",测试汽车,oem,500116,PK1,IATF 16949,30,5000,true"),
      std::string::npos);
  EXPECT_NE(enterprises.find("pack1,Pack Maker,电池包厂,tier1,510100,,IATF 16949;ISO 14001,60,800,true"),
            std::string::npos);
}

/// Export → import → export through each store backend (store_backends.h).
class RoundTripThrough : public ::testing::TestWithParam<std::string> {};

TEST_P(RoundTripThrough, GeneratedDatasetIsByteIdentical) {
  testing::TempDir tmp;
  const Dataset generated = GenerateDataset({1, 20231229});
  WriteDatasetCsv(generated, tmp / "generated");
  const testing::TestDatabase a(GetParam()), b(GetParam());
  auto store = a.Open();
  store->ReplaceDataset(ReadDataset(tmp / "generated"));
  WriteDatasetCsv(store->LoadDataset(), tmp / "export1");
  auto store2 = b.Open();
  store2->ReplaceDataset(ReadDataset(tmp / "export1"));
  WriteDatasetCsv(store2->LoadDataset(), tmp / "export2");
  const auto first = testing::FolderContents(tmp / "export1");
  EXPECT_EQ(first.size(), 13u);  // 12 tables + dataset.json
  EXPECT_EQ(first, testing::FolderContents(tmp / "export2"));
  EXPECT_EQ(first, testing::FolderContents(tmp / "generated"));
}

INSTANTIATE_TEST_SUITE_P(Backends, RoundTripThrough, ::testing::ValuesIn(testing::StoreBackends()),
                         testing::BackendName());

TEST(RoundTrip, JsonAndCsvCarryTheSameDataset) {
  testing::TempDir tmp;
  const Dataset generated = GenerateDataset({1, 5});
  WriteDatasetJson(generated, tmp / "d.json");
  const Dataset from_json = ReadDataset(tmp / "d.json");
  WriteDatasetCsv(generated, tmp / "csv");
  WriteDatasetCsv(from_json, tmp / "csv_from_json");
  EXPECT_EQ(testing::FolderContents(tmp / "csv"), testing::FolderContents(tmp / "csv_from_json"));
  EXPECT_EQ(DatasetToJson(from_json), DatasetToJson(ReadDataset(tmp / "csv")));
}

TEST(RoundTrip, ExtraColumnsMayBeOmittedAndUnknownColumnsAreIgnored) {
  testing::TempDir tmp;
  fs::copy(testing::MiniDataset(), tmp / "d", fs::copy_options::recursive);
  // Only DESIGN §6's columns, in another order, plus a column chainscope does not know.
  testing::WriteText(tmp / "d" / "links.csv",
                     "supplier,buyer,component,annual_volume,unit_price_yuan,buyer_inventory_days,note\n"
                     "pack1,oem1,BAT-PACK,10000,44000,4,first\n");
  const Dataset d = ReadDataset(tmp / "d");
  ASSERT_EQ(d.links.size(), 1u);
  EXPECT_EQ(d.links[0].buyer, "oem1");
  EXPECT_EQ(d.links[0].supplier, "pack1");
  EXPECT_EQ(d.links[0].in_transit_days, 0);
}

}  // namespace
}  // namespace chainscope
