// The written consultation's state machine, pair by pair, and its events
// folded only where the machine allows them.
#include <map>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "services/common/proto_events.h"
#include "services/common/rule_book.h"
#include "services/common/working_days.h"
#include "services/council/domain/consultation.h"
#include "tests/support/state_machine_checks.h"

namespace award::council {
namespace {

using S = ConsultationState;
using T = ConsultationTransition;

const std::vector<S> kAllStates = {S::kNone, S::kOpen, S::kClosed};
const std::vector<T> kAllTransitions = {T::kOpen, T::kAnswer, T::kClose};
const std::map<std::pair<S, T>, S> kAllowed = {
    {{S::kNone, T::kOpen}, S::kOpen},
    {{S::kOpen, T::kAnswer}, S::kOpen},
    {{S::kOpen, T::kClose}, S::kClosed},
};

TEST(ConsultationStateTest, EveryPairIsAllowedWhereTheLawSaysOrRefusedNamingTheState) {
  award::testing::ExpectEveryPairAllowedOrRefused(
      kAllStates, kAllTransitions, kAllowed, /*missing=*/std::nullopt,
      [](S from, T transition) { return ApplyTransition(from, transition); }, StateName,
      TransitionName);
}

TEST(ConsultationStateTest, AConsultationNeverOpenedIsNotFound) {
  award::testing::ExpectEveryPairAllowedOrRefused(
      kAllStates, kAllTransitions, kAllowed, /*missing=*/S::kNone,
      [](S from, T transition) -> absl::StatusOr<S> {
        if (absl::Status allowed = ConsultationStateAllows(from, transition); !allowed.ok()) {
          return allowed;
        }
        return ApplyTransition(from, transition);
      },
      StateName, TransitionName);
}

TEST(ConsultationStateTest, EventsOutOfOrderAreDataLossNotAState) {
  v1::ConsultationOpened opened;
  opened.set_consultation_id("lay-y-kien-1");
  v1::ConsultationClosed closed;
  Consultation consultation;
  eventstore::RecordedEvent close = UnrecordedEvent(ToNewEvent(closed));
  EXPECT_EQ(ConsultationAggregate::Evolve(consultation, close).code(), absl::StatusCode::kDataLoss);
  ASSERT_TRUE(
      ConsultationAggregate::Evolve(consultation, UnrecordedEvent(ToNewEvent(opened))).ok());
  EXPECT_EQ(consultation.state, S::kOpen);
  ASSERT_TRUE(ConsultationAggregate::Evolve(consultation, close).ok());
  EXPECT_EQ(consultation.state, S::kClosed);
  EXPECT_EQ(ConsultationAggregate::Evolve(consultation, UnrecordedEvent(ToNewEvent(opened))).code(),
            absl::StatusCode::kDataLoss);
}

TEST(ConsultationOpeningTest, TheDeadlineIsCountedInWorkingDaysFromTheDayItOpens) {
  // Friday 2025-12-05, five working days with a holiday on Tuesday the 9th:
  // Monday 8, Wednesday 10, Thursday 11, Friday 12, Monday 15.
  const WorkingDayCalendar calendar({.years = {2025}, .holidays = {absl::CivilDay(2025, 12, 9)}});
  absl::StatusOr<v1::ConsultationOpened> counted =
      ConsultationOpenedOn("lay-y-kien-1", "ubnd-tinh", absl::CivilDay(2025, 12, 5), 5, calendar);
  ASSERT_TRUE(counted.ok()) << counted.status();
  const v1::ConsultationOpened& opened = *counted;
  EXPECT_EQ(opened.consultation_id(), "lay-y-kien-1");
  EXPECT_EQ(opened.authority_id(), "ubnd-tinh");
  EXPECT_EQ(ToCivilDay(opened.opened_on()), absl::CivilDay(2025, 12, 5));
  EXPECT_EQ(opened.working_days(), 5u);
  EXPECT_EQ(ToCivilDay(opened.deadline()), absl::CivilDay(2025, 12, 15));
  EXPECT_EQ(opened.voting_member_ids_size(), 0);
  EXPECT_EQ(opened.items_size(), 0);
  // Past the last year the calendar knows, no deadline is guessed.
  EXPECT_EQ(
      ConsultationOpenedOn("lay-y-kien-2", "ubnd-tinh", absl::CivilDay(2025, 12, 29), 5, calendar)
          .status()
          .code(),
      absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace award::council
