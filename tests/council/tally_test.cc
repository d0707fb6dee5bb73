// The council's arithmetic against an independent oracle: the least number of
// votes (or attendees) the rule needs, ceil(t x n / 100), computed exactly in
// integers, for every council size from 1 to 60 and every count; and the
// worked cases E1-E5 of award-rules.md.
#include "services/council/domain/tally.h"

#include "gtest/gtest.h"
#include "services/common/public_record.h"

namespace award::council {
namespace {

v1::Fraction Frac(uint32_t numerator, uint32_t denominator) {
  v1::Fraction f;
  f.set_numerator(numerator);
  f.set_denominator(denominator);
  return f;
}

// The least count k with k / n >= p / q, by exact integer ceiling.
uint64_t LeastNeeded(uint64_t p, uint64_t q, uint64_t n) { return (p * n + q - 1) / q; }

TEST(TallyTest, ThresholdMatchesExactRationalsForCouncilsOfOneToSixty) {
  for (uint32_t threshold : {50u, 51u, 66u, 67u, 75u, 80u, 90u, 100u}) {
    for (uint64_t n = 1; n <= 60; ++n) {
      const uint64_t needed = LeastNeeded(threshold, 100, n);
      for (uint64_t agree = 0; agree <= n; ++agree) {
        EXPECT_EQ(Approves(agree, n, threshold), agree >= needed)
            << agree << "/" << n << " at " << threshold << " %";
      }
    }
  }
}

TEST(TallyTest, QuorumMatchesExactRationalsForCouncilsOfOneToSixty) {
  for (auto [p, q] : {std::pair{2u, 3u}, {4u, 5u}, {1u, 2u}, {3u, 4u}, {1u, 1u}}) {
    for (uint64_t n = 1; n <= 60; ++n) {
      const uint64_t needed = LeastNeeded(p, q, n);
      for (uint64_t present = 0; present <= n; ++present) {
        EXPECT_EQ(MeetsQuorum(present, n, Frac(p, q)), present >= needed)
            << present << "/" << n << " against " << p << "/" << q;
      }
    }
  }
}

TEST(TallyTest, E1GovernmentFlagPassesAtExactlyEightyPercentOfAllMembers) {
  EXPECT_TRUE(Approves(12, 15, 80));
  EXPECT_FALSE(Approves(11, 15, 80));
}

TEST(TallyTest, E2NationalEmulationFighterNeedsFourteenOfFifteen) {
  EXPECT_FALSE(Approves(13, 15, 90));
  EXPECT_TRUE(Approves(14, 15, 90));
}

TEST(TallyTest, E3ThirteenPresentAllAgreeFailsAgainstFifteenMembers) {
  EXPECT_FALSE(Approves(13, 15, 90));  // 86.7 %: the absent count in the denominator
  EXPECT_TRUE(Approves(15, 15, 90));   // both absentees agree in writing
}

TEST(TallyTest, E4HeroTitlePassesAtExactlyNinetyPercent) { EXPECT_TRUE(Approves(9, 10, 90)); }

TEST(TallyTest, E5CentralCouncilQuorumAndHeroSession) {
  EXPECT_FALSE(MeetsQuorum(13, 20, Frac(2, 3)));  // 65 % < 2/3
  EXPECT_TRUE(MeetsQuorum(14, 20, Frac(2, 3)));
  EXPECT_FALSE(MeetsQuorum(15, 20, Frac(4, 5)));  // a Hero session needs 16
  EXPECT_TRUE(MeetsQuorum(16, 20, Frac(4, 5)));
}

TEST(TallyTest, StricterQuorumComparesExactly) {
  EXPECT_EQ(StricterQuorum(Frac(2, 3), Frac(4, 5)).numerator(), 4u);
  EXPECT_EQ(StricterQuorum(Frac(4, 5), Frac(2, 3)).numerator(), 4u);
  EXPECT_EQ(StricterQuorum(Frac(2, 3), Frac(66, 100)).numerator(), 2u);
}

TEST(TallyTest, AgreeShareIsWrittenTheVietnameseWay) {
  EXPECT_EQ(ShareText(12, 15), "12/15 (80,00 %)");
  EXPECT_EQ(ShareText(13, 15), "13/15 (86,67 %)");
  EXPECT_EQ(ShareText(1, 3), "1/3 (33,33 %)");
  EXPECT_EQ(ShareText(2, 3), "2/3 (66,67 %)");
  EXPECT_EQ(ShareText(14, 14), "14/14 (100,00 %)");
}

TEST(TallyTest, TallyCountsEveryChoiceAgainstAllVotingMembers) {
  v1::AgendaItem item;
  item.set_nomination_id("n1");
  item.mutable_ballot()->set_threshold_percent(90);
  const std::vector<v1::BallotChoice> choices(13, v1::BALLOT_CHOICE_AGREE);
  v1::ItemTally tally = TallyItem(item, choices, 0, 15);
  EXPECT_EQ(tally.agree(), 13u);
  EXPECT_EQ(tally.not_voting(), 2u);
  EXPECT_EQ(tally.voting_members(), 15u);
  EXPECT_EQ(tally.result(), v1::COUNCIL_RESULT_NOT_RECOMMENDED);
  EXPECT_EQ(tally.agree_share(), "13/15 (86,67 %)");
  EXPECT_EQ(tally.opened_choices_size(), 13);
}

}  // namespace
}  // namespace award::council
