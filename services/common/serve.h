// The life of a service process after start-up: serve the given gRPC services
// on one address with health and reflection, announce the bound port, wait for
// SIGTERM or SIGINT, and let calls in flight finish.
//
//   award::StopSignals stop;  // before any thread starts
//   ... load the rules, connect the store, build `service` ...
//   return award::ServeUntilStopped("council_server", listen, {&service}, stop);
//
// Prints "<name> listening on HOST:PORT" once it serves (port 0 picks a free
// one) and "<name>: stopped cleanly" at the end; returns the process's exit code.
#ifndef AWARD_SERVICES_COMMON_SERVE_H_
#define AWARD_SERVICES_COMMON_SERVE_H_

#include <string>
#include <vector>

#include "base/stop_signals.h"
#include "grpcpp/impl/service_type.h"

namespace award {

int ServeUntilStopped(const std::string& name, const std::string& listen,
                      const std::vector<grpc::Service*>& services, StopSignals& stop);

}  // namespace award

#endif  // AWARD_SERVICES_COMMON_SERVE_H_
