#include "services/common/service_edge.h"

#include "absl/time/clock.h"
#include "base/status_macros.h"
#include "eventstore/grpc/status_mapping.h"
#include "services/common/text.h"

namespace award {

CommandContext ContextOf(const v1::CommandMeta& meta) {
  return {meta.actor(), meta.request_id(), meta.correlation_id(), ""};
}

absl::Status NormalizeInPlace(std::string& text, absl::string_view field) {
  AWARD_ASSIGN_OR_RETURN(text, NormalizeText(text, field));
  return absl::OkStatus();
}

absl::Status NormalizeAllInPlace(google::protobuf::RepeatedPtrField<std::string>& texts,
                                 absl::string_view field) {
  for (std::string& text : texts) AWARD_RETURN_IF_ERROR(NormalizeInPlace(text, field));
  return absl::OkStatus();
}

absl::CivilDay VietnamToday() {
  return absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(7 * 60 * 60));
}

grpc::Status Answer(const absl::Status& status) { return eventstore::ToGrpcStatus(status); }

}  // namespace award
