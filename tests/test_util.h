// tests: shared helpers — temporary folders, file I/O, the mini dataset.
#pragma once

#include <iconv.h>
#include <unistd.h>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace chainscope::testing {

/// The UTC time `days` days from now at `hour`:00 (YYYY-MM-DDTHH:00:00Z): bookings in the future whenever
/// the test runs.
inline std::string UtcDaysAhead(int days, int hour) {
  using namespace std::chrono;
  const year_month_day d{floor<std::chrono::days>(system_clock::now()) + std::chrono::days{days}};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:00:00Z", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()), hour);
  return out;
}
/// A booking's body: 09:00–13:00 UTC, `days` days from now.
inline std::string SlotBody(int days) {
  return R"({"start":")" + UtcDaysAhead(days, 9) + R"(","end":")" + UtcDaysAhead(days, 13) + R"("})";
}

/// The first number written with an exponent ("4.7838E3") in a JSON or CSV text, outside its strings; empty
/// when every number is in plain decimals. O(length).
inline std::string NumberWithExponent(std::string_view text) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    // Outside strings an e or E only belongs to true/false, or to an exponent right after a digit.
    if ((c == 'e' || c == 'E') && i > 0 && text[i - 1] >= '0' && text[i - 1] <= '9') {
      std::size_t start = i;
      while (start > 0 && std::string_view("0123456789.-").find(text[start - 1]) != std::string_view::npos)
        --start;
      return std::string(text.substr(start, i + 4 - start));
    }
  }
  return "";
}

/// tests/data of the source tree, and the `chainscope` binary of the build (absolute paths). Defined in
/// tests/test_paths.cpp, the one file compiled with them, so that every other test file compiles the same
/// wherever the tree is checked out (and ccache finds it).
std::filesystem::path TestData();
const char* ChainscopeBin();

/// `utf8` in GB18030 (glibc's iconv), as Excel on Chinese Windows saves CSV; throws when it cannot.
inline std::string Gb18030(std::string_view utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv cannot write GB18030");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size(), out_left = out.size();
  char* to = out.data();
  const std::size_t done = iconv(cd, &in, &in_left, &to, &out_left);
  iconv_close(cd);
  if (done == static_cast<std::size_t>(-1)) throw std::runtime_error("text not convertible to GB18030");
  out.resize(out.size() - out_left);
  return out;
}

inline std::filesystem::path MiniDataset() {
  return TestData() / "mini";
}

/// A fresh empty folder, removed when the object dies.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("chainscope-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline std::string ReadText(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteText(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

/// Every file of a folder, by name, with its bytes.
inline std::map<std::string, std::string> FolderContents(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    out[entry.path().filename().string()] = ReadText(entry.path());
  return out;
}

}  // namespace chainscope::testing
