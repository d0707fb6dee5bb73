// The working-day calendar of Vietnamese public bodies, for every deadline the
// law counts in working days (ngày làm việc): consulted bodies reply within 10,
// a public listing stays up at least 10 before the council meets, a returned
// dossier is resubmitted within its due date, a recovery is due in 15.
//
// Saturdays and Sundays are days off; so are the listed public holidays (Tết
// included, as each year's decision sets them). A weekend day declared a
// make-up working day (ngày làm bù) counts as a working day. The calendar
// answers only for the years whose notices it holds: a count that touches
// any other year is FAILED_PRECONDITION naming the year, because a Tết
// guessed wrong moves every deadline after it.
//
//   WorkingDayCalendar calendar({.years = {2025}, .holidays = {absl::CivilDay(2025, 1, 27), ...}});
//   absl::StatusOr<absl::CivilDay> due = calendar.AddWorkingDays(received, 10);
#ifndef AWARD_SERVICES_COMMON_WORKING_DAYS_H_
#define AWARD_SERVICES_COMMON_WORKING_DAYS_H_

#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace award {

struct WorkingDayCalendarOptions {
  std::vector<int> years;                   // whose holidays are all entered
  std::vector<absl::CivilDay> holidays;     // days off on a weekday
  std::vector<absl::CivilDay> makeup_days;  // weekend days worked instead
};

class WorkingDayCalendar {
 public:
  explicit WorkingDayCalendar(const WorkingDayCalendarOptions& options);

  absl::StatusOr<bool> IsWorkingDay(absl::CivilDay day) const;

  // The day on which the `count`-th working day after `from` falls (`from`
  // itself does not count): the last day of a time limit of `count` working
  // days that starts running on the day after `from`. `count` 0 gives `from`.
  absl::StatusOr<absl::CivilDay> AddWorkingDays(absl::CivilDay from, int count) const;

  // How many working days lie after `from`, up to and including `to`; 0 when
  // `to` is not after `from`.
  absl::StatusOr<int> WorkingDaysBetween(absl::CivilDay from, absl::CivilDay to) const;

 private:
  absl::Status Knows(absl::CivilDay day) const;
  bool IsWorkingDayOfAKnownYear(absl::CivilDay day) const;

  absl::flat_hash_set<int> years_;
  absl::flat_hash_set<absl::CivilDay> holidays_;
  absl::flat_hash_set<absl::CivilDay> makeup_days_;
};

}  // namespace award

#endif  // AWARD_SERVICES_COMMON_WORKING_DAYS_H_
