#include "services/common/working_days.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"

namespace award {

WorkingDayCalendar::WorkingDayCalendar(const WorkingDayCalendarOptions& options)
    : years_(options.years.begin(), options.years.end()),
      holidays_(options.holidays.begin(), options.holidays.end()),
      makeup_days_(options.makeup_days.begin(), options.makeup_days.end()) {}

absl::Status WorkingDayCalendar::Knows(absl::CivilDay day) const {
  const int year = static_cast<int>(day.year());
  if (years_.contains(year)) return absl::OkStatus();
  std::vector<int> known(years_.begin(), years_.end());
  std::sort(known.begin(), known.end());
  return absl::FailedPreconditionError(absl::StrCat(
      "the working-day calendar holds no public holidays for ", year, " (it holds ",
      known.empty() ? std::string("none") : absl::StrJoin(known, ", "),
      "): a time limit that runs into ", year,
      " is not counted until the Government's notice for it is entered in holidays.textproto"));
}

bool WorkingDayCalendar::IsWorkingDayOfAKnownYear(absl::CivilDay day) const {
  if (makeup_days_.contains(day)) return true;
  const absl::Weekday weekday = absl::GetWeekday(day);
  if (weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday) return false;
  return !holidays_.contains(day);
}

absl::StatusOr<bool> WorkingDayCalendar::IsWorkingDay(absl::CivilDay day) const {
  AWARD_RETURN_IF_ERROR(Knows(day));
  return IsWorkingDayOfAKnownYear(day);
}

absl::StatusOr<absl::CivilDay> WorkingDayCalendar::AddWorkingDays(absl::CivilDay from,
                                                                  int count) const {
  absl::CivilDay day = from;
  for (int counted = 0; counted < count;) {
    ++day;
    AWARD_RETURN_IF_ERROR(Knows(day));
    if (IsWorkingDayOfAKnownYear(day)) ++counted;
  }
  return day;
}

absl::StatusOr<int> WorkingDayCalendar::WorkingDaysBetween(absl::CivilDay from,
                                                           absl::CivilDay to) const {
  int count = 0;
  for (absl::CivilDay day = from + 1; day <= to; ++day) {
    AWARD_RETURN_IF_ERROR(Knows(day));
    if (IsWorkingDayOfAKnownYear(day)) ++count;
  }
  return count;
}

}  // namespace award
