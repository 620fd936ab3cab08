#include "http/form.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace plenary::http {
namespace {

using namespace std::string_literals;

Request WithBody(std::string body, std::string type) {
  Request r;
  r.method = Method::kPost;
  r.headers.Set("content-type", std::move(type));
  r.body = std::move(body);
  return r;
}

// One multipart part, CRLF-terminated headers, no trailing CRLF (the delimiter brings it).
std::string Part(std::string_view boundary, std::string_view headers, std::string_view data) {
  return "--" + std::string(boundary) + "\r\n" + std::string(headers) + "\r\n" + std::string(data) +
         "\r\n";
}

std::string TextPart(std::string_view boundary, std::string_view name, std::string_view value) {
  return Part(boundary, "Content-Disposition: form-data; name=\"" + std::string(name) + "\"\r\n",
              value);
}

std::string Close(std::string_view boundary) {
  return "--" + std::string(boundary) + "--\r\n";
}

void ExpectRefused(const Result<Form>& form, std::string_view mentions, std::string_view label) {
  ASSERT_FALSE(form) << label;
  EXPECT_EQ(form.error().code(), StatusCode::kInvalidArgument) << label;
  EXPECT_NE(form.error().message().find(mentions), std::string::npos)
      << label << ": " << form.error().message();
}

TEST(ParseForm, DecodesUrlEncodedFields) {
  auto form = ParseForm(WithBody("title=Budget+2025&body=caf%C3%A9%20au%20lait&tag=a&tag=b&flag&&",
                                 "application/x-www-form-urlencoded; charset=UTF-8"));
  ASSERT_TRUE(form) << form.error().ToString();
  EXPECT_EQ(form->Field("title"), "Budget 2025");
  EXPECT_EQ(form->Field("body"), "café au lait");
  EXPECT_EQ(form->Field("tag"), "a");  // the first value sent
  EXPECT_EQ(form->fields.count("tag"), 2u);
  EXPECT_EQ(form->Field("flag"), "");
  EXPECT_EQ(form->Field("missing"), std::nullopt);
  EXPECT_TRUE(form->files.empty());
}

TEST(ParseForm, RefusesUrlEncodedFieldsThatAreNotText) {
  auto type = "application/x-www-form-urlencoded";
  ExpectRefused(ParseForm(WithBody("title=%FF", type)), "UTF-8", "invalid UTF-8");
  ExpectRefused(ParseForm(WithBody("title=a%00b", type)), "NUL", "NUL");
  ExpectRefused(ParseForm(WithBody("%C3=x", type)), "name", "name not UTF-8");
}

TEST(ParseForm, RefusesOtherContentTypes) {
  constexpr std::string_view kAdvice =
      "send the form as application/x-www-form-urlencoded or multipart/form-data";
  ExpectRefused(ParseForm(WithBody("{}", "application/json")), kAdvice, "json");
  ExpectRefused(ParseForm(WithBody("x", "multipart/mixed; boundary=b")), kAdvice, "mixed");
  Request no_type;
  no_type.body = "a=b";
  ExpectRefused(ParseForm(no_type), kAdvice, "no Content-Type");
}

TEST(ParseForm, KeepsBinaryFileDataByteExact) {
  const std::string boundary = "XyZ123";
  // CRLFs, look-alike delimiters that are not delimiter lines, NULs, and a trailing CRLF and "--".
  const std::string pdf =
      "%PDF-1.7\r\n\0\0\xff\xfe\r\n--XyZ123-lookalike\r\n--XyZ123 x\r\n"
      "--XyZ12\r\n\r\n--XyZ123X--\r\n%%EOF\r\n--"s;
  for (const std::string& data : {pdf, pdf + "\r\n", "\r\n"s, ""s}) {
    std::string body = TextPart(boundary, "title", "Budget") +
                       TextPart(boundary, "summary", "Line 1\r\nLine 2") +
                       Part(boundary,
                            "Content-Disposition: form-data; name=\"attachment\"; "
                            "filename=\"budget.pdf\"\r\nContent-Type: application/pdf\r\n",
                            data) +
                       Close(boundary);
    auto form = ParseForm(WithBody(body, "multipart/form-data; boundary=" + boundary));
    ASSERT_TRUE(form) << form.error().ToString();
    EXPECT_EQ(form->Field("title"), "Budget");
    EXPECT_EQ(form->Field("summary"), "Line 1\r\nLine 2");
    if (data.empty()) {
      // An empty file is still a file when it has a name.
      ASSERT_EQ(form->files.size(), 1u);
    }
    const FormFile* file = form->File("attachment");
    ASSERT_NE(file, nullptr);
    EXPECT_EQ(file->filename, "budget.pdf");
    EXPECT_EQ(file->content_type, "application/pdf");
    EXPECT_EQ(file->data, data);
  }
}

TEST(ParseForm, ReadsQuotedAndCaseInsensitiveBoundaries) {
  const std::string boundary = "a b:c=d?(x)";
  std::string body = "preamble to ignore\r\n" + TextPart(boundary, "q", "1") + "--" + boundary +
                     "--\r\nepilogue to ignore";
  auto form = ParseForm(
      WithBody(body, "Multipart/Form-Data; charset=utf-8; BOUNDARY=\"" + boundary + "\""));
  ASSERT_TRUE(form) << form.error().ToString();
  EXPECT_EQ(form->Field("q"), "1");
}

// The exact layout Chromium (Chrome 120) sends for a form with a text field, a textarea, a
// chosen file and a file input left empty: a "----WebKitFormBoundary" + 16 alphanumerics
// boundary, raw UTF-8 in the filename, CRLF-normalised textarea, application/octet-stream for the
// empty input, and a CRLF after the close delimiter.
TEST(ParseForm, ReadsAChromiumBody) {
  const std::string body =
      "------WebKitFormBoundaryePkpFF7tjBAqx29L\r\n"
      "Content-Disposition: form-data; name=\"title\"\r\n"
      "\r\n"
      "Budget 2025\r\n"
      "------WebKitFormBoundaryePkpFF7tjBAqx29L\r\n"
      "Content-Disposition: form-data; name=\"body\"\r\n"
      "\r\n"
      "First line\r\nSecond line — ünïcode\r\n"
      "------WebKitFormBoundaryePkpFF7tjBAqx29L\r\n"
      "Content-Disposition: form-data; name=\"document\"; filename=\"Résumé 2025.pdf\"\r\n"
      "Content-Type: application/pdf\r\n"
      "\r\n"
      "%PDF-1.4\n%\xe2\xe3\xcf\xd3\r\n1 0 obj\n<<>>\nendobj\r\n%%EOF\r\n"
      "------WebKitFormBoundaryePkpFF7tjBAqx29L\r\n"
      "Content-Disposition: form-data; name=\"annex\"; filename=\"\"\r\n"
      "Content-Type: application/octet-stream\r\n"
      "\r\n"
      "\r\n"
      "------WebKitFormBoundaryePkpFF7tjBAqx29L--\r\n";
  auto form = ParseForm(
      WithBody(body, "multipart/form-data; boundary=----WebKitFormBoundaryePkpFF7tjBAqx29L"));
  ASSERT_TRUE(form) << form.error().ToString();
  EXPECT_EQ(form->Field("title"), "Budget 2025");
  EXPECT_EQ(form->Field("body"), "First line\r\nSecond line — ünïcode");
  ASSERT_EQ(form->files.size(), 1u);  // the empty file input is omitted
  EXPECT_EQ(form->File("annex"), nullptr);
  const FormFile* file = form->File("document");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->filename, "Résumé 2025.pdf");
  EXPECT_EQ(file->content_type, "application/pdf");
  EXPECT_EQ(file->data, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\r\n1 0 obj\n<<>>\nendobj\r\n%%EOF");
}

TEST(ParseMultipart, AcceptsPaddingBareLfHeadersAndEmptyForms) {
  auto empty = ParseMultipart("--b--", "b", {});
  ASSERT_TRUE(empty) << empty.error().ToString();
  EXPECT_TRUE(empty->fields.empty());

  // Transport padding after the delimiter; headers ended by bare LFs; other headers ignored.
  std::string body =
      "--b \t\r\ncontent-disposition: FORM-DATA; name=x\nX-Other: 1\n\nvalue\r\n--b--";
  auto form = ParseMultipart(body, "b", {});
  ASSERT_TRUE(form) << form.error().ToString();
  EXPECT_EQ(form->Field("x"), "value");
}

TEST(ParseMultipart, SanitisesFilenamesToBaseNames) {
  struct Case {
    std::string sent;  // as it appears between the quotes
    std::string kept;
  };
  std::vector<Case> cases = {
      {"../../etc/passwd", "passwd"},           {"C:\\Users\\me\\report.pdf", "report.pdf"},
      {"say \\\"hi\\\".txt", "say \"hi\".txt"}, {"tab\there.txt", "tabhere.txt"},
      {"evil\u202Efdp.exe", "evilfdp.exe"},     {"c1\u0085.txt", "c1.txt"},
      {"  spaced.txt  ", "spaced.txt"},
  };
  for (const auto& c : cases) {
    std::string body =
        Part("b", "Content-Disposition: form-data; name=f; filename=\"" + c.sent + "\"\r\n",
             "data") +
        "--b--";
    auto form = ParseMultipart(body, "b", {});
    ASSERT_TRUE(form) << c.sent << ": " << form.error().ToString();
    ASSERT_EQ(form->files.size(), 1u);
    EXPECT_EQ(form->files[0].filename, c.kept) << c.sent;
    EXPECT_EQ(form->files[0].content_type, "text/plain") << "the RFC 7578 default";
  }
  for (std::string sent : {"..", "dir/", "a/.", "\xff.pdf"}) {
    std::string body =
        Part("b", "Content-Disposition: form-data; name=f; filename=\"" + sent + "\"\r\n", "x") +
        "--b--";
    ExpectRefused(ParseMultipart(body, "b", {}), "filename", sent);
  }
}

TEST(ParseMultipart, EnforcesEachLimit) {
  FormLimits limits{.max_fields = 2, .max_field_bytes = 5, .max_files = 1, .max_file_bytes = 4};
  auto file = [](std::string_view name, std::string_view data) {
    return Part("b",
                "Content-Disposition: form-data; name=\"" + std::string(name) +
                    "\"; filename=\"f.bin\"\r\n",
                data);
  };
  struct Case {
    std::string body;
    std::string limit;
  };
  std::vector<Case> cases = {
      {TextPart("b", "a", "1") + TextPart("b", "b", "2") + TextPart("b", "c", "3") + Close("b"),
       "max_fields"},
      {TextPart("b", "a", "123456") + Close("b"), "max_field_bytes"},
      {file("a", "1") + file("b", "2") + Close("b"), "max_files"},
      {file("a", "12345") + Close("b"), "max_file_bytes"},
      {Part("b",
            "Content-Disposition: form-data; name=a\r\nX-Pad: " + std::string(20000, 'p') + "\r\n",
            "1") +
           Close("b"),
       "headers of part 1 are longer than"},
  };
  for (const auto& c : cases) {
    ExpectRefused(ParseMultipart(c.body, "b", limits), c.limit, c.limit);
  }
  // At the limits exactly, all is well.
  auto ok = ParseMultipart(
      TextPart("b", "a", "12345") + TextPart("b", "b", "") + file("f", "1234") + Close("b"), "b",
      limits);
  EXPECT_TRUE(ok) << ok.error().ToString();

  auto type = "application/x-www-form-urlencoded";
  ExpectRefused(ParseForm(WithBody("a=1&b=2&c=3", type), limits), "max_fields", "urlencoded");
  ExpectRefused(ParseForm(WithBody("a=123456", type), limits), "max_field_bytes", "urlencoded");
  EXPECT_TRUE(ParseForm(WithBody("a=%31%32%33%34%35", type), limits)) << "decoded size counts";
}

TEST(ParseMultipart, KeepsATenMegabyteFile) {
  std::string data(10 * 1024 * 1024, '\0');
  for (size_t i = 0; i < data.size(); ++i) {
    data[i] = static_cast<char>((i * 7919) >> 3);
  }
  std::string body = Part("----WebKitFormBoundaryePkpFF7tjBAqx29L",
                          "Content-Disposition: form-data; name=f; filename=big.bin\r\n", data) +
                     Close("----WebKitFormBoundaryePkpFF7tjBAqx29L");
  auto form = ParseMultipart(body, "----WebKitFormBoundaryePkpFF7tjBAqx29L", {});
  ASSERT_TRUE(form) << form.error().ToString();
  ASSERT_EQ(form->files.size(), 1u);
  EXPECT_TRUE(form->files[0].data == data);
}

TEST(ParseForm, RefusesMalformedBodiesWithAReason) {
  const std::string disposition = "Content-Disposition: form-data; name=\"a\"\r\n";
  struct Case {
    std::string type;
    std::string body;
    std::string mentions;
  };
  std::vector<Case> cases = {
      {"multipart/form-data", TextPart("b", "a", "1") + Close("b"), "boundary parameter"},
      {"multipart/form-data; boundary=\"b", "", "closing quote"},
      {"multipart/form-data; boundary=" + std::string(71, 'b'), "", "1 to 70"},
      {"multipart/form-data; boundary=a<b", "", "RFC 2046"},
      {"multipart/form-data; boundary=b; boundary=c", "", "repeated"},
      {"multipart/form-data; boundary=b", "no delimiter at all", "opening boundary delimiter"},
      {"multipart/form-data; boundary=b", TextPart("b", "a", "1"), "missing closing delimiter"},
      {"multipart/form-data; boundary=b", TextPart("b", "a", "1") + "--b", "closing delimiter"},
      {"multipart/form-data; boundary=b", "--b\nContent-Disposition: form-data; name=a\n\n1\n--b--",
       "CRLF"},
      {"multipart/form-data; boundary=b", Part("b", "Content-Type: text/plain\r\n", "1") + "--b--",
       "no Content-Disposition"},
      {"multipart/form-data; boundary=b",
       Part("b", "Content-Disposition: form-data; filename=\"x\"\r\n", "1") + "--b--", "no name"},
      {"multipart/form-data; boundary=b",
       Part("b", "Content-Disposition: form-data; name=\"\"\r\n", "1") + "--b--", "no name"},
      {"multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=a\r\n--b--",
       "truncated"},
      {"multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-da\r\n--b--",
       "truncated"},
      {"multipart/form-data; boundary=b",
       Part("b", "Content-Disposition: attachment; name=a\r\n", "1") + "--b--", "not form-data"},
      {"multipart/form-data; boundary=b",
       Part("b", "Content-Disposition: form-data; name=\"a\r\n", "1") + "--b--", "closing quote"},
      {"multipart/form-data; boundary=b",
       Part("b", "Content-Disposition: form-data; name=a; name=b\r\n", "1") + "--b--", "repeated"},
      {"multipart/form-data; boundary=b",
       Part("b", "Content-Disposition: form-data;\r\n name=a\r\n", "1") + "--b--", "folded"},
      {"multipart/form-data; boundary=b", Part("b", disposition + disposition, "1") + "--b--",
       "two Content-Disposition"},
      {"multipart/form-data; boundary=b",
       Part("b", "Content-Disposition form-data\r\n", "1") + "--b--", "malformed headers"},
      {"multipart/form-data; boundary=b", Part("b", disposition, "caf\xe9") + "--b--", "UTF-8"},
      {"multipart/form-data; boundary=b", Part("b", disposition, "a\0b"s) + "--b--", "NUL"},
      {"multipart/form-data; boundary=b",
       Part("b", "Content-Disposition: form-data; name=\"\xff\"\r\n", "1") + "--b--", "UTF-8"},
  };
  for (const auto& c : cases) {
    ExpectRefused(ParseForm(WithBody(c.body, c.type)), c.mentions, c.mentions);
  }
}

}  // namespace
}  // namespace plenary::http
