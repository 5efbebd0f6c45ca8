// Fuzzer: a whole dataset as one JSON document — what `chainscope import FILE.json` reads — then the
// platform's snapshot of what imports.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/network.h"
#include "fuzz_util.h"
#include "io/dataset_io.h"

using namespace chainscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    Network::Build(
        ParseDatasetJson(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json"));
  } catch (const InvalidInput&) {
  }
  return 0;
}
