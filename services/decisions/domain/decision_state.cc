#include "services/decisions/domain/decision_state.h"

#include "absl/strings/str_cat.h"

namespace award::decisions {
namespace {

struct Row {
  DecisionState from;
  DecisionTransition transition;
  DecisionState to;
};

constexpr Row kTable[] = {
    {DecisionState::kNone, DecisionTransition::kDraft, DecisionState::kDrafted},
    {DecisionState::kDrafted, DecisionTransition::kIssue, DecisionState::kIssued},
    {DecisionState::kIssued, DecisionTransition::kRevokeSome, DecisionState::kIssued},
    {DecisionState::kIssued, DecisionTransition::kRevokeAll, DecisionState::kRevoked},
};

}  // namespace

absl::StatusOr<DecisionState> ApplyTransition(DecisionState state, DecisionTransition transition) {
  std::string allowed;
  for (const Row& row : kTable) {
    if (row.transition != transition) continue;
    if (row.from == state) return row.to;
    absl::StrAppend(&allowed, allowed.empty() ? "" : ", ", StateName(row.from));
  }
  if (state == DecisionState::kNone) return absl::NotFoundError("no such decision");
  return absl::FailedPreconditionError(absl::StrCat("the decision is ", StateName(state),
                                                    "; it can ", TransitionName(transition),
                                                    " only from ", allowed));
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
  }
  return "UNKNOWN";
}

absl::string_view TransitionName(DecisionTransition transition) {
  switch (transition) {
    case DecisionTransition::kDraft:
      return "be drafted";
    case DecisionTransition::kIssue:
      return "be issued";
    case DecisionTransition::kRevokeSome:
      return "be revoked in part";
    case DecisionTransition::kRevokeAll:
      return "be revoked";
  }
  return "change";
}

}  // namespace award::decisions
