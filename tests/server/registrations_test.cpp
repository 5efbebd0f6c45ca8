// Real enterprises coming in, through the API on each store: register (anonymous) → review → approve → set
// the password with the one-time link → sign in → edit the profile → invite a colleague; a claim of an
// existing record; rejection; what a pending or rejected applicant can do (nothing); the licence scan
// checked by content and size and shown to administrators only; the rate limit per address.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include <boost/json.hpp>

#include "core/uscc.h"
#include "io/dataset_io.h"
#include "server/smtp_receiver.h"
#include "server/stored_api.h"

namespace chainscope {
namespace {
namespace json = boost::json;

std::string Base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();
  return out;
}

/// A valid credit code numbered n.
std::string Code(int n) {
  const std::string org = fmt::format("{:08}", 40000000 + n);
  const std::string first17 = "91500116" + org + *OrganisationCodeCheckCharacter(org);
  return first17 + *UsccCheckCharacter(first17);
}

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(2000, 'p');

class RegistrationsTest : public testing::StoredApiOnEachBackend {
 protected:
  void SetUp() override {
    Open(ReadDataset(testing::MiniDataset()));
    member_ = testing::AddTestAccount(*store_, "buyer@oem1.example", "member", "oem1");
  }
  HttpResponse Anonymous(const std::string& method, const std::string& target, const std::string& body,
                         const std::string& client = "10.0.0.1") {
    HttpRequest r{method, target, body};
    r.headers.emplace_back("Content-Type", "application/json");
    r.client = client;
    return Checked(method, target, api_->Handle(r));
  }
  std::string Registration(const std::string& uscc, const std::string& more = "") {
    return fmt::format(
        R"({{"name_zh":"重庆江津齿轮有限公司","name_en":"Jiangjin Gears","uscc":"{}","place":"500116","role":"supplier",)"
        R"("components":["CHS-EPS"],"applicant_name":"王工","applicant_email":"Wang@Gears.example"{}}})",
        uscc, more);
  }
  int SignIn(const std::string& email, const std::string& password) {
    return Anonymous("POST", "/api/v1/auth/login",
                     fmt::format(R"({{"email":"{}","password":"{}"}})", email, password))
        .status;
  }
  std::string TokenOf(const std::string& link) { return link.substr(link.find("token=") + 6); }
  testing::TestAccount member_;
};

TEST_P(RegistrationsTest, RegisterApproveSetPasswordSignInEditTheProfileAndInvite) {
  const HttpResponse sent = Anonymous("POST", "/api/v1/registrations",
                                      Registration(Code(1), R"(,"licence_base64":")" + Base64(kPng) + "\""));
  ASSERT_EQ(sent.status, 202) << sent.body;
  const json::object a = json::parse(sent.body).as_object();
  EXPECT_EQ(a.at("status").as_string(), "pending");
  const std::int64_t id = a.at("id").as_int64();
  // Pending: no account; nothing to sign in with.
  EXPECT_EQ(SignIn("wang@gears.example", "a-long-password"), 401);

  // The queue shows it to administrators only, with its licence.
  const json::object queue = Ok("GET", "/api/v1/registrations?status=pending");
  ASSERT_EQ(queue.at("items").as_array().size(), 1u);
  const json::object& entry = queue.at("items").as_array()[0].as_object();
  EXPECT_EQ(entry.at("uscc").as_string(), Code(1));
  EXPECT_EQ(entry.at("applicant_email").as_string(), "wang@gears.example");
  EXPECT_EQ(entry.at("place_name_zh").as_string(), "江津区");
  EXPECT_EQ(entry.at("licence").at("type").as_string(), "image/png");
  EXPECT_EQ(As(member_, "GET", "/api/v1/registrations").status, 403);
  const std::string licence = fmt::format("/api/v1/registrations/{}/licence", id);
  const HttpResponse scan = Call("GET", licence);
  EXPECT_EQ(scan.status, 200);
  EXPECT_EQ(scan.content_type, "image/png");
  EXPECT_EQ(scan.body, kPng);
  ASSERT_NE(scan.Header("Content-Disposition"), nullptr);
  EXPECT_TRUE(scan.Header("Content-Disposition")->starts_with("attachment"));
  EXPECT_EQ(As(member_, "GET", licence).status, 403);
  EXPECT_EQ(Anonymous("GET", licence, "").status, 401);

  // Approved: a new enterprise with the code, its administrator's account and a one-time link.
  const json::object approved = Ok("POST", fmt::format("/api/v1/registrations/{}/approve", id));
  const std::string enterprise(approved.at("enterprise").as_string());
  EXPECT_TRUE(enterprise.starts_with("EN"));
  EXPECT_EQ(approved.at("user").at("email").as_string(), "wang@gears.example");
  EXPECT_TRUE(approved.at("user").at("enterprise_admin").as_bool());
  const std::string link(approved.at("set_password_link").as_string());
  EXPECT_TRUE(link.starts_with("/set-password?token=cs_p_"));
  const json::object found = Ok("GET", "/api/v1/enterprises?q=" + Code(1));
  ASSERT_EQ(found.at("total").as_int64(), 1);
  EXPECT_EQ(found.at("items").at(0).at("id").as_string(), enterprise);
  EXPECT_FALSE(found.at("items").at(0).at("synthetic").as_bool());
  // Only the link's hash is stored: the link itself is in no row of the store.
  EXPECT_EQ(Call("POST", fmt::format("/api/v1/registrations/{}/approve", id)).status, 409);
  EXPECT_EQ(SignIn("wang@gears.example", "a-long-password"), 401);  // no password yet

  // The link sets the password once.
  const std::string set = fmt::format(R"({{"token":"{}","password":"a-long-password"}})", TokenOf(link));
  EXPECT_EQ(Anonymous("POST", "/api/v1/auth/set-password",
                      R"({"token":"cs_p_nonsense","password":"a-long-password"})")
                .status,
            404);
  EXPECT_EQ(Anonymous("POST", "/api/v1/auth/set-password",
                      fmt::format(R"({{"token":"{}","password":"short"}})", TokenOf(link)))
                .status,
            400);
  EXPECT_EQ(Anonymous("POST", "/api/v1/auth/set-password", set).status, 200);
  EXPECT_EQ(Anonymous("POST", "/api/v1/auth/set-password", set).status, 404);
  EXPECT_EQ(SignIn("wang@gears.example", "a-long-password"), 200);

  // The enterprise's administrator edits its profile.
  const auto wang = testing::AccountFor(*store_, "wang@gears.example");
  const json::object edited =
      OkAs(wang, "PUT", "/api/v1/enterprises/" + enterprise,
           R"({"name":"Jiangjin Gear Co., Ltd.","employees":250,"certifications":["IATF 16949"]})");
  EXPECT_EQ(edited.at("name").as_string(), "Jiangjin Gear Co., Ltd.");
  EXPECT_EQ(edited.at("employees").as_int64(), 250);
  EXPECT_EQ(As(member_, "PUT", "/api/v1/enterprises/" + enterprise, R"({"employees":1})").status, 403);
  EXPECT_EQ(
      OkAs(wang, "PUT", "/api/v1/enterprises/" + enterprise, R"({"uscc":"915101002023000284"})", 409).size(),
      1u);
  std::size_t audited = 0;
  store_->AuditTrail({.entity = "enterprise:" + enterprise}, &audited);
  EXPECT_EQ(audited, 2u);  // created, edited

  // It invites a colleague, who sets a password and signs in; the colleague may not invite.
  const json::object invited =
      OkAs(wang, "POST", "/api/v1/invitations", R"({"email":"li@gears.example"})", 201);
  EXPECT_EQ(invited.at("enterprise").as_string(), enterprise);
  EXPECT_FALSE(invited.at("user").at("enterprise_admin").as_bool());
  EXPECT_EQ(Anonymous("POST", "/api/v1/auth/set-password",
                      fmt::format(R"({{"token":"{}","password":"another-password"}})",
                                  TokenOf(std::string(invited.at("set_password_link").as_string()))))
                .status,
            200);
  EXPECT_EQ(SignIn("li@gears.example", "another-password"), 200);
  const auto li = testing::AccountFor(*store_, "li@gears.example");
  EXPECT_EQ(As(li, "POST", "/api/v1/invitations", R"({"email":"zhao@gears.example"})").status, 403);
  EXPECT_EQ(As(member_, "POST", "/api/v1/invitations", R"({"email":"zhao@gears.example"})").status, 403);

  // The administrator lists and disables the colleague, whose token stops at once; enables again.
  const json::object colleagues = OkAs(wang, "GET", "/api/v1/colleagues");
  EXPECT_EQ(colleagues.at("users").as_array().size(), 2u);
  EXPECT_EQ(As(li, "GET", "/api/v1/colleagues").status, 403);
  const std::string li_id = std::to_string(li.user.id);
  EXPECT_EQ(As(li, "POST", "/api/v1/colleagues/" + std::to_string(wang.user.id) + "/disable").status, 403);
  EXPECT_EQ(As(wang, "POST", "/api/v1/colleagues/" + std::to_string(wang.user.id) + "/disable").status, 400);
  EXPECT_EQ(As(wang, "POST", "/api/v1/colleagues/" + std::to_string(member_.user.id) + "/disable").status,
            404);
  EXPECT_TRUE(OkAs(wang, "POST", "/api/v1/colleagues/" + li_id + "/disable").at("disabled").as_bool());
  EXPECT_EQ(As(li, "GET", "/api/v1/me").status, 401);  // the token stopped with the account
  EXPECT_EQ(SignIn("li@gears.example", "another-password"), 401);
  EXPECT_FALSE(OkAs(wang, "POST", "/api/v1/colleagues/" + li_id + "/enable").at("disabled").as_bool());
  EXPECT_EQ(SignIn("li@gears.example", "another-password"), 200);
}

TEST_P(RegistrationsTest, AClaimJoinsTheExistingRecordARejectionLeavesNothing) {
  // Pack Maker's company registers under its code and claims its record: proposed by the equal code.
  const HttpResponse sent =
      Anonymous("POST", "/api/v1/registrations",
                R"({"name_zh":"电池包厂","uscc":"915101002023000284","place":"510100","role":"supplier",)"
                R"("applicant_name":"陈","applicant_email":"chen@pack.example","claim":"pack1"})");
  ASSERT_EQ(sent.status, 202) << sent.body;
  const json::object a = json::parse(sent.body).as_object();
  ASSERT_FALSE(a.at("proposed_claims").as_array().empty());
  EXPECT_EQ(a.at("proposed_claims").at(0).at("enterprise").as_string(), "pack1");
  EXPECT_EQ(a.at("proposed_claims").at(0).at("reason_codes").at(0).at("code").as_string(),
            "dedupe.same_uscc");
  const json::object queue = Ok("GET", "/api/v1/registrations");
  const json::array& differences = queue.at("items").at(0).at("differences").as_array();
  EXPECT_EQ(differences.size(), 6u);
  EXPECT_EQ(differences[0].at("stored").as_string(), "电池包厂");
  const json::object approved =
      Ok("POST", fmt::format("/api/v1/registrations/{}/approve", a.at("id").as_int64()));
  EXPECT_EQ(approved.at("enterprise").as_string(), "pack1");  // no second record
  EXPECT_EQ(store_->LoadDataset().enterprises.size(), 5u);
  EXPECT_EQ(approved.at("user").at("enterprise").as_string(), "pack1");

  // Rejected: a reason, no account, and it cannot be approved after.
  const HttpResponse other = Anonymous("POST", "/api/v1/registrations", Registration(Code(2)));
  const std::int64_t id = json::parse(other.body).at("id").as_int64();
  EXPECT_EQ(Call("POST", fmt::format("/api/v1/registrations/{}/reject", id), "{}").status, 400);
  const json::object rejected =
      Ok("POST", fmt::format("/api/v1/registrations/{}/reject", id), R"({"reason":"营业执照不清晰"})");
  EXPECT_EQ(rejected.at("status").as_string(), "rejected");
  EXPECT_EQ(Call("POST", fmt::format("/api/v1/registrations/{}/approve", id)).status, 409);
  EXPECT_FALSE(store_->FindUser("wang@gears.example"));
}

TEST_P(RegistrationsTest, TheDoorChecksEveryFieldTheScanAndTheRate) {
  const auto refused = [&](const std::string& body, const std::string& says) {
    const HttpResponse r = Anonymous("POST", "/api/v1/registrations", body, "10.0.0.2");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find(says), std::string::npos) << r.body;
  };
  std::string wrong = Code(3);
  wrong[17] = wrong[17] == '0' ? '1' : '0';
  refused(Registration(wrong), "field 'uscc'");
  refused(Registration(Code(3), R"(,"claim":"ghost")"), "field 'claim'");
  refused(Registration(Code(3), R"(,"licence_base64":")" + Base64("just some text, renamed .pdf") + "\""),
          "must be a PDF, PNG or JPEG file (by its content)");
  refused(
      Registration(Code(3), R"(,"licence_base64":")" + Base64("%PDF-" + std::string(5u << 20, 'x')) + "\""),
      "more than the 5 MiB allowed");
  refused(
      R"({"name_zh":"x","uscc":")" + Code(3) +
          R"(","place":"CN-OTHER","role":"supplier","applicant_name":"a","applicant_email":"a@b.example"})",
      "field 'place'");
  refused(
      Registration(Code(3)).replace(Registration(Code(3)).find("Wang@Gears.example"), 18, "not-an-address"),
      "field 'applicant_email'");
  // Nothing was stored by any of those.
  EXPECT_TRUE(store_->Registrations("").empty());
  // Five an hour from one address; the sixth waits. Another address is not held up.
  for (int i = 10; i < 15; ++i)
    EXPECT_EQ(Anonymous("POST", "/api/v1/registrations", Registration(Code(i)), "10.0.0.3").status, 202);
  const HttpResponse sixth = Anonymous("POST", "/api/v1/registrations", Registration(Code(15)), "10.0.0.3");
  EXPECT_EQ(sixth.status, 429);
  EXPECT_NE(sixth.Header("Retry-After"), nullptr);
  EXPECT_EQ(Anonymous("POST", "/api/v1/registrations", Registration(Code(15)), "10.0.0.4").status, 202);
  // One pending registration per credit code.
  EXPECT_EQ(Anonymous("POST", "/api/v1/registrations", Registration(Code(15)), "10.0.0.5").status, 409);
}

TEST_P(RegistrationsTest, WhereARelayIsNamedTheLinkIsAlsoEmailed) {
  testing::SmtpReceiver receiver;
  ApiOptions options;
  options.requests_per_second = 0;
  options.mail = {fmt::format("smtp://127.0.0.1:{}", receiver.port()), "noreply@chainscope.test",
                  "https://chainscope.example"};
  Api mailing(platform_, options);
  const HttpResponse sent = Anonymous("POST", "/api/v1/registrations", Registration(Code(4)));
  const std::int64_t id = json::parse(sent.body).at("id").as_int64();
  const HttpResponse r =
      mailing.Handle(testing::As(admin_, "POST", fmt::format("/api/v1/registrations/{}/approve", id)));
  ASSERT_EQ(r.status, 200) << r.body;
  const json::object a = json::parse(r.body).as_object();
  EXPECT_TRUE(a.at("emailed").as_bool());
  const std::vector<testing::SmtpReceiver::Message> got = receiver.messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].to, "<wang@gears.example>");
  EXPECT_EQ(got[0].from, "<noreply@chainscope.test>");
  // The body is base64 UTF-8: decode it and find the whole link.
  const std::string data = got[0].data;
  std::string encoded;
  for (std::size_t at = data.find("\n\n") + 2; at < data.size(); ++at)
    if (data[at] != '\n') encoded += data[at];
  std::string body(encoded.size(), '\0');
  std::size_t length = 0;
  ASSERT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(body.data()), body.size(), encoded.data(),
                              encoded.size(), nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL),
            0);
  body.resize(length);
  EXPECT_NE(body.find("https://chainscope.example" + std::string(a.at("set_password_link").as_string())),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("设置密码"), std::string::npos) << body;
  // No relay listening: the approval stands, the link is shown, `emailed` says it did not go.
  options.mail.smtp_url = "smtp://127.0.0.1:9";
  Api unreachable(platform_, options);
  std::string second = Registration(Code(5));
  second.replace(second.find("Wang@Gears.example"), 18, "zhou@gears.example");
  const HttpResponse other = Anonymous("POST", "/api/v1/registrations", second);
  const HttpResponse r2 = unreachable.Handle(testing::As(
      admin_, "POST",
      fmt::format("/api/v1/registrations/{}/approve", json::parse(other.body).at("id").as_int64())));
  ASSERT_EQ(r2.status, 200) << r2.body;
  EXPECT_FALSE(json::parse(r2.body).at("emailed").as_bool());
  EXPECT_TRUE(json::parse(r2.body).at("set_password_link").as_string().starts_with("/set-password?token="));
}

}  // namespace

INSTANTIATE_BACKENDS(RegistrationsTest);

}  // namespace chainscope
