// Imports of users' spreadsheets through the API on each store: a bureau's 1,000-row Excel list with Chinese
// headers (made here with libxlsxwriter) — dry run writes nothing, commit writes all, re-commit changes
// nothing; GB18030 CSV in a multipart form with a mapping; a commit with a bad row writes nothing (422);
// who may import what; a zip bomb refused.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <iconv.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/uscc.h"
#include "io/dataset_io.h"
#include "io/xlsx.h"
#include "server/stored_api.h"

namespace chainscope {
namespace {
namespace json = boost::json;
namespace fs = std::filesystem;

/// A valid credit code numbered n (GB 32100 and GB 11714 checks computed).
std::string CodeNumbered(int n) {
  std::string org = fmt::format("{:08}", 30000000 + n);
  const std::string first16 = "91500116" + org;
  std::string first17 = first16 + *OrganisationCodeCheckCharacter(org);
  return first17 + *UsccCheckCharacter(first17);
}

/// A bureau's list: 企业名称, 统一社会信用代码, 所在地, 企业类型, 从业人数, 备注 — `rows` parts makers.
std::string BureauWorkbook(int rows) {
  const fs::path file = fs::temp_directory_path() / fmt::format("imports_test_{}.xlsx", ::getpid());
  lxw_workbook* book = workbook_new(file.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(book, "零部件企业名录");
  const char* headers[] = {"企业名称", "统一社会信用代码", "所在地", "企业类型", "从业人数", "备注"};
  for (int c = 0; c < 6; ++c)
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), headers[c], nullptr);
  for (int r = 1; r <= rows; ++r) {
    const auto row = static_cast<lxw_row_t>(r);
    worksheet_write_string(sheet, row, 0, fmt::format("重庆测试零部件{}有限公司", r).c_str(), nullptr);
    worksheet_write_string(sheet, row, 1, CodeNumbered(r).c_str(), nullptr);
    worksheet_write_string(sheet, row, 2, r % 2 ? "重庆市江津区" : "四川省成都市", nullptr);
    worksheet_write_string(sheet, row, 3, "零部件企业", nullptr);
    worksheet_write_number(sheet, row, 4, 100 + r, nullptr);
    worksheet_write_string(sheet, row, 5, "已核实", nullptr);
  }
  EXPECT_EQ(workbook_close(book), LXW_NO_ERROR);
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  fs::remove(file);
  return s.str();
}

class ImportsTest : public testing::StoredApiOnEachBackend {
 protected:
  void SetUp() override {
    Open(ReadDataset(testing::MiniDataset()));
    analyst_ = testing::AddTestAccount(*store_, "analyst@bureau.example", "analyst");
    member_ = testing::AddTestAccount(*store_, "staff@pack1.example", "member", "pack1");
    pack_admin_ = testing::AddTestAccount(*store_, "admin@pack1.example", "member", "pack1", true);
  }
  HttpResponse Upload(const testing::TestAccount& who, const std::string& target, std::string body,
                      const std::string& content_type) {
    HttpRequest r = testing::As(who, "POST", target, std::move(body));
    r.headers.emplace_back("Content-Type", content_type);
    return Checked("POST", target, api_->Handle(r));
  }
  testing::TestAccount analyst_, member_, pack_admin_;
};

TEST_P(ImportsTest, ABureausThousandRowExcelListDryRunsThenCommitsOnceAndAgainChangesNothing) {
  const std::string xlsx = BureauWorkbook(1000);
  const std::string target = "/api/v1/imports?kind=enterprises&dry_run=true&file_name=list.xlsx";
  const StoreRevision before = store_->Revision();
  const HttpResponse dry = Upload(admin_, target, xlsx, std::string(kXlsxContentType));
  ASSERT_EQ(dry.status, 200) << dry.body.substr(0, 500);
  const json::object a = json::parse(dry.body).as_object();
  EXPECT_EQ(a.at("format").as_string(), "xlsx");
  EXPECT_EQ(a.at("sheet").as_string(), "零部件企业名录");
  // The headers are recognised: 备注 (a remark) maps to nothing.
  const json::object& mapping = a.at("mapping").as_object();
  EXPECT_EQ(mapping.at("name_zh").as_string(), "企业名称");
  EXPECT_EQ(mapping.at("uscc").as_string(), "统一社会信用代码");
  EXPECT_EQ(mapping.at("place").as_string(), "所在地");
  EXPECT_EQ(mapping.at("role").as_string(), "企业类型");
  EXPECT_EQ(mapping.at("employees").as_string(), "从业人数");
  EXPECT_EQ(mapping.size(), 5u);
  EXPECT_EQ(a.at("counts").at("new").as_int64(), 1000);
  EXPECT_EQ(a.at("counts").at("error").as_int64(), 0);
  EXPECT_FALSE(a.at("committed").as_bool());
  EXPECT_EQ(a.at("rows").as_array()[0].at("row").as_int64(), 2);  // Excel's row number
  // The dry run wrote nothing.
  EXPECT_EQ(store_->Revision(), before);
  EXPECT_EQ(store_->LoadDataset().enterprises.size(), 5u);

  const json::object committed = json::parse(Upload(admin_,
                                                    "/api/v1/imports?kind=enterprises&dry_run=false&"
                                                    "file_name=list.xlsx",
                                                    xlsx, std::string(kXlsxContentType))
                                                 .body)
                                     .as_object();
  EXPECT_TRUE(committed.at("committed").as_bool());
  EXPECT_EQ(committed.at("counts").at("new").as_int64(), 1000);
  const Dataset d = store_->LoadDataset();
  ASSERT_EQ(d.enterprises.size(), 1005u);
  const Enterprise& first = d.enterprises[5];
  EXPECT_EQ(first.name_zh, "重庆测试零部件1有限公司");
  EXPECT_EQ(first.name, first.name_zh);  // one name: both languages carry it until an English one is given
  EXPECT_EQ(first.uscc, CodeNumbered(1));
  EXPECT_EQ(first.place, "500116");
  EXPECT_EQ(d.enterprises[6].place, "510100");
  EXPECT_EQ(first.role, Role::kTier1);
  EXPECT_EQ(first.employees, 101);
  EXPECT_FALSE(first.synthetic);
  EXPECT_EQ(committed.at("rows").as_array()[0].at("id").as_string(), first.id);
  // The directory finds them by credit code at once (the server reloaded its snapshot).
  const json::object found = Ok("GET", "/api/v1/enterprises?q=" + CodeNumbered(7));
  EXPECT_EQ(found.at("total").as_int64(), 1);
  // Audited: one row per enterprise and the import's own.
  std::size_t total = 0;
  store_->AuditTrail({.entity = "import:enterprises"}, &total);
  EXPECT_EQ(total, 1u);
  store_->AuditTrail({.entity = "enterprise:" + first.id}, &total);
  EXPECT_EQ(total, 1u);

  // Again: every row is found by its code and nothing changes.
  const StoreRevision after = store_->Revision();
  const json::object again = json::parse(Upload(admin_, "/api/v1/imports?kind=enterprises&dry_run=false",
                                                xlsx, std::string(kXlsxContentType))
                                             .body)
                                 .as_object();
  EXPECT_EQ(again.at("counts").at("unchanged").as_int64(), 1000);
  EXPECT_EQ(again.at("counts").at("new").as_int64(), 0);
  EXPECT_EQ(store_->Revision(), after);
  EXPECT_EQ(store_->LoadDataset().enterprises.size(), 1005u);
}

TEST_P(ImportsTest, AGb18030CsvInAFormWithAMappingUpdatesByIdAndNamesEachBadRowsField) {
  // The mapping names the columns the headers would not: 厂商 (maker) is the supplier.
  const std::string csv = testing::Gb18030(
      "厂商,零部件,设计能力,单价（元）\n"
      "pack1,动力电池包,\"18,000\",4.4万\n"  // an update of pack1's packs: capacity and price
      "Cell Maker,BAT-CELL,2000000,310\n"    // by English name: unchanged
      "eps1,转向器,100,1\n"                  // no such component
      "nobody,CHS-EPS,100,1\n");             // no such enterprise
  const std::string boundary = "----chainscope-test";
  const std::string mapping = R"({"supplier":"厂商","component":"零部件","annual_capacity":"设计能力"})";
  std::string body = "--" + boundary +
                     "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"caps.csv\"\r\n" +
                     "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary +
                     "\r\nContent-Disposition: form-data; name=\"mapping\"\r\n\r\n" + mapping + "\r\n--" +
                     boundary + "--\r\n";
  const std::string type = "multipart/form-data; boundary=" + boundary;
  const HttpResponse r = Upload(admin_, "/api/v1/imports?kind=capabilities", body, type);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::object a = json::parse(r.body).as_object();
  EXPECT_EQ(a.at("encoding").as_string(), "gb18030");
  EXPECT_EQ(a.at("mapping").at("unit_price_yuan").as_string(), "单价（元）");  // proposed where not given
  const json::array& rows = a.at("rows").as_array();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].at("action").as_string(), "update");
  EXPECT_EQ(rows[0].at("id").as_string(), "pack1|BAT-PACK");
  EXPECT_EQ(rows[1].at("action").as_string(), "unchanged");
  EXPECT_EQ(rows[2].at("action").as_string(), "error");
  EXPECT_EQ(rows[2].at("field").as_string(), "component");
  EXPECT_EQ(rows[2].at("reason_code").at("code").as_string(), "import.unknown_component");
  EXPECT_EQ(rows[3].at("field").as_string(), "supplier");
  EXPECT_EQ(rows[3].at("reason_code").at("code").as_string(), "import.unknown_enterprise");

  // A commit with rows in error writes nothing.
  const HttpResponse refused = Upload(admin_, "/api/v1/imports?kind=capabilities&dry_run=false", body, type);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("2 rows in error (the first: row 4); nothing written"), std::string::npos)
      << refused.body;
  EXPECT_EQ(store_->LoadDataset().capabilities[0].annual_capacity, 15000);

  // Without the bad rows it commits: capacity 18,000, price 44,000 (4.4万).
  std::string good = body;
  const std::string fixed =
      testing::Gb18030("厂商,零部件,设计能力,单价（元）\npack1,动力电池包,\"18,000\",4.4万\n");
  good.replace(good.find(csv), csv.size(), fixed);
  const HttpResponse ok = Upload(admin_, "/api/v1/imports?kind=capabilities&dry_run=false", good, type);
  ASSERT_EQ(ok.status, 200) << ok.body;
  const Dataset stored = store_->LoadDataset();
  const Capability& pack = stored.capabilities[0];
  EXPECT_EQ(pack.annual_capacity, 18000);
  EXPECT_DOUBLE_EQ(pack.unit_price_yuan, 44000);
  EXPECT_EQ(pack.committed, 10000);  // kept: the file does not say
}

TEST_P(ImportsTest, AdminsImportAnythingAnEnterprisesAdministratorOnlyItsOwnRecords) {
  const std::string csv = "零部件,年产能,单价(元)\nCHS-EPS,3000,2600\n";
  const std::string target = "/api/v1/imports?kind=capabilities&dry_run=false";
  HttpRequest anonymous{"POST", target, csv};
  anonymous.headers.emplace_back("Content-Type", "text/csv");
  EXPECT_EQ(api_->Handle(anonymous).status, 401);
  EXPECT_EQ(Upload(analyst_, target, csv, "text/csv").status, 403);
  EXPECT_EQ(Upload(member_, target, csv, "text/csv").status, 403);
  EXPECT_EQ(Upload(pack_admin_, "/api/v1/imports?kind=enterprises", csv, "text/csv").status, 403);
  // Pack Maker's administrator adds steering to its own capabilities: the supplier column may be left out.
  const HttpResponse mine = Upload(pack_admin_, target, csv, "text/csv");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(json::parse(mine.body).at("rows").at(0).at("id").as_string(), "pack1|CHS-EPS");
  // Naming another enterprise is refused row by row.
  const HttpResponse theirs =
      Upload(pack_admin_, target, "供应商,零部件,年产能,单价(元)\neps1,CHS-EPS,1,1\n", "text/csv");
  EXPECT_EQ(theirs.status, 422);
  const HttpResponse dry = Upload(pack_admin_, "/api/v1/imports?kind=capabilities",
                                  "供应商,零部件,年产能,单价(元)\neps1,CHS-EPS,1,1\n", "text/csv");
  EXPECT_EQ(json::parse(dry.body).at("rows").at(0).at("reason_code").at("code").as_string(),
            "import.not_yours");
}

TEST_P(ImportsTest, ABureauImportsItsLeadsOnceAndAnotherPlacesRowIsRefused) {
  const auto jiangjin = testing::AddTestAccount(*store_, "invest@jiangjin.example", "bureau", "500116");
  const std::string csv =
      "投资方,统一社会信用代码,项目名称,产品,计划投资(万元),年产能,就业岗位,预计决策日期\n"
      "测试电池科技有限公司,915101002023000284,动力电池包项目,BAT-PACK、动力电芯,\"50,000\",200000,800,2027/"
      "3/1\n"
      "江津齿轮有限公司,,转向器扩产,电动助力转向,1.2亿,,120,\n";
  const std::string target = "/api/v1/imports?kind=leads";
  const HttpResponse dry = Upload(jiangjin, target, csv, "text/csv");
  ASSERT_EQ(dry.status, 200) << dry.body;
  const json::object a = json::parse(dry.body).as_object();
  EXPECT_EQ(a.at("counts").at("new").as_int64(), 2) << dry.body;
  EXPECT_EQ(a.at("mapping").at("investment_yuan").as_string(), "计划投资(万元)");
  EXPECT_TRUE(store_->Leads({}).empty());
  const HttpResponse committed = Upload(jiangjin, target + "&dry_run=false", csv, "text/csv");
  ASSERT_EQ(committed.status, 200) << committed.body;
  std::vector<Lead> leads = store_->Leads({});
  ASSERT_EQ(leads.size(), 2u);
  EXPECT_EQ(leads[0].place, "500116");
  EXPECT_DOUBLE_EQ(leads[0].investment_yuan, 5e8);  // 50,000 万元
  EXPECT_EQ(leads[0].components, (std::vector<std::string>{"BAT-PACK", "BAT-CELL"}));
  EXPECT_EQ(leads[0].investor, "pack1");  // its credit code names a stored enterprise
  EXPECT_EQ(leads[0].expected_decision, "2027-03-01");
  EXPECT_DOUBLE_EQ(leads[1].investment_yuan, 1.2e8 * 1e4);  // 1.2亿 in a 万元 column: 1.2e8 × 10,000
  EXPECT_EQ(json::parse(committed.body).at("rows").at(0).at("id").as_string(), leads[0].id);
  // Again: the same project of the same investor is an open lead already.
  const json::object again =
      json::parse(Upload(jiangjin, target + "&dry_run=false", csv, "text/csv").body).as_object();
  EXPECT_EQ(again.at("counts").at("unchanged").as_int64(), 2);
  EXPECT_EQ(store_->Leads({}).size(), 2u);
  // A row of another place is not this bureau's; members and analysts import no leads.
  const HttpResponse other =
      Upload(jiangjin, target, "投资方,项目名称,产品,计划投资(元),所在地\n某公司,某项目,CHS-EPS,100,成都市\n",
             "text/csv");
  EXPECT_EQ(json::parse(other.body).at("rows").at(0).at("reason_code").at("code").as_string(),
            "import.not_yours");
  EXPECT_EQ(Upload(member_, target, csv, "text/csv").status, 403);
  EXPECT_EQ(Upload(analyst_, target, csv, "text/csv").status, 403);
}

TEST_P(ImportsTest, TheDoorRefusesWhatItCannotRead) {
  const std::string target = "/api/v1/imports?kind=enterprises";
  // Not a spreadsheet type; no kind; an unknown mapping field; a zip that is no workbook.
  EXPECT_EQ(Upload(admin_, target, "a,b\n", "application/json").status, 400);
  EXPECT_EQ(Upload(admin_, "/api/v1/imports", "a,b\n", "text/csv").status, 400);
  const HttpResponse unknown =
      Upload(admin_, target + "&mapping=%7B%22colour%22%3A%22a%22%7D", "a,b\n1,2\n", "text/csv");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find("no field 'colour'"), std::string::npos) << unknown.body;
  const HttpResponse notzip =
      Upload(admin_, target, std::string("PK\x03\x04garbage", 11), std::string(kXlsxContentType));
  EXPECT_EQ(notzip.status, 400);
  EXPECT_NE(notzip.body.find("not a readable Excel workbook"), std::string::npos) << notzip.body;
}

}  // namespace

INSTANTIATE_BACKENDS(ImportsTest);

}  // namespace chainscope
