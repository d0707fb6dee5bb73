#include "services/common/working_days.h"

#include "gtest/gtest.h"

namespace award {
namespace {

using absl::CivilDay;

// An example year: Tết from Mon 27 to Fri 31 January 2025 (with the weekends
// around it, 25 January to 2 February off), 30 April and 1 May, and Friday
// 2 May given off in exchange for working Saturday 26 April.
WorkingDayCalendar Calendar2025() {
  return WorkingDayCalendar(
      {.holidays = {CivilDay(2025, 1, 27), CivilDay(2025, 1, 28), CivilDay(2025, 1, 29),
                    CivilDay(2025, 1, 30), CivilDay(2025, 1, 31), CivilDay(2025, 4, 30),
                    CivilDay(2025, 5, 1), CivilDay(2025, 5, 2)},
       .makeup_days = {CivilDay(2025, 4, 26)}});
}

TEST(WorkingDayCalendarTest, WeekdaysWorkWeekendsHolidaysDoNot) {
  const WorkingDayCalendar calendar = Calendar2025();
  EXPECT_TRUE(calendar.IsWorkingDay(CivilDay(2025, 3, 3)));    // Monday
  EXPECT_FALSE(calendar.IsWorkingDay(CivilDay(2025, 3, 8)));   // Saturday
  EXPECT_FALSE(calendar.IsWorkingDay(CivilDay(2025, 3, 9)));   // Sunday
  EXPECT_FALSE(calendar.IsWorkingDay(CivilDay(2025, 1, 29)));  // Tết
  EXPECT_TRUE(calendar.IsWorkingDay(CivilDay(2025, 4, 26)));   // make-up Saturday
  EXPECT_FALSE(calendar.IsWorkingDay(CivilDay(2025, 5, 2)));   // the Friday given off
}

TEST(WorkingDayCalendarTest, TenWorkingDaysFromTheEveOfTetSkipTheHoliday) {
  const WorkingDayCalendar calendar = Calendar2025();
  // Received Friday 24 January: the ten days run 3-7 and 10-14 February.
  EXPECT_EQ(calendar.AddWorkingDays(CivilDay(2025, 1, 24), 10), CivilDay(2025, 2, 14));
  EXPECT_EQ(calendar.AddWorkingDays(CivilDay(2025, 1, 24), 1), CivilDay(2025, 2, 3));
}

TEST(WorkingDayCalendarTest, AMakeUpSaturdayCountsAndTheFreedFridayDoesNot) {
  const WorkingDayCalendar calendar = Calendar2025();
  // From Friday 25 April: Sat 26, Mon 28, Tue 29, then Mon 5 May.
  EXPECT_EQ(calendar.AddWorkingDays(CivilDay(2025, 4, 25), 3), CivilDay(2025, 4, 29));
  EXPECT_EQ(calendar.AddWorkingDays(CivilDay(2025, 4, 25), 4), CivilDay(2025, 5, 5));
}

TEST(WorkingDayCalendarTest, ZeroWorkingDaysIsTheSameDay) {
  EXPECT_EQ(Calendar2025().AddWorkingDays(CivilDay(2025, 3, 8), 0), CivilDay(2025, 3, 8));
}

TEST(WorkingDayCalendarTest, CountingBackGivesWhatWasAdded) {
  const WorkingDayCalendar calendar = Calendar2025();
  for (CivilDay from = CivilDay(2025, 1, 1); from < CivilDay(2025, 6, 1); from += 3) {
    for (int count : {1, 10, 15, 20, 40}) {
      const CivilDay due = calendar.AddWorkingDays(from, count);
      EXPECT_EQ(calendar.WorkingDaysBetween(from, due), count) << from << " + " << count;
      EXPECT_TRUE(calendar.IsWorkingDay(due));
    }
  }
  EXPECT_EQ(calendar.WorkingDaysBetween(CivilDay(2025, 3, 10), CivilDay(2025, 3, 3)), 0);
}

}  // namespace
}  // namespace award
