// cli: `chainscope` — the command-line front end. Parses arguments (CLI11), runs one command, and is the
// one place that maps failures to exit codes: 0 ok, 1 failure, 2 bad input (with the reason on stderr).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "core/model.h"

int main(int argc, char** argv) {
  using namespace chainscope;
  CLI::App app{"chainscope — the Chengdu–Chongqing automotive industry chain platform"};
  app.require_subcommand(1);

  cli::GenerateOptions gen;
  auto* generate = app.add_subcommand("generate", "Generate the calibrated Chengdu–Chongqing dataset");
  generate->add_option("--out", gen.out, "Output folder (csv) or file (json)")->required();
  generate->add_option("--scale", gen.scale, "Multiply enterprises, lines and links (1 = calibrated)")
      ->check(CLI::Range(1, 1000));
  generate->add_option("--seed", gen.seed, "Random seed");
  generate->add_option("--format", gen.format, "csv or json");

  cli::ImportOptions imp;
  auto* import =
      app.add_subcommand("import", "Validate a dataset (folder or .json) and replace the database's data");
  import->add_option("path", imp.path, "Dataset folder or JSON file")->required();
  import->add_option("--db", imp.db, "SQLite file")->required();

  cli::ExportOptions exp;
  auto* exporter = app.add_subcommand("export", "Write the database's dataset as CSV files or one JSON file");
  exporter->add_option("--db", exp.db, "SQLite file")->required();
  exporter->add_option("--out", exp.out, "Output folder (csv) or file (json)")->required();
  exporter->add_option("--format", exp.format, "csv or json");

  cli::InfoOptions info;
  auto* info_cmd = app.add_subcommand("info", "Row counts and every calibration figure against its target");
  info_cmd->add_option("--db", info.db, "SQLite file")->required();
  info_cmd->add_flag("--json", info.json, "Machine-readable output");

  cli::ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "Serve the HTTP API and the dashboard");
  serve_cmd->add_option("--db", serve.db, "SQLite file")->required();
  serve_cmd->add_option("--host", serve.host, "Address to listen on");
  serve_cmd->add_option("--port", serve.port, "Port (0 = any free port)");
  serve_cmd->add_option("--threads", serve.threads, "Worker threads");
  serve_cmd->add_option("--web", serve.web, "Folder of the built dashboard (web/dist)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    if (*generate) return cli::Generate(gen);
    if (*import) return cli::Import(imp);
    if (*exporter) return cli::Export(exp);
    if (*info_cmd) return cli::Info(info);
    if (*serve_cmd) return cli::Serve(serve);
  } catch (const InvalidInput& e) {
    fmt::print(stderr, "chainscope: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "chainscope: {}\n", e.what());
    return 1;
  }
  return 0;
}
