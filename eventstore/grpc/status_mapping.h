// The one place where the event store's absl::Status becomes a grpc::Status and
// back. Codes keep their meaning (both use the canonical codes); the error
// details of errors.h travel as a serialised eventstore.v1.ErrorDetails.
#ifndef AWARD_EVENTSTORE_GRPC_STATUS_MAPPING_H_
#define AWARD_EVENTSTORE_GRPC_STATUS_MAPPING_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace eventstore {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_GRPC_STATUS_MAPPING_H_
