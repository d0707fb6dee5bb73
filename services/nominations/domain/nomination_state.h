// The life of a nomination (hồ sơ đề nghị khen thưởng) as one explicit state
// machine. Every change of state, whichever service causes it, goes through
// ApplyTransition; anything the table does not allow is FAILED_PRECONDITION
// naming the current state.
//
//   DRAFT -> SUBMITTED -> (SUPPLEMENT_REQUESTED -> SUBMITTED)* -> APPRAISED | APPRAISAL_FAILED
//   APPRAISED -> ON_AGENDA (-> APPRAISED when taken off) -> RECOMMENDED | NOT_RECOMMENDED
//   RECOMMENDED -> DECIDED | FORWARDED;  APPRAISED -> DECIDED for kinds without a ballot
//   DECIDED -> REVOKED;  DECIDED -> NEEDS_REVIEW (a prerequisite was revoked, R20)
//                        NEEDS_REVIEW -> DECIDED (confirmed) | REVOKED
//   WITHDRAWN from any state before ON_AGENDA
//   SUSPENDED from SUBMITTED .. RECOMMENDED while a discipline, inspection or
//   complaint is pending (R14), and back to the state it left
#ifndef AWARD_SERVICES_NOMINATIONS_DOMAIN_NOMINATION_STATE_H_
#define AWARD_SERVICES_NOMINATIONS_DOMAIN_NOMINATION_STATE_H_

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace award::nominations {

enum class NominationState {
  kDraft,                // dự thảo: the proposing unit is still assembling it
  kSubmitted,            // đã trình: waiting for appraisal
  kSupplementRequested,  // yêu cầu bổ sung: returned with reasons and a due date
  kAppraised,            // thẩm định đạt
  kAppraisalFailed,      // thẩm định không đạt
  kOnAgenda,             // on the agenda of a council meeting
  kRecommended,          // the council recommends it (đề nghị khen thưởng)
  kNotRecommended,       // the council does not
  kDecided,              // granted by a numbered decision
  kForwarded,            // sent to a higher authority (trình cấp trên)
  kWithdrawn,            // rút hồ sơ
  kSuspended,            // frozen while a discipline, inspection or complaint is pending
  kRevoked,              // the decision granting it was revoked (hủy bỏ)
  kNeedsReview,          // granted on a prerequisite that was revoked
};

enum class NominationTransition {
  kSubmit,  // also the resubmission after a supplement
  kRequestSupplement,
  kPassAppraisal,
  kFailAppraisal,
  kPlaceOnAgenda,
  kTakeOffAgenda,  // removed from an agenda, or the meeting was cancelled
  kRecommend,
  kNotRecommend,
  kDecide,
  kForward,
  kWithdraw,
  kSuspend,
  kResume,
  kRevoke,
  kMarkNeedsReview,
  kConfirmAfterReview,
};

struct NominationStatus {
  NominationState state = NominationState::kDraft;
  // While kSuspended: the state to return to.
  std::optional<NominationState> suspended_from;

  friend bool operator==(const NominationStatus&, const NominationStatus&) = default;
};

// The status after `transition`, or FAILED_PRECONDITION naming the current
// state, the transition and the states it is allowed from.
absl::StatusOr<NominationStatus> ApplyTransition(const NominationStatus& status,
                                                 NominationTransition transition);

// Names as the API and the messages show them, e.g. "SUPPLEMENT_REQUESTED", "request supplement".
absl::string_view StateName(NominationState state);
absl::string_view TransitionName(NominationTransition transition);

}  // namespace award::nominations

#endif  // AWARD_SERVICES_NOMINATIONS_DOMAIN_NOMINATION_STATE_H_
