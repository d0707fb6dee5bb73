// Conversions between the store's C++ values (event.h) and the messages of
// eventstore.v1. Conversions from a request check what the C++ types cannot
// express (an event id of the wrong length, an unspecified enum) and name the
// field; everything else is checked by the store itself.
#ifndef AWARD_EVENTSTORE_GRPC_PROTO_CONVERT_H_
#define AWARD_EVENTSTORE_GRPC_PROTO_CONVERT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "eventstore/event.h"
#include "eventstore/v1/eventstore.pb.h"

namespace eventstore {

void ToProto(const AppendRequest& in, v1::AppendRequest& out);
absl::StatusOr<AppendRequest> FromProto(const v1::AppendRequest& in);

void ToProto(const AppendResult& in, v1::AppendResponse& out);
AppendResult FromProto(const v1::AppendResponse& in);

void ToProto(const RecordedEvent& in, v1::RecordedEvent& out);
absl::StatusOr<RecordedEvent> FromProto(const v1::RecordedEvent& in);

// Appends the events of a response to `out`.
absl::Status EventsFromProto(const google::protobuf::RepeatedPtrField<v1::RecordedEvent>& in,
                             std::vector<RecordedEvent>& out);

void ToProto(const ReadStreamRequest& in, v1::ReadStreamRequest& out);
absl::StatusOr<ReadStreamRequest> FromProto(const v1::ReadStreamRequest& in);
void ToProto(const ReadStreamResult& in, v1::ReadStreamResponse& out);
absl::StatusOr<ReadStreamResult> FromProto(const v1::ReadStreamResponse& in);

void ToProto(const ReadAllRequest& in, v1::ReadAllRequest& out);
absl::StatusOr<ReadAllRequest> FromProto(const v1::ReadAllRequest& in);
void ToProto(const ReadAllResult& in, v1::ReadAllResponse& out);
absl::StatusOr<ReadAllResult> FromProto(const v1::ReadAllResponse& in);

void ToProto(const SubscribeRequest& in, v1::SubscribeRequest& out);
SubscribeRequest FromProto(const v1::SubscribeRequest& in);

void ToProto(const StreamInfo& in, v1::GetStreamInfoResponse& out);
StreamInfo FromProto(const v1::GetStreamInfoResponse& in);

void ToProto(const LogDigest& in, v1::LogDigest& out);
absl::StatusOr<LogDigest> FromProto(const v1::LogDigest& in);

void ToProto(const VerifyRequest& in, v1::VerifyRequest& out);
absl::StatusOr<VerifyRequest> FromProto(const v1::VerifyRequest& in);
void ToProto(const VerifyReport& in, v1::VerifyResponse& out);
absl::StatusOr<VerifyReport> FromProto(const v1::VerifyResponse& in);

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_GRPC_PROTO_CONVERT_H_
