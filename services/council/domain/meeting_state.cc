#include "services/council/domain/meeting_state.h"

#include "services/common/state_machine.h"

namespace award::council {
namespace {

using S = MeetingState;
using T = MeetingTransition;

// The whole state machine. A transition without a row from a state is refused.
constexpr auto kMachine =
    MakeStateMachine<S, T>("meeting", S::kNone,
                           {
                               {S::kNone, T::kSchedule, S::kScheduled},
                               {S::kScheduled, T::kChangeAgenda, S::kScheduled},
                               {S::kScheduled, T::kRecordInquorate, S::kScheduled},
                               {S::kScheduled, T::kConvene, S::kConvened},
                               {S::kScheduled, T::kCancel, S::kCancelled},
                               {S::kConvened, T::kCancel, S::kCancelled},
                               {S::kConvened, T::kOpenVoting, S::kVoting},
                               {S::kVoting, T::kCastBallot, S::kVoting},
                               {S::kVoting, T::kCloseVoting, S::kTallied},
                               {S::kTallied, T::kSignMinutes, S::kTallied},
                               {S::kTallied, T::kConcludeMinutes, S::kConcluded},
                           },
                           StateName, TransitionName);

}  // namespace

absl::StatusOr<MeetingState> ApplyTransition(MeetingState state, MeetingTransition transition) {
  return kMachine.Apply(state, transition);
}

absl::Status MeetingStateAllows(MeetingState state, MeetingTransition transition) {
  return kMachine.Allows(state, transition);
}

absl::string_view StateName(MeetingState state) {
  switch (state) {
    case S::kNone:
      return "NOT_SCHEDULED";
    case S::kScheduled:
      return "SCHEDULED";
    case S::kConvened:
      return "CONVENED";
    case S::kVoting:
      return "VOTING";
    case S::kTallied:
      return "TALLIED";
    case S::kConcluded:
      return "CONCLUDED";
    case S::kCancelled:
      return "CANCELLED";
  }
  return "UNKNOWN";
}

absl::string_view TransitionName(MeetingTransition transition) {
  switch (transition) {
    case T::kSchedule:
      return "schedule";
    case T::kChangeAgenda:
      return "change the agenda";
    case T::kRecordInquorate:
      return "convene";
    case T::kConvene:
      return "convene";
    case T::kCancel:
      return "cancel";
    case T::kOpenVoting:
      return "open voting";
    case T::kCastBallot:
      return "cast a ballot";
    case T::kCloseVoting:
      return "close voting";
    case T::kSignMinutes:
      return "sign the minutes";
    case T::kConcludeMinutes:
      return "sign the minutes";
  }
  return "unknown";
}

}  // namespace award::council
