// The pure parts of award decisions: the state table, the money (R17, R18,
// E11-E13, E19), who may sign (R1, R2, E17) and the register's numbers.
#include <iterator>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/common/proto_events.h"
#include "services/common/rule_book.h"
#include "services/decisions/domain/bonus.h"
#include "services/decisions/domain/decision_state.h"
#include "services/decisions/domain/register.h"
#include "services/decisions/domain/signer.h"

namespace award::decisions {
namespace {

constexpr int64_t kBase2025 = 2'340'000;

class DecisionsDomainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<RuleBook> rules = RuleBook::LoadDirectory(AWARD_RULES_DIR);
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = std::make_unique<RuleBook>(*std::move(rules));
    d152_ = *rules_->ByVersion("D152-2025");
    d98_ = *rules_->ByVersion("D98-2024");
  }

  int64_t Amount(const v1::RuleSet& rule_set, v1::AwardKind kind, v1::SubjectType subject,
                 int64_t base = kBase2025) {
    const v1::AwardRule* rule = *RuleBook::FindAward(rule_set, kind);
    absl::StatusOr<int64_t> amount = BonusAmount(*rule, base, subject, rule_set);
    EXPECT_TRUE(amount.ok()) << amount.status();
    return amount.value_or(-1);
  }

  static v1::DecisionAward Award(const std::string& awardee, v1::AwardKind kind,
                                 v1::AwardCategory category, int first, int last, uint32_t tenths,
                                 int64_t amount) {
    v1::DecisionAward award;
    award.set_awardee_id(awardee);
    award.set_kind(kind);
    award.set_category(category);
    award.set_first_year(first);
    award.set_last_year(last);
    award.set_coefficient_tenths(tenths);
    award.set_amount_vnd(amount);
    return award;
  }

  static nominations::Authority Authority(v1::AuthorityLevel level) {
    nominations::Authority authority;
    authority.exists = true;
    authority.registered.set_authority_id("ubnd-huyen-cao-loc");
    authority.registered.set_level(level);
    *authority.registered.mutable_established_on() = DateOf(absl::CivilDay(2000, 1, 1));
    return authority;
  }

  std::unique_ptr<RuleBook> rules_;
  const v1::RuleSet* d152_ = nullptr;
  const v1::RuleSet* d98_ = nullptr;
};

TEST(DecisionStateTest, EveryTransitionOfTheTable) {
  using S = DecisionState;
  using T = DecisionTransition;
  EXPECT_EQ(*ApplyTransition(S::kNone, T::kDraft), S::kDrafted);
  EXPECT_EQ(*ApplyTransition(S::kDrafted, T::kIssue), S::kIssued);
  EXPECT_EQ(*ApplyTransition(S::kIssued, T::kRevokeSome), S::kIssued);
  EXPECT_EQ(*ApplyTransition(S::kIssued, T::kRevokeAll), S::kRevoked);
  EXPECT_EQ(*ApplyTransition(S::kDrafted, T::kDiscard), S::kDiscarded);
  for (S from :
       {S::kNone, S::kDrafted, S::kIssued, S::kRevoked, S::kDiscarded, S::kRecordedFromPaper}) {
    for (T transition :
         {T::kDraft, T::kIssue, T::kRevokeSome, T::kRevokeAll, T::kDiscard, T::kRecordFromPaper}) {
      const bool allowed =
          (from == S::kNone && (transition == T::kDraft || transition == T::kRecordFromPaper)) ||
          (from == S::kRecordedFromPaper && transition == T::kRecordFromPaper) ||
          (from == S::kDrafted && (transition == T::kIssue || transition == T::kDiscard)) ||
          (from == S::kIssued && (transition == T::kRevokeSome || transition == T::kRevokeAll));
      absl::StatusOr<S> to = ApplyTransition(from, transition);
      EXPECT_EQ(to.ok(), allowed) << StateName(from) << " " << TransitionName(transition);
      if (!allowed && from != S::kNone) {
        EXPECT_EQ(to.status().code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_NE(to.status().message().find(StateName(from)), absl::string_view::npos);
      }
    }
  }
  EXPECT_EQ(DecisionStateAllows(S::kNone, T::kIssue).code(), absl::StatusCode::kNotFound);
}

TEST_F(DecisionsDomainTest, E11AnAdvancedWorkerGets710000) {
  EXPECT_EQ(RoundUpToTenThousand(702'000), 710'000);
  EXPECT_EQ(RoundUpToTenThousand(710'000), 710'000);
  EXPECT_EQ(RoundUpToTenThousand(710'001), 720'000);
  EXPECT_EQ(Amount(*d152_, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, v1::SUBJECT_TYPE_INDIVIDUAL),
            710'000);
  EXPECT_EQ(Amount(*d152_, v1::AWARD_KIND_CSTD_CO_SO, v1::SUBJECT_TYPE_INDIVIDUAL), 2'340'000);
  EXPECT_EQ(Amount(*d152_, v1::AWARD_KIND_CSTD_TINH, v1::SUBJECT_TYPE_INDIVIDUAL), 7'020'000);
  EXPECT_EQ(Amount(*d152_, v1::AWARD_KIND_BANG_KHEN_TTG, v1::SUBJECT_TYPE_INDIVIDUAL), 8'190'000);
}

TEST_F(DecisionsDomainTest, ACollectiveTitlePaysItsOwnCoefficientAndOnlyFormsAreMultiplied) {
  // Tập thể lao động tiên tiến: 0.8 x 2,340,000 = 1,872,000 -> 1,880,000, not twice that.
  EXPECT_EQ(Amount(*d152_, v1::AWARD_KIND_TAP_THE_LD_TIEN_TIEN, v1::SUBJECT_TYPE_COLLECTIVE),
            1'880'000);
  EXPECT_EQ(Amount(*d152_, v1::AWARD_KIND_GIAY_KHEN, v1::SUBJECT_TYPE_HOUSEHOLD), 1'065'000);
}

// R17 for every kind of D152 and every subject type, on the base salaries of
// 2024-07-01 (2,340,000) and 2023-07-01 (1,800,000). Each amount is worked by
// hand: coefficient x base, rounded up to 10,000; a form to a collective is
// twice, to a household one and a half times, the individual's rounded amount
// (the rule set's MULTIPLY_ROUNDED_INDIVIDUAL). -1: the kind is not awarded to
// that subject.
TEST_F(DecisionsDomainTest, EveryKindAndSubjectTypeOnTwoBaseSalaries) {
  struct Case {
    v1::AwardKind kind;
    int64_t individual, collective, household;                 // on 2,340,000
    int64_t individual_2023, collective_2023, household_2023;  // on 1,800,000
  };
  const Case cases[] = {
      // Titles of individuals.
      {v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 710'000, -1, -1, 540'000, -1, -1},   // 0.3: 702,000
      {v1::AWARD_KIND_CHIEN_SI_TIEN_TIEN, 710'000, -1, -1, 540'000, -1, -1},   // 0.3
      {v1::AWARD_KIND_CSTD_CO_SO, 2'340'000, -1, -1, 1'800'000, -1, -1},       // 1.0
      {v1::AWARD_KIND_CSTD_TINH, 7'020'000, -1, -1, 5'400'000, -1, -1},        // 3.0
      {v1::AWARD_KIND_CSTD_TOAN_QUOC, 10'530'000, -1, -1, 8'100'000, -1, -1},  // 4.5
      // Titles of collectives: their own coefficients, no multiplier.
      {v1::AWARD_KIND_TAP_THE_LD_TIEN_TIEN, -1, 1'880'000, -1, -1, 1'440'000,
       -1},                                                                        // 0.8: 1,872,000
      {v1::AWARD_KIND_TAP_THE_LD_XUAT_SAC, -1, 3'510'000, -1, -1, 2'700'000, -1},  // 1.5
      // The armed forces' names for the same two titles, paid as they are.
      {v1::AWARD_KIND_DON_VI_TIEN_TIEN, -1, 1'880'000, -1, -1, 1'440'000, -1},        // 0.8
      {v1::AWARD_KIND_DON_VI_QUYET_THANG, -1, 3'510'000, -1, -1, 2'700'000, -1},      // 1.5
      {v1::AWARD_KIND_CO_THI_DUA_TINH, -1, 18'720'000, -1, -1, 14'400'000, -1},       // 8.0
      {v1::AWARD_KIND_CO_THI_DUA_CHINH_PHU, -1, 28'080'000, -1, -1, 21'600'000, -1},  // 12.0
      {v1::AWARD_KIND_XA_TIEU_BIEU, -1, 4'680'000, -1, -1, 3'600'000, -1},            // 2.0
      {v1::AWARD_KIND_THON_TDP_VAN_HOA, -1, 3'510'000, -1, -1, 2'700'000, -1},        // 1.5
      // A household's title with no statutory cash.
      {v1::AWARD_KIND_GIA_DINH_VAN_HOA, -1, -1, 0, -1, -1, 0},
      // Forms: x2 for a collective, x1.5 for a household.
      {v1::AWARD_KIND_GIAY_KHEN, 710'000, 1'420'000, 1'065'000, 540'000, 1'080'000, 810'000},
      {v1::AWARD_KIND_BANG_KHEN_TINH, 3'510'000, 7'020'000, 5'265'000, 2'700'000, 5'400'000,
       4'050'000},
      {v1::AWARD_KIND_BANG_KHEN_TTG, 8'190'000, 16'380'000, 12'285'000, 6'300'000, 12'600'000,
       9'450'000},
      // State honorary titles: their money is outside this rule set.
      {v1::AWARD_KIND_DANH_HIEU_VINH_DU_NN, 0, 0, -1, 0, 0, -1},
  };
  ASSERT_EQ(std::size(cases), static_cast<size_t>(d152_->awards_size()));
  for (const Case& c : cases) {
    const v1::AwardRule* rule = *RuleBook::FindAward(*d152_, c.kind);
    for (const auto& [subject, expected, expected_2023] :
         {std::tuple{v1::SUBJECT_TYPE_INDIVIDUAL, c.individual, c.individual_2023},
          std::tuple{v1::SUBJECT_TYPE_COLLECTIVE, c.collective, c.collective_2023},
          std::tuple{v1::SUBJECT_TYPE_HOUSEHOLD, c.household, c.household_2023}}) {
      for (const auto& [base, want] :
           {std::pair{kBase2025, expected}, std::pair{int64_t{1'800'000}, expected_2023}}) {
        absl::StatusOr<int64_t> amount = BonusAmount(*rule, base, subject, *d152_);
        const std::string what = absl::StrCat(v1::AwardKind_Name(c.kind), " ",
                                              v1::SubjectType_Name(subject), " on ", base);
        if (want < 0) {
          EXPECT_EQ(amount.status().code(), absl::StatusCode::kFailedPrecondition) << what;
        } else {
          ASSERT_TRUE(amount.ok()) << what << ": " << amount.status();
          EXPECT_EQ(*amount, want) << what;
        }
      }
    }
  }
}

TEST_F(DecisionsDomainTest, E19TheRuleSetSaysHowACollectiveGiayKhenIsRounded) {
  EXPECT_EQ(d152_->multiplier_rounding(), v1::MULTIPLIER_ROUNDING_MULTIPLY_ROUNDED_INDIVIDUAL);
  EXPECT_EQ(Amount(*d152_, v1::AWARD_KIND_GIAY_KHEN, v1::SUBJECT_TYPE_COLLECTIVE), 1'420'000);
  v1::RuleSet other = *d152_;
  other.set_multiplier_rounding(v1::MULTIPLIER_ROUNDING_ROUND_MULTIPLIED_COEFFICIENT);
  EXPECT_EQ(Amount(other, v1::AWARD_KIND_GIAY_KHEN, v1::SUBJECT_TYPE_COLLECTIVE), 1'410'000);
  EXPECT_EQ(Amount(other, v1::AWARD_KIND_GIAY_KHEN, v1::SUBJECT_TYPE_HOUSEHOLD), 1'060'000);
  other.clear_multiplier_rounding();
  EXPECT_EQ(BonusAmount(**RuleBook::FindAward(other, v1::AWARD_KIND_GIAY_KHEN), kBase2025,
                        v1::SUBJECT_TYPE_COLLECTIVE, other)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(DecisionsDomainTest, E12OnlyTheHighestTitleOfOnePeriodIsPaid) {
  std::vector<v1::DecisionAward> awards = {
      Award("a", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, v1::AWARD_CATEGORY_TITLE, 2025, 2025, 3,
            710'000),
      Award("a", v1::AWARD_KIND_CSTD_CO_SO, v1::AWARD_CATEGORY_TITLE, 2025, 2025, 10, 2'340'000),
      // Title and form at once: both paid (49(7)).
      Award("a", v1::AWARD_KIND_GIAY_KHEN, v1::AWARD_CATEGORY_FORM, 2025, 2025, 3, 710'000),
      // Somebody else's title of the same period is theirs.
      Award("b", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, v1::AWARD_CATEGORY_TITLE, 2025, 2025, 3,
            710'000)};
  PayOnlyTheHighestTitlePerPeriod(awards);
  EXPECT_EQ(awards[0].amount_vnd(), 0);
  EXPECT_NE(awards[0].unpaid_reason().find("R18"), std::string::npos);
  EXPECT_EQ(awards[1].amount_vnd(), 2'340'000);
  EXPECT_EQ(awards[2].amount_vnd(), 710'000);
  EXPECT_EQ(awards[3].amount_vnd(), 710'000);
}

TEST_F(DecisionsDomainTest, E13TitlesOfDifferentPeriodsAreEachPaid) {
  std::vector<v1::DecisionAward> awards = {
      Award("a", v1::AWARD_KIND_CSTD_TINH, v1::AWARD_CATEGORY_TITLE, 2023, 2025, 30, 7'020'000),
      Award("a", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, v1::AWARD_CATEGORY_TITLE, 2025, 2025, 3,
            710'000)};
  PayOnlyTheHighestTitlePerPeriod(awards);
  EXPECT_EQ(awards[0].amount_vnd() + awards[1].amount_vnd(), 7'730'000);
}

TEST_F(DecisionsDomainTest, E17ADistrictSignsGrassrootsFightersOnlyUntilTheReform) {
  const v1::AwardRule& before = **RuleBook::FindAward(*d98_, v1::AWARD_KIND_CSTD_CO_SO);
  const v1::AwardRule& after = **RuleBook::FindAward(*d152_, v1::AWARD_KIND_CSTD_CO_SO);
  const nominations::Authority district = Authority(v1::AUTHORITY_LEVEL_DISTRICT);
  EXPECT_TRUE(CheckSigningAuthority(district, absl::CivilDay(2025, 6, 20), before).ok());
  absl::Status late = CheckSigningAuthority(district, absl::CivilDay(2025, 7, 15), before);
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(late.message().find("R2"), absl::string_view::npos) << late;
  absl::Status d152 = CheckSigningAuthority(district, absl::CivilDay(2025, 6, 20), after);
  EXPECT_NE(d152.message().find("R1"), absl::string_view::npos) << d152;

  const nominations::Authority commune = Authority(v1::AUTHORITY_LEVEL_COMMUNE);
  EXPECT_TRUE(CheckSigningAuthority(commune, absl::CivilDay(2025, 7, 15), after).ok());
  EXPECT_NE(
      CheckSigningAuthority(commune, absl::CivilDay(2025, 6, 20), before).message().find("R1"),
      absl::string_view::npos);
  const v1::AwardRule& provincial = **RuleBook::FindAward(*d152_, v1::AWARD_KIND_CSTD_TINH);
  EXPECT_NE(
      CheckSigningAuthority(commune, absl::CivilDay(2025, 7, 15), provincial).message().find("R1"),
      absl::string_view::npos);

  nominations::Authority dissolved = commune;
  dissolved.status = nominations::Authority::Status::kDissolved;
  dissolved.ended_on = absl::CivilDay(2025, 7, 1);
  EXPECT_TRUE(CheckSigningAuthority(dissolved, absl::CivilDay(2025, 6, 30), after).ok());
  EXPECT_NE(
      CheckSigningAuthority(dissolved, absl::CivilDay(2025, 7, 1), after).message().find("R2"),
      absl::string_view::npos);
}

TEST_F(DecisionsDomainTest, ASignerIsNamedWithTitleAndCapacity) {
  v1::Signer signer;
  EXPECT_EQ(ValidateSigner(signer).code(), absl::StatusCode::kInvalidArgument);
  signer.set_person_id("p1");
  signer.set_full_name("Nguyễn Văn A");
  signer.set_title("Chủ tịch");
  EXPECT_EQ(ValidateSigner(signer).code(), absl::StatusCode::kInvalidArgument);
  signer.set_capacity(v1::SIGNER_CAPACITY_DEPUTY);
  EXPECT_TRUE(ValidateSigner(signer).ok());
}

TEST(RegisterTest, NumbersFollowEachOtherFromOne) {
  DecisionRegister book;
  auto numbered = [](uint32_t number) {
    v1::DecisionNumbered event;
    event.set_number(number);
    event.set_decision_id(absl::StrCat("d", number));
    *event.mutable_decision_date() = DateOf(absl::CivilDay(2026, 1, 2));
    return UnrecordedEvent(ToNewEvent(event));
  };
  ASSERT_TRUE(RegisterAggregate::Evolve(book, numbered(1)).ok());
  ASSERT_TRUE(RegisterAggregate::Evolve(book, numbered(2)).ok());
  EXPECT_EQ(RegisterAggregate::Evolve(book, numbered(4)).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(book.last_number, 2u);
  EXPECT_EQ(NumberText(12, "QĐ-UBND"), "12/QĐ-UBND");
  EXPECT_EQ(RegisterStream("ubnd-xa-tan-lap", 2026), "register-ubnd-xa-tan-lap-2026");
}

}  // namespace
}  // namespace award::decisions
