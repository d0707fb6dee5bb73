#include "eventstore/grpc/status_mapping.h"

#include <string>

#include "eventstore/errors.h"
#include "eventstore/v1/eventstore.pb.h"

namespace eventstore {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  v1::ErrorDetails details;
  if (auto field = ErrorField(status)) details.set_field(*field);
  if (auto stream = ErrorStream(status)) details.set_stream(*stream);
  if (auto version = ErrorCurrentVersion(status)) details.set_current_version(*version);
  std::string serialized;
  if (details.ByteSizeLong() > 0) details.SerializeToString(&serialized);
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()),
                      serialized);
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  v1::ErrorDetails details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    if (!details.field().empty()) SetErrorField(out, details.field());
    if (!details.stream().empty()) SetErrorStream(out, details.stream());
    if (details.has_current_version()) SetErrorCurrentVersion(out, details.current_version());
  }
  return out;
}

}  // namespace eventstore
