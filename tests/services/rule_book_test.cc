// Rule sets as data: the shipped files load and say what the law says; every
// kind of bad file is refused with the file and the field.
#include "services/common/rule_book.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_replace.h"
#include "eventstore/errors.h"
#include "gtest/gtest.h"
#include "services/common/working_days.h"

namespace award {
namespace {

constexpr absl::string_view kRuleSet = R"pb(
  version: "TEST-2025"
  effective_from { year: 2025 month: 7 day: 1 }
  collective_multiplier_tenths: 20
  household_multiplier_tenths: 15
  multiplier_rounding: MULTIPLIER_ROUNDING_MULTIPLY_ROUNDED_INDIVIDUAL
  awards {
    kind: AWARD_KIND_CSTD_TINH
    category: AWARD_CATEGORY_TITLE
    subjects: SUBJECT_TYPE_INDIVIDUAL
    decided_by: AUTHORITY_LEVEL_PROVINCE
    required_documents: DOCUMENT_KIND_SUBMISSION_MEMO
    bonus_coefficient_tenths: 30
    eligibility_rules: "R4"
  }
  awards {
    kind: AWARD_KIND_CSTD_TOAN_QUOC
    category: AWARD_CATEGORY_TITLE
    subjects: SUBJECT_TYPE_INDIVIDUAL
    decided_by: AUTHORITY_LEVEL_PRIME_MINISTER
    ballot {
      threshold_percent: 90
      quorum { numerator: 2 denominator: 3 }
    }
    bonus_coefficient_tenths: 45
  }
)pb";

constexpr absl::string_view kBaseSalaries = R"pb(
  entries {
    effective_from { year: 2023 month: 7 day: 1 }
    vnd_per_month: 1800000
  }
  entries {
    effective_from { year: 2024 month: 7 day: 1 }
    vnd_per_month: 2340000
  }
)pb";

absl::Status RuleSetError(const std::string& from, const std::string& to) {
  return ParseRuleSet(absl::StrReplaceAll(kRuleSet, {{from, to}}), "test.textproto").status();
}

TEST(RuleBookTest, TheShippedRulesLoadAndSayWhatTheLawSays) {
  absl::StatusOr<RuleBook> book = RuleBook::LoadDirectory(AWARD_RULES_DIR);
  ASSERT_TRUE(book.ok()) << book.status();
  EXPECT_EQ(book->ForDossierReceived(absl::CivilDay(2023, 12, 31)).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ((*book->ForDossierReceived(absl::CivilDay(2025, 6, 30)))->version(), "D98-2024");
  absl::StatusOr<const v1::RuleSet*> d152 = book->ForDossierReceived(absl::CivilDay(2025, 7, 1));
  ASSERT_TRUE(d152.ok());
  EXPECT_EQ((*d152)->version(), "D152-2025");

  v1::BallotRule ballot;
  ASSERT_TRUE(book->BallotFor(**d152, v1::AWARD_KIND_CSTD_TOAN_QUOC, "any", ballot));
  EXPECT_EQ(ballot.threshold_percent(), 90u);
  EXPECT_EQ(ballot.quorum().numerator(), 2u);
  EXPECT_EQ(ballot.quorum().denominator(), 3u);
  ASSERT_TRUE(book->BallotFor(**d152, v1::AWARD_KIND_CO_THI_DUA_CHINH_PHU, "any", ballot));
  EXPECT_EQ(ballot.threshold_percent(), 80u);
  EXPECT_FALSE(book->BallotFor(**d152, v1::AWARD_KIND_GIAY_KHEN, "any", ballot));

  absl::StatusOr<const v1::AwardRule*> ldtt =
      RuleBook::FindAward(**d152, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN);
  ASSERT_TRUE(ldtt.ok());
  EXPECT_EQ((*ldtt)->bonus_coefficient_tenths(), 3u);  // E11: 0.3 x base salary
  EXPECT_EQ(*book->BaseSalaryOn(absl::CivilDay(2025, 12, 20)), 2'340'000);
  EXPECT_EQ(*book->BaseSalaryOn(absl::CivilDay(2024, 6, 30)), 1'800'000);
}

TEST(RuleBookTest, TheShippedHolidaysMakeTheWorkingDayCalendar) {
  absl::StatusOr<RuleBook> book = RuleBook::LoadDirectory(AWARD_RULES_DIR);
  ASSERT_TRUE(book.ok()) << book.status();
  const WorkingDayCalendar calendar(book->CalendarOptions());
  const auto works = [&](absl::CivilDay day) {
    absl::StatusOr<bool> working = calendar.IsWorkingDay(day);
    EXPECT_TRUE(working.ok()) << working.status();
    return working.value_or(false);
  };
  EXPECT_FALSE(works(absl::CivilDay(2025, 1, 29)));  // Tết
  EXPECT_TRUE(works(absl::CivilDay(2025, 4, 26)));   // make-up Saturday
  EXPECT_FALSE(works(absl::CivilDay(2025, 9, 2)));   // Quốc khánh
  EXPECT_EQ(eventstore::ErrorField(
                ParseHolidayCalendar("years: 2025 makeup_days { year: 2025 month: 4 day: 28 }", "h")
                    .status()),
            "makeup_days[0]");
  // A day entered for a year not declared entered, and a year twice.
  EXPECT_EQ(eventstore::ErrorField(
                ParseHolidayCalendar("years: 2025 holidays { year: 2026 month: 2 day: 16 }", "h")
                    .status()),
            "holidays[0]");
  EXPECT_EQ(eventstore::ErrorField(ParseHolidayCalendar("years: 2025 years: 2025", "h").status()),
            "years[1]");
}

// 2026 as the Government's notices set it: Tết Bính Ngọ 14-22 February, Giỗ
// Tổ on Sunday 26 April given on Monday 27, 2 January and 31 August swapped
// for Saturdays 10 January and 22 August.
TEST(RuleBookTest, TheShippedCalendarCounts2026AcrossTetAndTheSwappedDays) {
  absl::StatusOr<RuleBook> book = RuleBook::LoadDirectory(AWARD_RULES_DIR);
  ASSERT_TRUE(book.ok()) << book.status();
  const WorkingDayCalendar calendar(book->CalendarOptions());
  const auto add = [&](absl::CivilDay from, int count) {
    absl::StatusOr<absl::CivilDay> due = calendar.AddWorkingDays(from, count);
    EXPECT_TRUE(due.ok()) << due.status();
    return due.value_or(absl::CivilDay());
  };
  // From Friday 13 February: 23-27 February and 2-6 March; Tết counts for nothing.
  EXPECT_EQ(add(absl::CivilDay(2026, 2, 13), 10), absl::CivilDay(2026, 3, 6));
  // From Wednesday 31 December 2025: Saturday 10 January works, 1 and 2 January do not.
  EXPECT_EQ(add(absl::CivilDay(2025, 12, 31), 1), absl::CivilDay(2026, 1, 5));
  EXPECT_EQ(add(absl::CivilDay(2025, 12, 31), 5), absl::CivilDay(2026, 1, 9));
  EXPECT_EQ(add(absl::CivilDay(2025, 12, 31), 6), absl::CivilDay(2026, 1, 10));
  // From Friday 24 April: 28 and 29 April, then 4 May.
  EXPECT_EQ(add(absl::CivilDay(2026, 4, 24), 3), absl::CivilDay(2026, 5, 4));
  // From Friday 21 August: Saturday 22, 24-28 August, then Thursday 3 September.
  EXPECT_EQ(add(absl::CivilDay(2026, 8, 21), 6), absl::CivilDay(2026, 8, 28));
  EXPECT_EQ(add(absl::CivilDay(2026, 8, 21), 7), absl::CivilDay(2026, 9, 3));
  // 2027's notice is not entered: a limit reaching into it is refused.
  absl::StatusOr<absl::CivilDay> into_2027 =
      calendar.AddWorkingDays(absl::CivilDay(2026, 12, 21), 15);
  EXPECT_EQ(into_2027.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(into_2027.status().message().find("2027"), absl::string_view::npos);
}

// For decisions recorded from paper: base salaries since 2013-07-01 and the
// legal regimes since 2010, each from the day it took effect.
TEST(RuleBookTest, TheShippedRulesGoBackToTheRegimesAndSalariesBefore2023) {
  absl::StatusOr<RuleBook> book = RuleBook::LoadDirectory(AWARD_RULES_DIR);
  ASSERT_TRUE(book.ok()) << book.status();
  const std::vector<std::pair<absl::CivilDay, int64_t>> salaries = {
      {absl::CivilDay(2013, 7, 1), 1'150'000},  {absl::CivilDay(2016, 4, 30), 1'150'000},
      {absl::CivilDay(2016, 5, 1), 1'210'000},  {absl::CivilDay(2017, 7, 1), 1'300'000},
      {absl::CivilDay(2018, 7, 1), 1'390'000},  {absl::CivilDay(2019, 7, 1), 1'490'000},
      {absl::CivilDay(2023, 6, 30), 1'490'000}, {absl::CivilDay(2023, 7, 1), 1'800'000},
      {absl::CivilDay(2024, 7, 1), 2'340'000},
  };
  for (const auto& [day, vnd] : salaries) {
    absl::StatusOr<int64_t> salary = book->BaseSalaryOn(day);
    ASSERT_TRUE(salary.ok()) << day << ": " << salary.status();
    EXPECT_EQ(*salary, vnd) << day;
  }
  EXPECT_EQ(book->BaseSalaryOn(absl::CivilDay(2013, 6, 30)).status().code(),
            absl::StatusCode::kNotFound);

  const auto regime = [&](absl::CivilDay day) {
    absl::StatusOr<const v1::LegalRegime*> in_force = book->RegimeOn(day);
    EXPECT_TRUE(in_force.ok()) << day << ": " << in_force.status();
    return in_force.ok() ? (*in_force)->name() : std::string();
  };
  EXPECT_NE(regime(absl::CivilDay(2017, 7, 30)).find("42/2010"), std::string::npos);
  EXPECT_NE(regime(absl::CivilDay(2017, 7, 31)).find("91/2017"), std::string::npos);
  EXPECT_NE(regime(absl::CivilDay(2024, 1, 1)).find("98/2023"), std::string::npos);
  EXPECT_NE(regime(absl::CivilDay(2025, 7, 1)).find("152/2025"), std::string::npos);
  EXPECT_EQ(book->RegimeOn(absl::CivilDay(2010, 5, 31)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // Xã tiêu biểu is a title of the Law of 2022 only; districts decide nothing from 2025-07-01.
  const v1::LegalRegime* before = *book->RegimeOn(absl::CivilDay(2020, 1, 1));
  const v1::LegalRegime* after = *book->RegimeOn(absl::CivilDay(2025, 8, 1));
  EXPECT_EQ(std::count(before->kinds().begin(), before->kinds().end(), v1::AWARD_KIND_XA_TIEU_BIEU),
            0);
  EXPECT_EQ(
      std::count(after->levels().begin(), after->levels().end(), v1::AUTHORITY_LEVEL_DISTRICT), 0);
}

TEST(RuleBookTest, ARuleSetIsChosenByTheDateTheDossierWasReceived) {
  absl::StatusOr<v1::RuleSet> first = ParseRuleSet(kRuleSet, "a");
  absl::StatusOr<v1::RuleSet> second = ParseRuleSet(
      absl::StrReplaceAll(kRuleSet, {{"TEST-2025", "TEST-2026"}, {"year: 2025", "year: 2026"}}),
      "b");
  ASSERT_TRUE(first.ok() && second.ok());
  absl::StatusOr<RuleBook> book =
      RuleBook::Create({*second, *first}, *ParseBaseSalaryTable(kBaseSalaries, "s"));
  ASSERT_TRUE(book.ok()) << book.status();
  EXPECT_EQ((*book->ForDossierReceived(absl::CivilDay(2026, 6, 30)))->version(), "TEST-2025");
  EXPECT_EQ((*book->ForDossierReceived(absl::CivilDay(2026, 7, 1)))->version(), "TEST-2026");
}

TEST(RuleBookTest, AnAuthoritysOverrideGivesItsCouncilItsOwnBallot) {
  absl::StatusOr<v1::RuleSetOverride> lang_son =
      ParseRuleSetOverride(R"pb(
                             authority_id: "ubnd-tinh-lang-son"
                             rule_set_version: "TEST-2025"
                             ballots {
                               kind: AWARD_KIND_CSTD_TINH
                               ballot {
                                 threshold_percent: 90
                                 quorum { numerator: 2 denominator: 3 }
                               }
                             }
                           )pb",
                           "lang-son.override.textproto");
  ASSERT_TRUE(lang_son.ok()) << lang_son.status();
  absl::StatusOr<RuleBook> book = RuleBook::Create(
      {*ParseRuleSet(kRuleSet, "a")}, *ParseBaseSalaryTable(kBaseSalaries, "s"), {*lang_son});
  ASSERT_TRUE(book.ok()) << book.status();
  const v1::RuleSet& rule_set = **book->ForDossierReceived(absl::CivilDay(2025, 8, 1));
  v1::BallotRule ballot;
  ASSERT_TRUE(book->BallotFor(rule_set, v1::AWARD_KIND_CSTD_TINH, "ubnd-tinh-lang-son", ballot));
  EXPECT_EQ(ballot.threshold_percent(), 90u);
  EXPECT_FALSE(book->BallotFor(rule_set, v1::AWARD_KIND_CSTD_TINH, "ubnd-tinh-cao-bang", ballot));
}

TEST(RuleBookTest, EachKindOfBadRuleSetIsRefusedNamingTheFileAndField) {
  const std::vector<std::pair<std::pair<std::string, std::string>, std::string>> cases = {
      {{"version: \"TEST-2025\"", ""}, "version"},
      {{"month: 7 day: 1", "month: 2 day: 30"}, "effective_from"},
      {{"AWARD_KIND_CSTD_TOAN_QUOC", "AWARD_KIND_CSTD_TINH"}, "awards[1].kind"},
      {{"category: AWARD_CATEGORY_TITLE\n    subjects: SUBJECT_TYPE_INDIVIDUAL\n    decided_by: "
        "AUTHORITY_LEVEL_PRIME_MINISTER",
        "category: AWARD_CATEGORY_TITLE\n    subjects: SUBJECT_TYPE_UNSPECIFIED\n    decided_by: "
        "AUTHORITY_LEVEL_PRIME_MINISTER"},
       "awards[1].subjects"},
      {{"threshold_percent: 90", "threshold_percent: 101"}, "awards[1].ballot.threshold_percent"},
      {{"threshold_percent: 90", "threshold_percent: 0"}, "awards[1].ballot.threshold_percent"},
      {{"numerator: 2 denominator: 3", "numerator: 3 denominator: 2"}, "awards[1].ballot.quorum"},
      {{"\"R4\"", "\"R99\""}, "awards[0].eligibility_rules"},
      {{"bonus_coefficient_tenths: 45", "bonus_coefficient_tenths: 450"},
       "awards[1].bonus_coefficient_tenths"},
      {{"decided_by: AUTHORITY_LEVEL_PROVINCE", ""}, "awards[0].decided_by"},
      {{"multiplier_rounding: MULTIPLIER_ROUNDING_MULTIPLY_ROUNDED_INDIVIDUAL", ""},
       "multiplier_rounding"},
  };
  for (const auto& [change, field] : cases) {
    absl::Status status = RuleSetError(change.first, change.second);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << field << ": " << status;
    EXPECT_EQ(eventstore::ErrorField(status), field) << status;
    EXPECT_NE(status.message().find("test.textproto: "), absl::string_view::npos) << status;
  }
}

TEST(RuleBookTest, ATextThatDoesNotParseIsRefusedWithItsLine) {
  absl::Status status = RuleSetError("awards {", "awards { colour: 3");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("test.textproto:"), absl::string_view::npos) << status;
  EXPECT_NE(status.message().find("colour"), absl::string_view::npos) << status;
}

TEST(RuleBookTest, BadBaseSalariesAndOverridesAreRefused) {
  EXPECT_EQ(eventstore::ErrorField(
                ParseBaseSalaryTable(absl::StrReplaceAll(kBaseSalaries, {{"2024", "2023"}}), "s")
                    .status()),
            "entries[1].effective_from");
  EXPECT_EQ(eventstore::ErrorField(
                ParseBaseSalaryTable(absl::StrReplaceAll(kBaseSalaries, {{"1800000", "-1"}}), "s")
                    .status()),
            "entries[0].vnd_per_month");
  const v1::RuleSet rule_set = *ParseRuleSet(kRuleSet, "a");
  const v1::BaseSalaryTable salaries = *ParseBaseSalaryTable(kBaseSalaries, "s");
  v1::RuleSetOverride unknown_version;
  unknown_version.set_authority_id("ubnd-tinh-x");
  unknown_version.set_rule_set_version("NOPE");
  v1::BallotOverride* entry = unknown_version.add_ballots();
  entry->set_kind(v1::AWARD_KIND_CSTD_TINH);
  entry->mutable_ballot()->set_threshold_percent(90);
  entry->mutable_ballot()->mutable_quorum()->set_numerator(2);
  entry->mutable_ballot()->mutable_quorum()->set_denominator(3);
  EXPECT_FALSE(RuleBook::Create({rule_set}, salaries, {unknown_version}).ok());
  v1::RuleSetOverride unknown_kind = unknown_version;
  unknown_kind.set_rule_set_version("TEST-2025");
  unknown_kind.mutable_ballots(0)->set_kind(v1::AWARD_KIND_GIAY_KHEN);
  EXPECT_EQ(RuleBook::Create({rule_set}, salaries, {unknown_kind}).status().code(),
            absl::StatusCode::kNotFound);
  v1::RuleSetOverride twice = unknown_version;
  twice.set_rule_set_version("TEST-2025");
  *twice.add_ballots() = twice.ballots(0);
  EXPECT_FALSE(RuleBook::Create({rule_set}, salaries, {twice}).ok());
}

TEST(RuleBookTest, AProvincesOverrideDirectoryAddsItsBallotRulesToTheShippedLaw) {
  absl::StatusOr<RuleBook> book = RuleBook::LoadDirectory(AWARD_RULES_DIR, {AWARD_DEMO_RULES_DIR});
  ASSERT_TRUE(book.ok()) << book.status();
  const v1::RuleSet& d152 = **book->ByVersion("D152-2025");
  v1::BallotRule ballot;
  ASSERT_TRUE(book->BallotFor(d152, v1::AWARD_KIND_CSTD_CO_SO, "ubnd-xa-tan-lap", ballot));
  EXPECT_EQ(ballot.threshold_percent(), 70u);
  EXPECT_EQ(ballot.quorum().numerator(), 2u);
  EXPECT_EQ(ballot.quorum().denominator(), 3u);
  // Another commune's council follows the law alone, which sets no ballot here.
  EXPECT_FALSE(book->BallotFor(d152, v1::AWARD_KIND_CSTD_CO_SO, "ubnd-xa-khac", ballot));
  absl::StatusOr<RuleBook> shipped = RuleBook::LoadDirectory(AWARD_RULES_DIR);
  ASSERT_TRUE(shipped.ok());
  EXPECT_FALSE(shipped->BallotFor(**shipped->ByVersion("D152-2025"), v1::AWARD_KIND_CSTD_CO_SO,
                                  "ubnd-xa-tan-lap", ballot));
}

TEST(RuleBookTest, AnOverrideDirectoryHoldsOnlyOverridesAndEachOnce) {
  // The shipped law as an override directory: its rule sets are not overrides.
  absl::StatusOr<RuleBook> book = RuleBook::LoadDirectory(AWARD_RULES_DIR, {AWARD_RULES_DIR});
  ASSERT_FALSE(book.ok());
  EXPECT_NE(book.status().message().find("only *.override.textproto"), absl::string_view::npos)
      << book.status();
  // The same authority's override loaded twice is refused.
  book = RuleBook::LoadDirectory(AWARD_RULES_DIR, {AWARD_DEMO_RULES_DIR, AWARD_DEMO_RULES_DIR});
  EXPECT_EQ(book.status().code(), absl::StatusCode::kFailedPrecondition) << book.status();
  book = RuleBook::LoadDirectory(AWARD_RULES_DIR, {"/no/such/directory"});
  EXPECT_EQ(book.status().code(), absl::StatusCode::kFailedPrecondition) << book.status();
}

}  // namespace
}  // namespace award
