// The rule book of a process, from the flags every process that judges
// nominations shares: --rules_dir (the shipped law, rules/vn) and
// --rule_overrides (directories of a province's *.override.textproto).
#ifndef AWARD_SERVICES_COMMON_RULE_FLAGS_H_
#define AWARD_SERVICES_COMMON_RULE_FLAGS_H_

#include "absl/status/statusor.h"
#include "services/common/rule_book.h"

namespace award {

// The error names the rules file and field when the rule book does not load.
absl::StatusOr<RuleBook> LoadRuleBookFromFlags();

}  // namespace award

#endif  // AWARD_SERVICES_COMMON_RULE_FLAGS_H_
