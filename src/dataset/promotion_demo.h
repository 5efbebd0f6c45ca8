// dataset: the synthetic demonstration registry of the joint investment-promotion pilot — each pilot
// place's incentive policies and about 200 leads over 2022-07 … 2023-12, calibrated so that the contract
// value signed and the funds secured in H1 2023 by the 8 western Chongqing districts (co-built projects by
// share) are the pilot's published 279.9 bn and 52.5 bn yuan; with clashes of each kind (the same
// enterprise, the same credit code, a Chinese and an English name of one company) and two co-built
// projects. Deterministic: the same chain gives the same registry. Every text says it is synthetic.
#pragma once

#include <vector>

#include "core/network.h"
#include "core/promotion.h"

namespace chainscope {

/// The published H1 2023 figures of the 8 western Chongqing districts (yuan).
inline constexpr double kPilotH1ContractValueYuan = 279.9e9;
inline constexpr double kPilotH1FundsYuan = 52.5e9;
inline constexpr std::string_view kPilotH1From = "2023-01-01";
inline constexpr std::string_view kPilotH1To = "2023-06-30";

struct DemoLead {
  Lead lead;                      // with its planned id (LD00001, … in order) and state
  std::vector<LeadEvent> events;  // its timeline (stage changes, funds), `lead` left empty
};

struct PromotionDemo {
  std::vector<IncentivePolicy> policies;  // ids left empty
  std::vector<DemoLead> leads;
};

PromotionDemo MakePromotionDemo(const Network& net);

}  // namespace chainscope
