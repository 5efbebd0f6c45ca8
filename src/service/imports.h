// service: importing a user's spreadsheet of enterprises, capabilities, supply links, demands or offers —
// an .xlsx or CSV with its own (often Chinese) headers — into the store. One use case for the API and the
// CLI: read the sheet (io/sheet.h), propose which column is which field from the headers it recognises,
// read each row through that mapping (numbers with thousands separators, 万 and 亿, units and percentages;
// dates as Excel serials or 2027/1/1 or 2027年1月1日; places by code, Chinese or pinyin name; enterprises by
// id, credit code or exact name; components by code or name), decide its fate against the stored data —
// new, update (found by credit code, id or key), unchanged, or error with the field and a coded reason —
// and check the result as a whole with the dataset's validation. A dry run stops there; a commit writes
// every new and changed row in one transaction (all or nothing), audited, and only when no row is in error.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/market.h"
#include "core/message.h"
#include "core/model.h"
#include "io/sheet.h"
#include "service/access.h"

namespace chainscope {

class Platform;
class Store;

/// What the rows are: a table of the chain or the market, or leads of the promotion registry (a bureau's).
enum class ImportKind { kEnterprises, kCapabilities, kLinks, kDemands, kOffers, kLeads };
std::string_view ToString(ImportKind kind);  // "enterprises", …
std::optional<ImportKind> ParseImportKind(std::string_view text);
inline constexpr std::string_view kImportKinds = "enterprises, capabilities, links, demands, offers, leads";

/// A field a column can be mapped to: an interchange column of the kind's table.
struct ImportField {
  std::string_view name;  // "annual_capacity"
  std::string_view label_zh, label_en;
  std::vector<std::string_view> headers;  // recognised headers, best first (compared without spaces, case,
                                          // full-width brackets or a trailing colon)
  bool required_for_new = false;          // a new record needs it (an update keeps the stored value)
  std::string_view default_text = {};     // a new record's value when the column is not mapped or empty
};
std::span<const ImportField> ImportFieldsOf(ImportKind kind);

/// Field → the header of the sheet's column that holds it.
using ImportMapping = std::map<std::string, std::string>;

/// Which fields the headers name: for each field its best-ranked recognised header not taken by another.
ImportMapping ProposeMapping(ImportKind kind, const std::vector<std::string>& header);

struct ImportRequest {
  ImportKind kind = ImportKind::kEnterprises;
  std::string_view file;                 // the upload's bytes
  std::string file_name = {};            // for the audit trail
  std::optional<ImportMapping> mapping;  // over the proposal: its fields take their columns ("": none)
  bool dry_run = true;
  SheetLimits limits = {};
};

/// What happens to one row.
struct ImportRowOutcome {
  std::size_t row = 0;  // the row as the user sees it (Excel's row number, or the CSV line)
  std::string action;   // "new", "update", "unchanged" or "error"
  std::string id;       // the record's id or key ("S0001|BAT-PACK"); a new record's only once committed
  std::string field;    // the field in error (empty when the row as a whole is)
  std::optional<Message> reason;  // codes import.*: why it is in error
};

struct ImportCounts {
  std::size_t created = 0, updated = 0, unchanged = 0, errors = 0;
};

struct ImportAnswer {
  ImportKind kind = ImportKind::kEnterprises;
  std::string format, encoding, sheet;  // of the file read
  std::vector<std::string> header;
  ImportMapping proposed, mapping;  // the proposal and the mapping used
  ImportCounts counts;
  std::vector<ImportRowOutcome> rows;  // in the sheet's order
  bool dry_run = true;
  bool committed = false;  // true when the rows were written
};

/// Whether `who` may import `kind` at all (rows of another enterprise are refused row by row): admins
/// anything; an enterprise's administrator its own capabilities, demands and offers; a bureau its place's
/// leads, a coordinator any place's. Throws ServiceError (401, 403).
void CheckMayImport(const Principal& who, ImportKind kind);

/// Plans against `chain` (its enterprises, capabilities and links) and `market`; commits through `store`
/// when asked and no row is in error. Not for leads (InvalidInput): those go through a platform. Throws
/// InvalidInput for an unreadable file or a bad mapping, Conflict when the stored data changed since it was
/// read (nothing is written).
ImportAnswer ImportTable(Store* store, const Dataset& chain, const Market& market, const Principal& who,
                         const ImportRequest& request);
/// On a platform: its current state, and a refresh after a commit. Leads: each row a new lead of the
/// registry (service/promotion.h) — unchanged when an open lead of its place has the same project and
/// investor (credit code, or Chinese name) — committed by CreateLeads in one transaction.
ImportAnswer ImportTable(Platform& platform, const Principal& who, const ImportRequest& request);

}  // namespace chainscope
