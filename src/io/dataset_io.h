// io: reading and writing whole datasets in the interchange format of DESIGN §6 — a folder of CSV files
// plus dataset.json, or one JSON document with every table. Reading validates everything first and
// throws ImportError naming each problem's file, line, column and reason; nothing is half-read.
// Writing is canonical, so export → import → export is byte-identical.
#pragma once

#include <boost/json/object.hpp>
#include <filesystem>
#include <map>
#include <string>

#include "core/model.h"
#include "core/schema.h"

namespace chainscope {

/// Reads a dataset folder or a `.json` file. Throws ImportError (or Error when the path is unusable).
Dataset ReadDataset(const std::filesystem::path& path);
/// Parses a dataset folder from its files' texts, by file name ("enterprises.csv", "dataset.json"; a table's
/// file absent from the map is a missing file), with ReadDataset's checks.
Dataset ParseDatasetFiles(const std::map<std::string, std::string>& files);
/// Parses a dataset from one JSON document; `file` names it in error messages.
Dataset ParseDatasetJson(std::string_view text, std::string_view file);

/// Writes every table as CSV (with headers, also for empty tables) plus dataset.json into `dir`.
/// `byte_order_mark`: each CSV file begins with the UTF-8 BOM (Excel on Chinese Windows reads it as UTF-8;
/// ReadDataset accepts it).
void WriteDatasetCsv(const Dataset& d, const std::filesystem::path& dir, bool byte_order_mark = false);
/// The whole dataset as one JSON document: {"dataset": meta, "places": [...], ...}.
std::string DatasetToJson(const Dataset& d);
void WriteDatasetJson(const Dataset& d, const std::filesystem::path& file);

/// One row of table `t` from a JSON object (the interchange field names; extra fields are ignored; absent
/// optional or extra fields take their defaults). Throws ImportError naming `where` and each bad field.
Row RowFromJson(Table t, const boost::json::object& object, std::string_view where);

/// Indented JSON text (2 spaces) of a JSON document; throws InvalidInput if `json` is not valid JSON.
std::string PrettyJson(std::string_view json);

}  // namespace chainscope
