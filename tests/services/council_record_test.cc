// The council's record of a nomination (agenda-<id>) folded into its state:
// through the same table, behind a suspension (R14), and void where it raced a
// withdrawal.
#include "gtest/gtest.h"
#include "services/common/proto_events.h"
#include "services/nominations/domain/nomination.h"

namespace award::nominations {
namespace {

eventstore::RecordedEvent Council(const google::protobuf::Message& message) {
  return UnrecordedEvent(ToNewEvent(message));
}

eventstore::RecordedEvent Placed() {
  v1::NominationPlacedOnAgenda placed;
  placed.set_agenda_id("hop-1");
  return Council(placed);
}

eventstore::RecordedEvent Outcome(v1::CouncilResult result) {
  v1::CouncilOutcomeRecorded outcome;
  outcome.set_agenda_id("hop-1");
  outcome.mutable_tally()->set_result(result);
  return Council(outcome);
}

Nomination Appraised() {
  Nomination nomination;
  nomination.exists = true;
  nomination.status.state = NominationState::kAppraised;
  return nomination;
}

TEST(CouncilRecordTest, TheCouncilMovesTheNominationThroughTheSameTable) {
  Nomination nomination = Appraised();
  ASSERT_TRUE(ApplyRecordEvent(nomination, Placed()).ok());
  EXPECT_EQ(nomination.status.state, NominationState::kOnAgenda);
  EXPECT_EQ(nomination.agenda_id, "hop-1");
  ASSERT_TRUE(ApplyRecordEvent(nomination, Outcome(v1::COUNCIL_RESULT_RECOMMENDED)).ok());
  EXPECT_EQ(nomination.status.state, NominationState::kRecommended);
  ASSERT_TRUE(nomination.council_outcome.has_value());
  EXPECT_TRUE(nomination.agenda_id.empty());

  Nomination other = Appraised();
  ASSERT_TRUE(ApplyRecordEvent(other, Placed()).ok());
  ASSERT_TRUE(ApplyRecordEvent(other, Council(v1::NominationTakenOffAgenda())).ok());
  EXPECT_EQ(other.status.state, NominationState::kAppraised);
  ASSERT_TRUE(ApplyRecordEvent(other, Placed()).ok());
  ASSERT_TRUE(ApplyRecordEvent(other, Outcome(v1::COUNCIL_RESULT_NOT_RECOMMENDED)).ok());
  EXPECT_EQ(other.status.state, NominationState::kNotRecommended);
}

TEST(CouncilRecordTest, AnOutcomeWhileSuspendedWaitsBehindTheSuspension) {
  Nomination nomination = Appraised();
  ASSERT_TRUE(ApplyRecordEvent(nomination, Placed()).ok());
  nomination.status = *ApplyTransition(nomination.status, NominationTransition::kSuspend);
  ASSERT_TRUE(ApplyRecordEvent(nomination, Outcome(v1::COUNCIL_RESULT_RECOMMENDED)).ok());
  EXPECT_EQ(nomination.status.state, NominationState::kSuspended);
  EXPECT_EQ(nomination.status.suspended_from, NominationState::kRecommended);
  nomination.status = *ApplyTransition(nomination.status, NominationTransition::kResume);
  EXPECT_EQ(nomination.status.state, NominationState::kRecommended);
}

TEST(CouncilRecordTest, APlacementAfterAWithdrawalIsVoidAndChangesNothing) {
  Nomination nomination = Appraised();
  nomination.status.state = NominationState::kWithdrawn;
  absl::Status applied = ApplyRecordEvent(nomination, Placed());
  EXPECT_EQ(applied.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(nomination.status.state, NominationState::kWithdrawn);
  EXPECT_TRUE(nomination.agenda_id.empty());
}

}  // namespace
}  // namespace award::nominations
