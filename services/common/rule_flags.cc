#include "services/common/rule_flags.h"

#include <string>
#include <vector>

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, rules_dir, "rules/vn", "Directory of the rule sets");
ABSL_FLAG(std::vector<std::string>, rule_overrides, {},
          "Directories of authorities' *.override.textproto ballot rules, comma-separated");

namespace award {

absl::StatusOr<RuleBook> LoadRuleBookFromFlags() {
  return RuleBook::LoadDirectory(absl::GetFlag(FLAGS_rules_dir),
                                 absl::GetFlag(FLAGS_rule_overrides));
}

}  // namespace award
