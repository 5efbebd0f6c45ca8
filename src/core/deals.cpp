#include "core/deals.h"
#include "core/inbox.h"

#include <array>

namespace chainscope {
namespace {
constexpr std::array<std::string_view, 5> kStatusNames = {"submitted", "shortlisted", "declined", "accepted",
                                                          "withdrawn"};
}

std::string_view ToString(ResponseStatus s) {
  return kStatusNames[static_cast<std::size_t>(s)];
}

std::optional<ResponseStatus> ParseResponseStatus(std::string_view text) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i)
    if (kStatusNames[i] == text) return static_cast<ResponseStatus>(i);
  return std::nullopt;
}

std::string_view ToString(WebhookDelivery::Status s) {
  switch (s) {
    case WebhookDelivery::Status::kPending:
      return "pending";
    case WebhookDelivery::Status::kDelivered:
      return "delivered";
    case WebhookDelivery::Status::kFailed:
      return "failed";
  }
  return "pending";
}

}  // namespace chainscope
