#include "service/mailer.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <sodium.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>

#include "core/model.h"
#include "service/secrets.h"

namespace chainscope {
namespace {

std::string Base64(std::string_view text) {
  EnsureSodium();
  std::string out(sodium_base64_ENCODED_LEN(text.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();
  return out;
}

/// An address in angle brackets, refusing anything that could add a header or a recipient.
std::string Angle(std::string_view address) {
  if (address.empty() || address.find_first_of("\r\n<>,;\" ") != std::string_view::npos)
    throw InvalidInput(fmt::format("'{}' is not an e-mail address", address));
  return fmt::format("<{}>", address);
}

struct Payload {
  std::string text;
  std::size_t sent = 0;
};

std::size_t ReadPayload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto& p = *static_cast<Payload*>(user);
  const std::size_t n = std::min(size * count, p.text.size() - p.sent);
  std::memcpy(buffer, p.text.data() + p.sent, n);
  p.sent += n;
  return n;
}

}  // namespace

void SendMail(const MailOptions& options, std::string_view to, std::string_view subject,
              std::string_view body) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  const std::string rcpt = Angle(to), from = Angle(options.from);
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  Payload payload;
  payload.text = fmt::format(
      "Date: {}\r\nTo: {}\r\nFrom: {}\r\nSubject: =?UTF-8?B?{}?=\r\nMIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
      date, rcpt, from, Base64(subject));
  const std::string encoded = Base64(body);
  for (std::size_t at = 0; at < encoded.size(); at += 76) payload.text += encoded.substr(at, 76) + "\r\n";
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw Error("e-mail: libcurl could not start");
  curl_slist* recipients = curl_slist_append(nullptr, rcpt.c_str());
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> keep(recipients, curl_slist_free_all);
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl.get(), CURLOPT_URL, options.smtp_url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, ReadPayload);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &payload);
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(options.timeout_seconds));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  const CURLcode rc = curl_easy_perform(curl.get());
  if (rc != CURLE_OK)
    throw Error(fmt::format("e-mail to {} through the relay failed: {}", to,
                            error[0] ? error : curl_easy_strerror(rc)));
}

std::pair<std::string, std::string> LinkMessage(std::string_view enterprise_name, std::string_view link,
                                                std::string_view expires_at) {
  return {fmt::format("chainscope：设置密码 / Set your password ({})", enterprise_name),
          fmt::format(
              "您好！\n\n{} 在成渝汽车产业链平台的账户已开通。请在 {}（UTC）前打开以下链接设置密码，"
              "链接只能使用一次：\n\n{}\n\n"
              "Hello,\n\nThe account of {} on the Chengdu–Chongqing automotive chain platform is open. Open "
              "this link before {} (UTC) to set its password; it works once:\n\n{}\n",
              enterprise_name, expires_at, link, enterprise_name, expires_at, link)};
}

}  // namespace chainscope
