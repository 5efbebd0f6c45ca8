// server: a request and a response as plain structs — what the transport (http_server.h) hands the API
// pipeline (api.h) and gets back. No sockets, so the whole API is testable by calling Api::Handle.
#pragma once

#include <boost/json/fwd.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chainscope {

struct HttpRequest {
  std::string method;  // "GET", "POST", …
  std::string target;  // path and query, as sent: "/api/v1/enterprises?role=oem"
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers = {};  // as received; names compared case-blind
  std::string client = "local";                                   // the peer's address
  /// The first header of this name (case-insensitive), or null.
  const std::string* Header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string principal = "anonymous";  // who made the request, for the access log
  /// The JSON answer as the handler built it (body is its text): a table route renders its list from it as
  /// CSV or XLSX, without reading the text back.
  std::shared_ptr<const boost::json::value> document = {};
  /// The first header of this name (case-insensitive), or null.
  const std::string* Header(std::string_view name) const;
};

}  // namespace chainscope
