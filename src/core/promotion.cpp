#include "core/promotion.h"

namespace chainscope {
namespace {
constexpr std::array<std::string_view, kLeadStageCount> kCodes{
    "lead", "negotiating", "signed", "registered", "construction", "production", "on_hold", "lost"};
constexpr std::array<std::string_view, kLeadStageCount> kChinese{"线索", "洽谈", "签约", "注册",
                                                                 "开工", "投产", "搁置", "流失"};
}  // namespace

std::string_view ToString(LeadStage s) {
  return kCodes[static_cast<std::size_t>(s)];
}
std::string_view ChineseName(LeadStage s) {
  return kChinese[static_cast<std::size_t>(s)];
}
std::optional<LeadStage> ParseLeadStage(std::string_view code) {
  for (LeadStage s : kLeadStages)
    if (ToString(s) == code) return s;
  return std::nullopt;
}
bool IsSignedOrBeyond(LeadStage s) {
  return s == LeadStage::kSigned || s == LeadStage::kRegistered || s == LeadStage::kConstruction ||
         s == LeadStage::kProduction;
}

double Lead::ShareOf(std::string_view p) const {
  if (shares.empty()) return p == place ? 1.0 : 0.0;
  for (const LeadShare& s : shares)
    if (s.place == p) return s.share;
  return 0.0;
}

}  // namespace chainscope
