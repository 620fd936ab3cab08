#include "process/views.h"

#include <gtest/gtest.h>

namespace plenary::process {
namespace {

std::string Months(std::string_view key, const i18n::Args&) {
  static const char* kNames[] = {"",        "January",  "February", "March",  "April",
                                 "May",     "June",     "July",     "August", "September",
                                 "October", "November", "December"};
  if (key.starts_with("date.month.")) {
    return kNames[std::stoi(std::string(key.substr(11)))];
  }
  return std::string(key);
}

TEST(FormatDayRange, FormatsSingleDaysAndRanges) {
  Translate t = Months;
  EXPECT_EQ(FormatDayRange("2016-09-30", "", t), "30 September 2016");
  EXPECT_EQ(FormatDayRange("2016-09-30", "2016-09-30", t), "30 September 2016");
  EXPECT_EQ(FormatDayRange("2017-01-26", "2017-01-27", t), "26–27 January 2017");
  EXPECT_EQ(FormatDayRange("2017-09-25", "2017-10-02", t), "25 September – 2 October 2017");
  EXPECT_EQ(FormatDayRange("2016-05-03", "2018-01-31", t), "3 May 2016 – 31 January 2018");
  EXPECT_EQ(FormatDayRange("", "", t), "");
  EXPECT_EQ(FormatDayRange("soon", "", t), "");
}

TEST(CompositionView, NamesUnrecordedHoldersAndKeepsOfficersApart) {
  Roster roster;
  roster.process.id = 1;
  roster.countries = std::make_shared<CountryMap>();
  roster.process.title = "WGEC";
  Member seat;
  seat.seat_label = "Western European and Others seat 3";
  seat.stakeholder_group = StakeholderGroup::kGovernment;
  Member chair;
  chair.role = Role::kChair;
  chair.person = "A. Chair";
  roster.members = {seat, chair};
  auto view = CompositionView(roster, Months);
  EXPECT_EQ(view["seats"], 1);
  ASSERT_EQ(view["sections"].size(), 1u);
  EXPECT_EQ(view["sections"][0]["members"][0]["seat"], "Western European and Others seat 3");
  EXPECT_EQ(view["sections"][0]["members"][0]["holder"], "composition.holder_not_recorded");
  EXPECT_EQ(view["sections"][0]["members"][0]["recorded"], false);
  ASSERT_EQ(view["others"].size(), 1u);
  EXPECT_EQ(view["others"][0]["holder"], "A. Chair");
}

}  // namespace
}  // namespace plenary::process
