// The meeting state machine transition by transition, and the meeting's pure
// Decide functions: quorum on the meeting date, who may cast, one ballot each,
// written opinions where the rule allows them (E3), sealing and signing.
#include "services/council/domain/meeting.h"

#include <map>
#include <utility>

#include "gtest/gtest.h"
#include "services/common/rule_book.h"
#include "services/council/domain/minutes.h"
#include "tests/support/api_values.h"
#include "tests/support/state_machine_checks.h"

namespace award::council {
namespace {

using S = MeetingState;
using T = MeetingTransition;

const std::vector<S> kAllStates = {S::kNone,    S::kScheduled, S::kConvened, S::kVoting,
                                   S::kTallied, S::kConcluded, S::kCancelled};
const std::vector<T> kAllTransitions = {
    T::kSchedule,   T::kChangeAgenda, T::kRecordInquorate, T::kConvene,     T::kCancel,
    T::kOpenVoting, T::kCastBallot,   T::kCloseVoting,     T::kSignMinutes, T::kConcludeMinutes};

const std::map<std::pair<S, T>, S>& Allowed() {
  static const auto* const allowed = new std::map<std::pair<S, T>, S>{
      {{S::kNone, T::kSchedule}, S::kScheduled},
      {{S::kScheduled, T::kChangeAgenda}, S::kScheduled},
      {{S::kScheduled, T::kRecordInquorate}, S::kScheduled},
      {{S::kScheduled, T::kConvene}, S::kConvened},
      {{S::kScheduled, T::kCancel}, S::kCancelled},
      {{S::kConvened, T::kCancel}, S::kCancelled},
      {{S::kConvened, T::kOpenVoting}, S::kVoting},
      {{S::kVoting, T::kCastBallot}, S::kVoting},
      {{S::kVoting, T::kCloseVoting}, S::kTallied},
      {{S::kTallied, T::kSignMinutes}, S::kTallied},
      {{S::kTallied, T::kConcludeMinutes}, S::kConcluded},
  };
  return *allowed;
}

TEST(MeetingStateTest, EveryAllowedTransitionLeadsWhereItShould) {
  for (const auto& [move, to] : Allowed()) {
    absl::StatusOr<S> next = ApplyTransition(move.first, move.second);
    ASSERT_TRUE(next.ok()) << StateName(move.first) << " / " << TransitionName(move.second);
    EXPECT_EQ(*next, to);
  }
}

TEST(MeetingStateTest, EveryOtherTransitionIsRefusedNamingTheState) {
  int refused = 0;
  for (S from : kAllStates) {
    for (T transition : kAllTransitions) {
      if (Allowed().contains({from, transition})) continue;
      absl::StatusOr<S> next = ApplyTransition(from, transition);
      ASSERT_FALSE(next.ok()) << StateName(from) << " / " << TransitionName(transition);
      EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_NE(next.status().message().find(absl::StrCat("is ", StateName(from))),
                std::string::npos)
          << next.status();
      ++refused;
    }
  }
  EXPECT_EQ(refused, 70 - 11);
}

TEST(MeetingDeferralTest, OnlyANominationStillAppraisedInItsOwnStreamIsVotedOn) {
  EXPECT_EQ(DeferralReason(nominations::NominationState::kAppraised), std::nullopt);
  const std::optional<std::string> suspended =
      DeferralReason(nominations::NominationState::kSuspended);
  ASSERT_TRUE(suspended.has_value());
  EXPECT_NE(suspended->find("R14"), std::string::npos);
  const std::optional<std::string> withdrawn =
      DeferralReason(nominations::NominationState::kWithdrawn);
  ASSERT_TRUE(withdrawn.has_value());
  EXPECT_NE(withdrawn->find("WITHDRAWN"), std::string::npos);
}

TEST(MeetingStateTest, AMeetingNeverScheduledIsNotFound) {
  std::map<std::pair<S, T>, S> allowed(Allowed().begin(), Allowed().end());
  award::testing::ExpectEveryPairAllowedOrRefused(
      kAllStates, kAllTransitions, allowed, /*missing=*/S::kNone,
      [](S from, T transition) -> absl::StatusOr<S> {
        if (absl::Status may = MeetingStateAllows(from, transition); !may.ok()) return may;
        return ApplyTransition(from, transition);
      },
      StateName, TransitionName);
}

// --- The Decide functions on a council of 15 voting members and a secretary.

using award::testing::Day;

eventstore::RecordedEvent Recorded(const NewEvent& event, uint64_t position) {
  eventstore::RecordedEvent recorded = UnrecordedEvent(event);
  recorded.position = position;
  return recorded;
}

template <typename Aggregate, typename State>
void Apply(State& state, const absl::StatusOr<std::vector<NewEvent>>& events) {
  ASSERT_TRUE(events.ok()) << events.status();
  static uint64_t position = 0;
  for (const NewEvent& event : *events) {
    ASSERT_TRUE(Aggregate::Evolve(state, Recorded(event, position++)).ok());
  }
}

class MeetingDecideTest : public ::testing::Test {
 protected:
  void SetUp() override {
    v1::CouncilConstituted constituted;
    constituted.set_authority_id("ubnd-tinh");
    constituted.set_name("Hội đồng Thi đua - Khen thưởng tỉnh");
    *constituted.mutable_effective_on() = Day(2025, 7, 1);
    for (int i = 1; i <= 16; ++i) {
      v1::CouncilMember* member = constituted.add_members();
      member->set_member_id(absl::StrCat("m", i));
      member->set_full_name(absl::StrCat("Thành viên ", i));
      member->set_role(i == 1    ? v1::COUNCIL_ROLE_CHAIR
                       : i == 2  ? v1::COUNCIL_ROLE_STANDING_VICE_CHAIR
                       : i == 16 ? v1::COUNCIL_ROLE_SECRETARY
                                 : v1::COUNCIL_ROLE_MEMBER);
    }
    Apply<CouncilAggregate>(council_, DecideConstitute(council_, constituted));
    v1::MeetingScheduled scheduled;
    scheduled.set_meeting_id("hop-1");
    scheduled.set_authority_id("ubnd-tinh");
    *scheduled.mutable_meeting_date() = Day(2025, 12, 10);
    scheduled.set_place("Hội trường UBND tỉnh");
    v1::AgendaItem* item = scheduled.add_items();
    item->set_nomination_id("n-cstdtq");
    item->set_kind(v1::AWARD_KIND_CSTD_TOAN_QUOC);
    item->mutable_ballot()->set_threshold_percent(90);
    item->mutable_ballot()->set_written_opinions_allowed(true);
    item->mutable_ballot()->mutable_quorum()->set_numerator(2);
    item->mutable_ballot()->mutable_quorum()->set_denominator(3);
    v1::AgendaItem* flag = scheduled.add_items();
    flag->set_nomination_id("n-co");
    flag->set_kind(v1::AWARD_KIND_CO_THI_DUA_CHINH_PHU);
    flag->mutable_ballot()->set_threshold_percent(80);
    *flag->mutable_ballot()->mutable_quorum() = item->ballot().quorum();
    Apply<MeetingAggregate>(meeting_, DecideSchedule(meeting_, scheduled));
  }

  std::vector<std::string> Members(int from, int to) {
    std::vector<std::string> ids;
    for (int i = from; i <= to; ++i) ids.push_back(absl::StrCat("m", i));
    return ids;
  }

  // The secretary (m16) is there too, and keeps the minutes.
  void ConveneWith(std::vector<std::string> present) {
    present.push_back("m16");
    Apply<MeetingAggregate>(meeting_,
                            DecideConvene(meeting_, council_, false, present, "m1", "m16"));
  }

  absl::StatusOr<std::vector<NewEvent>> Cast(const std::string& item, const std::string& member,
                                             v1::BallotChoice choice, bool written = false) {
    return DecideCastBallot(meeting_, seal_, item, member, choice, written);
  }

  Council council_;
  Meeting meeting_;
  BallotSeal seal_ = *BallotSeal::Create(std::string(32, 'k'));
};

TEST_F(MeetingDecideTest, TheSecretaryDoesNotCountTowardsQuorumOrThreshold) {
  // 9 voting members and the secretary: 9/15 < 2/3.
  std::vector<std::string> present = Members(1, 9);
  present.push_back("m16");
  absl::StatusOr<std::vector<NewEvent>> events =
      DecideConvene(meeting_, council_, false, present, "m1", "m16");
  ASSERT_TRUE(events.ok()) << events.status();
  EXPECT_EQ(events->front().type, "ConveningInquorate");
  Apply<MeetingAggregate>(meeting_, events);
  EXPECT_EQ(meeting_.state, S::kScheduled);
  EXPECT_EQ(meeting_.inquorate_attempts, 1);
  ConveneWith(Members(1, 10));  // 10/15 = 2/3
  EXPECT_EQ(meeting_.state, S::kConvened);
  EXPECT_EQ(meeting_.convened.voting_members(), 15u);
  EXPECT_EQ(meeting_.convened.present_voting_members(), 10u);
}

TEST_F(MeetingDecideTest, AStrangerCannotBeListedPresent) {
  absl::StatusOr<std::vector<NewEvent>> events =
      DecideConvene(meeting_, council_, false, {"m1", "x99"}, "m1", "m1");
  EXPECT_EQ(events.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(MeetingDecideTest, AViceChairPresidesOnlyInTheChairsAbsence) {
  EXPECT_EQ(DecideConvene(meeting_, council_, false, Members(1, 15), "m2", "m16").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(DecideConvene(meeting_, council_, false, Members(2, 15), "m2", "m3").ok());
}

TEST_F(MeetingDecideTest, E3AbsenteesWrittenOpinionsCarryTheItemWhereTheRuleAllowsThem) {
  ConveneWith(Members(1, 13));  // 13 of 15 present, m14 and m15 absent
  Apply<MeetingAggregate>(meeting_, DecideOpenVoting(meeting_, {}));
  for (const std::string& member : Members(1, 13)) {
    Apply<MeetingAggregate>(meeting_, Cast("n-cstdtq", member, v1::BALLOT_CHOICE_AGREE));
    Apply<MeetingAggregate>(meeting_, Cast("n-co", member, v1::BALLOT_CHOICE_AGREE));
  }
  // Cờ thi đua CP allows no written opinions; CSTĐ toàn quốc does.
  EXPECT_EQ(Cast("n-co", "m14", v1::BALLOT_CHOICE_AGREE, true).status().code(),
            absl::StatusCode::kFailedPrecondition);
  for (const std::string& member : Members(14, 15)) {
    Apply<MeetingAggregate>(meeting_, Cast("n-cstdtq", member, v1::BALLOT_CHOICE_AGREE, true));
  }
  Apply<MeetingAggregate>(meeting_, DecideCloseVoting(meeting_, seal_));
  ASSERT_EQ(meeting_.tallies.size(), 2u);
  EXPECT_EQ(meeting_.tallies[0].agree(), 15u);
  EXPECT_EQ(meeting_.tallies[0].written_opinions(), 2u);
  EXPECT_EQ(meeting_.tallies[0].result(), v1::COUNCIL_RESULT_RECOMMENDED);
  EXPECT_EQ(meeting_.tallies[1].agree(), 13u);  // 13/15 = 86.7 % >= 80 %
  EXPECT_EQ(meeting_.tallies[1].not_voting(), 2u);
  EXPECT_EQ(meeting_.tallies[1].result(), v1::COUNCIL_RESULT_RECOMMENDED);
}

TEST_F(MeetingDecideTest, E3WithoutTheWrittenOpinionsThirteenOfFifteenFails) {
  ConveneWith(Members(1, 13));
  Apply<MeetingAggregate>(meeting_, DecideOpenVoting(meeting_, {}));
  for (const std::string& member : Members(1, 13)) {
    Apply<MeetingAggregate>(meeting_, Cast("n-cstdtq", member, v1::BALLOT_CHOICE_AGREE));
  }
  Apply<MeetingAggregate>(meeting_, DecideCloseVoting(meeting_, seal_));
  EXPECT_EQ(meeting_.tallies[0].result(), v1::COUNCIL_RESULT_NOT_RECOMMENDED);
  EXPECT_EQ(meeting_.tallies[0].agree_share(), "13/15 (86,67 %)");
}

TEST_F(MeetingDecideTest, BallotsAreRefusedFromTheWrongPeopleAtTheWrongTime) {
  ConveneWith(Members(1, 12));
  EXPECT_EQ(Cast("n-co", "m1", v1::BALLOT_CHOICE_AGREE).status().code(),
            absl::StatusCode::kFailedPrecondition);  // voting not open
  Apply<MeetingAggregate>(meeting_, DecideOpenVoting(meeting_, {}));
  Apply<MeetingAggregate>(meeting_, Cast("n-co", "m1", v1::BALLOT_CHOICE_AGREE));
  EXPECT_EQ(Cast("n-co", "m1", v1::BALLOT_CHOICE_DISAGREE).status().code(),
            absl::StatusCode::kAlreadyExists);  // a second ballot
  EXPECT_EQ(Cast("n-co", "m13", v1::BALLOT_CHOICE_AGREE).status().code(),
            absl::StatusCode::kFailedPrecondition);  // absent
  EXPECT_EQ(Cast("n-co", "m16", v1::BALLOT_CHOICE_AGREE).status().code(),
            absl::StatusCode::kPermissionDenied);  // the secretary does not vote
  EXPECT_EQ(Cast("n-co", "x99", v1::BALLOT_CHOICE_AGREE).status().code(),
            absl::StatusCode::kPermissionDenied);  // not a member
  EXPECT_EQ(Cast("n-other", "m2", v1::BALLOT_CHOICE_AGREE).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Cast("n-co", "m2", v1::BALLOT_CHOICE_UNSPECIFIED).status().code(),
            absl::StatusCode::kInvalidArgument);
  Apply<MeetingAggregate>(meeting_, DecideCloseVoting(meeting_, seal_));
  EXPECT_EQ(Cast("n-co", "m2", v1::BALLOT_CHOICE_AGREE).status().code(),
            absl::StatusCode::kFailedPrecondition);  // voting closed
}

TEST_F(MeetingDecideTest, DeferredItemsLeaveTheVoteAndTheMinutesSayWhy) {
  ConveneWith(Members(1, 15));
  v1::DeferredItem deferred;
  deferred.set_nomination_id("n-co");
  deferred.set_reason("tạm dừng xét (R14)");
  Apply<MeetingAggregate>(meeting_, DecideOpenVoting(meeting_, {deferred}));
  ASSERT_EQ(meeting_.items.size(), 1u);
  EXPECT_EQ(Cast("n-co", "m1", v1::BALLOT_CHOICE_AGREE).status().code(),
            absl::StatusCode::kNotFound);
  Apply<MeetingAggregate>(meeting_, DecideCloseVoting(meeting_, seal_));
  EXPECT_EQ(meeting_.tallies.size(), 1u);
  EXPECT_NE(RenderMinutes(meeting_).find("n-co: tạm dừng xét (R14)"), std::string::npos);
}

TEST_F(MeetingDecideTest, VotingDoesNotOpenWhenEveryItemIsDeferred) {
  ConveneWith(Members(1, 15));
  std::vector<v1::DeferredItem> all(2);
  all[0].set_nomination_id("n-cstdtq");
  all[1].set_nomination_id("n-co");
  EXPECT_EQ(DecideOpenVoting(meeting_, all).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(MeetingDecideTest, TheMinutesAreSignedByThePresidingMemberAndTheSecretary) {
  ConveneWith(Members(1, 15));
  Apply<MeetingAggregate>(meeting_, DecideOpenVoting(meeting_, {}));
  Apply<MeetingAggregate>(meeting_, DecideCloseVoting(meeting_, seal_));
  const std::string sha = Sha256Of(RenderMinutes(meeting_));
  using M = v1::MinutesSignatory;
  EXPECT_EQ(
      DecideSignMinutes(meeting_, "m2", M::MINUTES_SIGNATORY_PRESIDING, sha, sha).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      DecideSignMinutes(meeting_, "m1", M::MINUTES_SIGNATORY_PRESIDING, std::string(32, 'x'), sha)
          .status()
          .code(),
      absl::StatusCode::kFailedPrecondition);
  Apply<MeetingAggregate>(
      meeting_, DecideSignMinutes(meeting_, "m1", M::MINUTES_SIGNATORY_PRESIDING, sha, sha));
  EXPECT_EQ(meeting_.state, S::kTallied);
  EXPECT_EQ(
      DecideSignMinutes(meeting_, "m1", M::MINUTES_SIGNATORY_PRESIDING, sha, sha).status().code(),
      absl::StatusCode::kAlreadyExists);
  Apply<MeetingAggregate>(
      meeting_, DecideSignMinutes(meeting_, "m16", M::MINUTES_SIGNATORY_SECRETARY, sha, sha));
  EXPECT_EQ(meeting_.state, S::kConcluded);
}

TEST_F(MeetingDecideTest, TheMinutesStateAttendanceSharesAndResultsInVietnamese) {
  ConveneWith(Members(1, 14));
  Apply<MeetingAggregate>(meeting_, DecideOpenVoting(meeting_, {}));
  for (const std::string& member : Members(1, 12)) {
    Apply<MeetingAggregate>(meeting_, Cast("n-co", member, v1::BALLOT_CHOICE_AGREE));
  }
  Apply<MeetingAggregate>(meeting_, DecideCloseVoting(meeting_, seal_));
  const std::string minutes = RenderMinutes(meeting_);
  EXPECT_NE(minutes.find("BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"), std::string::npos);
  EXPECT_NE(minutes.find("có mặt: 14; vắng mặt: 1"), std::string::npos) << minutes;
  EXPECT_NE(minutes.find("12/15 (80,00 %)"), std::string::npos) << minutes;
  EXPECT_NE(minutes.find("Cờ thi đua của Chính phủ"), std::string::npos);
  EXPECT_NE(minutes.find("Đề nghị khen thưởng"), std::string::npos);
  EXPECT_NE(minutes.find("ngày 10/12/2025"), std::string::npos);
  EXPECT_EQ(minutes, RenderMinutes(meeting_));
}

// The least count k with k / n >= p / q: the exact rational boundary.
uint32_t LeastNeeded(uint32_t p, uint32_t q, uint32_t n) { return (p * n + q - 1) / q; }

v1::AgendaItem ItemWith(const std::string& id, uint32_t threshold) {
  v1::AgendaItem item;
  item.set_nomination_id(id);
  item.mutable_ballot()->set_threshold_percent(threshold);
  item.mutable_ballot()->mutable_quorum()->set_numerator(2);
  item.mutable_ballot()->mutable_quorum()->set_denominator(3);
  return item;
}

// Councils of 1 to 60 members, each through whole meetings: one attendee
// short of 2/3 is inquorate and exactly 2/3 convenes; exactly 80 % and 90 %
// of all members carry an item, one vote fewer does not.
TEST(MeetingBoundaryTest, QuorumAndThresholdsHoldAtTheirExactBoundaryForCouncilsOfOneToSixty) {
  const BallotSeal seal = *BallotSeal::Create(std::string(32, 'b'));
  for (uint32_t n = 1; n <= 60; ++n) {
    Council council;
    v1::CouncilConstituted constituted;
    constituted.set_authority_id("ubnd");
    constituted.set_name("Hội đồng");
    *constituted.mutable_effective_on() = Day(2025, 7, 1);
    for (uint32_t i = 1; i <= n; ++i) {
      v1::CouncilMember* member = constituted.add_members();
      member->set_member_id(absl::StrCat("m", i));
      member->set_full_name(absl::StrCat("Thành viên ", i));
      member->set_role(i == 1 ? v1::COUNCIL_ROLE_CHAIR : v1::COUNCIL_ROLE_MEMBER);
    }
    Apply<CouncilAggregate>(council, DecideConstitute(council, constituted));
    auto members = [](uint32_t count) {
      std::vector<std::string> ids;
      for (uint32_t i = 1; i <= count; ++i) ids.push_back(absl::StrCat("m", i));
      return ids;
    };
    v1::MeetingScheduled scheduled;
    scheduled.set_meeting_id(absl::StrCat("hop-", n));
    scheduled.set_authority_id("ubnd");
    *scheduled.mutable_meeting_date() = Day(2025, 12, 1);
    scheduled.set_place("Hội trường");
    const uint32_t need80 = LeastNeeded(80, 100, n);
    const uint32_t need90 = LeastNeeded(90, 100, n);
    *scheduled.add_items() = ItemWith("at-80", 80);
    *scheduled.add_items() = ItemWith("short-80", 80);
    *scheduled.add_items() = ItemWith("at-90", 90);
    *scheduled.add_items() = ItemWith("short-90", 90);
    Meeting meeting;
    Apply<MeetingAggregate>(meeting, DecideSchedule(meeting, scheduled));

    const uint32_t quorum = LeastNeeded(2, 3, n);
    if (quorum > 1) {
      absl::StatusOr<std::vector<NewEvent>> short_of =
          DecideConvene(meeting, council, false, members(quorum - 1), "m1", "m1");
      ASSERT_TRUE(short_of.ok()) << short_of.status();
      EXPECT_EQ(short_of->front().type, "ConveningInquorate") << n;
    }
    absl::StatusOr<std::vector<NewEvent>> at =
        DecideConvene(meeting, council, false, members(quorum), "m1", "m1");
    ASSERT_TRUE(at.ok()) << at.status();
    EXPECT_EQ(at->front().type, "MeetingConvened") << n;

    Apply<MeetingAggregate>(meeting,
                            DecideConvene(meeting, council, false, members(n), "m1", "m1"));
    Apply<MeetingAggregate>(meeting, DecideOpenVoting(meeting, {}));
    auto vote = [&](const std::string& item, uint32_t agree) {
      for (uint32_t i = 1; i <= n; ++i) {
        Apply<MeetingAggregate>(
            meeting, DecideCastBallot(
                         meeting, seal, item, absl::StrCat("m", i),
                         i <= agree ? v1::BALLOT_CHOICE_AGREE : v1::BALLOT_CHOICE_DISAGREE, false));
      }
    };
    vote("at-80", need80);
    vote("short-80", need80 - 1);
    vote("at-90", need90);
    vote("short-90", need90 - 1);
    Apply<MeetingAggregate>(meeting, DecideCloseVoting(meeting, seal));
    ASSERT_EQ(meeting.tallies.size(), 4u);
    EXPECT_EQ(meeting.tallies[0].result(), v1::COUNCIL_RESULT_RECOMMENDED) << n;
    EXPECT_EQ(meeting.tallies[1].result(), v1::COUNCIL_RESULT_NOT_RECOMMENDED) << n;
    EXPECT_EQ(meeting.tallies[2].result(), v1::COUNCIL_RESULT_RECOMMENDED) << n;
    EXPECT_EQ(meeting.tallies[3].result(), v1::COUNCIL_RESULT_NOT_RECOMMENDED) << n;
    EXPECT_EQ(meeting.tallies[0].agree() + meeting.tallies[0].disagree(), n);
  }
}

TEST(BallotSealTest, AnEnvelopeOpensOnlyWhereItWasSealed) {
  BallotSeal seal = *BallotSeal::Create(std::string(32, 's'));
  absl::StatusOr<std::string> a = seal.Seal({"hop-1", "n1", "m1"}, v1::BALLOT_CHOICE_AGREE);
  absl::StatusOr<std::string> b = seal.Seal({"hop-1", "n1", "m2"}, v1::BALLOT_CHOICE_AGREE);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), BallotSeal::kEnvelopeBytes);
  EXPECT_NE(*a, *b);  // equal choices, unrelated envelopes
  EXPECT_EQ(*seal.Open({"hop-1", "n1", "m1"}, *a), v1::BALLOT_CHOICE_AGREE);
  EXPECT_EQ(seal.Open({"hop-1", "n1", "m2"}, *a).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(seal.Open({"hop-2", "n1", "m1"}, *a).status().code(), absl::StatusCode::kDataLoss);
  std::string tampered = *a;
  tampered[12] ^= 1;
  EXPECT_EQ(seal.Open({"hop-1", "n1", "m1"}, tampered).status().code(),
            absl::StatusCode::kDataLoss);
  BallotSeal other = *BallotSeal::Create(std::string(32, 't'));
  EXPECT_EQ(other.Open({"hop-1", "n1", "m1"}, *a).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(BallotSeal::Create("short").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace award::council
