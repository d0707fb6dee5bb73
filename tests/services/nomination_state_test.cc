// The nomination state machine, transition by transition: each allowed one
// leads where it should, and every other (state, transition) pair is refused.
#include "services/nominations/domain/nomination_state.h"

#include <map>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace award::nominations {
namespace {

using S = NominationState;
using T = NominationTransition;

const std::vector<S> kAllStates = {S::kDraft,       S::kSubmitted,       S::kSupplementRequested,
                                   S::kAppraised,   S::kAppraisalFailed, S::kOnAgenda,
                                   S::kRecommended, S::kNotRecommended,  S::kDecided,
                                   S::kForwarded,   S::kWithdrawn,       S::kSuspended,
                                   S::kRevoked,     S::kNeedsReview};

const std::vector<T> kAllTransitions = {T::kSubmit,          T::kRequestSupplement,
                                        T::kPassAppraisal,   T::kFailAppraisal,
                                        T::kPlaceOnAgenda,   T::kTakeOffAgenda,
                                        T::kRecommend,       T::kNotRecommend,
                                        T::kDecide,          T::kForward,
                                        T::kWithdraw,        T::kSuspend,
                                        T::kResume,          T::kRevoke,
                                        T::kMarkNeedsReview, T::kConfirmAfterReview};

// Every allowed move from a state other than SUSPENDED, and where it leads.
const std::map<std::pair<S, T>, S>& Allowed() {
  static const auto* const allowed = new std::map<std::pair<S, T>, S>{
      {{S::kDraft, T::kSubmit}, S::kSubmitted},
      {{S::kSupplementRequested, T::kSubmit}, S::kSubmitted},
      {{S::kSubmitted, T::kRequestSupplement}, S::kSupplementRequested},
      {{S::kSubmitted, T::kPassAppraisal}, S::kAppraised},
      {{S::kSubmitted, T::kFailAppraisal}, S::kAppraisalFailed},
      {{S::kAppraised, T::kPlaceOnAgenda}, S::kOnAgenda},
      {{S::kOnAgenda, T::kTakeOffAgenda}, S::kAppraised},
      {{S::kOnAgenda, T::kRecommend}, S::kRecommended},
      {{S::kOnAgenda, T::kNotRecommend}, S::kNotRecommended},
      {{S::kRecommended, T::kDecide}, S::kDecided},
      {{S::kAppraised, T::kDecide}, S::kDecided},
      {{S::kRecommended, T::kForward}, S::kForwarded},
      {{S::kDraft, T::kWithdraw}, S::kWithdrawn},
      {{S::kSubmitted, T::kWithdraw}, S::kWithdrawn},
      {{S::kSupplementRequested, T::kWithdraw}, S::kWithdrawn},
      {{S::kAppraised, T::kWithdraw}, S::kWithdrawn},
      {{S::kAppraisalFailed, T::kWithdraw}, S::kWithdrawn},
      {{S::kSubmitted, T::kSuspend}, S::kSuspended},
      {{S::kSupplementRequested, T::kSuspend}, S::kSuspended},
      {{S::kAppraised, T::kSuspend}, S::kSuspended},
      {{S::kOnAgenda, T::kSuspend}, S::kSuspended},
      {{S::kRecommended, T::kSuspend}, S::kSuspended},
      {{S::kDecided, T::kRevoke}, S::kRevoked},
      {{S::kNeedsReview, T::kRevoke}, S::kRevoked},
      {{S::kDecided, T::kMarkNeedsReview}, S::kNeedsReview},
      {{S::kNeedsReview, T::kConfirmAfterReview}, S::kDecided},
  };
  return *allowed;
}

TEST(NominationStateTest, EveryAllowedTransitionLeadsWhereTheLawSays) {
  for (const auto& [move, to] : Allowed()) {
    const auto& [from, transition] = move;
    absl::StatusOr<NominationStatus> next = ApplyTransition({from, std::nullopt}, transition);
    ASSERT_TRUE(next.ok()) << StateName(from) << " / " << TransitionName(transition) << ": "
                           << next.status();
    EXPECT_EQ(next->state, to) << StateName(from) << " / " << TransitionName(transition);
  }
}

TEST(NominationStateTest, EveryOtherTransitionIsRefusedNamingTheState) {
  for (S from : kAllStates) {
    if (from == S::kSuspended) continue;  // below, with the state it left
    for (T transition : kAllTransitions) {
      if (Allowed().contains({from, transition})) continue;
      absl::StatusOr<NominationStatus> next = ApplyTransition({from, std::nullopt}, transition);
      EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition)
          << StateName(from) << " / " << TransitionName(transition);
      EXPECT_NE(next.status().message().find(StateName(from)), absl::string_view::npos)
          << next.status();
    }
  }
}

TEST(NominationStateTest, ASuspendedNominationResumesWhereItWas) {
  for (S from :
       {S::kSubmitted, S::kSupplementRequested, S::kAppraised, S::kOnAgenda, S::kRecommended}) {
    absl::StatusOr<NominationStatus> suspended = ApplyTransition({from, std::nullopt}, T::kSuspend);
    ASSERT_TRUE(suspended.ok());
    EXPECT_EQ(*suspended, (NominationStatus{S::kSuspended, from}));
    absl::StatusOr<NominationStatus> resumed = ApplyTransition(*suspended, T::kResume);
    ASSERT_TRUE(resumed.ok());
    EXPECT_EQ(*resumed, (NominationStatus{from, std::nullopt}));
  }
}

TEST(NominationStateTest, ASuspendedNominationCanOnlyResumeOrBeWithdrawnBeforeTheAgenda) {
  const NominationStatus before_agenda{S::kSuspended, S::kAppraised};
  const NominationStatus on_agenda{S::kSuspended, S::kOnAgenda};
  EXPECT_EQ(ApplyTransition(before_agenda, T::kWithdraw)->state, S::kWithdrawn);
  EXPECT_EQ(ApplyTransition(on_agenda, T::kWithdraw).status().code(),
            absl::StatusCode::kFailedPrecondition);
  for (T transition : kAllTransitions) {
    if (transition == T::kResume || transition == T::kWithdraw) continue;
    absl::StatusOr<NominationStatus> next = ApplyTransition(before_agenda, transition);
    EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition)
        << TransitionName(transition);
    EXPECT_NE(next.status().message().find("SUSPENDED"), absl::string_view::npos);
  }
}

TEST(NominationStateTest, TheRefusalSaysWhereTheTransitionIsAllowedFrom) {
  absl::StatusOr<NominationStatus> next =
      ApplyTransition({S::kAppraisalFailed, std::nullopt}, T::kSubmit);
  EXPECT_EQ(next.status().message(),
            "the nomination is APPRAISAL_FAILED; submit is allowed only from DRAFT, "
            "SUPPLEMENT_REQUESTED");
}

}  // namespace
}  // namespace award::nominations
