// query_server: award.v1.Query against an eventstore_server, its projections
// kept under one data directory of its own.
//
//   query_server --event_store=127.0.0.1:50051 --listen=127.0.0.1:50064
//       --data_dir=query-data [--rebuild=all|nominations,statistics,...]
//
// Prints "query_server listening on HOST:PORT" once it serves, while the
// projections catch up behind it (queries with a min_position wait for them).
// --rebuild drops the named projections and builds them again from position 0.
// SIGTERM or SIGINT lets calls in flight finish and stops the projections at a
// checkpoint.
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "base/process_settings.h"
#include "base/serve.h"
#include "base/stop_signals.h"
#include "eventstore/grpc/remote_event_store.h"
#include "security/transport_security.h"
#include "services/query/projection_health.h"
#include "services/query/projections.h"
#include "services/query/query_service.h"
#include "telemetry/telemetry.h"

ABSL_FLAG(std::string, event_store, "127.0.0.1:50051", "Address of the eventstore_server");
ABSL_FLAG(std::string, listen, "127.0.0.1:50064", "Address to serve on; port 0 picks a free port");
ABSL_FLAG(std::string, data_dir, "query-data", "Directory of the projections' databases");
ABSL_FLAG(std::vector<std::string>, rebuild, {},
          "Projections to drop and rebuild from position 0 at start (or all)");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  award::StopCheckingLockOrder();
  award::StopSignals stop;  // before any thread starts

  absl::StatusOr<std::unique_ptr<award::telemetry::Telemetry>> telemetry =
      award::telemetry::Telemetry::FromFlags("query_server");
  if (!telemetry.ok()) {
    std::cerr << "query_server: " << telemetry.status() << std::endl;
    return 1;
  }
  absl::StatusOr<award::security::ServerSecurity> security =
      award::security::ServerSecurityFromFlags(absl::GetFlag(FLAGS_listen), false);
  eventstore::RemoteEventStoreOptions store_options;
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      award::security::ChannelCredentialsFromFlags();
  if (!security.ok() || !credentials.ok()) {
    std::cerr << "query_server: " << (security.ok() ? credentials.status() : security.status())
              << std::endl;
    return 1;
  }
  store_options.credentials = *credentials;
  std::unique_ptr<eventstore::EventStore> store =
      eventstore::ConnectRemoteEventStore(absl::GetFlag(FLAGS_event_store), store_options);
  absl::StatusOr<std::unique_ptr<award::query::Projections>> projections =
      award::query::Projections::Open(*store, absl::GetFlag(FLAGS_data_dir),
                                      absl::GetFlag(FLAGS_rebuild));
  if (!projections.ok()) {
    std::cerr << "query_server: " << projections.status() << std::endl;
    return 1;
  }
  (*projections)->Start();
  award::query::QueryService service(**projections);
  award::ServeOptions serving;
  security->ApplyTo(serving);
  (*telemetry)->ApplyTo(serving);
  award::query::ObserveProjections(**projections, *store, **telemetry, serving);
  serving.after_drain = [&] {
    (*projections)->Stop();
    return absl::OkStatus();
  };
  const int exit_code = award::ServeUntilStopped(
      "query_server", absl::GetFlag(FLAGS_listen),
      {{award::v1::Query::service_full_name(), &service}}, stop, std::move(serving));
  // The metrics' gauges read the store and projections: stop serving them first.
  telemetry->reset();
  return exit_code;
}
