// Bonus money (tiền thưởng, D152 Arts 49-55; R17, R18), in integer VND only.
//
// An individual's amount is the coefficient times the base salary in force on
// the decision date, rounded up to the next 10,000 VND. A collective receives
// twice and a household one and a half times the individual amount; whether
// that means the rounded individual amount multiplied, or the multiplied
// coefficient rounded, the law leaves open (E19): the rule set's
// `multiplier_rounding` decides, and the decision records which.
//
// Several titles of one awardee in one decision for the same achievement
// period: only the highest is paid (49(5)); different periods, or a title and
// a form, are each paid (49(6), (7)).
#ifndef AWARD_SERVICES_DECISIONS_DOMAIN_BONUS_H_
#define AWARD_SERVICES_DECISIONS_DOMAIN_BONUS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "award/v1/decisions.pb.h"
#include "award/v1/rules.pb.h"

namespace award::decisions {

// `vnd` rounded up to a multiple of 10,000.
int64_t RoundUpToTenThousand(int64_t vnd);

// R17: the amount of one award of `rule` to a subject of `subject`, the base
// salary being `base_vnd`: its coefficient (0.3 is 3 tenths) times the base,
// rounded up to 10,000. A title pays its own coefficient, whoever holds it
// (a collective's titles have theirs: TT LĐ tiên tiến 0.8); only a form given
// to a collective or a household is multiplied, by the rule set's x2 and x1.5
// (D152 54(2),(3)). FAILED_PRECONDITION for a subject the rule does not award,
// or a rule set that lacks the subject's multiplier or rounding.
absl::StatusOr<int64_t> BonusAmount(const v1::AwardRule& rule, int64_t base_vnd,
                                    v1::SubjectType subject, const v1::RuleSet& rule_set);

// R18 over the awards of one decision, each with its amount already set:
// where one awardee has several titles for the same period, every title but
// the best paid one gets 0 and the reason. Forms are untouched.
void PayOnlyTheHighestTitlePerPeriod(std::vector<v1::DecisionAward>& awards);

}  // namespace award::decisions

#endif  // AWARD_SERVICES_DECISIONS_DOMAIN_BONUS_H_
