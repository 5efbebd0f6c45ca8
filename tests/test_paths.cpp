// tests: where the test data and the binary under test are, as the build configured them.
#include "test_util.h"

namespace chainscope::testing {

std::filesystem::path TestData() {
  return CHAINSCOPE_TEST_DATA;
}

const char* ChainscopeBin() {
#ifdef CHAINSCOPE_BIN
  return CHAINSCOPE_BIN;
#else
  return "chainscope";
#endif
}

}  // namespace chainscope::testing
