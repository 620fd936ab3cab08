#include "web/site.h"

#include <regex>

#include <gtest/gtest.h>

namespace plenary::web {
namespace {

TEST(Site, LoadsCatalogTemplatesAndAssets) {
  auto site = Site::Load();
  ASSERT_TRUE(site) << site.error().ToString();
  http::Router router;
  (*site)->RegisterStatic(router);
  http::Request css;
  css.path = "/static/style.css";
  http::Response r = router.Dispatch(css);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(":focus-visible"), std::string::npos);
  EXPECT_FALSE(r.headers.Get("etag").value_or("").empty());
}

TEST(Site, PagesHaveLanguageDirectionAndSkipLink) {
  auto site = Site::Load();
  ASSERT_TRUE(site);
  http::Request request;
  request.path = "/x";
  request.query.emplace("lang", "ar");
  http::Response page = (*site)->RespondError(request, NotFound("nothing"));
  EXPECT_EQ(page.status, 404);
  // Programs get JSON; browsers a page.
  EXPECT_EQ(page.headers.Get("content-type").value(), "application/json");
  request.headers.Set("accept", "text/html");
  page = (*site)->RespondError(request, NotFound("nothing"));
  EXPECT_NE(page.body.find("<html lang=\"ar\" dir=\"rtl\">"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"#main\""), std::string::npos);
  EXPECT_NE(page.body.find("<main id=\"main\""), std::string::npos);
}

TEST(Site, EveryMessageKeyInTheTemplatesExistsInEnglish) {
  auto site = Site::Load();
  ASSERT_TRUE(site);
  const auto& catalog = (*site)->catalog();
  // Keys used by the web layer's own templates (layout and error page).
  for (const char* key :
       {"layout.skip_to_content", "layout.site_navigation", "layout.processes", "layout.languages",
        "layout.footer", "error.heading", "error.back_home"}) {
    EXPECT_TRUE(catalog.Has("en", key)) << key;
  }
}

TEST(ComputeEtag, IsStableAndQuoted) {
  EXPECT_EQ(ComputeEtag("abc"), ComputeEtag("abc"));
  EXPECT_NE(ComputeEtag("abc"), ComputeEtag("abd"));
  EXPECT_TRUE(std::regex_match(ComputeEtag(""), std::regex("\"[0-9a-f]{16}\"")));
}

}  // namespace
}  // namespace plenary::web
