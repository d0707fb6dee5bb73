// Errors of the event store carry, beside their code and message, the details a
// program needs: the field of a bad input, the stream and current version of an
// expected-version conflict. They travel as absl::Status payloads in process and
// as eventstore.v1.ErrorDetails over gRPC (grpc/status_mapping.h).
#ifndef AWARD_EVENTSTORE_ERRORS_H_
#define AWARD_EVENTSTORE_ERRORS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace eventstore {

// INVALID_ARGUMENT "<field>: <problem>", with the field attached.
absl::Status InvalidField(absl::string_view field, absl::string_view problem);

// ABORTED naming the stream, what was expected and the current version
// (-1 when the stream does not exist).
absl::Status WrongExpectedVersion(absl::string_view stream, absl::string_view expected,
                                  int64_t current_version);

// Attaches or reads the details; absent when the status has none.
void SetErrorField(absl::Status& status, absl::string_view field);
void SetErrorStream(absl::Status& status, absl::string_view stream);
void SetErrorCurrentVersion(absl::Status& status, int64_t current_version);
std::optional<std::string> ErrorField(const absl::Status& status);
std::optional<std::string> ErrorStream(const absl::Status& status);
std::optional<int64_t> ErrorCurrentVersion(const absl::Status& status);

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_ERRORS_H_
