// Fuzzer: raw bytes from a connection, through the server's request reader (Beast's parser with the
// server's limits, the transfer-coding check, X-Forwarded-For from a trusted proxy) and on into the Api.
// "Bearer @admin" (and @buyer, @seller, @analyst) in the bytes stands for that account's real token.
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "api_harness.h"
#include "server/http_server.h"

using namespace chainscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::ApiHarness harness;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  const char* names[] = {"@admin", "@buyer", "@seller", "@analyst"};
  for (int who = 0; who < 4; ++who)
    for (std::size_t at = bytes.find(names[who]); at != std::string::npos; at = bytes.find(names[who], at))
      bytes.replace(at, std::string_view(names[who]).size(), harness.Token(who));
  auto read = ReadHttpRequest(bytes, "10.0.0.1", {"10.0.0.1"});
  if (!read) return 0;
  if (const HttpResponse* refusal = std::get_if<HttpResponse>(&*read)) {
    if (refusal->status < 400 || refusal->status == 500) fuzz::Finding("a refusal that is not a 4xx/5xx");
    return 0;
  }
  harness.Check(std::get<HttpRequest>(*read));
  return 0;
}
