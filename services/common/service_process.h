// What every service process (nominations_server, council_server,
// decisions_server) needs besides its own flags, from the flags they share:
// the rule book from --rules_dir and --rule_overrides (rule_flags.h), its
// working-day calendar, how it serves and calls (mTLS and the access policy,
// security/transport_security.h), and the event store at --event_store. Kept
// at one address for the process's life: the services hold references into it.
#ifndef AWARD_SERVICES_COMMON_SERVICE_PROCESS_H_
#define AWARD_SERVICES_COMMON_SERVICE_PROCESS_H_

#include <memory>

#include "absl/status/statusor.h"
#include "base/serve.h"
#include "eventstore/event_store.h"
#include "security/transport_security.h"
#include "services/common/rule_book.h"
#include "services/common/working_days.h"
#include "telemetry/telemetry.h"

namespace award {

struct ServiceBackend {
  RuleBook rules;
  WorkingDayCalendar calendar;
  std::unique_ptr<eventstore::EventStore> store;
  security::ServerSecurity security;
  std::unique_ptr<telemetry::Telemetry> telemetry;

  // How the process serves: its security, metrics and request log.
  ServeOptions Serving();
};

// The error names the rules file and field when the rule book does not load,
// or the flag when the security flags do not fit `listen`.
absl::StatusOr<std::unique_ptr<ServiceBackend>> ConnectServiceBackend(const std::string& process,
                                                                      const std::string& listen);

}  // namespace award

#endif  // AWARD_SERVICES_COMMON_SERVICE_PROCESS_H_
