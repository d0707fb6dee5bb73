// awardd: the whole platform in one process on one data directory, the
// default for a laptop, a demo or a small commune. It serves, on one address,
// award.v1.Nominations, Council, Decisions and Query, and eventstore.v1.EventStore
// (so that auditors' tools read the same log), with gRPC health and reflection.
//
//   awardd --data_dir=./data --listen=127.0.0.1:50050 --rules_dir=rules/vn
//       [--rule_overrides=rules/demo] [--rebuild=all]
//
// The data directory holds the event store (eventstore/), the query service's
// read models (query/), the key that seals secret ballots
// (council-ballot.key, unless --ballot_key_file names another), and the key
// the log signs its checkpoints with and the latest of them (log-signing.key,
// log-checkpoint; log_signing_flags.h, --print_log_key). A second start
// continues where the last one stopped; a second awardd on a data directory in
// use refuses to start and says so.
//
// Prints "awardd listening on HOST:PORT ..." once it serves, and how: with
// --tls_ca, --tls_cert, --tls_key and --access_policy it speaks mTLS and checks
// every call against the access policy; without them it speaks plaintext gRPC
// with no access control, and so listens on loopback only (a laptop's default).
// SIGTERM or SIGINT drains: health says NOT_SERVING, subscriptions end, calls
// in flight finish, the projections stop at a checkpoint, RocksDB closes.
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "base/process_settings.h"
#include "base/serve.h"
#include "base/stop_signals.h"
#include "eventstore/grpc/event_store_service.h"
#include "eventstore/grpc/log_signing_flags.h"
#include "eventstore/rocksdb_event_store.h"
#include "security/transport_security.h"
#include "services/common/rule_flags.h"
#include "services/common/working_days.h"
#include "services/council/ballot_key_file.h"
#include "services/council/council_service.h"
#include "services/decisions/decisions_service.h"
#include "services/nominations/nominations_service.h"
#include "services/query/projection_health.h"
#include "services/query/projections.h"
#include "services/query/query_service.h"
#include "telemetry/store_metrics.h"

ABSL_FLAG(std::string, data_dir, "./data", "Directory of the platform's data; created if missing");
ABSL_FLAG(std::string, listen, "127.0.0.1:50050",
          "Address to serve on (loopback unless mTLS); port 0 picks a free port");
ABSL_FLAG(std::string, ballot_key_file, "",
          "File with the secret that seals secret ballots (default <data_dir>/council-ballot.key)");
ABSL_FLAG(
    std::string, backup_dir, "",
    "Where operators' backups of the log go (eventstore.v1.EventStore/Backup); none if empty");
ABSL_FLAG(uint64_t, min_free_bytes, eventstore::RocksDbEventStoreOptions::kDefaultMinFreeBytes,
          "Free bytes the data directory keeps: below, commands are refused (RESOURCE_EXHAUSTED) "
          "until there is room again; reads go on; 0: no check");
ABSL_FLAG(std::vector<std::string>, rebuild, {},
          "Projections to drop and rebuild from position 0 at start (or all)");

namespace {

int Fail(const std::string& message) {
  std::cerr << "awardd: " << message << std::endl;
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Runs the whole award platform in one process.");
  absl::ParseCommandLine(argc, argv);
  award::StopCheckingLockOrder();
  award::StopSignals stop;  // before any thread starts

  const std::string listen = absl::GetFlag(FLAGS_listen);
  absl::StatusOr<award::security::ServerSecurity> security =
      award::security::ServerSecurityFromFlags(listen, /*plaintext_on_loopback_by_default=*/true);
  if (!security.ok()) return Fail(security.status().ToString());
  const award::security::AccessControl* access = security->access.get();
  absl::StatusOr<std::unique_ptr<award::telemetry::Telemetry>> telemetry =
      award::telemetry::Telemetry::FromFlags("awardd");
  if (!telemetry.ok()) return Fail(telemetry.status().ToString());
  absl::StatusOr<award::RuleBook> rules = award::LoadRuleBookFromFlags();
  if (!rules.ok()) return Fail(rules.status().ToString());
  const award::WorkingDayCalendar calendar(rules->CalendarOptions());

  const std::filesystem::path data_dir = absl::GetFlag(FLAGS_data_dir);
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) return Fail(absl::StrCat("data directory ", data_dir.string(), ": ", error.message()));

  // The log first: its lock tells whether another process has the directory.
  eventstore::RocksDbEventStoreOptions store_options;
  store_options.data_dir = (data_dir / "eventstore").string();
  store_options.observer = award::telemetry::CommitMetrics(**telemetry);
  store_options.min_free_bytes = absl::GetFlag(FLAGS_min_free_bytes);
  store_options.tree_cache_bytes = eventstore::TreeCacheBytesFromFlags();
  // The key and the latest checkpoint lie beside the log's directory, so that
  // a log restored from an older copy of it is refused.
  absl::StatusOr<eventstore::LogSigningOptions> signing = eventstore::LogSigningFromFlags(
      (data_dir / "log-signing.key").string(), (data_dir / "log-checkpoint").string());
  if (!signing.ok()) return Fail(signing.status().ToString());
  store_options.signing = *std::move(signing);
  if (std::optional<int> printed = eventstore::PrintLogKeyIfAsked(
          "awardd", store_options.signing, !std::filesystem::exists(store_options.data_dir))) {
    return *printed;
  }
  absl::StatusOr<std::unique_ptr<eventstore::EmbeddedEventStore>> store =
      eventstore::OpenRocksDbEventStore(store_options);
  if (!store.ok()) {
    return Fail(absl::StrCat(store.status().ToString(), absl::IsFailedPrecondition(store.status())
                                                            ? "; is another awardd running on it?"
                                                            : ""));
  }
  if (absl::Status rotated = eventstore::RotateLogKeyIfAsked("awardd", **store); !rotated.ok()) {
    return Fail(rotated.ToString());
  }
  std::string key_file = absl::GetFlag(FLAGS_ballot_key_file);
  if (key_file.empty()) key_file = (data_dir / "council-ballot.key").string();
  absl::StatusOr<award::council::BallotSeal> seal =
      award::council::LoadOrCreateBallotSeal(key_file);
  if (!seal.ok()) return Fail(seal.status().ToString());
  absl::StatusOr<std::unique_ptr<award::query::Projections>> projections =
      award::query::Projections::Open(**store, (data_dir / "query").string(),
                                      absl::GetFlag(FLAGS_rebuild));
  if (!projections.ok()) return Fail(projections.status().ToString());

  eventstore::EventStoreService event_store(**store,
                                            {.backup_dir = absl::GetFlag(FLAGS_backup_dir)});
  award::nominations::NominationsService nominations(**store, *rules, calendar, {.access = access});
  award::council::CouncilService council(**store, *rules, calendar, *seal, {.access = access});
  award::decisions::DecisionsService decisions(**store, *rules, calendar, {.access = access});
  award::query::QueryService query(**projections);
  (*projections)->Start();

  award::ServeOptions serving;
  serving.announcement_detail = absl::StrCat("data_dir ", data_dir.string());
  security->ApplyTo(serving);
  (*telemetry)->ApplyTo(serving);
  award::telemetry::AddStoreGauges(**telemetry, **store);
  award::telemetry::AddSubscriptionGauges(**telemetry, event_store, **store);
  award::query::ObserveProjections(**projections, **store, **telemetry, serving);
  serving.max_receive_message_bytes = eventstore::MaxRequestBytes(store_options.limits);
  serving.accepting_appends = [&] { return (*store)->AcceptingAppends().ok(); };
  serving.before_drain = [&] { (*store)->EndSubscriptions(); };
  serving.after_drain = [&] {
    (*projections)->Stop();
    return (*store)->Close();
  };
  const int exit_code =
      award::ServeUntilStopped("awardd", listen,
                               {{eventstore::v1::EventStore::service_full_name(), &event_store},
                                {award::v1::Nominations::service_full_name(), &nominations, true},
                                {award::v1::Council::service_full_name(), &council, true},
                                {award::v1::Decisions::service_full_name(), &decisions, true},
                                {award::v1::Query::service_full_name(), &query}},
                               stop, std::move(serving));
  // The metrics' gauges read the store and projections: stop serving them first.
  telemetry->reset();
  return exit_code;
}
