#include "web/chart.h"

#include <algorithm>

#include <fmt/format.h>

#include "web/html.h"

namespace plenary::web {

std::string BarChartSvg(const std::vector<std::pair<std::string, int>>& bars) {
  constexpr int kRow = 26;
  constexpr int kBarWidth = 300;
  int max = 1;
  size_t longest = 0;
  for (const auto& [label, value] : bars) {
    max = std::max(max, value);
    longest = std::max(longest, label.size());
  }
  // About 7.5 px per character at 14 px, so labels are never clipped; bounded for layout.
  const int kLabelWidth = std::clamp(static_cast<int>(longest) * 15 / 2 + 12, 120, 420);
  int height = static_cast<int>(bars.size()) * kRow + 4;
  std::string svg = fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" aria-hidden=\"true\" focusable=\"false\">",
      kLabelWidth + kBarWidth + 50, height, kLabelWidth + kBarWidth + 50, height);
  for (size_t i = 0; i < bars.size(); ++i) {
    const auto& [label, value] = bars[i];
    int y = static_cast<int>(i) * kRow + 2;
    int width = value == 0 ? 0 : std::max(2, value * kBarWidth / max);
    svg += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"14\" fill=\"#1a1a1a\">{}</text>"
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"#0b4f8a\"/>"
        "<text x=\"{}\" y=\"{}\" font-size=\"14\" fill=\"#1a1a1a\">{}</text>",
        kLabelWidth - 8, y + 14, Escape(label), kLabelWidth, y, width, kLabelWidth + width + 6,
        y + 14, value);
  }
  svg += "</svg>";
  return svg;
}

}  // namespace plenary::web
