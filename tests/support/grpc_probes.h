// What a test asks any server of the platform about itself, over gRPC's
// standard services: its health for a service, and the services reflection
// lists.
#ifndef AWARD_TESTS_SUPPORT_GRPC_PROBES_H_
#define AWARD_TESTS_SUPPORT_GRPC_PROBES_H_

#include <memory>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/channel.h"

namespace award::testing {

// The status health reports for `service` ("" for the whole server); the
// call's error (e.g. NOT_FOUND for a service it does not know) otherwise.
absl::StatusOr<grpc::health::v1::HealthCheckResponse::ServingStatus> HealthOf(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& service = "");

// The full names of the services reflection lists; empty if it answers none.
std::set<std::string> ListedServices(const std::shared_ptr<grpc::Channel>& channel);

}  // namespace award::testing

#endif  // AWARD_TESTS_SUPPORT_GRPC_PROBES_H_
