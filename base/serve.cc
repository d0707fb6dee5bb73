#include "base/serve.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "edge/checked_service.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"

namespace award {
namespace {

// Why gRPC could not listen on HOST:PORT, as the system says it (gRPC says
// only that it could not): "address already in use", say.
std::string WhyCannotListen(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return "not HOST:PORT";
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (const int error = getaddrinfo(host.empty() ? nullptr : host.c_str(),
                                    listen.substr(colon + 1).c_str(), &hints, &found);
      error != 0) {
    return gai_strerror(error);
  }
  std::string why = "gRPC gave no reason";
  for (addrinfo* address = found; address != nullptr; address = address->ai_next) {
    const int fd = socket(address->ai_family, address->ai_socktype, address->ai_protocol);
    if (fd < 0) continue;
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    const bool bound = bind(fd, address->ai_addr, address->ai_addrlen) == 0;
    if (!bound) why = std::strerror(errno);
    close(fd);
    if (!bound) break;
  }
  freeaddrinfo(found);
  return why;
}

}  // namespace

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
  // Never share a port with another process (gRPC's default on Linux): a
  // second server on an address in use must fail, not split the calls.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  grpc::ResourceQuota quota(name);
  quota.SetMaxThreads(options.max_threads);
  builder.SetResourceQuota(quota);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             options.max_concurrent_streams_per_connection);
  if (!options.interceptors.empty()) {
    builder.experimental().SetInterceptorCreators(std::move(options.interceptors));
  }
  // Every request is checked as it arrives, before any handler sees it.
  std::vector<std::unique_ptr<grpc::Service>> checked;
  for (const NamedService& named : services) {
    checked.push_back(edge::Checked(*named.service, named.name));
    if (checked.back() == nullptr) {
      std::cerr << name << ": no descriptor for the service " << named.name << std::endl;
      return 1;
    }
    builder.RegisterService(checked.back().get());
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << name << ": cannot listen on " << listen << ": " << WhyCannotListen(listen)
              << std::endl;
    return 1;
  }
  grpc::HealthCheckServiceInterface& health = *server->GetHealthCheckService();
  const auto set_readiness = [&](bool ready) {
    const bool appends = !options.accepting_appends || options.accepting_appends();
    health.SetServingStatus(ready);
    for (const NamedService& named : services) {
      health.SetServingStatus(named.name, ready && (appends || !named.appends));
    }
    if (options.accepting_appends) health.SetServingStatus(kAppendsHealth, appends);
  };
  const auto readiness_now = [&] { return !options.ready || options.ready(); };
  set_readiness(readiness_now());
  health.SetServingStatus(kLivenessService, true);
  absl::Notification stopping;
  std::thread readiness;
  if (options.ready || options.accepting_appends) {
    readiness = std::thread([&] {
      while (!stopping.WaitForNotificationWithTimeout(options.readiness_interval)) {
        set_readiness(readiness_now());
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
