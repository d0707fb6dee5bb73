// The auditors' export of the log: one recorded event per line of JSON, with
// its payload decoded, and back. Reading a line back gives the very record the
// store holds, so an auditor can recompute the hash chain from an export alone.
#ifndef AWARD_TOOLS_AUDIT_EXPORT_FORMAT_H_
#define AWARD_TOOLS_AUDIT_EXPORT_FORMAT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "eventstore/event.h"

namespace award::audit {

// One line of JSON, without the newline.
absl::StatusOr<std::string> ToJsonLine(const eventstore::RecordedEvent& event);

// INVALID_ARGUMENT when the line is not an exported event.
absl::StatusOr<eventstore::RecordedEvent> FromJsonLine(absl::string_view line);

}  // namespace award::audit

#endif  // AWARD_TOOLS_AUDIT_EXPORT_FORMAT_H_
