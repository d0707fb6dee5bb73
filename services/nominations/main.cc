// nominations_server: award.v1.Nominations against an eventstore_server.
//
//   nominations_server --event_store=127.0.0.1:50051 --listen=127.0.0.1:50061 --rules_dir=rules/vn
//
// Prints "nominations_server listening on HOST:PORT" once it serves; SIGTERM or
// SIGINT lets calls in flight finish. A bad rules directory stops it at start.
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
#include "services/nominations/nominations_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50061", "Address to serve on; port 0 picks a free port");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  award::StopCheckingLockOrder();
  award::StopSignals stop;  // before any thread starts

  absl::StatusOr<std::unique_ptr<award::ServiceBackend>> backend =
      award::ConnectServiceBackend("nominations_server", absl::GetFlag(FLAGS_listen));
  if (!backend.ok()) {
    std::cerr << "nominations_server: " << backend.status() << std::endl;
    return 1;
  }
  award::ServiceBackend& b = **backend;
  award::nominations::NominationsService service(*b.store, b.rules, b.calendar,
                                                 {.access = b.security.access.get()});
  return award::ServeUntilStopped("nominations_server", absl::GetFlag(FLAGS_listen),
                                  {{award::v1::Nominations::service_full_name(), &service}}, stop,
                                  b.Serving());
}
