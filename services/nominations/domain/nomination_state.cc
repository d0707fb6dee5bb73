#include "services/nominations/domain/nomination_state.h"

#include <optional>

#include "base/status_macros.h"
#include "services/common/state_machine.h"

namespace award::nominations {
namespace {

using S = NominationState;
using T = NominationTransition;

// The whole state machine. A transition without a row from a state is refused.
constexpr auto kMachine =
    MakeStateMachine<S, T>("nomination", std::nullopt,
                           {
                               {S::kDraft, T::kSubmit, S::kSubmitted},
                               {S::kSupplementRequested, T::kSubmit, S::kSubmitted},
                               {S::kSubmitted, T::kRequestSupplement, S::kSupplementRequested},
                               {S::kSubmitted, T::kPassAppraisal, S::kAppraised},
                               {S::kSubmitted, T::kFailAppraisal, S::kAppraisalFailed},
                               {S::kAppraised, T::kPlaceOnAgenda, S::kOnAgenda},
                               {S::kOnAgenda, T::kTakeOffAgenda, S::kAppraised},
                               {S::kOnAgenda, T::kRecommend, S::kRecommended},
                               {S::kOnAgenda, T::kNotRecommend, S::kNotRecommended},
                               {S::kRecommended, T::kDecide, S::kDecided},
                               {S::kAppraised, T::kDecide, S::kDecided},
                               {S::kRecommended, T::kForward, S::kForwarded},
                               {S::kDraft, T::kWithdraw, S::kWithdrawn},
                               {S::kSubmitted, T::kWithdraw, S::kWithdrawn},
                               {S::kSupplementRequested, T::kWithdraw, S::kWithdrawn},
                               {S::kAppraised, T::kWithdraw, S::kWithdrawn},
                               {S::kAppraisalFailed, T::kWithdraw, S::kWithdrawn},
                               {S::kSubmitted, T::kSuspend, S::kSuspended},
                               {S::kSupplementRequested, T::kSuspend, S::kSuspended},
                               {S::kAppraised, T::kSuspend, S::kSuspended},
                               {S::kOnAgenda, T::kSuspend, S::kSuspended},
                               {S::kRecommended, T::kSuspend, S::kSuspended},
                               // Back to the state it left, which the status keeps (below).
                               {S::kSuspended, T::kResume, S::kSuspended},
                               {S::kDecided, T::kRevoke, S::kRevoked},
                               {S::kNeedsReview, T::kRevoke, S::kRevoked},
                               {S::kDecided, T::kMarkNeedsReview, S::kNeedsReview},
                               {S::kNeedsReview, T::kConfirmAfterReview, S::kDecided},
                           },
                           StateName, TransitionName);

}  // namespace

absl::StatusOr<NominationStatus> ApplyTransition(const NominationStatus& status,
                                                 NominationTransition transition) {
  // A suspended nomination may still be withdrawn if the state it left allows it.
  const bool withdraw_while_suspended =
      transition == T::kWithdraw && status.state == S::kSuspended &&
      status.suspended_from.has_value() &&
      kMachine.Next(*status.suspended_from, transition).has_value();
  if (withdraw_while_suspended) return NominationStatus{S::kWithdrawn, std::nullopt};
  AWARD_ASSIGN_OR_RETURN(const S to, kMachine.Apply(status.state, transition));
  if (transition == T::kSuspend) return NominationStatus{S::kSuspended, status.state};
  if (transition == T::kResume) {
    if (!status.suspended_from.has_value()) {
      return absl::InternalError("a SUSPENDED nomination without the state it left");
    }
    return NominationStatus{*status.suspended_from, std::nullopt};
  }
  return NominationStatus{to, std::nullopt};
}

absl::string_view StateName(NominationState state) {
  switch (state) {
    case S::kDraft:
      return "DRAFT";
    case S::kSubmitted:
      return "SUBMITTED";
    case S::kSupplementRequested:
      return "SUPPLEMENT_REQUESTED";
    case S::kAppraised:
      return "APPRAISED";
    case S::kAppraisalFailed:
      return "APPRAISAL_FAILED";
    case S::kOnAgenda:
      return "ON_AGENDA";
    case S::kRecommended:
      return "RECOMMENDED";
    case S::kNotRecommended:
      return "NOT_RECOMMENDED";
    case S::kDecided:
      return "DECIDED";
    case S::kForwarded:
      return "FORWARDED";
    case S::kWithdrawn:
      return "WITHDRAWN";
    case S::kSuspended:
      return "SUSPENDED";
    case S::kRevoked:
      return "REVOKED";
    case S::kNeedsReview:
      return "NEEDS_REVIEW";
  }
  return "UNKNOWN";
}

absl::string_view TransitionName(NominationTransition transition) {
  switch (transition) {
    case T::kSubmit:
      return "submit";
    case T::kRequestSupplement:
      return "request supplement";
    case T::kPassAppraisal:
      return "pass appraisal";
    case T::kFailAppraisal:
      return "fail appraisal";
    case T::kPlaceOnAgenda:
      return "place on agenda";
    case T::kTakeOffAgenda:
      return "take off agenda";
    case T::kRecommend:
      return "recommend";
    case T::kNotRecommend:
      return "not recommend";
    case T::kDecide:
      return "decide";
    case T::kForward:
      return "forward";
    case T::kWithdraw:
      return "withdraw";
    case T::kSuspend:
      return "suspend";
    case T::kResume:
      return "resume";
    case T::kRevoke:
      return "revoke";
    case T::kMarkNeedsReview:
      return "mark for review";
    case T::kConfirmAfterReview:
      return "confirm after review";
  }
  return "unknown";
}

}  // namespace award::nominations
