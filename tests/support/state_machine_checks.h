// Checks a state machine pair by pair against the moves a test lists as the
// law allows them: every listed move leads where the list says, and every
// other (state, transition) pair is refused: NOT_FOUND from the state of an
// aggregate that does not exist yet, FAILED_PRECONDITION naming the state from
// any other. Nothing is left undefined.
#ifndef AWARD_TESTS_SUPPORT_STATE_MACHINE_CHECKS_H_
#define AWARD_TESTS_SUPPORT_STATE_MACHINE_CHECKS_H_

#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace award::testing {

template <typename State, typename Transition, typename Apply, typename StateName,
          typename TransitionName>
void ExpectEveryPairAllowedOrRefused(const std::vector<State>& states,
                                     const std::vector<Transition>& transitions,
                                     const std::map<std::pair<State, Transition>, State>& allowed,
                                     std::type_identity_t<std::optional<State>> missing,
                                     Apply apply, StateName state_name,
                                     TransitionName transition_name) {
  for (State from : states) {
    EXPECT_NE(std::string(state_name(from)), "UNKNOWN");
    for (Transition transition : transitions) {
      const std::string pair =
          std::string(state_name(from)) + " / " + std::string(transition_name(transition));
      absl::StatusOr<State> next = apply(from, transition);
      if (auto it = allowed.find({from, transition}); it != allowed.end()) {
        ASSERT_TRUE(next.ok()) << pair << ": " << next.status();
        EXPECT_EQ(*next, it->second) << pair;
      } else if (missing.has_value() && from == *missing) {
        EXPECT_EQ(next.status().code(), absl::StatusCode::kNotFound)
            << pair << ": " << next.status();
      } else {
        EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition)
            << pair << ": " << next.status();
        EXPECT_NE(next.status().message().find(state_name(from)), absl::string_view::npos)
            << pair << ": " << next.status();
      }
    }
  }
  for (Transition transition : transitions) {
    EXPECT_NE(std::string(transition_name(transition)), "unknown");
  }
}

}  // namespace award::testing

#endif  // AWARD_TESTS_SUPPORT_STATE_MACHINE_CHECKS_H_
