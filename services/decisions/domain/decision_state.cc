#include "services/decisions/domain/decision_state.h"

#include "services/common/state_machine.h"

namespace award::decisions {
namespace {

using S = DecisionState;
using T = DecisionTransition;

// The whole state machine. A transition without a row from a state is refused.
constexpr auto kMachine =
    MakeStateMachine<S, T>("decision", S::kNone,
                           {
                               {S::kNone, T::kDraft, S::kDrafted},
                               {S::kDrafted, T::kIssue, S::kIssued},
                               {S::kIssued, T::kRevokeSome, S::kIssued},
                               {S::kIssued, T::kRevokeAll, S::kRevoked},
                               {S::kDrafted, T::kDiscard, S::kDiscarded},
                               {S::kNone, T::kRecordFromPaper, S::kRecordedFromPaper},
                               {S::kRecordedFromPaper, T::kRecordFromPaper, S::kRecordedFromPaper},
                           },
                           StateName, TransitionName);

}  // namespace

absl::StatusOr<DecisionState> ApplyTransition(DecisionState state, DecisionTransition transition) {
  return kMachine.Apply(state, transition);
}

absl::Status DecisionStateAllows(DecisionState state, DecisionTransition transition) {
  return kMachine.Allows(state, transition);
}

absl::string_view StateName(DecisionState state) {
  switch (state) {
    case DecisionState::kNone:
      return "NONE";
    case DecisionState::kDrafted:
      return "DRAFTED";
    case DecisionState::kIssued:
      return "ISSUED";
    case DecisionState::kRevoked:
      return "REVOKED";
    case DecisionState::kDiscarded:
      return "DISCARDED";
    case DecisionState::kRecordedFromPaper:
      return "RECORDED_FROM_PAPER";
  }
  return "UNKNOWN";
}

absl::string_view TransitionName(DecisionTransition transition) {
  switch (transition) {
    case DecisionTransition::kDraft:
      return "draft";
    case DecisionTransition::kIssue:
      return "issue";
    case DecisionTransition::kRevokeSome:
      return "revoke in part";
    case DecisionTransition::kRevokeAll:
      return "revoke";
    case DecisionTransition::kDiscard:
      return "discard";
    case DecisionTransition::kRecordFromPaper:
      return "record from paper";
  }
  return "unknown";
}

}  // namespace award::decisions
