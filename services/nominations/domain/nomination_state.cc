#include "services/nominations/domain/nomination_state.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace award::nominations {
namespace {

using S = NominationState;
using T = NominationTransition;

struct Edge {
  T transition;
  std::vector<S> from;
  S to;  // for kResume: ignored, the state left when suspended
};

// The whole state machine. A transition not listed from a state is refused.
const std::vector<Edge>& Edges() {
  static const std::vector<Edge>* const edges = new std::vector<Edge>{
      {T::kSubmit, {S::kDraft, S::kSupplementRequested}, S::kSubmitted},
      {T::kRequestSupplement, {S::kSubmitted}, S::kSupplementRequested},
      {T::kPassAppraisal, {S::kSubmitted}, S::kAppraised},
      {T::kFailAppraisal, {S::kSubmitted}, S::kAppraisalFailed},
      {T::kPlaceOnAgenda, {S::kAppraised}, S::kOnAgenda},
      {T::kTakeOffAgenda, {S::kOnAgenda}, S::kAppraised},
      {T::kRecommend, {S::kOnAgenda}, S::kRecommended},
      {T::kNotRecommend, {S::kOnAgenda}, S::kNotRecommended},
      {T::kDecide, {S::kRecommended, S::kAppraised}, S::kDecided},
      {T::kForward, {S::kRecommended}, S::kForwarded},
      {T::kWithdraw,
       {S::kDraft, S::kSubmitted, S::kSupplementRequested, S::kAppraised, S::kAppraisalFailed},
       S::kWithdrawn},
      {T::kSuspend,
       {S::kSubmitted, S::kSupplementRequested, S::kAppraised, S::kOnAgenda, S::kRecommended},
       S::kSuspended},
      {T::kResume, {S::kSuspended}, S::kSuspended},
      {T::kRevoke, {S::kDecided, S::kNeedsReview}, S::kRevoked},
      {T::kMarkNeedsReview, {S::kDecided}, S::kNeedsReview},
      {T::kConfirmAfterReview, {S::kNeedsReview}, S::kDecided},
  };
  return *edges;
}

const Edge& EdgeOf(T transition) {
  return *std::find_if(Edges().begin(), Edges().end(),
                       [transition](const Edge& edge) { return edge.transition == transition; });
}

bool AllowedFrom(const Edge& edge, S state) {
  return std::find(edge.from.begin(), edge.from.end(), state) != edge.from.end();
}

}  // namespace

absl::StatusOr<NominationStatus> ApplyTransition(const NominationStatus& status,
                                                 NominationTransition transition) {
  const Edge& edge = EdgeOf(transition);
  // A suspended nomination may still be withdrawn if the state it left allows it.
  const bool withdraw_while_suspended =
      transition == T::kWithdraw && status.state == S::kSuspended &&
      status.suspended_from.has_value() && AllowedFrom(edge, *status.suspended_from);
  if (!AllowedFrom(edge, status.state) && !withdraw_while_suspended) {
    std::vector<std::string> from;
    for (S state : edge.from) from.emplace_back(StateName(state));
    return absl::FailedPreconditionError(absl::StrCat(
        "the nomination is ", StateName(status.state), "; ", TransitionName(transition),
        " is allowed only from ", absl::StrJoin(from, ", ")));
  }
  if (transition == T::kSuspend) return NominationStatus{S::kSuspended, status.state};
  if (transition == T::kResume) {
    if (!status.suspended_from.has_value()) {
      return absl::InternalError("a SUSPENDED nomination without the state it left");
    }
    return NominationStatus{*status.suspended_from, std::nullopt};
  }
  return NominationStatus{edge.to, std::nullopt};
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
