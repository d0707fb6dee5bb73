// council_server: award.v1.Council against an eventstore_server.
//
//   council_server --event_store=127.0.0.1:50051 --listen=127.0.0.1:50062
//       --rules_dir=rules/vn --ballot_key_file=/etc/award/ballot.key
//
// The ballot key file holds the 32-byte secret that seals secret ballots
// (domain/ballot_seal.h); it is created, readable by its owner only, when it
// does not exist. Every instance of the service must share it: ballots sealed
// under one key open only under the same key.
//
// Prints "council_server listening on HOST:PORT" once it serves; SIGTERM or
// SIGINT lets calls in flight finish. A bad rules directory or key file stops
// it at start.
#include <iostream>
#include <memory>
#include <string>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "base/process_settings.h"
#include "base/serve.h"
#include "base/stop_signals.h"
#include "services/common/service_process.h"
#include "services/council/ballot_key_file.h"
#include "services/council/council_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50062", "Address to serve on; port 0 picks a free port");
ABSL_FLAG(std::string, ballot_key_file, "council-ballot.key",
          "File with the 32-byte secret that seals secret ballots; created if missing");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  award::StopCheckingLockOrder();
  award::StopSignals stop;  // before any thread starts

  absl::StatusOr<std::unique_ptr<award::ServiceBackend>> backend =
      award::ConnectServiceBackend("council_server", absl::GetFlag(FLAGS_listen));
  if (!backend.ok()) {
    std::cerr << "council_server: " << backend.status() << std::endl;
    return 1;
  }
  award::ServiceBackend& b = **backend;
  absl::StatusOr<award::council::BallotSeal> seal =
      award::council::LoadOrCreateBallotSeal(absl::GetFlag(FLAGS_ballot_key_file));
  if (!seal.ok()) {
    std::cerr << "council_server: " << seal.status() << std::endl;
    return 1;
  }
  award::council::CouncilService service(*b.store, b.rules, b.calendar, *seal,
                                         {.access = b.security.access.get()});

  return award::ServeUntilStopped("council_server", absl::GetFlag(FLAGS_listen),
                                  {{award::v1::Council::service_full_name(), &service}}, stop,
                                  b.Serving());
}
