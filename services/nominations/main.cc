// nominations_server: award.v1.Nominations against an eventstore_server.
//
//   nominations_server --event_store=127.0.0.1:50051 --listen=127.0.0.1:50061 --rules_dir=rules/vn
//
// Prints "nominations_server listening on HOST:PORT" once it serves; SIGTERM or
// SIGINT lets calls in flight finish. A bad rules directory stops it at start.
#include <iostream>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "base/stop_signals.h"
#include "eventstore/grpc/remote_event_store.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "services/nominations/nominations_service.h"

ABSL_FLAG(std::string, event_store, "127.0.0.1:50051", "Address of the eventstore_server");
ABSL_FLAG(std::string, listen, "127.0.0.1:50061", "Address to serve on; port 0 picks a free port");
ABSL_FLAG(std::string, rules_dir, "rules/vn", "Directory of the rule sets");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  award::StopSignals stop;  // before any thread starts

  absl::StatusOr<award::RuleBook> rules =
      award::RuleBook::LoadDirectory(absl::GetFlag(FLAGS_rules_dir));
  if (!rules.ok()) {
    std::cerr << "nominations_server: " << rules.status() << std::endl;
    return 1;
  }
  const award::WorkingDayCalendar calendar(rules->CalendarOptions());
  std::unique_ptr<eventstore::EventStore> store =
      eventstore::ConnectRemoteEventStore(absl::GetFlag(FLAGS_event_store));
  award::nominations::NominationsService service(*store, *rules, calendar);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  const std::string listen = absl::GetFlag(FLAGS_listen);
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << "nominations_server: cannot listen on " << listen << std::endl;
    return 1;
  }
  std::cout << "nominations_server listening on " << listen.substr(0, listen.rfind(':')) << ":"
            << port << std::endl;
  stop.Wait();
  server->Shutdown(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  server->Wait();
  std::cout << "nominations_server: stopped cleanly" << std::endl;
  return 0;
}
