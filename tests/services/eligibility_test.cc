// Eligibility rules with the worked cases of award-rules.md section 11 (E6-E10,
// E14-E16) and boundaries of our own.
#include "services/nominations/domain/eligibility.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace award::nominations {
namespace {

GrantedAward Award(v1::AwardKind kind, int first_year, int last_year = 0) {
  GrantedAward award;
  award.kind = kind;
  award.first_year = first_year;
  award.last_year = last_year == 0 ? first_year : last_year;
  award.decision_date = absl::CivilDay(award.last_year, 12, 20);
  return award;
}

GrantedAward Fighter(int year) { return Award(v1::AWARD_KIND_CSTD_CO_SO, year); }

YearRecord Rated(int year, Rating rating, std::vector<InitiativeScope> initiatives = {}) {
  return {year, rating, std::move(initiatives)};
}

Proposal Propose(v1::AwardKind kind, int year) {
  Proposal proposal;
  proposal.kind = kind;
  proposal.year = year;
  proposal.submitted_on = absl::CivilDay(year + 1, 1, 15);
  return proposal;
}

std::string Reasons(const Eligibility& result) {
  std::string out;
  for (const RuleFailure& failure : result.failures)
    out += failure.rule + ": " + failure.reason + "; ";
  return out;
}

bool FailsOn(const Eligibility& result, const std::string& rule, const std::string& words) {
  for (const RuleFailure& failure : result.failures) {
    if (failure.rule == rule && failure.reason.find(words) != std::string::npos) return true;
  }
  return false;
}

TEST(EligibilityTest, E6AGapInTheThreeYearsFailsTheProvincialFighter) {
  NomineeHistory history;
  history.awards = {Fighter(2022), Fighter(2024), Fighter(2025)};
  history.years = {Rated(2024, Rating::kExcellent, {InitiativeScope::kProvince})};
  const Eligibility result =
      CheckEligibility(Propose(v1::AWARD_KIND_CSTD_TINH, 2025), history, {"R4"});
  EXPECT_TRUE(FailsOn(result, "R4", "no Chiến sĩ thi đua cơ sở for 2023")) << Reasons(result);
  EXPECT_EQ(result.failures.size(), 1u) << Reasons(result);

  history.awards.push_back(Fighter(2023));
  EXPECT_TRUE(CheckEligibility(Propose(v1::AWARD_KIND_CSTD_TINH, 2025), history, {"R4"}).passed());
}

TEST(EligibilityTest, E7ARevokedYearBreaksTheStreak) {
  NomineeHistory history;
  history.awards = {Fighter(2023), Fighter(2024), Fighter(2025)};
  history.awards[1].revoked = true;
  history.years = {Rated(2025, Rating::kExcellent, {InitiativeScope::kProvince})};
  const Eligibility result =
      CheckEligibility(Propose(v1::AWARD_KIND_CSTD_TINH, 2025), history, {"R4"});
  EXPECT_TRUE(FailsOn(result, "R4", "for 2024 was revoked")) << Reasons(result);
}

TEST(EligibilityTest, E8AGoodYearWithoutInitiativeIsNoGrassrootsFighterButAnExcellentOneIs) {
  NomineeHistory history;
  history.years = {Rated(2025, Rating::kGood)};
  const Eligibility good =
      CheckEligibility(Propose(v1::AWARD_KIND_CSTD_CO_SO, 2025), history, {"R3"});
  EXPECT_TRUE(FailsOn(good, "R3", "neither rated excellent nor an initiative")) << Reasons(good);
  history.years = {Rated(2025, Rating::kExcellent)};
  EXPECT_TRUE(CheckEligibility(Propose(v1::AWARD_KIND_CSTD_CO_SO, 2025), history, {"R3"}).passed());
  history.years = {Rated(2025, Rating::kGood, {InitiativeScope::kUnit})};
  EXPECT_TRUE(CheckEligibility(Propose(v1::AWARD_KIND_CSTD_CO_SO, 2025), history, {"R3"}).passed());
  history.years = {Rated(2025, Rating::kCompleted, {InitiativeScope::kUnit})};
  EXPECT_TRUE(FailsOn(CheckEligibility(Propose(v1::AWARD_KIND_CSTD_CO_SO, 2025), history, {"R3"}),
                      "R3", "not rated at least good in 2025"));
}

TEST(EligibilityTest, E9ThePrimeMinistersCertificateNeedsThreeFightersInFiveGoodYears) {
  NomineeHistory history;
  history.awards = {Award(v1::AWARD_KIND_BANG_KHEN_TINH, 2019), Fighter(2021), Fighter(2023)};
  for (int year = 2020; year <= 2024; ++year) history.years.push_back(Rated(year, Rating::kGood));
  const Eligibility two =
      CheckEligibility(Propose(v1::AWARD_KIND_BANG_KHEN_TTG, 2024), history, {"R7"});
  EXPECT_TRUE(FailsOn(two, "R7", "only 2")) << Reasons(two);
  history.awards.push_back(Fighter(2024));
  const Eligibility three =
      CheckEligibility(Propose(v1::AWARD_KIND_BANG_KHEN_TTG, 2024), history, {"R7"});
  EXPECT_TRUE(three.passed()) << Reasons(three);
  history.years[2].rating = Rating::kCompleted;
  EXPECT_TRUE(
      FailsOn(CheckEligibility(Propose(v1::AWARD_KIND_BANG_KHEN_TTG, 2024), history, {"R7"}), "R7",
              "not rated at least good in 2022"));
}

TEST(EligibilityTest, E10AnOutstandingAchievementClaimGoesToPeopleNotToRejection) {
  Proposal proposal = Propose(v1::AWARD_KIND_BANG_KHEN_TTG, 2025);
  proposal.claims_outstanding_path = true;
  const Eligibility result = CheckEligibility(proposal, NomineeHistory{}, {"R7"});
  EXPECT_TRUE(result.failures.empty()) << Reasons(result);
  EXPECT_TRUE(result.manual_appraisal.has_value());
  EXPECT_TRUE(FailsOn(
      CheckEligibility(Propose(v1::AWARD_KIND_BANG_KHEN_TTG, 2025), NomineeHistory{}, {"R7"}), "R7",
      "no earlier Bằng khen tỉnh"));
}

Proposal Collective(v1::AwardKind kind, int members, int advanced, int fighters = 0) {
  Proposal proposal = Propose(kind, 2025);
  proposal.collective = {Rating::kExcellent, members, members, advanced, fighters};
  return proposal;
}

TEST(EligibilityTest, E14AnAdvancedCollectiveNeedsMoreThanHalf) {
  EXPECT_TRUE(
      FailsOn(CheckEligibility(Collective(v1::AWARD_KIND_TAP_THE_LD_TIEN_TIEN, 20, 10), {}, {"R9"}),
              "R9", "10 of 20"));
  EXPECT_TRUE(CheckEligibility(Collective(v1::AWARD_KIND_TAP_THE_LD_TIEN_TIEN, 20, 11), {}, {"R9"})
                  .passed());
  EXPECT_FALSE(
      CheckEligibility(Collective(v1::AWARD_KIND_TAP_THE_LD_TIEN_TIEN, 100, 50), {}, {"R9"})
          .passed());
  EXPECT_TRUE(CheckEligibility(Collective(v1::AWARD_KIND_TAP_THE_LD_TIEN_TIEN, 100, 51), {}, {"R9"})
                  .passed());
}

TEST(EligibilityTest, E15AnExcellentCollectiveAtExactlySeventyPercentPasses) {
  EXPECT_TRUE(CheckEligibility(Collective(v1::AWARD_KIND_TAP_THE_LD_XUAT_SAC, 10, 7, 1), {}, {"R8"})
                  .passed());
  EXPECT_TRUE(FailsOn(
      CheckEligibility(Collective(v1::AWARD_KIND_TAP_THE_LD_XUAT_SAC, 100, 69, 1), {}, {"R8"}),
      "R8", "69 of 100"));
  EXPECT_TRUE(FailsOn(
      CheckEligibility(Collective(v1::AWARD_KIND_TAP_THE_LD_XUAT_SAC, 10, 7, 0), {}, {"R8"}), "R8",
      "no member"));
  Proposal short_handed = Collective(v1::AWARD_KIND_TAP_THE_LD_XUAT_SAC, 10, 8, 1);
  short_handed.collective.members_completed = 9;
  EXPECT_TRUE(FailsOn(CheckEligibility(short_handed, {}, {"R8"}), "R8", "1 of 10"));
}

TEST(EligibilityTest, E16AnOpenInspectionSuspendsInsteadOfFailing) {
  NomineeHistory history;
  history.years = {Rated(2025, Rating::kExcellent)};
  history.open_proceeding = "inspection 12/QĐ-TTr opened 2025-11-03";
  const Eligibility result =
      CheckEligibility(Propose(v1::AWARD_KIND_CSTD_CO_SO, 2025), history, {"R3"});
  EXPECT_TRUE(result.failures.empty()) << Reasons(result);
  EXPECT_EQ(result.suspended, history.open_proceeding);
  EXPECT_FALSE(result.passed());
}

TEST(EligibilityTest, R15AnAchievementIsRewardedOnceAndAdHocFoundsNothingHigher) {
  NomineeHistory history;
  GrantedAward certificate = Award(v1::AWARD_KIND_GIAY_KHEN, 2025);
  certificate.achievement_ids = {"flood-relief-2025"};
  history.awards = {certificate};
  Proposal proposal = Propose(v1::AWARD_KIND_BANG_KHEN_TINH, 2025);
  proposal.achievement_ids = {"flood-relief-2025"};
  EXPECT_TRUE(FailsOn(CheckEligibility(proposal, history, {}), "R15", "already rewarded"));
  history.awards[0].revoked = true;
  EXPECT_TRUE(CheckEligibility(proposal, history, {}).passed());

  Proposal ad_hoc = Propose(v1::AWARD_KIND_CSTD_TINH, 2025);
  ad_hoc.basis = v1::BASIS_AD_HOC;
  EXPECT_TRUE(FailsOn(CheckEligibility(ad_hoc, NomineeHistory{}, {"R4"}), "R15", "ad-hoc"));
  // An ad-hoc Giấy khen is fine: it founds on nothing.
  Proposal certificate_proposal = Propose(v1::AWARD_KIND_GIAY_KHEN, 2025);
  certificate_proposal.basis = v1::BASIS_AD_HOC;
  EXPECT_TRUE(CheckEligibility(certificate_proposal, NomineeHistory{}, {}).passed());
}

// R6 is Bằng khen tỉnh's path (d), for merit over two years. An ad-hoc or
// thematic achievement takes another path of L 74: it needs no earlier award,
// and D152 4(3) forbids it only as the basis of a higher one.
TEST(EligibilityTest, R6ABangKhenTinhForAnAdHocAchievementTakesAnotherPath) {
  for (v1::Basis basis : {v1::BASIS_AD_HOC, v1::BASIS_THEMATIC}) {
    Proposal ad_hoc = Propose(v1::AWARD_KIND_BANG_KHEN_TINH, 2025);
    ad_hoc.basis = basis;
    ad_hoc.achievement_ids = {"flood-relief-2025"};
    const Eligibility judged = CheckEligibility(ad_hoc, NomineeHistory{}, {"R6"});
    EXPECT_TRUE(judged.passed()) << v1::Basis_Name(basis);
    EXPECT_TRUE(judged.relied_on.empty());
  }
  // On merit, path (d) still asks for its two years.
  EXPECT_TRUE(FailsOn(
      CheckEligibility(Propose(v1::AWARD_KIND_BANG_KHEN_TINH, 2025), NomineeHistory{}, {"R6"}),
      "R6", "neither"));
}

TEST(EligibilityTest, R16YearsCountedByTheLastProvincialFighterCountNoMore) {
  NomineeHistory history;
  history.awards = {Fighter(2023), Fighter(2024), Fighter(2025), Fighter(2026),
                    Award(v1::AWARD_KIND_CSTD_TINH, 2023, 2025)};
  history.years = {Rated(2026, Rating::kExcellent, {InitiativeScope::kProvince})};
  const Eligibility result =
      CheckEligibility(Propose(v1::AWARD_KIND_CSTD_TINH, 2026), history, {"R4"});
  EXPECT_TRUE(FailsOn(result, "R16", "2024 was already counted")) << Reasons(result);
  EXPECT_TRUE(FailsOn(result, "R16", "2025 was already counted")) << Reasons(result);
}

TEST(EligibilityTest, R5TwoConsecutiveProvincialFightersANationalInitiativeAndTheDeadline) {
  NomineeHistory history;
  history.awards = {Award(v1::AWARD_KIND_CSTD_TINH, 2019, 2021),
                    Award(v1::AWARD_KIND_CSTD_TINH, 2022, 2024)};
  history.years = {Rated(2023, Rating::kExcellent, {InitiativeScope::kNational})};
  Proposal proposal = Propose(v1::AWARD_KIND_CSTD_TOAN_QUOC, 2024);
  proposal.submitted_on = absl::CivilDay(2025, 12, 31);
  EXPECT_TRUE(CheckEligibility(proposal, history, {"R5"}).passed());
  proposal.submitted_on = absl::CivilDay(2026, 1, 2);
  EXPECT_TRUE(
      FailsOn(CheckEligibility(proposal, history, {"R5"}), "R5", "submitted after 2025-12-31"));
  history.awards[0].last_year = 2020;  // a year between them: not consecutive
  EXPECT_TRUE(FailsOn(CheckEligibility(proposal, history, {"R5"}), "R5", "no two consecutive"));
}

TEST(EligibilityTest, R6TwoConsecutiveFightersOrTwoExcellentYearsWithTwoInitiatives) {
  NomineeHistory history;
  history.awards = {Fighter(2024), Fighter(2025)};
  EXPECT_TRUE(
      CheckEligibility(Propose(v1::AWARD_KIND_BANG_KHEN_TINH, 2025), history, {"R6"}).passed());
  history.awards = {Fighter(2025)};
  EXPECT_TRUE(
      FailsOn(CheckEligibility(Propose(v1::AWARD_KIND_BANG_KHEN_TINH, 2025), history, {"R6"}), "R6",
              "neither"));
  history.years = {Rated(2024, Rating::kExcellent, {InitiativeScope::kUnit}),
                   Rated(2025, Rating::kExcellent, {InitiativeScope::kUnit})};
  EXPECT_TRUE(
      CheckEligibility(Propose(v1::AWARD_KIND_BANG_KHEN_TINH, 2025), history, {"R6"}).passed());
}

}  // namespace
}  // namespace award::nominations
