// Fuzzer: one CSV table of a dataset folder, read with its table's schema and then validated with the rest
// of the mini dataset (references, keys, ranges) — what `chainscope import DIR` reads. The input's first line
// names the table ("enterprises"); the rest is that table's file. An input that imports must also survive
// the platform's snapshot of it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/network.h"
#include "core/schema.h"
#include "fuzz_util.h"
#include "io/dataset_io.h"

using namespace chainscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t line_end = text.find('\n');
  if (line_end == std::string_view::npos) return 0;
  const std::string table(text.substr(0, line_end));
  bool known = false;
  for (const TableSpec& spec : TableSpecs()) known = known || spec.name == table;
  if (!known) return 0;
  std::map<std::string, std::string> files = fuzz::MiniFiles();
  files[table + ".csv"] = std::string(text.substr(line_end + 1));
  try {
    Network::Build(ParseDatasetFiles(files));
  } catch (const InvalidInput&) {  // ImportError too: the user's file, with its reasons
  }
  return 0;
}
