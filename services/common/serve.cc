#include "services/common/serve.h"

#include <iostream>
#include <memory>

#include "absl/time/clock.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"

namespace award {

int ServeUntilStopped(const std::string& name, const std::string& listen,
                      const std::vector<grpc::Service*>& services, StopSignals& stop) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  for (grpc::Service* service : services) builder.RegisterService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << name << ": cannot listen on " << listen << std::endl;
    return 1;
  }
  std::cout << name << " listening on " << listen.substr(0, listen.rfind(':')) << ":" << port
            << std::endl;
  stop.Wait();
  server->Shutdown(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  server->Wait();
  std::cout << name << ": stopped cleanly" << std::endl;
  return 0;
}

}  // namespace award
