#include "conversation/map_svg.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "web/html.h"

namespace plenary::conversation {
namespace {

using nlohmann::json;

constexpr double kWidth = 640, kHeight = 420, kMargin = 36;
constexpr std::array<std::string_view, 6> kColours = {"#0b4f8a", "#b34700", "#1b7837",
                                                      "#7b2d8e", "#a4000f", "#4d4d4d"};

// Maps snapshot coordinates into the drawing.
struct Frame {
  double x0 = 0, y0 = 0, x1 = 1, y1 = 1;
  double X(double x) const { return kMargin + (x - x0) / (x1 - x0) * (kWidth - 2 * kMargin); }
  double Y(double y) const { return kMargin + (y - y0) / (y1 - y0) * (kHeight - 2 * kMargin); }
};

Frame FrameOf(const json& map) {
  Frame f;
  if (map.contains("bounds") && map["bounds"].size() == 4) {
    f.x0 = map["bounds"][0].get<double>();
    f.y0 = map["bounds"][1].get<double>();
    f.x1 = map["bounds"][2].get<double>();
    f.y1 = map["bounds"][3].get<double>();
  }
  // A little room around the outermost points, and never a zero width.
  double pad_x = std::max((f.x1 - f.x0) * 0.05, 1e-3);
  double pad_y = std::max((f.y1 - f.y0) * 0.05, 1e-3);
  f.x0 -= pad_x;
  f.x1 += pad_x;
  f.y0 -= pad_y;
  f.y1 += pad_y;
  return f;
}

void DrawGrid(const json& map, std::string& svg) {
  const json& grid = map["grid"];
  int cols = grid.value("cols", 1), rows = grid.value("rows", 1);
  double w = (kWidth - 2 * kMargin) / cols, h = (kHeight - 2 * kMargin) / rows;
  int64_t most = 1;
  for (const json& cell : grid["cells"]) {
    most = std::max<int64_t>(most, cell[2].get<int64_t>());
  }
  for (const json& cell : grid["cells"]) {
    double share = static_cast<double>(cell[2].get<int64_t>()) / static_cast<double>(most);
    svg += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" fill-opacity="{:.2f}"/>)",
        kMargin + cell[0].get<int>() * w, kMargin + cell[1].get<int>() * h, w, h,
        GroupColour(cell[3].get<size_t>()), 0.15 + 0.85 * share);
  }
}

}  // namespace

std::string_view GroupColour(size_t index) {
  return kColours[index % kColours.size()];
}

std::string OpinionMapSvg(const json& map, const json& groups, const MapText& text) {
  Frame f = FrameOf(map);
  std::string svg = fmt::format(
      R"(<svg class="opinion-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {0} {1}" )"
      R"(width="100%" role="img" aria-labelledby="map-title map-desc">)"
      R"(<title id="map-title">{2}</title><desc id="map-desc">{3}</desc>)"
      R"(<rect x="0.5" y="0.5" width="{4}" height="{5}" fill="#ffffff" stroke="#767676"/>)",
      kWidth, kHeight, web::Escape(text.title), web::Escape(text.description), kWidth - 1,
      kHeight - 1);
  // Hulls first, so that points and labels stay on top.
  for (size_t g = 0; g < groups.size(); ++g) {
    const json& hull = groups[g]["hull"];
    std::string colour(GroupColour(g));
    if (hull.size() >= 3) {
      std::string points;
      for (const json& p : hull) {
        points += fmt::format("{:.1f},{:.1f} ", f.X(p[0].get<double>()), f.Y(p[1].get<double>()));
      }
      svg += fmt::format(
          R"(<polygon points="{}" fill="{}" fill-opacity="0.10" stroke="{}" stroke-width="2"/>)",
          points, colour, colour);
    } else {
      const json& c = groups[g]["centroid"];
      svg += fmt::format(
          R"(<circle cx="{:.1f}" cy="{:.1f}" r="14" fill="none" stroke="{}" stroke-width="2"/>)",
          f.X(c[0].get<double>()), f.Y(c[1].get<double>()), colour);
    }
  }
  if (map.value("kind", "") == "grid") {
    DrawGrid(map, svg);
  } else if (map.contains("points")) {
    for (const json& p : map["points"]) {
      svg += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="3.5" fill="{}"/>)",
                         f.X(p[0].get<double>()), f.Y(p[1].get<double>()),
                         GroupColour(p[2].get<size_t>()));
    }
  }
  for (size_t g = 0; g < groups.size() && g < text.group_names.size(); ++g) {
    const json& c = groups[g]["centroid"];
    double x = std::clamp(f.X(c[0].get<double>()), 60.0, kWidth - 60.0);
    double y = std::clamp(f.Y(c[1].get<double>()) - 12, 20.0, kHeight - 8.0);
    svg += fmt::format(
        R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" font-size="15" font-weight="700" )"
        R"(fill="#1a1a1a" stroke="#ffffff" stroke-width="4" paint-order="stroke">{}</text>)",
        x, y, web::Escape(text.group_names[g]));
  }
  svg += "</svg>";
  return svg;
}

}  // namespace plenary::conversation
