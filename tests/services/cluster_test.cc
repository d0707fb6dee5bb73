// Emulation clusters' pure rules: the ranking of year-end scores and the R10
// quota in integers.
#include "services/nominations/domain/cluster.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace award::nominations {
namespace {

v1::UnitScore Score(const std::string& unit, int64_t tenths) {
  v1::UnitScore score;
  score.set_unit_id(unit);
  score.set_score_tenths(tenths);
  return score;
}

TEST(ClusterRankingTest, BestFirstAndEqualScoresShareARank) {
  const std::vector<v1::ClusterScore> ranking =
      RankScores({Score("xa-a", 955), Score("xa-b", 980), Score("xa-c", 955), Score("xa-d", 700)});
  std::vector<std::pair<std::string, uint32_t>> got;
  for (const v1::ClusterScore& score : ranking) got.emplace_back(score.unit_id(), score.rank());
  EXPECT_EQ(got, (std::vector<std::pair<std::string, uint32_t>>{
                     {"xa-b", 1}, {"xa-a", 2}, {"xa-c", 2}, {"xa-d", 4}}));
}

// R10: Cờ thi đua CP proposals are at most 20 % of the leaders that met the
// provincial flag's standard, rounded down: 4 leaders allow none, 5 one, 9
// one, 10 two.
TEST(ClusterQuotaTest, R10IsTwentyPercentOfTheLeadersRoundedDown) {
  EXPECT_TRUE(WithinGovernmentFlagQuota(0, 0));
  EXPECT_FALSE(WithinGovernmentFlagQuota(1, 4));
  EXPECT_TRUE(WithinGovernmentFlagQuota(1, 5));
  EXPECT_FALSE(WithinGovernmentFlagQuota(2, 9));
  EXPECT_TRUE(WithinGovernmentFlagQuota(2, 10));
  EXPECT_TRUE(WithinGovernmentFlagQuota(200, 1000));
  EXPECT_FALSE(WithinGovernmentFlagQuota(201, 1000));
}

}  // namespace
}  // namespace award::nominations
