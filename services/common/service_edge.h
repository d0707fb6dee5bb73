// What every gRPC service of the platform does at its edge, in one place: the
// command's context from its CommandMeta, text normalised to NFC in place,
// today's date in Vietnam, and the one mapping of absl::Status to gRPC (the
// offending field travels in the error details).
#ifndef AWARD_SERVICES_COMMON_SERVICE_EDGE_H_
#define AWARD_SERVICES_COMMON_SERVICE_EDGE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "award/v1/common.pb.h"
#include "google/protobuf/repeated_field.h"
#include "grpcpp/support/status.h"
#include "services/common/command.h"

namespace award {

CommandContext ContextOf(const v1::CommandMeta& meta);

// Replaces `text` by its NFC form; INVALID_ARGUMENT naming `field` if it is not UTF-8.
absl::Status NormalizeInPlace(std::string& text, absl::string_view field);
absl::Status NormalizeAllInPlace(google::protobuf::RepeatedPtrField<std::string>& texts,
                                 absl::string_view field);

// Vietnam keeps UTC+7 all year.
absl::CivilDay VietnamToday();

grpc::Status Answer(const absl::Status& status);

}  // namespace award

#endif  // AWARD_SERVICES_COMMON_SERVICE_EDGE_H_
