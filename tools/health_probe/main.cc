// award_health_probe: asks a server of the platform for its gRPC health, for
// container health checks and Kubernetes exec probes (which cannot speak mTLS
// themselves).
//
//   award_health_probe --address=127.0.0.1:50051 [--service=award.liveness]
//       [--tls_ca=... --tls_cert=... --tls_key=... --tls_server_name=eventstore]
//
// Exits 0 when the service is SERVING, 1 when it is not or cannot be asked
// (printing why), 2 for bad flags. --service "" (the default) asks readiness.
#include <iostream>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "security/transport_security.h"

ABSL_FLAG(std::string, address, "127.0.0.1:50051", "The server, HOST:PORT");
ABSL_FLAG(std::string, service, "", "The health service name; \"\" is readiness");
ABSL_FLAG(std::string, tls_server_name, "",
          "The name the server's certificate must carry, when not the address's host");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(3), "How long to wait for an answer");

int main(int argc, char** argv) {
  using grpc::health::v1::HealthCheckResponse;
  absl::SetProgramUsageMessage("Asks a platform server for its gRPC health.");
  absl::ParseCommandLine(argc, argv);
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      award::security::ChannelCredentialsFromFlags();
  if (!credentials.ok()) {
    std::cerr << "award_health_probe: " << credentials.status() << std::endl;
    return 2;
  }
  grpc::ChannelArguments args;
  if (const std::string name = absl::GetFlag(FLAGS_tls_server_name); !name.empty()) {
    args.SetSslTargetNameOverride(name);
  }
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateCustomChannel(absl::GetFlag(FLAGS_address), *credentials, args));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::GetFlag(FLAGS_timeout)));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(absl::GetFlag(FLAGS_service));
  HealthCheckResponse response;
  if (const grpc::Status status = health->Check(&context, request, &response); !status.ok()) {
    std::cerr << "award_health_probe: " << status.error_code() << " " << status.error_message()
              << std::endl;
    return 1;
  }
  if (response.status() != HealthCheckResponse::SERVING) {
    std::cerr << "award_health_probe: not serving ("
              << HealthCheckResponse::ServingStatus_Name(response.status()) << ")" << std::endl;
    return 1;
  }
  return 0;
}
