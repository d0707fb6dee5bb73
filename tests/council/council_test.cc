// The council's membership over time: the seeds' city council of 14, changes
// that take effect on a date, and the composition every date must keep.
#include "services/council/domain/council.h"

#include "gtest/gtest.h"
#include "services/common/proto_events.h"
#include "services/common/rule_book.h"
#include "tests/support/api_values.h"

namespace award::council {
namespace {

using award::testing::Day;

v1::CouncilMember Member(const std::string& id, v1::CouncilRole role) {
  v1::CouncilMember member;
  member.set_member_id(id);
  member.set_full_name("Nguyễn Văn " + id);
  member.set_role(role);
  return member;
}

class CouncilTest : public ::testing::Test {
 protected:
  void SetUp() override {
    v1::CouncilConstituted constituted;
    constituted.set_authority_id("ubnd-thanh-pho");
    constituted.set_name("Hội đồng Thi đua - Khen thưởng thành phố");
    *constituted.mutable_effective_on() = Day(2025, 1, 1);
    *constituted.add_members() = Member("chair", v1::COUNCIL_ROLE_CHAIR);
    for (int i = 1; i <= 3; ++i) {
      *constituted.add_members() = Member(absl::StrCat("vice", i), v1::COUNCIL_ROLE_VICE_CHAIR);
    }
    for (int i = 1; i <= 10; ++i) {
      *constituted.add_members() = Member(absl::StrCat("member", i), v1::COUNCIL_ROLE_MEMBER);
    }
    ASSERT_TRUE(Record(DecideConstitute(council_, constituted)).ok());
  }

  absl::Status Record(const absl::StatusOr<std::vector<NewEvent>>& events) {
    if (!events.ok()) return events.status();
    for (const NewEvent& event : *events) {
      if (absl::Status s = CouncilAggregate::Evolve(council_, UnrecordedEvent(event)); !s.ok()) {
        return s;
      }
    }
    return absl::OkStatus();
  }

  size_t VotingOn(int y, int m, int d, bool secretary_votes = false) {
    return VotingMembersOn(council_, absl::CivilDay(y, m, d), secretary_votes).size();
  }

  Council council_;
};

TEST_F(CouncilTest, TheSeedsCityCouncilHasFourteenVotingMembers) {
  EXPECT_EQ(VotingOn(2025, 3, 1), 14u);
  EXPECT_EQ(VotingOn(2024, 12, 31), 0u);
}

TEST_F(CouncilTest, ChangesTakeEffectOnTheirDate) {
  v1::CouncilMemberAdded added;
  *added.mutable_member() = Member("secretary", v1::COUNCIL_ROLE_SECRETARY);
  *added.mutable_effective_on() = Day(2025, 6, 1);
  ASSERT_TRUE(Record(DecideAddMember(council_, added)).ok());
  EXPECT_EQ(MembersOn(council_, absl::CivilDay(2025, 6, 1)).size(), 15u);
  EXPECT_EQ(VotingOn(2025, 6, 1), 14u);        // the secretary records, does not vote
  EXPECT_EQ(VotingOn(2025, 6, 1, true), 15u);  // unless the rule set says so

  v1::CouncilMemberReplaced replaced;
  replaced.set_member_id("member3");
  *replaced.mutable_replacement() = Member("member11", v1::COUNCIL_ROLE_MEMBER);
  *replaced.mutable_effective_on() = Day(2025, 9, 1);
  ASSERT_TRUE(Record(DecideReplaceMember(council_, replaced)).ok());
  EXPECT_TRUE(MemberOn(council_, "member3", absl::CivilDay(2025, 8, 31)).has_value());
  EXPECT_FALSE(MemberOn(council_, "member3", absl::CivilDay(2025, 9, 1)).has_value());
  EXPECT_TRUE(MemberOn(council_, "member11", absl::CivilDay(2025, 9, 1)).has_value());
  EXPECT_EQ(VotingOn(2025, 9, 1), 14u);

  v1::CouncilMemberRemoved removed;
  removed.set_member_id("member4");
  *removed.mutable_effective_on() = Day(2025, 10, 1);
  ASSERT_TRUE(Record(DecideRemoveMember(council_, removed)).ok());
  EXPECT_EQ(VotingOn(2025, 9, 30), 14u);
  EXPECT_EQ(VotingOn(2025, 10, 1), 13u);
}

TEST_F(CouncilTest, TheCompositionMustKeepOneChair) {
  v1::CouncilMemberAdded second_chair;
  *second_chair.mutable_member() = Member("chair2", v1::COUNCIL_ROLE_CHAIR);
  *second_chair.mutable_effective_on() = Day(2025, 2, 1);
  EXPECT_EQ(DecideAddMember(council_, second_chair).status().code(),
            absl::StatusCode::kFailedPrecondition);
  v1::CouncilMemberRemoved no_chair;
  no_chair.set_member_id("chair");
  *no_chair.mutable_effective_on() = Day(2025, 2, 1);
  EXPECT_EQ(DecideRemoveMember(council_, no_chair).status().code(),
            absl::StatusCode::kFailedPrecondition);
  v1::CouncilMemberReplaced new_chair;
  new_chair.set_member_id("chair");
  *new_chair.mutable_replacement() = Member("chair2", v1::COUNCIL_ROLE_CHAIR);
  *new_chair.mutable_effective_on() = Day(2025, 2, 1);
  EXPECT_TRUE(DecideReplaceMember(council_, new_chair).ok());
}

TEST_F(CouncilTest, BadChangesAreRefusedNamingTheField) {
  v1::CouncilMemberAdded twice;
  *twice.mutable_member() = Member("member1", v1::COUNCIL_ROLE_MEMBER);
  *twice.mutable_effective_on() = Day(2025, 2, 1);
  EXPECT_EQ(DecideAddMember(council_, twice).status().code(), absl::StatusCode::kAlreadyExists);
  v1::CouncilMemberRemoved stranger;
  stranger.set_member_id("nobody");
  *stranger.mutable_effective_on() = Day(2025, 2, 1);
  EXPECT_EQ(DecideRemoveMember(council_, stranger).status().code(), absl::StatusCode::kNotFound);
  v1::CouncilMemberAdded early;
  *early.mutable_member() = Member("early", v1::COUNCIL_ROLE_MEMBER);
  *early.mutable_effective_on() = Day(2024, 6, 1);
  absl::Status refused = DecideAddMember(council_, early).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("effective_on"), std::string::npos) << refused;
  v1::CouncilMemberAdded no_role;
  *no_role.mutable_member() = Member("x", v1::COUNCIL_ROLE_UNSPECIFIED);
  *no_role.mutable_effective_on() = Day(2025, 2, 1);
  EXPECT_NE(DecideAddMember(council_, no_role).status().message().find("added.member.role"),
            std::string::npos);
}

TEST_F(CouncilTest, AReconstitutionReplacesTheWholeMembershipFromItsDate) {
  v1::CouncilConstituted again;
  again.set_authority_id("ubnd-thanh-pho");
  again.set_name("Hội đồng Thi đua - Khen thưởng thành phố (kiện toàn)");
  *again.mutable_effective_on() = Day(2026, 1, 1);
  *again.add_members() = Member("chair-new", v1::COUNCIL_ROLE_CHAIR);
  *again.add_members() = Member("member1", v1::COUNCIL_ROLE_MEMBER);
  ASSERT_TRUE(Record(DecideConstitute(council_, again)).ok());
  EXPECT_EQ(VotingOn(2025, 12, 31), 14u);
  EXPECT_EQ(VotingOn(2026, 1, 1), 2u);
}

}  // namespace
}  // namespace award::council
