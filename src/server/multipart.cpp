#include "server/multipart.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "core/model.h"

namespace chainscope {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// A parameter of a header value: `name=value` or `name="value"` after a ';'.
std::optional<std::string> Parameter(std::string_view header, std::string_view name) {
  std::size_t at = header.find(';');
  while (at != std::string_view::npos) {
    std::string_view rest = Trim(header.substr(at + 1));
    const std::size_t eq = rest.find('=');
    const std::size_t next = rest.find(';');
    if (eq != std::string_view::npos && (next == std::string_view::npos || eq < next) &&
        AsciiLower(Trim(rest.substr(0, eq))) == name) {
      std::string_view value = Trim(rest.substr(eq + 1));
      if (value.starts_with('"')) {
        const std::size_t close = value.find('"', 1);
        if (close == std::string_view::npos) return std::nullopt;
        return std::string(value.substr(1, close - 1));
      }
      return std::string(Trim(value.substr(0, value.find(';'))));
    }
    const std::size_t semi = header.find(';', at + 1);
    at = semi;
  }
  return std::nullopt;
}

}  // namespace

bool IsMultipartForm(std::string_view content_type) {
  return AsciiLower(Trim(content_type.substr(0, content_type.find(';')))) == "multipart/form-data";
}

std::vector<FormPart> ParseMultipartForm(std::string_view content_type, std::string_view body,
                                         std::size_t max_parts) {
  const std::optional<std::string> boundary = Parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70)
    throw InvalidInput("multipart/form-data without a boundary (1–70 characters)");
  const std::string delimiter = "--" + *boundary;
  std::size_t at = body.find(delimiter);
  if (at == std::string_view::npos) throw InvalidInput("multipart body without its first boundary");
  std::vector<FormPart> parts;
  for (;;) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(at, 2) != "\r\n") throw InvalidInput("multipart boundary not followed by a line break");
    at += 2;
    const std::size_t headers_end = body.find("\r\n\r\n", at);
    if (headers_end == std::string_view::npos)
      throw InvalidInput("multipart part without the end of its headers");
    const std::size_t content_end = body.find("\r\n" + delimiter, headers_end + 4);
    if (content_end == std::string_view::npos)
      throw InvalidInput("multipart body without its closing boundary");
    FormPart part;
    std::string_view headers = body.substr(at, headers_end - at);
    while (!headers.empty()) {
      const std::size_t eol = headers.find("\r\n");
      const std::string_view line = headers.substr(0, eol);
      headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) throw InvalidInput("multipart part header without ':'");
      const std::string name = AsciiLower(Trim(line.substr(0, colon)));
      const std::string_view value = Trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        if (AsciiLower(Trim(value.substr(0, value.find(';')))) != "form-data")
          throw InvalidInput("multipart part is not form-data");
        part.name = Parameter(value, "name").value_or("");
        part.filename = Parameter(value, "filename").value_or("");
      } else if (name == "content-type") {
        part.content_type = std::string(value);
      }
    }
    if (part.name.empty()) throw InvalidInput("multipart part without a name");
    if (FindPart(parts, part.name))
      throw InvalidInput(fmt::format("multipart part '{}' sent twice", part.name));
    if (parts.size() >= max_parts) throw InvalidInput(fmt::format("more than {} multipart parts", max_parts));
    part.body = body.substr(headers_end + 4, content_end - headers_end - 4);
    parts.push_back(std::move(part));
    at = content_end + 2;
  }
}

const FormPart* FindPart(const std::vector<FormPart>& parts, std::string_view name) {
  const auto it = std::ranges::find(parts, name, &FormPart::name);
  return it == parts.end() ? nullptr : &*it;
}

}  // namespace chainscope
