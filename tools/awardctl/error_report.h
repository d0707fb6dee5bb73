// How awardctl reports a failed command: the gRPC code, the rule ids the
// reason cites (the services write them "R3: ..."), the offending field from
// the error details, and the reason itself; as Vietnamese lines, or as one
// JSON object for scripts.
//
//   lỗi: FAILED_PRECONDITION
//   quy tắc: R3
//   lý do: the nomination does not meet the rules: R3: in 2025 neither ...
#ifndef AWARD_TOOLS_AWARDCTL_ERROR_REPORT_H_
#define AWARD_TOOLS_AWARDCTL_ERROR_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace award::ctl {

// In the order cited, each once.
std::vector<std::string> CitedRules(const std::string& reason);

std::string ErrorText(const absl::Status& status);
// {"code":"FAILED_PRECONDITION","rules":["R3"],"field":"...","message":"..."}
std::string ErrorJson(const absl::Status& status);

}  // namespace award::ctl

#endif  // AWARD_TOOLS_AWARDCTL_ERROR_REPORT_H_
