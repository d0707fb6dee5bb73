// What may go on a council's agenda: an APPRAISED nomination of that
// authority, once, with a ballot rule; and where the rule asks for a public
// listing, only after it has run its working days in full (R13).
#include "services/council/domain/agenda_record.h"

#include "gtest/gtest.h"

namespace award::council {
namespace {

class AgendaItemForTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<RuleBook> rules = RuleBook::LoadDirectory(AWARD_RULES_DIR);
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = std::make_unique<RuleBook>(*std::move(rules));
    nomination_.exists = true;
    nomination_.status.state = nominations::NominationState::kAppraised;
    nomination_.rule_set_version = "D152-2025";
    nomination_.draft.set_authority_id("ubnd-tinh");
    nomination_.draft.set_kind(v1::AWARD_KIND_DANH_HIEU_VINH_DU_NN);
  }

  absl::StatusOr<v1::AgendaItem> ItemOn(absl::CivilDay day, bool open_vote = false) {
    return AgendaItemFor(nomination_, record_, "n1", "ubnd-tinh", open_vote, *rules_, day,
                         calendar_);
  }

  std::unique_ptr<RuleBook> rules_;
  const WorkingDayCalendar calendar_{{.years = {2025}, .holidays = {absl::CivilDay(2025, 12, 10)}}};
  nominations::OwnStreamNomination nomination_;
  AgendaRecord record_;
};

TEST_F(AgendaItemForTest, TheListingMustHaveRunItsWorkingDaysInFull) {
  EXPECT_EQ(ItemOn(absl::CivilDay(2026, 1, 5)).status().code(),
            absl::StatusCode::kFailedPrecondition);  // never listed
  nomination_.listed_on = DateOf(absl::CivilDay(2025, 12, 1));
  // Ten working days after Monday 1 December, with a holiday on the 10th: the 16th.
  EXPECT_FALSE(ItemOn(absl::CivilDay(2025, 12, 16)).ok());
  absl::StatusOr<v1::AgendaItem> item = ItemOn(absl::CivilDay(2025, 12, 17));
  ASSERT_TRUE(item.ok()) << item.status();
  EXPECT_EQ(item->ballot().threshold_percent(), 90u);
  EXPECT_EQ(item->ballot().quorum().numerator(), 4u);
}

TEST_F(AgendaItemForTest, TheSimplifiedProcedureNeedsNoListing) {
  nomination_.draft.set_simplified_procedure(true);
  EXPECT_TRUE(ItemOn(absl::CivilDay(2025, 12, 2)).ok());
}

TEST_F(AgendaItemForTest, OnlyAnAppraisedNominationOfThisAuthorityWithABallotRule) {
  nomination_.draft.set_simplified_procedure(true);
  nomination_.status.state = nominations::NominationState::kSubmitted;
  EXPECT_EQ(ItemOn(absl::CivilDay(2025, 12, 2)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  nomination_.status.state = nominations::NominationState::kAppraised;
  EXPECT_EQ(AgendaItemFor(nomination_, record_, "n1", "ubnd-khac", false, *rules_,
                          absl::CivilDay(2025, 12, 2), calendar_)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  record_.agenda_id = "hop-0";
  EXPECT_EQ(ItemOn(absl::CivilDay(2025, 12, 2)).status().code(), absl::StatusCode::kAlreadyExists);
  record_.agenda_id.clear();
  EXPECT_EQ(ItemOn(absl::CivilDay(2025, 12, 2), /*open_vote=*/true).status().code(),
            absl::StatusCode::kFailedPrecondition);  // a Hero title is voted in secret
  nomination_.draft.set_kind(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN);
  EXPECT_EQ(ItemOn(absl::CivilDay(2025, 12, 2)).status().code(),
            absl::StatusCode::kFailedPrecondition);  // no ballot rule without an override
}

}  // namespace
}  // namespace award::council
