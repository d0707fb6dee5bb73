#include "services/council/domain/meeting_state.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace award::council {
namespace {

using S = MeetingState;
using T = MeetingTransition;

struct Edge {
  T transition;
  std::vector<S> from;
  S to;
};

// The whole state machine. A transition not listed from a state is refused.
const std::vector<Edge>& Edges() {
  static const std::vector<Edge>* const edges = new std::vector<Edge>{
      {T::kSchedule, {S::kNone}, S::kScheduled},
      {T::kChangeAgenda, {S::kScheduled}, S::kScheduled},
      {T::kRecordInquorate, {S::kScheduled}, S::kScheduled},
      {T::kConvene, {S::kScheduled}, S::kConvened},
      {T::kCancel, {S::kScheduled, S::kConvened}, S::kCancelled},
      {T::kOpenVoting, {S::kConvened}, S::kVoting},
      {T::kCastBallot, {S::kVoting}, S::kVoting},
      {T::kCloseVoting, {S::kVoting}, S::kTallied},
      {T::kSignMinutes, {S::kTallied}, S::kTallied},
      {T::kConcludeMinutes, {S::kTallied}, S::kConcluded},
  };
  return *edges;
}

}  // namespace

absl::StatusOr<MeetingState> ApplyTransition(MeetingState state, MeetingTransition transition) {
  const Edge& edge = *std::find_if(Edges().begin(), Edges().end(),
                                   [&](const Edge& e) { return e.transition == transition; });
  if (std::find(edge.from.begin(), edge.from.end(), state) != edge.from.end()) return edge.to;
  std::vector<std::string> from;
  for (S allowed : edge.from) from.emplace_back(StateName(allowed));
  return absl::FailedPreconditionError(
      absl::StrCat("the meeting is ", StateName(state), "; ", TransitionName(transition),
                   " is allowed only from ", absl::StrJoin(from, ", ")));
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
