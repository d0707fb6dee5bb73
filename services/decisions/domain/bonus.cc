#include "services/decisions/domain/bonus.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/public_record.h"

namespace award::decisions {
namespace {

constexpr int64_t kStep = 10'000;

// ceil(numerator / denominator) for positive values.
int64_t CeilDiv(int64_t numerator, int64_t denominator) {
  return (numerator + denominator - 1) / denominator;
}

}  // namespace

int64_t RoundUpToTenThousand(int64_t vnd) { return CeilDiv(vnd, kStep) * kStep; }

absl::StatusOr<int64_t> BonusAmount(const v1::AwardRule& rule, int64_t base_vnd,
                                    v1::SubjectType subject, const v1::RuleSet& rule_set) {
  if (std::find(rule.subjects().begin(), rule.subjects().end(), subject) == rule.subjects().end()) {
    return absl::FailedPreconditionError(
        absl::StrCat(AwardKindName(rule.kind()), " is not awarded to a subject of type ",
                     v1::SubjectType_Name(subject), " under ", rule_set.version()));
  }
  const int64_t coefficient_tenths = rule.bonus_coefficient_tenths();
  // coefficient x base = tenths x base / 10, then up to the next 10,000: what
  // an individual receives, and what a title pays whoever holds it.
  const int64_t individual = CeilDiv(coefficient_tenths * base_vnd, 10 * kStep) * kStep;
  if (rule.category() == v1::AWARD_CATEGORY_TITLE || subject == v1::SUBJECT_TYPE_INDIVIDUAL) {
    return individual;
  }
  uint32_t multiplier_tenths = 0;
  if (subject == v1::SUBJECT_TYPE_COLLECTIVE) {
    multiplier_tenths = rule_set.collective_multiplier_tenths();
  } else if (subject == v1::SUBJECT_TYPE_HOUSEHOLD) {
    multiplier_tenths = rule_set.household_multiplier_tenths();
  }
  if (multiplier_tenths == 0) {
    return absl::FailedPreconditionError(absl::StrCat("rule set ", rule_set.version(),
                                                      " gives no multiplier for ",
                                                      v1::SubjectType_Name(subject)));
  }
  switch (rule_set.multiplier_rounding()) {
    case v1::MULTIPLIER_ROUNDING_MULTIPLY_ROUNDED_INDIVIDUAL:
      // A multiple of 10,000 times tenths over 10: always whole VND.
      return individual * multiplier_tenths / 10;
    case v1::MULTIPLIER_ROUNDING_ROUND_MULTIPLIED_COEFFICIENT:
      return CeilDiv(coefficient_tenths * multiplier_tenths * base_vnd, 100 * kStep) * kStep;
    default:
      return absl::FailedPreconditionError(
          absl::StrCat("rule set ", rule_set.version(), " does not say how to round a ",
                       v1::SubjectType_Name(subject), "'s amount (E19: multiplier_rounding)"));
  }
}

void PayOnlyTheHighestTitlePerPeriod(std::vector<v1::DecisionAward>& awards) {
  for (size_t i = 0; i < awards.size(); ++i) {
    v1::DecisionAward& award = awards[i];
    if (award.category() != v1::AWARD_CATEGORY_TITLE) continue;
    for (size_t j = 0; j < awards.size(); ++j) {
      const v1::DecisionAward& other = awards[j];
      if (j == i || other.category() != v1::AWARD_CATEGORY_TITLE ||
          other.awardee_id() != award.awardee_id() || other.first_year() != award.first_year() ||
          other.last_year() != award.last_year()) {
        continue;
      }
      // The better paid one wins; of two equal, the one listed first.
      const bool beaten = other.coefficient_tenths() > award.coefficient_tenths() ||
                          (other.coefficient_tenths() == award.coefficient_tenths() && j < i);
      if (beaten) {
        award.set_amount_vnd(0);
        award.set_unpaid_reason(absl::StrCat("R18: chỉ thưởng danh hiệu cao nhất cùng thời gian (",
                                             AwardKindName(other.kind()), ")"));
        break;
      }
    }
  }
}

}  // namespace award::decisions
