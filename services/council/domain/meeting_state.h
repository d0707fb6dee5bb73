// The life of a council meeting (phiên họp Hội đồng) as one explicit state
// machine; anything the table does not allow is FAILED_PRECONDITION naming the
// current state.
//
//   SCHEDULED -> CONVENED -> VOTING -> TALLIED -> CONCLUDED
//   SCHEDULED | CONVENED -> CANCELLED
//   SCHEDULED -> SCHEDULED: agenda changes, and an inquorate attempt to convene
//   VOTING -> VOTING: each ballot;  TALLIED -> TALLIED: the first signature
#ifndef AWARD_SERVICES_COUNCIL_DOMAIN_MEETING_STATE_H_
#define AWARD_SERVICES_COUNCIL_DOMAIN_MEETING_STATE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace award::council {

enum class MeetingState {
  kNone,       // not scheduled yet
  kScheduled,  // dự kiến: date, place and agenda set
  kConvened,   // khai mạc: quorum present
  kVoting,     // bỏ phiếu
  kTallied,    // kiểm phiếu: results known, minutes to sign
  kConcluded,  // biên bản đã ký
  kCancelled,  // hủy
};

enum class MeetingTransition {
  kSchedule,
  kChangeAgenda,
  kRecordInquorate,
  kConvene,
  kCancel,
  kOpenVoting,
  kCastBallot,
  kCloseVoting,
  kSignMinutes,      // a first signature
  kConcludeMinutes,  // the second signature
};

// The state after `transition`, or FAILED_PRECONDITION naming the current
// state, the transition and the states it is allowed from.
absl::StatusOr<MeetingState> ApplyTransition(MeetingState state, MeetingTransition transition);

// Whether a meeting in `state` may make `transition`: NOT_FOUND for one never
// scheduled, else as ApplyTransition.
absl::Status MeetingStateAllows(MeetingState state, MeetingTransition transition);

absl::string_view StateName(MeetingState state);
absl::string_view TransitionName(MeetingTransition transition);

}  // namespace award::council

#endif  // AWARD_SERVICES_COUNCIL_DOMAIN_MEETING_STATE_H_
