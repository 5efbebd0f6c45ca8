#include "service/imports.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <expected>
#include <unordered_map>
#include <unordered_set>

#include "analytics/dedupe.h"
#include "core/audit.h"
#include "core/number_text.h"
#include "core/schema.h"
#include "core/uscc.h"
#include "io/validate.h"
#include "service/errors.h"
#include "service/log.h"
#include "service/platform.h"
#include "service/promotion.h"
#include "store/store.h"

namespace chainscope {
namespace {

struct KindTable {
  ImportKind kind;
  Table table;
  std::string_view owner;  // the field naming the enterprise whose record it is ("" for enterprises, links)
  std::vector<ImportField> fields;
};

// Headers seen in bureaus' and companies' lists; each field's own name and its labels are recognised too.
constexpr std::string_view kSupplierHeaders[] = {"supplier",         "供应商编号",   "供应商统一社会信用代码",
                                                 "统一社会信用代码", "信用代码",     "供应商",
                                                 "供应商名称",       "企业名称",     "公司名称",
                                                 "单位名称",         "supplier name"};
constexpr std::string_view kComponentHeaders[] = {"component",      "零部件",   "部件",       "主营产品",
                                                  "产品",           "产品名称", "零部件名称", "零部件类别",
                                                  "component code", "product"};
constexpr std::string_view kPriceHeaders[] = {"unit_price_yuan", "单价(元)",   "单价", "价格(元)", "价格",
                                              "采购单价",        "unit price", "price"};

std::vector<std::string_view> Headers(std::initializer_list<std::string_view> list) {
  return list;
}
template <std::size_t N>
std::vector<std::string_view> Headers(const std::string_view (&list)[N]) {
  return {list, list + N};
}

const std::vector<KindTable>& KindTables() {
  using enum ImportKind;
  static const std::vector<KindTable> tables{
      {kEnterprises,
       Table::kEnterprises,
       "",
       {{"id", "编号", "Id", Headers({"企业编号", "编号", "enterprise id"})},
        {"uscc", "统一社会信用代码", "Credit code",
         Headers(
             {"统一社会信用代码", "社会信用代码", "信用代码", "unified social credit code", "credit code"})},
        {"name_zh", "企业名称", "Name (Chinese)",
         Headers({"企业名称", "企业名称(中文)", "中文名称", "公司名称", "单位名称", "名称"}), true},
        {"name", "英文名称", "Name (English)",
         Headers({"英文名称", "企业英文名称", "name_en", "english name", "company name", "enterprise name"})},
        {"role", "角色", "Role", Headers({"角色", "企业类型", "类型", "type"}), false, "tier1"},
        {"place", "所在地", "Place",
         Headers({"所在地", "所在地/区县", "所在区县", "区县", "所在地区", "地区", "注册地", "location",
                  "district", "city"}),
         true},
        {"park", "园区", "Park", Headers({"所在园区", "园区"})},
        {"certifications", "认证", "Certifications", Headers({"资质认证", "体系认证", "认证"})},
        {"employees", "员工数", "Employees", Headers({"员工数", "员工人数", "从业人数", "职工人数"}), false,
         "0"},
        {"ttr_days", "恢复时间（天）", "Time to recover (days)", Headers({"恢复时间(天)", "恢复天数"}), false,
         "30"}}},
      {kCapabilities,
       Table::kCapabilities,
       "supplier",
       {{"supplier", "供应商", "Supplier", Headers(kSupplierHeaders), true},
        {"component", "零部件", "Component", Headers(kComponentHeaders), true},
        {"annual_capacity", "年产能", "Annual capacity",
         Headers({"年产能", "产能", "年产能(件)", "年产能(套)", "设计产能", "capacity"}), true},
        {"committed", "已签约量", "Committed", Headers({"已签约量", "已承诺产能", "已供货量"}), false, "0"},
        {"unit_price_yuan", "单价（元）", "Unit price (yuan)", Headers(kPriceHeaders), true},
        {"lead_time_days", "交货期（天）", "Lead time (days)",
         Headers({"交货期(天)", "交货期", "交期", "交货周期", "lead time"}), false, "30"},
        {"quality", "质量（0–1）", "Quality (0–1)", Headers({"质量", "合格率", "quality"}), false, "0.9"},
        {"inventory_days", "库存天数", "Inventory (days)", Headers({"库存天数", "成品库存天数"}), false,
         "0"}}},
      {kLinks,
       Table::kLinks,
       "",
       {{"buyer", "采购方", "Buyer",
         Headers({"采购方", "采购方编号", "客户", "整车企业", "买方", "buyer name"}), true},
        {"supplier", "供应商", "Supplier", Headers(kSupplierHeaders), true},
        {"component", "零部件", "Component", Headers(kComponentHeaders), true},
        {"annual_volume", "年采购量", "Annual volume",
         Headers({"年采购量", "采购量", "年供货量", "供货量", "volume"}), true},
        {"unit_price_yuan", "单价（元）", "Unit price (yuan)", Headers(kPriceHeaders), true},
        {"buyer_inventory_days", "采购方库存天数", "Buyer's inventory (days)",
         Headers({"采购方库存天数", "库存天数"}), false, "0"},
        {"in_transit_days", "在途天数", "In transit (days)", Headers({"在途天数", "运输天数"}), false, "0"}}},
      {kDemands,
       Table::kDemands,
       "buyer",
       {{"id", "需求编号", "Demand id", Headers({"需求编号", "编号"})},
        {"buyer", "采购方", "Buyer",
         Headers({"采购方", "采购方编号", "需求方", "企业名称", "统一社会信用代码", "buyer name"}), true},
        {"component", "零部件", "Component", Headers(kComponentHeaders), true},
        {"annual_quantity", "年需求量", "Annual quantity",
         Headers({"年需求量", "年采购量", "需求量", "采购量", "quantity"}), true},
        {"start_date", "开始日期", "Start date", Headers({"开始日期", "需求日期", "起始日期", "start"}),
         true},
        {"max_distance_km", "最大距离（公里）", "Max distance (km)",
         Headers({"最大距离(公里)", "最大距离(km)", "最大距离", "运距上限"})},
        {"required_certs", "认证要求", "Required certifications", Headers({"认证要求", "资质要求"})},
        {"prefer_local", "本地优先", "Prefer local", Headers({"本地优先", "优先本地"}), false, "false"},
        {"max_share", "单一供应商最大份额", "Max share per supplier",
         Headers({"单一供应商最大份额", "最大份额"}), false, "1"},
        {"status", "状态", "Status", Headers({"状态"}), false, "open"}}},
      {kOffers,
       Table::kOffers,
       "supplier",
       {{"id", "供给编号", "Offer id", Headers({"供给编号", "编号"})},
        {"supplier", "供应商", "Supplier", Headers(kSupplierHeaders), true},
        {"component", "零部件", "Component", Headers(kComponentHeaders), true},
        {"annual_capacity", "可供产能", "Capacity offered",
         Headers({"可供产能", "可供数量", "空闲产能", "年产能", "capacity"}), true},
        {"unit_price_yuan", "单价（元）", "Unit price (yuan)", Headers(kPriceHeaders), true},
        {"valid_until", "有效期至", "Valid until", Headers({"有效期至", "有效期", "截止日期"})},
        {"status", "状态", "Status", Headers({"状态"}), false, "open"},
        {"price_public", "公开价格", "Price public", Headers({"公开价格", "价格公开"}), false, "false"}}},
  };
  return tables;
}

const KindTable& TableOf(ImportKind kind) {
  if (kind == ImportKind::kLeads) throw Error("imports: leads are not a table of the chain");
  return KindTables()[static_cast<std::size_t>(kind)];
}

/// A lead's fields (service/promotion.h's LeadDraft); the investment's header may state 万元 or 亿元.
const std::vector<ImportField>& LeadFields() {
  static const std::vector<ImportField> fields{
      {"investor_name_zh", "投资方", "Investor (Chinese name)",
       Headers({"投资方", "投资企业", "投资方名称", "企业名称", "公司名称", "investor"}), true},
      {"investor_name_en", "投资方英文名称", "Investor (English name)",
       Headers({"英文名称", "investor name"})},
      {"investor_uscc", "统一社会信用代码", "Investor's credit code",
       Headers({"统一社会信用代码", "信用代码"})},
      {"investor", "投资方企业编号", "Investor's enterprise id", Headers({"企业编号"})},
      {"project", "项目名称", "Project", Headers({"项目名称", "项目", "project name"}), true},
      {"components", "产品", "Components",
       Headers({"产品", "主营产品", "项目产品", "零部件", "零部件类别", "products"}), true},
      {"investment_yuan", "计划投资（元）", "Planned investment (yuan)",
       Headers({"计划投资(元)", "投资额(元)", "计划投资(万元)", "投资额(万元)", "计划投资(亿元)",
                "投资额(亿元)", "计划投资", "投资额", "总投资", "investment"}),
       true},
      {"annual_capacity", "年产能", "Annual capacity", Headers({"年产能", "设计产能", "产能"})},
      {"jobs", "就业岗位", "Jobs", Headers({"就业岗位", "新增就业", "用工人数", "jobs"})},
      {"expected_decision", "预计决策日期", "Expected decision",
       Headers({"预计决策日期", "预计决策时间", "预计签约时间"})},
      {"contact", "联系人", "Contact", Headers({"联系人", "联系方式", "contact"})},
      {"notes", "备注", "Notes", Headers({"备注", "notes"})},
      {"place", "所在地", "Place (coordinators)", Headers({"所在地", "区县", "地区"})},
  };
  return fields;
}

// ---- texts ------------------------------------------------------------------------------------------------

std::string_view Trim(std::string_view s) {
  auto space = [](std::string_view t) {
    if (t.starts_with(' ') || t.starts_with('\t') || t.starts_with('\r') || t.starts_with('\n')) return 1;
    if (t.starts_with("\u3000") || t.starts_with("\u00A0")) return t.starts_with("\u3000") ? 3 : 2;
    return 0;
  };
  while (const int n = space(s)) s.remove_prefix(static_cast<std::size_t>(n));
  for (;;) {
    if (s.ends_with(' ') || s.ends_with('\t') || s.ends_with('\r') || s.ends_with('\n'))
      s.remove_suffix(1);
    else if (s.ends_with("\u3000"))
      s.remove_suffix(3);
    else if (s.ends_with("\u00A0"))
      s.remove_suffix(2);
    else
      return s;
  }
}

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

/// A header as compared: no spaces, ASCII lower case, half-width brackets, no required-field star or colon.
std::string HeaderKey(std::string_view header) {
  std::string s = AsciiLower(Trim(header));
  s = ReplaceAll(std::move(s), "（", "(");
  s = ReplaceAll(std::move(s), "）", ")");
  s = ReplaceAll(std::move(s), "\u3000", "");
  s = ReplaceAll(std::move(s), " ", "");
  s = ReplaceAll(std::move(s), "_", "");
  s = ReplaceAll(std::move(s), "*", "");
  while (s.ends_with(':')) s.pop_back();
  if (s.ends_with("：")) s.resize(s.size() - 3);
  return s;
}

Message Reason(std::string code, std::vector<std::pair<std::string, std::string>> params, std::string text) {
  return {"import." + std::move(code), std::move(params), std::move(text)};
}

// ---- what the cells say -----------------------------------------------------------------------------------

/// A number as people write it: 120,000 · 12万 · 1.5亿元 · 80% · 30天 · 1 234.5 元/件.
std::optional<double> NumberIn(std::string_view raw) {
  std::string s(Trim(raw));
  for (std::string_view cut : {",", "，", " ", "\u00A0"}) s = ReplaceAll(std::move(s), cut, "");
  double scale = 1;
  for (bool more = true; more;) {
    more = false;
    for (std::string_view unit :
         {"元/件", "元/套", "元/台", "元/个", "元", "件", "套", "台",  "个",   "辆", "天",
          "日",    "公里",  "km",    "人",    "只", "片", "吨", "rmb", "yuan", "cny"}) {
      if (AsciiLower(s).ends_with(unit)) {
        s.resize(s.size() - unit.size());
        more = true;
      }
    }
  }
  if (s.ends_with("%") || s.ends_with("％")) {
    s.resize(s.size() - (s.ends_with("%") ? 1 : 3));
    scale = 0.01;
  } else if (s.ends_with("万")) {
    s.resize(s.size() - 3);
    scale = 1e4;
  } else if (s.ends_with("亿")) {
    s.resize(s.size() - 3);
    scale = 1e8;
  }
  if (s.starts_with('+')) s.erase(0, 1);
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v * scale;
}

/// 2027-01-01 · 2027/1/1 · 2027.1.1 · 2027年1月1日 · an Excel serial · "2027-01-01 00:00:00".
std::optional<std::string> DateIn(std::string_view raw) {
  std::string s(Trim(raw));
  if (std::string serial = ExcelSerialDate(s); !serial.empty()) return serial;
  if (s.size() > 10 && (s[10] == ' ' || s[10] == 'T')) s.resize(10);
  s = ReplaceAll(std::move(s), "年", "-");
  s = ReplaceAll(std::move(s), "月", "-");
  s = ReplaceAll(std::move(s), "日", "");
  for (char& c : s)
    if (c == '/' || c == '.') c = '-';
  int y = 0, m = 0, d = 0;
  char a = 0, b = 0;
  const int n = std::sscanf(s.c_str(), "%d%c%d%c%d", &y, &a, &m, &b, &d);
  if (n != 5 || a != '-' || b != '-') return std::nullopt;
  const std::string date = fmt::format("{:04}-{:02}-{:02}", y, m, d);
  if (fmt::format("{}-{}-{}", y, m, d) != s && date != s) return std::nullopt;  // nothing after the day
  if (!IsCalendarDate(date)) return std::nullopt;
  return date;
}

std::optional<bool> BoolIn(std::string_view raw) {
  const std::string s = AsciiLower(Trim(raw));
  for (std::string_view yes : {"true", "1", "yes", "y", "是", "对", "√"})
    if (s == yes) return true;
  for (std::string_view no : {"false", "0", "no", "n", "否", "不", "×"})
    if (s == no) return false;
  return std::nullopt;
}

std::optional<std::string_view> RoleIn(std::string_view raw) {
  const std::string s = AsciiLower(Trim(raw));
  static const std::vector<std::pair<std::string_view, std::string_view>> words{{"oem", "oem"},
                                                                                {"整车", "oem"},
                                                                                {"整车企业", "oem"},
                                                                                {"主机厂", "oem"},
                                                                                {"vehicle maker", "oem"},
                                                                                {"supplier", "tier1"},
                                                                                {"tier1", "tier1"},
                                                                                {"一级供应商", "tier1"},
                                                                                {"零部件", "tier1"},
                                                                                {"零部件企业", "tier1"},
                                                                                {"供应商", "tier1"},
                                                                                {"tier2", "tier2"},
                                                                                {"二级供应商", "tier2"},
                                                                                {"material", "material"},
                                                                                {"原材料", "material"},
                                                                                {"材料", "material"},
                                                                                {"logistics", "logistics"},
                                                                                {"物流", "logistics"},
                                                                                {"dealer", "dealer"},
                                                                                {"经销商", "dealer"},
                                                                                {"research", "institute"},
                                                                                {"institute", "institute"},
                                                                                {"研究机构", "institute"},
                                                                                {"科研院所", "institute"},
                                                                                {"高校", "institute"},
                                                                                {"检测机构", "institute"}};
  for (const auto& [word, role] : words)
    if (s == word) return role;
  return std::nullopt;
}

std::optional<std::string_view> StatusIn(std::string_view raw) {
  const std::string s = AsciiLower(Trim(raw));
  for (std::string_view open : {"open", "开放", "有效", "进行中"})
    if (s == open) return "open";
  for (std::string_view closed : {"closed", "关闭", "已关闭", "无效", "结束"})
    if (s == closed) return "closed";
  return std::nullopt;
}

/// The stored data a row's references resolve against.
class Resolver {
 public:
  explicit Resolver(const Dataset& d) : d_(d), place_words_(PlaceWords(d)) {
    for (std::size_t i = 0; i < d.enterprises.size(); ++i) {
      const Enterprise& e = d.enterprises[i];
      by_id_.emplace(e.id, i);
      if (!e.uscc.empty()) by_uscc_.emplace(e.uscc, i);
      if (!e.name_zh.empty()) by_name_[e.name_zh].push_back(i);
      if (!e.name.empty() && AsciiLower(e.name) != e.name_zh) by_name_[AsciiLower(e.name)].push_back(i);
    }
    for (std::size_t i = 0; i < d.components.size(); ++i) {
      const ComponentType& c = d.components[i];
      components_.emplace(AsciiLower(c.code), c.code);
      components_.emplace(c.name_zh, c.code);
      components_.emplace(AsciiLower(c.name), c.code);
    }
    for (const Place& p : d.places) places_.emplace(AsciiLower(p.code), p.code);
    for (const Park& p : d.parks)
      parks_.emplace(AsciiLower(p.id), p.id), parks_.emplace(AsciiLower(p.name), p.id);
  }

  std::expected<std::string, Message> FindPlace(std::string_view raw) const {
    const std::string s = AsciiLower(Trim(raw));
    if (const auto it = places_.find(s); it != places_.end()) return it->second;
    for (const PlaceWord& w : place_words_)  // longest first
      if (!w.place.empty() && places_.contains(AsciiLower(w.place)) && s.find(w.word) != std::string::npos)
        return w.place;
    // Outside the region: the dataset's "elsewhere in China" and "abroad", when it has them.
    static constexpr std::string_view kOtherChina[] = {
        "北京",    "天津",      "河北",    "山西",     "内蒙古",   "辽宁",     "吉林",         "黑龙江",
        "上海",    "江苏",      "浙江",    "安徽",     "福建",     "江西",     "山东",         "河南",
        "湖北",    "湖南",      "广东",    "广西",     "海南",     "贵州",     "云南",         "西藏",
        "陕西",    "甘肃",      "青海",    "宁夏",     "新疆",     "深圳",     "苏州",         "宁波",
        "beijing", "tianjin",   "hebei",   "shanxi",   "liaoning", "jilin",    "heilongjiang", "shanghai",
        "jiangsu", "zhejiang",  "anhui",   "fujian",   "jiangxi",  "shandong", "henan",        "hubei",
        "hunan",   "guangdong", "guangxi", "hainan",   "guizhou",  "yunnan",   "tibet",        "shaanxi",
        "gansu",   "qinghai",   "ningxia", "xinjiang", "shenzhen", "suzhou"};
    static constexpr std::string_view kAbroad[] = {"境外", "国外",  "德国",   "日本",    "美国",
                                                   "韩国", "法国",  "abroad", "germany", "japan",
                                                   "usa",  "korea", "france"};
    auto names = [&](std::span<const std::string_view> words) {
      return std::ranges::any_of(words, [&](std::string_view w) { return s.find(w) != std::string::npos; });
    };
    if (names(kAbroad) && places_.contains("abroad")) return places_.at("abroad");
    if (names(kOtherChina) && places_.contains("cn-other")) return places_.at("cn-other");
    return std::unexpected(
        Reason("unknown_place", {{"value", std::string(raw)}},
               fmt::format("no place is named in '{}': give a district or city of the region "
                           "(江津区, Jiangjin, 500116), or a province outside it",
                           raw)));
  }

  /// By id, credit code, or an exact name (Chinese, or English in any case) that one enterprise has.
  std::expected<std::size_t, Message> FindEnterprise(std::string_view raw) const {
    const std::string_view s = Trim(raw);
    if (const auto it = by_id_.find(std::string(s)); it != by_id_.end()) return it->second;
    if (const auto code = NormalizeUscc(s)) {
      if (const auto it = by_uscc_.find(*code); it != by_uscc_.end()) return it->second;
      return std::unexpected(Reason("unknown_enterprise", {{"value", std::string(s)}},
                                    fmt::format("no enterprise has credit code {}", *code)));
    }
    const auto it = by_name_.find(AsciiLower(s));
    if (it == by_name_.end() || it->second.empty())
      return std::unexpected(Reason("unknown_enterprise", {{"value", std::string(s)}},
                                    fmt::format("no enterprise has the id or name '{}'", s)));
    if (it->second.size() > 1)
      return std::unexpected(Reason(
          "ambiguous_enterprise", {{"value", std::string(s)}, {"count", std::to_string(it->second.size())}},
          fmt::format("{} enterprises are named '{}': give the id or credit code", it->second.size(), s)));
    return it->second.front();
  }
  const Enterprise& At(std::size_t i) const { return d_.enterprises[i]; }
  std::optional<std::size_t> ByUscc(const std::string& code) const {
    const auto it = by_uscc_.find(code);
    return it == by_uscc_.end() ? std::nullopt : std::optional(it->second);
  }
  std::optional<std::size_t> ById(const std::string& id) const {
    const auto it = by_id_.find(id);
    return it == by_id_.end() ? std::nullopt : std::optional(it->second);
  }
  std::vector<std::size_t> ByName(const std::string& name) const {
    const auto it = by_name_.find(AsciiLower(name));
    return it == by_name_.end() ? std::vector<std::size_t>{} : it->second;
  }

  std::expected<std::string, Message> FindComponent(std::string_view raw) const {
    const std::string s = AsciiLower(Trim(raw));
    if (const auto it = components_.find(s); it != components_.end()) return it->second;
    return std::unexpected(Reason("unknown_component", {{"value", std::string(raw)}},
                                  fmt::format("no component has the code or name '{}'", raw)));
  }
  std::expected<std::string, Message> FindPark(std::string_view raw) const {
    if (const auto it = parks_.find(AsciiLower(Trim(raw))); it != parks_.end()) return it->second;
    return std::unexpected(Reason("unknown_park", {{"value", std::string(raw)}},
                                  fmt::format("no demonstration park has the id or name '{}'", raw)));
  }

 private:
  const Dataset& d_;
  std::vector<PlaceWord> place_words_;
  std::unordered_map<std::string, std::size_t> by_id_, by_uscc_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_name_;
  std::unordered_map<std::string, std::string> components_, places_, parks_;
};

std::string Limit(double v) {
  return PlainNumber(v);
}

/// One cell's text as the column's value; an empty text is std::monostate (the caller decides).
std::expected<Cell, Message> Convert(const ColumnSpec& c, std::string_view raw, const Resolver& r) {
  const std::string_view text = Trim(raw);
  if (text.empty()) return Cell{};
  const std::string value(text);
  if (c.is_reference) {
    std::expected<std::string, Message> ref = std::unexpected(Message{});
    switch (c.references) {
      case Table::kPlaces:
        ref = r.FindPlace(text);
        break;
      case Table::kEnterprises: {
        const auto e = r.FindEnterprise(text);
        if (!e) return std::unexpected(e.error());
        ref = r.At(*e).id;
        break;
      }
      case Table::kComponents:
        ref = r.FindComponent(text);
        break;
      case Table::kParks:
        ref = r.FindPark(text);
        break;
      default:
        ref = value;
    }
    if (!ref) return std::unexpected(ref.error());
    return Cell{*ref};
  }
  if (c.uscc) {
    if (const std::optional<UsccProblem> p = CheckUscc(text))
      return std::unexpected(Reason(
          "bad_uscc", {{"value", value}, {"problem", p->reason}, {"position", std::to_string(p->position)}},
          fmt::format("'{}' is not a unified social credit code: {}", value, Describe(*p))));
    return Cell{*NormalizeUscc(text)};
  }
  std::string canonical = value;
  if (c.name == "role") {
    const auto role = RoleIn(text);
    if (!role)
      return std::unexpected(Reason("unknown_role", {{"value", value}},
                                    fmt::format("'{}' is not a role (OEM, supplier, tier 2, material, "
                                                "logistics, dealer, research)",
                                                value)));
    canonical = *role;
  } else if (c.name == "status") {
    const auto status = StatusIn(text);
    if (!status)
      return std::unexpected(
          Reason("bad_status", {{"value", value}}, fmt::format("'{}' is not open or closed", value)));
    canonical = *status;
  }
  switch (c.kind) {
    case FieldKind::kInt:
    case FieldKind::kReal: {
      const std::optional<double> v = NumberIn(text);
      if (!v)
        return std::unexpected(
            Reason("not_number", {{"value", value}}, fmt::format("'{}' is not a number", value)));
      if (*v < c.min || *v > c.max)
        return std::unexpected(Reason(
            "out_of_range",
            {{"value", value}, {"min", Limit(c.min)}, {"max", std::isfinite(c.max) ? Limit(c.max) : ""}},
            *v < c.min ? fmt::format("{} is below {}", value, Limit(c.min))
                       : fmt::format("{} is above {}", value, Limit(c.max))));
      if (c.kind == FieldKind::kInt) {
        if (*v != std::floor(*v) || std::fabs(*v) > 9e15)
          return std::unexpected(
              Reason("not_whole", {{"value", value}}, fmt::format("'{}' is not a whole number", value)));
        return Cell{static_cast<std::int64_t>(*v)};
      }
      return Cell{*v};
    }
    case FieldKind::kBool: {
      const std::optional<bool> b = BoolIn(text);
      if (!b)
        return std::unexpected(
            Reason("bad_bool", {{"value", value}}, fmt::format("'{}' is not yes or no", value)));
      return Cell{*b};
    }
    case FieldKind::kDate: {
      const std::optional<std::string> date = DateIn(text);
      if (!date)
        return std::unexpected(
            Reason("bad_date", {{"value", value}}, fmt::format("'{}' is not a date", value)));
      return Cell{*date};
    }
    case FieldKind::kList: {
      std::string joined = value;
      for (std::string_view sep : {"；", "、", "，", ",", "/"})
        joined = ReplaceAll(std::move(joined), sep, ";");
      canonical = joined;
      break;
    }
    case FieldKind::kText:
      break;
  }
  auto cell = ParseCell(canonical, c);
  if (!cell)
    return std::unexpected(Reason("invalid", {{"value", value}, {"reason", cell.error()}}, cell.error()));
  return std::move(*cell);
}

std::string TextOf(const Cell& c) {
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  return {};
}

}  // namespace

std::string_view ToString(ImportKind kind) {
  return kind == ImportKind::kLeads ? "leads" : SpecOf(TableOf(kind).table).name;
}

std::optional<ImportKind> ParseImportKind(std::string_view text) {
  if (text == "leads") return ImportKind::kLeads;
  for (const KindTable& t : KindTables())
    if (SpecOf(t.table).name == text) return t.kind;
  return std::nullopt;
}

std::span<const ImportField> ImportFieldsOf(ImportKind kind) {
  return kind == ImportKind::kLeads ? std::span<const ImportField>(LeadFields()) : TableOf(kind).fields;
}

ImportMapping ProposeMapping(ImportKind kind, const std::vector<std::string>& header) {
  std::vector<std::string> keys;
  for (const std::string& h : header) keys.push_back(HeaderKey(h));
  std::vector<bool> taken(header.size(), false);
  ImportMapping out;
  for (const ImportField& f : ImportFieldsOf(kind)) {
    std::vector<std::string_view> names{f.name};
    names.insert(names.end(), f.headers.begin(), f.headers.end());
    names.push_back(f.label_zh);
    names.push_back(f.label_en);
    for (std::string_view name : names) {
      const std::string key = HeaderKey(name);
      bool found = false;
      for (std::size_t i = 0; i < keys.size() && !found; ++i)
        if (!taken[i] && keys[i] == key && !key.empty()) {
          out[std::string(f.name)] = header[i];
          taken[i] = found = true;
        }
      if (found) break;
    }
  }
  return out;
}

void CheckMayImport(const Principal& who, ImportKind kind) {
  if (!who.signed_in()) throw ServiceError(ErrorCode::kUnauthorized, "sign in to import");
  if (who.is_admin()) return;
  if (kind == ImportKind::kLeads) {
    if (who.is_bureau() || who.coordinates()) return;
    throw ServiceError(ErrorCode::kForbidden, "leads are imported by bureaus and coordinators");
  }
  if (who.is_member() && who.enterprise_admin && !TableOf(kind).owner.empty()) return;
  throw ServiceError(ErrorCode::kForbidden,
                     who.is_member() ? "an enterprise's administrator imports its own capabilities, demands "
                                       "and offers; other imports are the platform administrators'"
                                     : "imports are the platform administrators'");
}

namespace {

/// Reads the request's sheet into `out` (the file, its header, the proposed and the used mapping) and
/// returns the column each mapped field reads. InvalidInput for an unreadable file, an unknown field or a
/// header the file does not have.
std::map<std::string, std::size_t> OpenSheet(const ImportRequest& request, Sheet& sheet, ImportAnswer& out) {
  sheet = ReadSheet(request.file, request.limits);
  if (sheet.rows.empty()) throw InvalidInput("the file has no rows: the first row must be the header");
  out.kind = request.kind;
  out.format = sheet.format;
  out.encoding = sheet.encoding;
  out.sheet = sheet.name;
  out.header = sheet.rows[0].cells;
  out.dry_run = request.dry_run;
  out.proposed = ProposeMapping(request.kind, out.header);
  // The user's mapping over the proposal: a field it names (an empty header: not mapped) takes its column,
  // and a proposed field whose column it gave to another field loses it.
  out.mapping = out.proposed;
  if (request.mapping) {
    for (auto it = out.mapping.begin(); it != out.mapping.end();) {
      const bool given_away = std::ranges::any_of(*request.mapping, [&](const auto& m) {
        return m.first != it->first && !m.second.empty() && Trim(m.second) == Trim(it->second);
      });
      it = given_away ? out.mapping.erase(it) : std::next(it);
    }
    for (const auto& [field, header] : *request.mapping) out.mapping[field] = header;
  }
  const std::span<const ImportField> fields = ImportFieldsOf(request.kind);
  std::map<std::string, std::size_t> columns;
  for (const auto& [field, header] : out.mapping) {
    if (std::ranges::find(fields, std::string_view(field), &ImportField::name) == fields.end()) {
      std::string names;
      for (const ImportField& k : fields) names += (names.empty() ? "" : ", ") + std::string(k.name);
      throw InvalidInput(
          fmt::format("mapping: {} have no field '{}' (fields: {})", ToString(request.kind), field, names));
    }
    if (header.empty()) continue;
    const auto h =
        std::ranges::find_if(out.header, [&](const std::string& x) { return Trim(x) == Trim(header); });
    if (h == out.header.end())
      throw InvalidInput(fmt::format(
          "mapping: field '{}' names the column '{}', which the file's header does not have", field, header));
    columns[field] = static_cast<std::size_t>(h - out.header.begin());
  }
  if (columns.empty() && !request.dry_run)
    throw InvalidInput(
        "mapping: no column is mapped to a field: map the columns (a dry run proposes a mapping)");
  return columns;
}

void Count(ImportAnswer& out) {
  for (const ImportRowOutcome& o : out.rows) {
    if (o.action == "new") ++out.counts.created;
    if (o.action == "update") ++out.counts.updated;
    if (o.action == "unchanged") ++out.counts.unchanged;
    if (o.action == "error") ++out.counts.errors;
  }
}

}  // namespace

ImportAnswer ImportTable(Store* store, const Dataset& chain, const Market& market, const Principal& who,
                         const ImportRequest& request) {
  CheckMayImport(who, request.kind);
  if (request.kind == ImportKind::kLeads)
    throw InvalidInput("leads are imported by a bureau or a coordinator through the API or the dashboard");
  const KindTable& kt = TableOf(request.kind);
  const TableSpec& spec = SpecOf(kt.table);
  Sheet sheet;
  ImportAnswer out;
  // Which column each field reads (npos: none).
  std::vector<std::size_t> column_of(spec.columns.size(), std::string::npos);
  for (const auto& [field, col] : OpenSheet(request, sheet, out)) {
    const auto c = std::ranges::find(spec.columns, std::string_view(field), &ColumnSpec::name);
    column_of[static_cast<std::size_t>(c - spec.columns.begin())] = col;
  }
  // An enterprise named by one column (its credit code) may be named by another (its name) where that one
  // is empty: the other recognised columns of the field, in rank order.
  std::vector<std::vector<std::size_t>> fallback_of(spec.columns.size());
  for (std::size_t c = 0; c < spec.columns.size(); ++c) {
    if (column_of[c] == std::string::npos || !spec.columns[c].is_reference ||
        spec.columns[c].references != Table::kEnterprises)
      continue;
    const auto f = std::ranges::find(kt.fields, spec.columns[c].name, &ImportField::name);
    for (std::string_view h : f->headers)
      for (std::size_t i = 0; i < out.header.size(); ++i)
        if (i != column_of[c] && HeaderKey(out.header[i]) == HeaderKey(h) &&
            std::ranges::find(fallback_of[c], i) == fallback_of[c].end())
          fallback_of[c].push_back(i);
  }
  const bool any_mapped =
      std::ranges::any_of(column_of, [](std::size_t c) { return c != std::string::npos; });

  // The data as it would be: the chain, with the market for demands and offers.
  Dataset candidate = chain;
  const bool is_market = kt.table == Table::kDemands || kt.table == Table::kOffers;
  if (is_market) {
    candidate.demands.clear();
    candidate.offers.clear();
    for (std::size_t i = 0; i < market.demands.size(); ++i) candidate.demands.push_back(market.demands[i]);
    for (std::size_t i = 0; i < market.offers.size(); ++i) candidate.offers.push_back(market.offers[i]);
  }
  const Resolver resolve(candidate);
  const std::size_t stored_rows = RowCount(candidate, kt.table);
  std::vector<Row> stored;
  stored.reserve(stored_rows);
  std::unordered_map<std::string, std::size_t> stored_by_key;
  for (std::size_t i = 0; i < stored_rows; ++i) {
    stored.push_back(EncodeRow(candidate, kt.table, i));
    stored_by_key.emplace(KeyOf(spec, stored.back()), i);
  }
  const std::size_t id_column = spec.columns[spec.key[0]].name == "id" ? spec.key[0] : std::string::npos;
  const auto column = [&](std::string_view name) {
    return static_cast<std::size_t>(std::ranges::find(spec.columns, name, &ColumnSpec::name) -
                                    spec.columns.begin());
  };
  const std::size_t owner_column = kt.owner.empty() ? std::string::npos : column(kt.owner);
  const bool own_only = !who.is_admin();

  struct Planned {
    Row row;
    std::optional<std::size_t> stored_at;  // index into `stored`
  };
  std::vector<Planned> planned;                       // new and changed rows, in order
  std::vector<std::size_t> outcome_of_planned;        // their outcomes' indexes
  std::unordered_map<std::string, std::size_t> seen;  // identity → sheet row, for repeats within the file
  std::unordered_map<std::size_t, std::size_t> outcome_at_line;
  std::unordered_set<std::size_t> touched_stored;

  for (std::size_t r = 1; r < sheet.rows.size() && any_mapped; ++r) {
    const SheetRow& line = sheet.rows[r];
    ImportRowOutcome o;
    o.row = line.line;
    auto fail = [&](std::string field, Message why) {
      o.action = "error";
      o.field = std::move(field);
      o.reason = std::move(why);
    };
    // The row's cells, converted; empty where the file says nothing.
    Row given(spec.columns.size());
    for (std::size_t c = 0; c < spec.columns.size() && o.action.empty(); ++c) {
      if (column_of[c] == std::string::npos) continue;
      std::string_view text = column_of[c] < line.cells.size() ? Trim(line.cells[column_of[c]]) : "";
      for (std::size_t i = 0; text.empty() && i < fallback_of[c].size(); ++i)
        if (fallback_of[c][i] < line.cells.size()) text = Trim(line.cells[fallback_of[c][i]]);
      auto cell = Convert(spec.columns[c], text, resolve);
      if (!cell)
        fail(std::string(spec.columns[c].name), cell.error());
      else
        given[c] = std::move(*cell);
    }
    // A member's rows are its enterprise's: the owner column may be left out.
    if (o.action.empty() && owner_column != std::string::npos && own_only) {
      const std::string owner = TextOf(given[owner_column]);
      if (owner.empty())
        given[owner_column] = who.enterprise;
      else if (owner != who.enterprise)
        fail(std::string(kt.owner),
             Reason("not_yours", {{"value", owner}},
                    fmt::format("'{}' is not your enterprise: you import only its records", owner)));
    }
    // Which stored record it is.
    std::optional<std::size_t> at;
    std::string identity;
    if (o.action.empty()) {
      if (kt.table == Table::kEnterprises) {
        const std::string id = TextOf(given[0]), code = TextOf(given[column("uscc")]),
                          name_zh = TextOf(given[column("name_zh")]);
        std::optional<std::size_t> by_code = code.empty() ? std::nullopt : resolve.ByUscc(code);
        std::optional<std::size_t> by_id = id.empty() ? std::nullopt : resolve.ById(id);
        if (by_code && by_id && by_code != by_id)
          fail("uscc", Reason("uscc_taken", {{"uscc", code}, {"id", resolve.At(*by_code).id}},
                              fmt::format("credit code {} is enterprise '{}''s, not '{}''s", code,
                                          resolve.At(*by_code).id, id)));
        else if (by_code)
          at = by_code;
        else if (by_id)
          at = by_id;
        else if (id.empty() && !name_zh.empty()) {
          // The same name and no contradicting code: the same company (so a re-import does not duplicate it).
          const std::vector<std::size_t> named = resolve.ByName(name_zh);
          if (named.size() == 1 && (code.empty() || resolve.At(named[0]).uscc.empty())) at = named[0];
        }
        if (o.action.empty() && at && !code.empty() && !resolve.At(*at).uscc.empty() &&
            resolve.At(*at).uscc != code)
          fail("uscc", Reason("uscc_differs",
                              {{"id", resolve.At(*at).id}, {"stored", resolve.At(*at).uscc}, {"given", code}},
                              fmt::format("enterprise '{}' has credit code {}; {} names another company",
                                          resolve.At(*at).id, resolve.At(*at).uscc, code)));
        identity = at              ? "id:" + resolve.At(*at).id
                   : !code.empty() ? "uscc:" + code
                   : !id.empty()   ? "id:" + id
                                   : "name:" + name_zh;
      } else if (id_column == std::string::npos) {
        for (std::size_t k : spec.key)
          if (TextOf(given[k]).empty() && o.action.empty())
            fail(std::string(spec.columns[k].name),
                 Reason("missing", {{"field", std::string(spec.columns[k].name)}},
                        fmt::format("no {}: it identifies the record", spec.columns[k].name)));
        if (o.action.empty()) {
          identity = KeyOf(spec, given);
          if (const auto it = stored_by_key.find(identity); it != stored_by_key.end()) at = it->second;
        }
      } else {  // demands and offers: by id, else the open record of the same party and component
        const std::string id = TextOf(given[id_column]);
        if (!id.empty()) {
          if (const auto it = stored_by_key.find(id); it != stored_by_key.end()) at = it->second;
          identity = "id:" + id;
        } else {
          const std::size_t party = column(kt.table == Table::kDemands ? "buyer" : "supplier");
          const std::size_t comp = column("component");
          const std::size_t date = kt.table == Table::kDemands ? column("start_date") : std::string::npos;
          const std::size_t status = column("status");
          for (std::size_t i = 0; i < stored.size() && !at; ++i)
            if (TextOf(stored[i][party]) == TextOf(given[party]) &&
                TextOf(stored[i][comp]) == TextOf(given[comp]) && TextOf(stored[i][status]) == "open" &&
                (date == std::string::npos || TextOf(given[date]).empty() ||
                 TextOf(stored[i][date]) == TextOf(given[date])))
              at = i;
          identity = at ? "id:" + TextOf(stored[*at][id_column]) : fmt::format("new:{}", line.line);
        }
        if (at && own_only && owner_column != std::string::npos &&
            TextOf(stored[*at][owner_column]) != who.enterprise)
          fail("id",
               Reason("not_yours", {{"value", TextOf(stored[*at][id_column])}},
                      fmt::format("'{}' is not your enterprise's record", TextOf(stored[*at][id_column]))));
      }
    }
    if (o.action.empty()) {
      const auto [it, fresh] = seen.emplace(identity, line.line);
      if (!fresh)
        fail("", Reason("duplicate_row", {{"row", std::to_string(it->second)}},
                        fmt::format("the same record as row {}", it->second)));
    }
    // The record as it would be stored.
    Row row;
    if (o.action.empty()) {
      if (at) {
        row = stored[*at];
      } else {
        row.assign(spec.columns.size(), Cell{});
        for (const ImportField& f : kt.fields)
          if (!f.default_text.empty())
            row[column(f.name)] = *ParseCell(f.default_text, spec.columns[column(f.name)]);
        if (kt.table == Table::kEnterprises) row[column("synthetic")] = false;  // a real company
        for (std::size_t c = 0; c < spec.columns.size(); ++c)
          if (spec.columns[c].kind == FieldKind::kList && std::holds_alternative<std::monostate>(row[c]))
            row[c] = std::vector<std::string>{};
        if (id_column != std::string::npos) row[id_column] = std::string();
      }
      for (std::size_t c = 0; c < spec.columns.size(); ++c)
        if (!std::holds_alternative<std::monostate>(given[c])) row[c] = given[c];
      if (kt.table == Table::kEnterprises) {  // one name in each language: the other copies it
        const std::size_t zh = column("name_zh"), en = column("name");
        if (TextOf(row[zh]).empty() && !TextOf(row[en]).empty()) row[zh] = row[en];
        if (TextOf(row[en]).empty() && !TextOf(row[zh]).empty()) row[en] = row[zh];
        const std::string code = TextOf(row[column("uscc")]);
        if (!code.empty()) {
          const auto holder = resolve.ByUscc(code);
          if (holder && (!at || *holder != *at))
            fail("uscc",
                 Reason("uscc_taken", {{"uscc", code}, {"id", resolve.At(*holder).id}},
                        fmt::format("credit code {} is enterprise '{}''s", code, resolve.At(*holder).id)));
          else if (const auto [it, fresh] = seen.emplace("uscc:" + code, line.line);
                   !fresh && it->second != line.line)
            fail("uscc", Reason("duplicate_row", {{"row", std::to_string(it->second)}},
                                fmt::format("the same credit code as row {}", it->second)));
        }
      }
      for (std::size_t c = 0; c < spec.columns.size() && o.action.empty(); ++c) {
        if (c == id_column || spec.columns[c].optional) continue;
        const bool missing = std::holds_alternative<std::monostate>(row[c]) ||
                             (std::holds_alternative<std::string>(row[c]) && TextOf(row[c]).empty());
        if (missing)
          fail(std::string(spec.columns[c].name),
               Reason("missing", {{"field", std::string(spec.columns[c].name)}},
                      fmt::format("no {}: a new record needs it", spec.columns[c].name)));
      }
    }
    if (o.action.empty()) {
      if (at && RowJson(spec, row) == RowJson(spec, stored[*at])) {
        o.action = "unchanged";
        o.id = KeyOf(spec, row);
      } else {
        o.action = at ? "update" : "new";
        o.id =
            at ? KeyOf(spec, stored[*at])
               : (id_column == std::string::npos || !TextOf(row[id_column]).empty() ? KeyOf(spec, row) : "");
        planned.push_back({row, at});
        outcome_of_planned.push_back(out.rows.size());
        if (at) touched_stored.insert(*at);
      }
    }
    outcome_at_line[line.line] = out.rows.size();
    out.rows.push_back(std::move(o));
  }

  // The whole as it would be, validated as an import of the interchange format is.
  if (!planned.empty()) {
    constexpr std::size_t kStored = std::size_t{1} << 40;  // marks a row not from the sheet
    SourceMap source;
    for (const TableSpec& t : TableSpecs()) {
      const auto ti = static_cast<std::size_t>(t.table);
      source.file[ti] = t.table == kt.table ? "sheet" : "stored";
      source.line[ti].resize(RowCount(candidate, t.table));
      for (std::size_t i = 0; i < source.line[ti].size(); ++i) source.line[ti][i] = kStored + i;
    }
    Dataset apply;  // the planned rows, appended to the candidate or replacing its rows
    const auto ti = static_cast<std::size_t>(kt.table);
    std::vector<Row> rows = std::move(stored);
    for (std::size_t p = 0; p < planned.size(); ++p) {
      Row row = planned[p].row;
      if (id_column != std::string::npos && TextOf(row[id_column]).empty())
        row[id_column] = fmt::format("\x01new{}", out.rows[outcome_of_planned[p]].row);  // a placeholder key
      const std::size_t line = out.rows[outcome_of_planned[p]].row;
      if (planned[p].stored_at) {
        rows[*planned[p].stored_at] = std::move(row);
        source.line[ti][*planned[p].stored_at] = line;
      } else {
        rows.push_back(std::move(row));
        source.line[ti].push_back(line);
      }
    }
    // Rebuild the one table from its rows.
    Dataset rebuilt;
    for (const Row& row : rows) AppendRow(rebuilt, kt.table, row);
    switch (kt.table) {
      case Table::kEnterprises:
        candidate.enterprises = std::move(rebuilt.enterprises);
        break;
      case Table::kCapabilities:
        candidate.capabilities = std::move(rebuilt.capabilities);
        break;
      case Table::kLinks:
        candidate.links = std::move(rebuilt.links);
        break;
      case Table::kDemands:
        candidate.demands = std::move(rebuilt.demands);
        break;
      case Table::kOffers:
        candidate.offers = std::move(rebuilt.offers);
        break;
      default:
        break;
    }
    std::vector<ImportIssue> issues;
    ValidateDataset(candidate, source, issues);
    for (const ImportIssue& issue : issues) {
      if (!issue.where.starts_with("sheet:")) continue;
      std::size_t line = 0;
      const std::string_view n = std::string_view(issue.where).substr(6);
      if (std::from_chars(n.data(), n.data() + n.size(), line).ec != std::errc() || line >= kStored) continue;
      const auto it = outcome_at_line.find(line);
      if (it == outcome_at_line.end()) continue;
      ImportRowOutcome& o = out.rows[it->second];
      if (o.action == "error") continue;
      o.action = "error";
      o.field = issue.column;
      o.reason = Reason("invalid", {{"reason", issue.reason}}, issue.reason);
      o.id.clear();
    }
  }
  Count(out);
  if (request.dry_run || out.counts.errors > 0 || planned.empty()) return out;
  if (!store) throw ServiceError(ErrorCode::kReadOnly, "this server has no writable store");

  RowWrites writes;
  writes.table = kt.table;
  for (const Planned& p : planned) {
    writes.rows.push_back(p.row);
    writes.expected.emplace_back();
  }
  // What each changed row was when read (the candidate holds the changes by now).
  {
    Dataset read_market;
    const Dataset* base = &chain;
    if (is_market) {
      for (std::size_t i = 0; i < market.demands.size(); ++i)
        read_market.demands.push_back(market.demands[i]);
      for (std::size_t i = 0; i < market.offers.size(); ++i) read_market.offers.push_back(market.offers[i]);
      base = &read_market;
    }
    for (std::size_t p = 0; p < planned.size(); ++p)
      if (planned[p].stored_at) writes.expected[p] = EncodeRow(*base, kt.table, *planned[p].stored_at);
  }
  writes.summary_json =
      fmt::format(R"({{"kind":{},"file":{},"format":{},"rows":{},"new":{},"update":{},"unchanged":{}}})",
                  JsonQuote(ToString(request.kind)), JsonQuote(request.file_name), JsonQuote(sheet.format),
                  sheet.rows.size() - 1, out.counts.created, out.counts.updated, out.counts.unchanged);
  AuditContext by = AuditOf(who, "");
  const std::vector<std::string> keys = store->WriteRows(writes, by);
  for (std::size_t p = 0; p < planned.size(); ++p) out.rows[outcome_of_planned[p]].id = keys[p];
  out.committed = true;
  return out;
}

namespace {

/// Leads: each row a LeadDraft, checked as CreateLead would; written together by CreateLeads.
ImportAnswer ImportLeads(Platform& platform, const Principal& who, const ImportRequest& request) {
  Store* store = platform.store();
  if (!store) throw ServiceError(ErrorCode::kReadOnly, "this server has no writable store");
  const auto state = platform.state();
  const Network& net = *state->chain;
  Sheet sheet;
  ImportAnswer out;
  const std::map<std::string, std::size_t> columns = OpenSheet(request, sheet, out);
  const Resolver resolve(net.data());
  // An investment column in 万元 or 亿元 (its header says so) is scaled to yuan.
  double investment_scale = 1;
  if (const auto c = columns.find("investment_yuan"); c != columns.end()) {
    const std::string& h = out.header[c->second];
    if (h.find("亿") != std::string::npos)
      investment_scale = 1e8;
    else if (h.find("万") != std::string::npos)
      investment_scale = 1e4;
  }
  // The open leads a row may already be: by place, project and investor.
  std::unordered_map<std::string, std::string> open;  // place|project|investor key → lead id
  const auto key_of = [](const Lead& l) {
    return fmt::format("{}|{}|{}", l.place, l.project,
                       l.investor_uscc.empty() ? l.investor_name_zh : l.investor_uscc);
  };
  for (const Lead& l : store->Leads({}))
    if (!l.closed()) open.emplace(key_of(l), l.id);
  std::unordered_map<std::string, std::size_t> seen;
  std::vector<LeadDraft> drafts;
  std::vector<std::size_t> outcome_of_draft;
  for (std::size_t r = 1; r < sheet.rows.size() && !columns.empty(); ++r) {
    const SheetRow& line = sheet.rows[r];
    ImportRowOutcome o;
    o.row = line.line;
    const auto cell = [&](std::string_view field) -> std::string {
      const auto c = columns.find(std::string(field));
      return c == columns.end() || c->second >= line.cells.size() ? std::string()
                                                                  : std::string(Trim(line.cells[c->second]));
    };
    const auto fail = [&](std::string field, Message why) {
      if (!o.action.empty()) return;
      o.action = "error";
      o.field = std::move(field);
      o.reason = std::move(why);
    };
    LeadDraft d;
    for (std::string_view f : {"investor_name_zh", "investor_name_en", "investor_uscc", "investor", "project",
                               "contact", "notes"}) {
      std::string v = cell(f);
      if (v.empty()) continue;
      if (f == "investor_name_zh") d.investor_name_zh = v;
      if (f == "investor_name_en") d.investor_name_en = v;
      if (f == "investor_uscc") d.investor_uscc = v;
      if (f == "investor") d.investor = v;
      if (f == "project") d.project = v;
      if (f == "contact") d.contact = v;
      if (f == "notes") d.notes = v;
    }
    if (const std::string place = cell("place"); !place.empty()) {
      const auto p = resolve.FindPlace(place);
      if (!p)
        fail("place", p.error());
      else if (who.is_bureau() && *p != who.place)
        fail("place",
             Reason("not_yours", {{"value", place}},
                    fmt::format("'{}' is not your place: a bureau imports its own place's leads", place)));
      else
        d.place = *p;
    }
    if (const std::string list = cell("components"); !list.empty()) {
      std::string joined = list;
      for (std::string_view sep : {"；", "、", "，", ",", "/"})
        joined = ReplaceAll(std::move(joined), sep, ";");
      std::vector<std::string> codes;
      for (std::size_t at = 0; at <= joined.size();) {
        const std::size_t end = std::min(joined.find(';', at), joined.size());
        const std::string_view item = Trim(std::string_view(joined).substr(at, end - at));
        at = end + 1;
        if (item.empty()) continue;
        const auto code = resolve.FindComponent(item);
        if (!code)
          fail("components", code.error());
        else if (std::ranges::find(codes, *code) == codes.end())
          codes.push_back(*code);
      }
      d.components = std::move(codes);
    }
    for (std::string_view f : {"investment_yuan", "annual_capacity", "jobs"}) {
      const std::string v = cell(f);
      if (v.empty()) continue;
      const std::optional<double> x = NumberIn(v);
      if (!x || *x < 0) {
        fail(std::string(f), Reason("not_number", {{"value", v}}, fmt::format("'{}' is not a number", v)));
        continue;
      }
      if (f == "investment_yuan") d.investment_yuan = *x * investment_scale;
      if (f == "annual_capacity") d.annual_capacity = std::llround(*x);
      if (f == "jobs") d.jobs = std::llround(*x);
    }
    if (const std::string v = cell("expected_decision"); !v.empty()) {
      if (const auto date = DateIn(v))
        d.expected_decision = *date;
      else
        fail("expected_decision", Reason("bad_date", {{"value", v}}, fmt::format("'{}' is not a date", v)));
    }
    // A credit code a stored enterprise has links the lead to it.
    if (o.action.empty() && !d.investor && d.investor_uscc)
      if (const auto code = NormalizeUscc(*d.investor_uscc))
        if (const auto holder = resolve.ByUscc(*code)) d.investor = resolve.At(*holder).id;
    if (o.action.empty()) {
      try {
        const Lead lead = NewLeadOf(net, who, d);
        const std::string key = key_of(lead);
        if (const auto it = open.find(key); it != open.end()) {
          o.action = "unchanged";
          o.id = it->second;
        } else if (const auto [at, fresh] = seen.emplace(key, line.line); !fresh) {
          fail("", Reason("duplicate_row", {{"row", std::to_string(at->second)}},
                          fmt::format("the same lead as row {}", at->second)));
        } else {
          o.action = "new";
          drafts.push_back(d);
          outcome_of_draft.push_back(out.rows.size());
        }
      } catch (const InvalidInput& e) {  // the field is named in the text: "field 'x': …"
        const std::string text = e.what();
        std::string field;
        if (text.starts_with("field '")) field = text.substr(7, text.find('\'', 7) - 7);
        fail(field, Reason("invalid", {{"reason", text}}, text));
      } catch (const ServiceError& e) {
        fail("place", Reason("invalid", {{"reason", e.what()}}, e.what()));
      }
    }
    out.rows.push_back(std::move(o));
  }
  Count(out);
  if (request.dry_run || out.counts.errors > 0 || drafts.empty()) return out;
  const std::vector<Lead> leads = CreateLeads(platform, who, drafts);
  for (std::size_t i = 0; i < leads.size(); ++i) out.rows[outcome_of_draft[i]].id = leads[i].id;
  out.committed = true;
  return out;
}

}  // namespace

ImportAnswer ImportTable(Platform& platform, const Principal& who, const ImportRequest& request) {
  CheckMayImport(who, request.kind);
  if (request.kind == ImportKind::kLeads) return ImportLeads(platform, who, request);
  if (!request.dry_run && !platform.writable())
    throw ServiceError(ErrorCode::kReadOnly, "this server has no writable store");
  const auto state = platform.state();
  ImportAnswer answer = ImportTable(platform.store(), state->chain->data(), *state->market, who, request);
  if (answer.committed) {
    try {
      platform.Refresh();
    } catch (const std::exception& e) {  // committed: the refresher retries
      LogEvent(LogLevel::kWarn,
               fmt::format("after importing {}: reload failed: {}", ToString(request.kind), e.what()));
    }
  }
  return answer;
}

}  // namespace chainscope
