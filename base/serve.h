// The life of a service process after start-up: serve the given gRPC services
// on one address with health and reflection, announce the bound port, wait for
// SIGTERM or SIGINT, and let calls in flight finish.
//
//   award::StopSignals stop;  // before any thread starts
//   ... load the rules, connect the store, build `service` ...
//   return award::ServeUntilStopped("council_server", listen,
//                                   {{v1::Council::service_full_name(), &service}}, stop);
//
// Prints "<name> listening on HOST:PORT[ <detail>]" once it serves (port 0
// picks a free one), "<name>: signal N, draining" when stopped, and
// "<name>: stopped cleanly" at the end; returns the process's exit code. An
// address in use is refused, with the system's reason: no other process
// shares the port.
// Health tells liveness and readiness apart. "award.liveness" answers SERVING
// from the announcement until the signal. Readiness is "" and each service by
// its full name: SERVING while `ready` (if given) says so, checked every
// `readiness_interval` (the event store open, projections caught up), and
// NOT_SERVING from the signal on, while calls drain. Where the log lives,
// "award.appends" is SERVING only while it takes appends (not when its disk is
// nearly full, say), and so are the services that record events.
#ifndef AWARD_BASE_SERVE_H_
#define AWARD_BASE_SERVE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "base/stop_signals.h"
#include "grpcpp/impl/service_type.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/support/server_interceptor.h"

namespace award {

// A service and its full name, e.g. "award.v1.Council", as health reports it.
struct NamedService {
  std::string name;
  grpc::Service* service;
  // It records events: it is ready only while the log takes appends.
  bool appends = false;
};

inline constexpr char kLivenessService[] = "award.liveness";
inline constexpr char kAppendsHealth[] = "award.appends";

struct ServeOptions {
  // Whether the server can take traffic; null: always once it serves.
  std::function<bool()> ready;
  // Whether the log in this process takes appends now; null: no log here.
  std::function<bool()> accepting_appends;
  // How often `ready` and `accepting_appends` are asked again.
  absl::Duration readiness_interval = absl::Milliseconds(250);
  // Appended to the announcement, e.g. "data_dir ./data".
  std::string announcement_detail;
  // How the server authenticates callers (security/transport_security.h);
  // null serves plaintext.
  std::shared_ptr<grpc::ServerCredentials> credentials;
  // Run around every call (e.g. stamping the authenticated actor on commands).
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  // Largest request accepted, in bytes; a larger one is refused with
  // RESOURCE_EXHAUSTED before it is read whole.
  int max_receive_message_bytes = 4 << 20;
  // Threads serving calls at once; a call beyond is refused with
  // RESOURCE_EXHAUSTED rather than queued without end.
  int max_threads = 256;
  // Calls one connection may have open at once (HTTP/2 streams), so that one
  // client cannot hold every thread of the server.
  int max_concurrent_streams_per_connection = 100;
  // Runs after the signal, before calls in flight are drained: e.g. ending
  // server-streaming subscriptions, which would otherwise hold the drain.
  std::function<void()> before_drain;
  // Runs once every call has finished: stop projections, close the store. An
  // error is printed and makes the exit code 1.
  std::function<absl::Status()> after_drain;
  // How long calls in flight may take to finish before they are cancelled.
  absl::Duration drain = absl::Seconds(10);
};

int ServeUntilStopped(const std::string& name, const std::string& listen,
                      const std::vector<NamedService>& services, StopSignals& stop,
                      ServeOptions options = {});

}  // namespace award

#endif  // AWARD_BASE_SERVE_H_
