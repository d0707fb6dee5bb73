// witness.v1.Witness over gRPC, from a WitnessState.
#ifndef AWARD_WITNESS_WITNESS_SERVICE_H_
#define AWARD_WITNESS_WITNESS_SERVICE_H_

#include "witness/v1/witness.grpc.pb.h"
#include "witness/witness_state.h"

namespace award::witness {

class WitnessService final : public ::witness::v1::Witness::CallbackService {
 public:
  explicit WitnessService(WitnessState& state) : state_(state) {}

  grpc::ServerUnaryReactor* AddCheckpoint(grpc::CallbackServerContext* context,
                                          const ::witness::v1::AddCheckpointRequest* request,
                                          ::witness::v1::AddCheckpointResponse* response) override;
  grpc::ServerUnaryReactor* GetLatestCheckpoint(
      grpc::CallbackServerContext* context,
      const ::witness::v1::GetLatestCheckpointRequest* request,
      ::witness::v1::GetLatestCheckpointResponse* response) override;

 private:
  WitnessState& state_;
};

}  // namespace award::witness

#endif  // AWARD_WITNESS_WITNESS_SERVICE_H_
