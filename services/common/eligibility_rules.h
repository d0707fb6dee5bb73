// The eligibility rules that a rule set may name for an award kind
// (AwardRule.eligibility_rules; award-rules.md section 10). This table is the
// one list of them: the rule book accepts the ids it holds and no other, and
// the nominations' eligibility check dispatches on EligibilityRule in a switch
// that the compiler checks for every value.
#ifndef AWARD_SERVICES_COMMON_ELIGIBILITY_RULES_H_
#define AWARD_SERVICES_COMMON_ELIGIBILITY_RULES_H_

#include <iterator>
#include <optional>
#include <string_view>

namespace award {

enum class EligibilityRule { kR3, kR4, kR5, kR6, kR7, kR8, kR9, kR15, kR16 };

struct EligibilityRuleEntry {
  EligibilityRule rule;
  std::string_view id;  // as rule sets name it and failures cite it
  // The award then stands on earlier awards, which R15 requires to have been
  // earned on merit.
  bool founds_on_prerequisites;
  // The rule is one path among others, that of an achievement on merit over
  // the years (R6 is Bằng khen tỉnh's path d): an ad-hoc or thematic
  // achievement takes another path of the law and this rule does not apply.
  bool merit_path_only = false;
};

inline constexpr EligibilityRuleEntry kEligibilityRules[] = {
    {EligibilityRule::kR3, "R3", false},
    {EligibilityRule::kR4, "R4", true},
    {EligibilityRule::kR5, "R5", true},
    {EligibilityRule::kR6, "R6", true, /*merit_path_only=*/true},
    {EligibilityRule::kR7, "R7", true},
    {EligibilityRule::kR8, "R8", false},
    {EligibilityRule::kR9, "R9", false},
    {EligibilityRule::kR15, "R15", false},
    {EligibilityRule::kR16, "R16", false},
};

// The entry of the rule with id `id` ("R4"); nullopt for any other text.
constexpr std::optional<EligibilityRuleEntry> EligibilityRuleNamed(std::string_view id) {
  for (const EligibilityRuleEntry& entry : kEligibilityRules) {
    if (entry.id == id) return entry;
  }
  return std::nullopt;
}

// The entry of `rule`.
constexpr const EligibilityRuleEntry& EntryOf(EligibilityRule rule) {
  return kEligibilityRules[static_cast<int>(rule)];
}

// The table lists every rule once, in the enum's order, so EntryOf is an index.
static_assert([] {
  for (int i = 0; i < static_cast<int>(std::size(kEligibilityRules)); ++i) {
    if (static_cast<int>(kEligibilityRules[i].rule) != i) return false;
  }
  return static_cast<int>(std::size(kEligibilityRules)) ==
         static_cast<int>(EligibilityRule::kR16) + 1;
}());

}  // namespace award

#endif  // AWARD_SERVICES_COMMON_ELIGIBILITY_RULES_H_
