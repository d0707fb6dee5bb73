// eventstore_server: the event store of the split deployment. Serves
// eventstore.v1.EventStore, gRPC health and reflection from one data directory.
//
//   eventstore_server --data_dir=./data --listen=127.0.0.1:50051
//       [--log_key_file=KEY] [--checkpoint_file=ELSEWHERE/checkpoint]
//
// The log signs checkpoints of its Merkle tree with its key (by default
// DATA/log-signing.key, created at the first start; log_signing_flags.h).
// --print_log_key prints the key witnesses and verifiers check them with.
//
// On start it prints one line, "eventstore_server listening on HOST:PORT ...",
// with the port really bound (useful with port 0). SIGTERM or SIGINT drains:
// subscriptions end with UNAVAILABLE, calls in flight (appends included) finish,
// the writer answers everything queued and RocksDB closes.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "base/process_settings.h"
#include "base/serve.h"
#include "base/stop_signals.h"
#include "eventstore/grpc/event_store_service.h"
#include "eventstore/grpc/log_signing_flags.h"
#include "eventstore/rocksdb_event_store.h"
#include "security/transport_security.h"
#include "telemetry/store_metrics.h"

ABSL_FLAG(std::string, data_dir, "./data", "Directory of the event store's RocksDB database");
ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "Address to serve on; port 0 picks a free port");
ABSL_FLAG(uint64_t, max_event_bytes, eventstore::Limits().max_event_bytes,
          "Largest event accepted, in bytes");
ABSL_FLAG(uint64_t, max_append_bytes, eventstore::Limits().max_append_bytes,
          "Largest append accepted, in bytes");
ABSL_FLAG(uint64_t, max_events_per_append, eventstore::Limits().max_events_per_append,
          "Most events accepted in one append");
ABSL_FLAG(int, drain_seconds, 10, "How long SIGTERM waits for calls in flight");
ABSL_FLAG(int, max_subscriptions, eventstore::EventStoreServiceOptions().max_subscriptions,
          "Subscriptions open at once; one more is refused with RESOURCE_EXHAUSTED");
ABSL_FLAG(uint64_t, min_free_bytes, eventstore::RocksDbEventStoreOptions::kDefaultMinFreeBytes,
          "Free bytes the data directory keeps: below, appends are refused (RESOURCE_EXHAUSTED) "
          "until there is room again; 0: no check");
ABSL_FLAG(std::string, backup_dir, "",
          "Where operators' backups of the log go (Backup); none if empty");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Serves the award platform's event store over gRPC.");
  absl::ParseCommandLine(argc, argv);
  award::StopCheckingLockOrder();

  // Before any thread starts, so that every thread inherits the mask.
  award::StopSignals stop;

  absl::StatusOr<award::security::ServerSecurity> security =
      award::security::ServerSecurityFromFlags(absl::GetFlag(FLAGS_listen), false);
  if (!security.ok()) {
    std::cerr << "eventstore_server: " << security.status() << std::endl;
    return 1;
  }

  absl::StatusOr<std::unique_ptr<award::telemetry::Telemetry>> telemetry =
      award::telemetry::Telemetry::FromFlags("eventstore_server");
  if (!telemetry.ok()) {
    std::cerr << "eventstore_server: " << telemetry.status() << std::endl;
    return 1;
  }

  eventstore::RocksDbEventStoreOptions options;
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  absl::StatusOr<eventstore::LogSigningOptions> signing = eventstore::LogSigningFromFlags(
      options.data_dir + "/log-signing.key", options.data_dir + "/LATEST-CHECKPOINT");
  if (!signing.ok()) {
    std::cerr << "eventstore_server: " << signing.status() << std::endl;
    return 1;
  }
  options.signing = *std::move(signing);
  if (std::optional<int> printed =
          eventstore::PrintLogKeyIfAsked("eventstore_server", options.signing,
                                         !std::filesystem::exists(options.data_dir + "/CURRENT"))) {
    return *printed;
  }
  options.observer = award::telemetry::CommitMetrics(**telemetry);
  options.limits.max_event_bytes = absl::GetFlag(FLAGS_max_event_bytes);
  options.limits.max_append_bytes = absl::GetFlag(FLAGS_max_append_bytes);
  options.limits.max_events_per_append = absl::GetFlag(FLAGS_max_events_per_append);
  options.min_free_bytes = absl::GetFlag(FLAGS_min_free_bytes);
  options.tree_cache_bytes = eventstore::TreeCacheBytesFromFlags();
  absl::StatusOr<std::unique_ptr<eventstore::EmbeddedEventStore>> store =
      eventstore::OpenRocksDbEventStore(options);
  if (!store.ok()) {
    std::cerr << "eventstore_server: " << store.status() << std::endl;
    return 1;
  }

  if (absl::Status rotated = eventstore::RotateLogKeyIfAsked("eventstore_server", **store);
      !rotated.ok()) {
    std::cerr << "eventstore_server: " << rotated << std::endl;
    return 1;
  }

  eventstore::EventStoreService service(
      **store, {.backup_dir = absl::GetFlag(FLAGS_backup_dir),
                .max_subscriptions = absl::GetFlag(FLAGS_max_subscriptions)});
  award::ServeOptions serving;
  serving.announcement_detail = "data_dir " + options.data_dir;
  security->ApplyTo(serving);
  (*telemetry)->ApplyTo(serving);
  award::telemetry::AddStoreGauges(**telemetry, **store);
  award::telemetry::AddSubscriptionGauges(**telemetry, service, **store);
  serving.max_receive_message_bytes = eventstore::MaxRequestBytes(options.limits);
  serving.accepting_appends = [&] { return (*store)->AcceptingAppends().ok(); };
  serving.before_drain = [&] { (*store)->EndSubscriptions(); };
  serving.after_drain = [&] { return (*store)->Close(); };
  serving.drain = absl::Seconds(absl::GetFlag(FLAGS_drain_seconds));
  const int exit_code = award::ServeUntilStopped(
      "eventstore_server", absl::GetFlag(FLAGS_listen),
      {{eventstore::v1::EventStore::service_full_name(), &service}}, stop, std::move(serving));
  // The metrics' gauges read the store and projections: stop serving them first.
  telemetry->reset();
  return exit_code;
}
