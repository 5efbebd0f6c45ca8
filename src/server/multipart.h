// server: multipart/form-data bodies (RFC 7578) — how a browser's form uploads a file with its fields (the
// import wizard's spreadsheet and mapping, a registration's licence scan). Parts are views into the body.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chainscope {

struct FormPart {
  std::string name;      // the form field (Content-Disposition's name)
  std::string filename;  // the file's name as the client sent it (never trusted as a path); empty for a field
  std::string content_type;  // as sent; empty when absent
  std::string_view body;     // a view into the request body
};

/// Whether a Content-Type header is multipart/form-data.
bool IsMultipartForm(std::string_view content_type);
/// The parts of `body` under the boundary of `content_type`. Throws InvalidInput for a missing boundary,
/// a part without a name, a missing closing delimiter, more than `max_parts` parts or a repeated name.
std::vector<FormPart> ParseMultipartForm(std::string_view content_type, std::string_view body,
                                         std::size_t max_parts = 16);
/// The part named `name`, or null.
const FormPart* FindPart(const std::vector<FormPart>& parts, std::string_view name);

}  // namespace chainscope
