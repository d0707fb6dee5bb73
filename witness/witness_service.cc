#include "witness/witness_service.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "eventstore/grpc/status_mapping.h"
#include "eventstore/sha256.h"

namespace award::witness {
namespace {

grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context, const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(eventstore::ToGrpcStatus(status));
  return reactor;
}

}  // namespace

grpc::ServerUnaryReactor* WitnessService::AddCheckpoint(
    grpc::CallbackServerContext* context, const ::witness::v1::AddCheckpointRequest* request,
    ::witness::v1::AddCheckpointResponse* response) {
  // C2SP tlog-witness: at most 63 proof lines.
  if (request->consistency_proof_size() > 63) {
    return Finish(context, absl::InvalidArgumentError("consistency_proof: at most 63 hashes"));
  }
  const std::optional<std::vector<eventstore::Hash>> proof =
      eventstore::HashesOf(request->consistency_proof());
  if (!proof.has_value()) {
    return Finish(context, absl::InvalidArgumentError("consistency_proof: each hash is 32 bytes"));
  }
  const std::vector<std::string> announcements(request->key_announcements().begin(),
                                               request->key_announcements().end());
  absl::StatusOr<std::string> line = state_.AddCheckpoint(
      request->old_size(), *proof, request->checkpoint(), announcements, absl::Now());
  if (line.ok()) response->set_cosignature(*line);
  return Finish(context, line.status());
}

grpc::ServerUnaryReactor* WitnessService::GetLatestCheckpoint(
    grpc::CallbackServerContext* context, const ::witness::v1::GetLatestCheckpointRequest* request,
    ::witness::v1::GetLatestCheckpointResponse* response) {
  absl::StatusOr<std::string> latest = state_.Latest(request->origin());
  if (latest.ok()) response->set_checkpoint(*latest);
  return Finish(context, latest.status());
}

}  // namespace award::witness
