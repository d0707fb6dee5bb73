// Eligibility of a nomination, as pure functions of the proposal and the
// nominee's history (award-rules.md section 10: R3-R9, R14-R16). Each failed
// rule comes back with its id and a reason a clerk can read; where the law
// needs human judgement (E10) the result routes the nomination to manual
// appraisal instead of failing it; an open discipline, inspection or complaint
// suspends it (R14) instead of failing it.
//
// Periods are counted in years: calendar years, or school years by the year
// they start, as the rule set of the kind says. Ratios are compared in integers.
#ifndef AWARD_SERVICES_NOMINATIONS_DOMAIN_ELIGIBILITY_H_
#define AWARD_SERVICES_NOMINATIONS_DOMAIN_ELIGIBILITY_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "award/v1/common.pb.h"

namespace award::nominations {

// Xếp loại: the yearly rating of a person or a unit.
enum class Rating { kNone, kCompleted, kGood, kExcellent };

// Phạm vi công nhận sáng kiến: who recognised an initiative or research.
enum class InitiativeScope { kUnit, kProvince, kNational };

struct YearRecord {
  int year = 0;
  Rating rating = Rating::kNone;
  std::vector<InitiativeScope> initiatives;  // recognised in that year
};

// An award the nominee was granted (from its awardee stream).
struct GrantedAward {
  v1::AwardKind kind = v1::AWARD_KIND_UNSPECIFIED;
  int first_year = 0;  // the achievement period it covers
  int last_year = 0;
  v1::Basis basis = v1::BASIS_MERIT;
  bool revoked = false;
  absl::CivilDay decision_date;
  std::vector<std::string> achievement_ids;
  std::string decision_id;
  std::string nomination_id;
  // The earlier awards its eligibility stood on, by decision and kind (R20).
  std::vector<std::pair<std::string, v1::AwardKind>> prerequisites;
  bool needs_review = false;  // one of them was revoked (R20)
};

struct NomineeHistory {
  std::vector<YearRecord> years;
  std::vector<GrantedAward> awards;
  // A discipline, inspection, investigation or complaint still open (R14).
  std::optional<std::string> open_proceeding;
};

// Facts of a collective for its own titles (R8, R9).
struct CollectiveFacts {
  Rating unit_rating = Rating::kNone;
  int members = 0;
  int members_completed = 0;    // hoàn thành nhiệm vụ
  int advanced_workers = 0;     // holding Lao động tiên tiến this year
  int grassroots_fighters = 0;  // holding Chiến sĩ thi đua cơ sở this year
};

struct Proposal {
  v1::AwardKind kind = v1::AWARD_KIND_UNSPECIFIED;
  int year = 0;  // the (last) year of the achievement period
  v1::Basis basis = v1::BASIS_MERIT;
  std::vector<std::string> achievement_ids;
  CollectiveFacts collective;            // for collective titles
  bool claims_outstanding_path = false;  // Bằng khen TTg path (a): judged by people (E10)
  absl::CivilDay submitted_on;
};

struct RuleFailure {
  std::string rule;    // e.g. "R4"
  std::string reason;  // e.g. "no Chiến sĩ thi đua cơ sở for 2023"
};

struct Eligibility {
  std::vector<RuleFailure> failures;
  std::optional<std::string> manual_appraisal;  // why people must judge it
  std::optional<std::string> suspended;         // the open proceeding (R14)
  // The earlier awards the rules counted (R4-R7), once each: what the award
  // will stand on, so that revoking one of them sends it for review (R20).
  std::vector<GrantedAward> relied_on;

  bool passed() const { return failures.empty() && !suspended.has_value(); }
};

// Checks `proposal` against the rules named by the rule set for its kind
// (AwardRule.eligibility_rules), plus R14 and R15 for every kind.
Eligibility CheckEligibility(const Proposal& proposal, const NomineeHistory& history,
                             const std::vector<std::string>& rules);

}  // namespace award::nominations

#endif  // AWARD_SERVICES_NOMINATIONS_DOMAIN_ELIGIBILITY_H_
