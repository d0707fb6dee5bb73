#include "services/common/working_days.h"

namespace award {

WorkingDayCalendar::WorkingDayCalendar(const WorkingDayCalendarOptions& options)
    : holidays_(options.holidays.begin(), options.holidays.end()),
      makeup_days_(options.makeup_days.begin(), options.makeup_days.end()) {}

bool WorkingDayCalendar::IsWorkingDay(absl::CivilDay day) const {
  if (makeup_days_.contains(day)) return true;
  const absl::Weekday weekday = absl::GetWeekday(day);
  if (weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday) return false;
  return !holidays_.contains(day);
}

absl::CivilDay WorkingDayCalendar::AddWorkingDays(absl::CivilDay from, int count) const {
  absl::CivilDay day = from;
  for (int counted = 0; counted < count;) {
    ++day;
    if (IsWorkingDay(day)) ++counted;
  }
  return day;
}

int WorkingDayCalendar::WorkingDaysBetween(absl::CivilDay from, absl::CivilDay to) const {
  int count = 0;
  for (absl::CivilDay day = from + 1; day <= to; ++day) {
    if (IsWorkingDay(day)) ++count;
  }
  return count;
}

}  // namespace award
