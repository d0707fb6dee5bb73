// One shape for every state machine of the platform (nominations, council
// meetings, written consultations, decisions): a constexpr table with one row
// for each allowed (state, transition) pair and the state it leads to. A pair
// without a row is refused, naming the state and the states the transition is
// allowed from. Allows also decides, for every machine with an initial state,
// that a transition asked of an aggregate that does not exist is NOT_FOUND.
//
//   constexpr auto kMeeting = MakeStateMachine<MeetingState, MeetingTransition>(
//       "meeting", MeetingState::kNone, {{S::kNone, T::kSchedule, S::kScheduled}, ...},
//       StateName, TransitionName);
//   absl::StatusOr<MeetingState> next = kMeeting.Apply(state, transition);
//   absl::Status may = kMeeting.Allows(meeting.state, transition);
#ifndef AWARD_SERVICES_COMMON_STATE_MACHINE_H_
#define AWARD_SERVICES_COMMON_STATE_MACHINE_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace award {

template <typename State, typename Transition>
struct StateRow {
  State from;
  Transition transition;
  State to;
};

template <typename State, typename Transition, size_t N>
struct StateMachine {
  absl::string_view aggregate;  // as messages name it: "meeting"
  // The state of an aggregate with no events yet; nullopt when the machine
  // starts with the aggregate's first event.
  std::optional<State> initial;
  std::array<StateRow<State, Transition>, N> rows;
  absl::string_view (*state_name)(State);
  absl::string_view (*transition_name)(Transition);

  // The state `transition` leads to from `from`; nullopt when no row allows it.
  constexpr std::optional<State> Next(State from, Transition transition) const {
    for (const StateRow<State, Transition>& row : rows) {
      if (row.from == from && row.transition == transition) return row.to;
    }
    return std::nullopt;
  }

  // The state after `transition`, or FAILED_PRECONDITION naming the state and
  // the states the transition is allowed from.
  absl::StatusOr<State> Apply(State from, Transition transition) const {
    if (std::optional<State> to = Next(from, transition)) return *to;
    std::string allowed;
    for (const StateRow<State, Transition>& row : rows) {
      if (row.transition == transition) {
        absl::StrAppend(&allowed, allowed.empty() ? "" : ", ", state_name(row.from));
      }
    }
    return absl::FailedPreconditionError(absl::StrCat("the ", aggregate, " is ", state_name(from),
                                                      "; ", transition_name(transition),
                                                      " is allowed only from ", allowed));
  }

  // Whether an aggregate in state `from` may make `transition`: NOT_FOUND
  // when it does not exist (its initial state, with no row from there), else
  // Apply's answer.
  absl::Status Allows(State from, Transition transition) const {
    if (initial.has_value() && from == *initial && !Next(from, transition).has_value()) {
      return absl::NotFoundError(absl::StrCat("no such ", aggregate));
    }
    return Apply(from, transition).status();
  }
};

// The machine of `rows`, their number counted: MakeStateMachine<S, T>(...).
template <typename State, typename Transition, size_t N>
constexpr StateMachine<State, Transition, N> MakeStateMachine(
    absl::string_view aggregate, std::optional<State> initial,
    const StateRow<State, Transition> (&rows)[N], absl::string_view (*state_name)(State),
    absl::string_view (*transition_name)(Transition)) {
  return {aggregate, initial, std::to_array(rows), state_name, transition_name};
}

}  // namespace award

#endif  // AWARD_SERVICES_COMMON_STATE_MACHINE_H_
