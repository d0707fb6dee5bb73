// Decisions made on paper before the platform (quyết định khen thưởng đã ban
// hành trước khi có hệ thống), recorded one awardee at a time as the archive
// holds them: never judged again against today's rules, but checked for
// consistency with their own time. The kind must be one the legal regime of
// the decision's date names, the authority one that stood and decided at that
// level on that date, the number free in the authority's register of that
// year, the dates in order. Each award joins the awardee's history, marked as
// from paper, and counts as a prerequisite as any other.
#ifndef AWARD_SERVICES_DECISIONS_DOMAIN_PRIOR_DECISION_H_
#define AWARD_SERVICES_DECISIONS_DOMAIN_PRIOR_DECISION_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "award/v1/decisions.pb.h"
#include "services/common/command.h"
#include "services/common/rule_book.h"
#include "services/decisions/domain/decision.h"
#include "services/decisions/domain/register.h"
#include "services/nominations/domain/authority.h"

namespace award::decisions {

// What recording one award of a paper decision is judged on.
struct PriorFacts {
  nominations::Authority authority;  // the authority that made the decision
  int64_t authority_version = -1;    // read, not written: it must not change meanwhile
  DecisionRegister book;             // its register of the decision's year
  int64_t register_version = -1;
  int64_t awardee_version = -1;  // of the awardee's stream
  absl::CivilDay today;          // a decision recorded from paper is not dated after it
};

struct PriorRecording {
  Effects effects;
  uint32_t number = 0;
  bool already_recorded = false;  // the same award was recorded before: nothing to write
};

// The number a decision bears: the leading digits of its number as printed
// ("1234/QĐ-UBND" -> 1234). INVALID_ARGUMENT naming decision.number_text.
absl::StatusOr<uint32_t> NumberOfPrintedText(const std::string& number_text);

// Records `award` of the paper decision `decision_id` with `header`. The
// first award brings the header (PriorDecisionRecorded, and the number in the
// register); later ones must agree with it field by field. The same award
// again is already_recorded; another award to the same awardee and kind is
// ALREADY_EXISTS.
absl::StatusOr<PriorRecording> DecideRecordPriorAward(
    const Decision& decision, const std::string& decision_id, const v1::PriorDecision& header,
    const v1::PriorAward& award, const PriorFacts& facts, const RuleBook& rules);

}  // namespace award::decisions

#endif  // AWARD_SERVICES_DECISIONS_DOMAIN_PRIOR_DECISION_H_
