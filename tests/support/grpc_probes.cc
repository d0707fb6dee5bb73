#include "tests/support/grpc_probes.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace award::testing {
namespace {

void WithDeadline(grpc::ClientContext& context) {
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
}

}  // namespace

absl::StatusOr<grpc::health::v1::HealthCheckResponse::ServingStatus> HealthOf(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& service) {
  grpc::ClientContext context;
  WithDeadline(context);
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status =
      grpc::health::v1::Health::NewStub(channel)->Check(&context, request, &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat("health of '", service, "': ", status.error_message()));
  }
  return response.status();
}

std::set<std::string> ListedServices(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::ClientContext context;
  WithDeadline(context);
  auto stream =
      grpc::reflection::v1alpha::ServerReflection::NewStub(channel)->ServerReflectionInfo(&context);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("");
  std::set<std::string> services;
  if (!stream->Write(request)) return services;
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  if (stream->Read(&response)) {
    for (const auto& service : response.list_services_response().service()) {
      services.insert(service.name());
    }
  }
  if (!stream->Finish().ok()) services.clear();
  return services;
}

}  // namespace award::testing
