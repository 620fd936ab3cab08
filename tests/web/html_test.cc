#include "web/html.h"

#include <gtest/gtest.h>

#include "web/chart.h"

namespace plenary::web {
namespace {

TEST(Escape, ReplacesTheFiveSignificantCharacters) {
  EXPECT_EQ(Escape(R"(<a href="x">Tom & Jerry's</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(Escape("résolution 决议"), "résolution 决议");
}

TEST(BarChartSvg, EscapesLabelsAndScalesBars) {
  std::string svg = BarChartSvg({{"<Gov>", 22}, {"Civil society", 5}, {"None", 0}});
  EXPECT_NE(svg.find("&lt;Gov&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("<Gov>"), std::string::npos);
  EXPECT_NE(svg.find("width=\"300\""), std::string::npos);  // the largest bar is full width
  EXPECT_NE(svg.find("width=\"68\""), std::string::npos);   // 5/22 of it
  EXPECT_NE(svg.find("aria-hidden=\"true\""), std::string::npos);
}

}  // namespace
}  // namespace plenary::web
