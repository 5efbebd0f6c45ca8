// tests/fuzz: what the fuzzers share. A finding is anything but an answer: a crash, a sanitizer report, an
// exception that is not one of the project's own errors (those carry a message for the user), or a broken
// promise a target checks (a 500, a refused request that changed the store). Finding() aborts, which
// libFuzzer reports with the input that led there.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "test_util.h"

namespace chainscope::fuzz {

[[noreturn]] inline void Finding(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "\n*** fuzz finding: %.*s\n%.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

/// The mini dataset's files (tests/data/mini) by name, as ParseDatasetFiles takes them.
inline const std::map<std::string, std::string>& MiniFiles() {
  static const std::map<std::string, std::string> files = testing::FolderContents(testing::MiniDataset());
  return files;
}

}  // namespace chainscope::fuzz
