// Fuzzer: API requests through the whole pipeline (Api::Handle, no sockets): routing, authentication,
// validation at the door, the handlers and the store. The input is one request: the first byte picks who
// sends it (its value mod 5: 'P' admin, 'Q' a member of buyer oem1, 'R' of supplier cell1, 'S' an analyst,
// 'T' anonymous); then "METHOD TARGET" up to
// the first newline; the rest is the JSON body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api_harness.h"

using namespace chainscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::ApiHarness harness;
  if (size < 1) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t line_end = text.find('\n');
  if (line_end == std::string_view::npos) return 0;
  const std::string_view line = text.substr(0, line_end);
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return 0;
  HttpRequest request{std::string(line.substr(0, space)), std::string(line.substr(space + 1)),
                      std::string(text.substr(line_end + 1))};
  if (!request.body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  request.client = "10.0.0.7";
  harness.Authorize(request, data[0] % 5);
  harness.Check(request);
  return 0;
}
