// service: e-mail through an SMTP relay (libcurl's SMTP), for the one-time links of approvals and
// invitations where `serve --smtp URL` names a relay. A message is plain UTF-8 text with an RFC 2047
// subject; sending waits at most a few seconds, and a failure is the caller's to report (the link is still
// handed over on screen).
#pragma once

#include <string>
#include <string_view>

namespace chainscope {

struct MailOptions {
  std::string smtp_url;  // smtp://host:port or smtps://user:password@host:465; empty: no e-mail
  std::string from = "chainscope@localhost";
  std::string public_url;  // the dashboard's address, so a link in a message is whole ("https://…")
  int timeout_seconds = 10;
};

/// Sends one message. Throws Error naming the relay's answer when it is refused or unreachable.
void SendMail(const MailOptions& options, std::string_view to, std::string_view subject,
              std::string_view body);

/// The message of a set-password link, in Chinese and English: (subject, body).
std::pair<std::string, std::string> LinkMessage(std::string_view enterprise_name, std::string_view link,
                                                std::string_view expires_at);

}  // namespace chainscope
