// award_health_probe: asks a server of the platform for its gRPC health, for
// container health checks and Kubernetes exec probes (which cannot speak mTLS
// themselves).
//
//   award_health_probe --address=127.0.0.1:50051 [--service=award.liveness]
//       [--tls_ca=... --tls_cert=... --tls_key=... --tls_server_name=eventstore]
//
// Exits 0 when the service is SERVING, 1 when it is not or cannot be asked
// (printing why), 2 for bad flags. --service "" (the default) asks readiness.
#include <condition_variable>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "security/transport_security.h"

ABSL_FLAG(std::string, address, "127.0.0.1:50051", "The server, HOST:PORT");
ABSL_FLAG(std::string, service, "", "The health service name; \"\" is readiness");
ABSL_FLAG(std::string, tls_server_name, "",
          "The name the server's certificate must carry, when not the address's host");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(3), "How long to wait for an answer");

namespace {

// grpc.health.v1.HealthCheckRequest{service}, encoded by hand: one string field.
std::string EncodeRequest(const std::string& service) {
  std::string bytes;
  if (service.empty()) return bytes;
  bytes.push_back(0x0a);
  for (size_t size = service.size();; size >>= 7) {
    bytes.push_back(static_cast<char>((size & 0x7f) | (size > 0x7f ? 0x80 : 0)));
    if (size <= 0x7f) break;
  }
  return bytes + service;
}

// HealthCheckResponse.status (field 1, a small enum): 1 is SERVING.
int DecodeStatus(const std::string& bytes) {
  return bytes.size() >= 2 && bytes[0] == 0x08 ? static_cast<unsigned char>(bytes[1]) : 0;
}

}  // namespace

int main(int argc, char** argv) {
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
  grpc::GenericStub stub(
      grpc::CreateCustomChannel(absl::GetFlag(FLAGS_address), *credentials, args));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::GetFlag(FLAGS_timeout)));
  grpc::Slice slice(EncodeRequest(absl::GetFlag(FLAGS_service)));
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   status = std::move(s);
                   done = true;
                   done_cv.notify_one();
                 });
  {
    std::unique_lock<std::mutex> lock(mu);
    done_cv.wait(lock, [&] { return done; });
  }
  if (!status.ok()) {
    std::cerr << "award_health_probe: " << status.error_code() << " " << status.error_message()
              << std::endl;
    return 1;
  }
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (response.Dump(&slices).ok()) {
    for (const grpc::Slice& part : slices) {
      bytes.append(reinterpret_cast<const char*>(part.begin()), part.size());
    }
  }
  const int serving = DecodeStatus(bytes);
  if (serving != 1) {
    std::cerr << "award_health_probe: not serving (status " << serving << ")" << std::endl;
    return 1;
  }
  return 0;
}
