#include "web/markdown.h"

#include <gtest/gtest.h>

namespace plenary::web {
namespace {

TEST(RenderMarkdown, RendersCommonMarkAndTables) {
  EXPECT_EQ(RenderMarkdown("Enhanced *cooperation*"), "<p>Enhanced <em>cooperation</em></p>\n");
  std::string table = RenderMarkdown("| a | b |\n|---|---|\n| 1 | 2 |\n");
  EXPECT_NE(table.find("<table>"), std::string::npos) << table;
  EXPECT_NE(RenderMarkdown("[IGF](https://www.intgovforum.org/)")
                .find("href=\"https://www.intgovforum.org/\""),
            std::string::npos);
  EXPECT_NE(RenderMarkdown("[report](/contributions/3)").find("href=\"/contributions/3\""),
            std::string::npos);
}

TEST(RenderMarkdown, RawHtmlIsShownAsText) {
  std::string html = RenderMarkdown("<script>alert(1)</script> and <b onclick=x>bold</b>");
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b "), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos) << html;
}

TEST(RenderMarkdown, DangerousAddressesAreNeutralised) {
  for (const char* md :
       {"[x](javascript:alert(1))", "[x](JavaScript:alert(1))", "![x](data:text/html;base64,AAAA)",
        "[x](vbscript:msgbox)", "[x](javascript&#58;alert(1))", "<javascript:alert(1)>"}) {
    std::string html = RenderMarkdown(md);
    // The text may show the address; no link or image may point at it.
    bool neutral =
        html.find("href=\"#\"") != std::string::npos || html.find("src=\"#\"") != std::string::npos;
    EXPECT_TRUE(neutral) << md << " -> " << html;
    for (const char* attribute : {"href=\"j", "href=\"J", "src=\"d", "href=\"v"}) {
      EXPECT_EQ(html.find(attribute), std::string::npos) << md << " -> " << html;
    }
  }
}

TEST(MarkdownText, KeepsWhatAReaderSeesWithoutTheMarks) {
  EXPECT_EQ(MarkdownText("# Enhanced *cooperation*\n\nA **public** [policy](https://x.org) issue, "
                         "`code` and ~~no~~."),
            "Enhanced cooperation\n\nA public policy issue, code and no.");
  EXPECT_EQ(MarkdownText("- first\n- second\n\n> quoted\nline"), "first\n\nsecond\n\nquoted line");
  EXPECT_EQ(MarkdownText("| a | b |\n|---|---|\n| 1 | 2 |\n"), "a b 1 2");
  EXPECT_EQ(MarkdownText("Rights &amp; duties &lt;here&gt; &copy;"),
            "Rights & duties <here> &copy;");
  EXPECT_EQ(MarkdownText("hard  \nbreak"), "hard\nbreak");
  EXPECT_EQ(MarkdownText(""), "");
}

TEST(MarkdownText, RawHtmlStaysAsTheTextItIsShownAs) {
  EXPECT_EQ(MarkdownText("<b>bold</b> & more"), "<b>bold</b> & more");
}

}  // namespace
}  // namespace plenary::web
