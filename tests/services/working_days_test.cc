#include "services/common/working_days.h"

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace award {
namespace {

using absl::CivilDay;

// An example year: Tết from Mon 27 to Fri 31 January 2025 (with the weekends
// around it, 25 January to 2 February off), 30 April and 1 May, and Friday
// 2 May given off in exchange for working Saturday 26 April.
WorkingDayCalendar Calendar2025() {
  return WorkingDayCalendar(
      {.years = {2025},
       .holidays = {CivilDay(2025, 1, 27), CivilDay(2025, 1, 28), CivilDay(2025, 1, 29),
                    CivilDay(2025, 1, 30), CivilDay(2025, 1, 31), CivilDay(2025, 4, 30),
                    CivilDay(2025, 5, 1), CivilDay(2025, 5, 2)},
       .makeup_days = {CivilDay(2025, 4, 26)}});
}

bool Works(const WorkingDayCalendar& calendar, CivilDay day) {
  absl::StatusOr<bool> works = calendar.IsWorkingDay(day);
  EXPECT_TRUE(works.ok()) << works.status();
  return works.value_or(false);
}

CivilDay Add(const WorkingDayCalendar& calendar, CivilDay from, int count) {
  absl::StatusOr<CivilDay> due = calendar.AddWorkingDays(from, count);
  EXPECT_TRUE(due.ok()) << due.status();
  return due.value_or(CivilDay());
}

TEST(WorkingDayCalendarTest, WeekdaysWorkWeekendsHolidaysDoNot) {
  const WorkingDayCalendar calendar = Calendar2025();
  EXPECT_TRUE(Works(calendar, CivilDay(2025, 3, 3)));    // Monday
  EXPECT_FALSE(Works(calendar, CivilDay(2025, 3, 8)));   // Saturday
  EXPECT_FALSE(Works(calendar, CivilDay(2025, 3, 9)));   // Sunday
  EXPECT_FALSE(Works(calendar, CivilDay(2025, 1, 29)));  // Tết
  EXPECT_TRUE(Works(calendar, CivilDay(2025, 4, 26)));   // make-up Saturday
  EXPECT_FALSE(Works(calendar, CivilDay(2025, 5, 2)));   // the Friday given off
}

TEST(WorkingDayCalendarTest, TenWorkingDaysFromTheEveOfTetSkipTheHoliday) {
  const WorkingDayCalendar calendar = Calendar2025();
  // Received Friday 24 January: the ten days run 3-7 and 10-14 February.
  EXPECT_EQ(Add(calendar, CivilDay(2025, 1, 24), 10), CivilDay(2025, 2, 14));
  EXPECT_EQ(Add(calendar, CivilDay(2025, 1, 24), 1), CivilDay(2025, 2, 3));
}

TEST(WorkingDayCalendarTest, AMakeUpSaturdayCountsAndTheFreedFridayDoesNot) {
  const WorkingDayCalendar calendar = Calendar2025();
  // From Friday 25 April: Sat 26, Mon 28, Tue 29, then Mon 5 May.
  EXPECT_EQ(Add(calendar, CivilDay(2025, 4, 25), 3), CivilDay(2025, 4, 29));
  EXPECT_EQ(Add(calendar, CivilDay(2025, 4, 25), 4), CivilDay(2025, 5, 5));
}

TEST(WorkingDayCalendarTest, ZeroWorkingDaysIsTheSameDay) {
  EXPECT_EQ(Add(Calendar2025(), CivilDay(2025, 3, 8), 0), CivilDay(2025, 3, 8));
}

TEST(WorkingDayCalendarTest, CountingBackGivesWhatWasAdded) {
  const WorkingDayCalendar calendar = Calendar2025();
  for (CivilDay from = CivilDay(2025, 1, 1); from < CivilDay(2025, 6, 1); from += 3) {
    for (int count : {1, 10, 15, 20, 40}) {
      const CivilDay due = Add(calendar, from, count);
      EXPECT_EQ(calendar.WorkingDaysBetween(from, due).value_or(-1), count)
          << from << " + " << count;
      EXPECT_TRUE(Works(calendar, due));
    }
  }
  EXPECT_EQ(calendar.WorkingDaysBetween(CivilDay(2025, 3, 10), CivilDay(2025, 3, 3)).value_or(-1),
            0);
}

// A year the calendar holds no notice for is never counted on weekends alone:
// Tết of that year would be taken for working days.
TEST(WorkingDayCalendarTest, ATimeLimitThatRunsIntoAYearWithoutItsNoticeIsRefusedNamingTheYear) {
  const WorkingDayCalendar calendar = Calendar2025();
  // Ten working days from Monday 22 December 2025 would end in January 2026.
  absl::StatusOr<CivilDay> due = calendar.AddWorkingDays(CivilDay(2025, 12, 22), 10);
  ASSERT_EQ(due.status().code(), absl::StatusCode::kFailedPrecondition) << due.status();
  EXPECT_NE(due.status().message().find("no public holidays for 2026"), absl::string_view::npos)
      << due.status();
  EXPECT_NE(due.status().message().find("holds 2025"), absl::string_view::npos) << due.status();
  // Within the year it is counted; reaching into the next one is not.
  EXPECT_EQ(Add(calendar, CivilDay(2025, 12, 22), 7), CivilDay(2025, 12, 31));
  EXPECT_EQ(calendar.AddWorkingDays(CivilDay(2025, 12, 22), 8).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(calendar.IsWorkingDay(CivilDay(2024, 6, 3)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      calendar.WorkingDaysBetween(CivilDay(2025, 12, 1), CivilDay(2026, 1, 5)).status().code(),
      absl::StatusCode::kFailedPrecondition);
  const WorkingDayCalendar empty({});
  EXPECT_NE(empty.AddWorkingDays(CivilDay(2025, 3, 3), 1).status().message().find("holds none"),
            absl::string_view::npos);
}

}  // namespace
}  // namespace award
