// The life of an award decision (quyết định khen thưởng) as one table:
//
//   (none) -> DRAFTED             draft: the awards and their money, for the signer
//   DRAFTED -> ISSUED             numbered in the authority's register, awards granted
//   ISSUED -> ISSUED              some of its awards revoked, others stand
//   ISSUED -> REVOKED             its last standing awards revoked (hủy bỏ)
//   DRAFTED -> DISCARDED          set aside unsigned: grants nothing, frees what it held
//   (none) -> RECORDED_FROM_PAPER made on paper before the platform, recorded award by award
//
// Anything else is FAILED_PRECONDITION naming the state.
#ifndef AWARD_SERVICES_DECISIONS_DOMAIN_DECISION_STATE_H_
#define AWARD_SERVICES_DECISIONS_DOMAIN_DECISION_STATE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace award::decisions {

enum class DecisionState { kNone, kDrafted, kIssued, kRevoked, kDiscarded, kRecordedFromPaper };

enum class DecisionTransition {
  kDraft,
  kIssue,
  kRevokeSome,
  kRevokeAll,
  kDiscard,
  kRecordFromPaper
};

// The state after `transition`, or FAILED_PRECONDITION naming the current
// state, the transition and the states it is allowed from.
absl::StatusOr<DecisionState> ApplyTransition(DecisionState state, DecisionTransition transition);

// Whether a decision in `state` may make `transition`: NOT_FOUND for one never
// drafted, else as ApplyTransition.
absl::Status DecisionStateAllows(DecisionState state, DecisionTransition transition);

absl::string_view StateName(DecisionState state);
absl::string_view TransitionName(DecisionTransition transition);

}  // namespace award::decisions

#endif  // AWARD_SERVICES_DECISIONS_DOMAIN_DECISION_STATE_H_
