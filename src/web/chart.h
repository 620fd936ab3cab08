#pragma once

#include <string>
#include <utility>
#include <vector>

namespace plenary::web {

// A horizontal bar chart as inline SVG (no script, no inline style, so it passes the CSP).
// It is decorative (aria-hidden): every chart is drawn next to the table that carries its data.
// Labels and values are escaped.
std::string BarChartSvg(const std::vector<std::pair<std::string, int>>& bars);

}  // namespace plenary::web
