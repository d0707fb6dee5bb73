#include "base/serve.h"

#include <iostream>
#include <memory>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"

namespace award {

int ServeUntilStopped(const std::string& name, const std::string& listen,
                      const std::vector<NamedService>& services, StopSignals& stop,
                      ServeOptions options) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(
      listen,
      options.credentials != nullptr ? options.credentials : grpc::InsecureServerCredentials(),
      &port);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  grpc::ResourceQuota quota(name);
  quota.SetMaxThreads(options.max_threads);
  builder.SetResourceQuota(quota);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             options.max_concurrent_streams_per_connection);
  if (!options.interceptors.empty()) {
    builder.experimental().SetInterceptorCreators(std::move(options.interceptors));
  }
  for (const NamedService& named : services) builder.RegisterService(named.service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << name << ": cannot listen on " << listen << std::endl;
    return 1;
  }
  grpc::HealthCheckServiceInterface& health = *server->GetHealthCheckService();
  auto set_readiness = [&](bool ready) {
    health.SetServingStatus(ready);
    for (const NamedService& named : services) health.SetServingStatus(named.name, ready);
  };
  set_readiness(!options.ready || options.ready());
  health.SetServingStatus(kLivenessService, true);
  absl::Notification stopping;
  std::thread readiness;
  if (options.ready) {
    readiness = std::thread([&] {
      while (!stopping.WaitForNotificationWithTimeout(options.readiness_interval)) {
        set_readiness(options.ready());
      }
    });
  }
  std::cout << name << " listening on " << listen.substr(0, listen.rfind(':')) << ":" << port
            << (options.announcement_detail.empty() ? "" : " ") << options.announcement_detail
            << std::endl;
  const int signal_number = stop.Wait();
  std::cout << name << ": signal " << signal_number << ", draining" << std::endl;
  stopping.Notify();
  if (readiness.joinable()) readiness.join();
  health.Shutdown();
  if (options.before_drain) options.before_drain();
  server->Shutdown(absl::ToChronoTime(absl::Now() + options.drain));
  server->Wait();
  if (options.after_drain) {
    if (const absl::Status closed = options.after_drain(); !closed.ok()) {
      std::cerr << name << ": " << closed << std::endl;
      return 1;
    }
  }
  std::cout << name << ": stopped cleanly" << std::endl;
  return 0;
}

}  // namespace award
