// cli: the `chainscope` commands (DESIGN §6) as functions over parsed options; main.cpp wires them to
// CLI11 and is the one place that turns errors into exit codes (2 = bad input, 1 = other failure).
#pragma once

#include <cstdint>
#include <string>

namespace chainscope::cli {

struct GenerateOptions {
  std::string out;
  int scale = 1;
  std::uint64_t seed = 20231229;
  std::string format = "csv";  // csv: a folder; json: one file
};
int Generate(const GenerateOptions& o);

struct ImportOptions {
  std::string path;
  std::string db;
};
int Import(const ImportOptions& o);

struct ExportOptions {
  std::string db;
  std::string out;
  std::string format = "csv";
};
int Export(const ExportOptions& o);

struct InfoOptions {
  std::string db;
  bool json = false;
};
int Info(const InfoOptions& o);

struct ServeOptions {
  std::string db;
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 2;
  std::string web = "web/dist";
};
int Serve(const ServeOptions& o);

}  // namespace chainscope::cli
