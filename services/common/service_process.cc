#include "services/common/service_process.h"

#include <string>
#include <utility>

#include "absl/flags/flag.h"
#include "base/status_macros.h"
#include "eventstore/grpc/remote_event_store.h"
#include "services/common/rule_flags.h"

ABSL_FLAG(std::string, event_store, "127.0.0.1:50051", "Address of the eventstore_server");

namespace award {

absl::StatusOr<std::unique_ptr<ServiceBackend>> ConnectServiceBackend(const std::string& process,
                                                                      const std::string& listen) {
  AWARD_ASSIGN_OR_RETURN(std::unique_ptr<telemetry::Telemetry> telemetry,
                         telemetry::Telemetry::FromFlags(process));
  AWARD_ASSIGN_OR_RETURN(security::ServerSecurity security,
                         security::ServerSecurityFromFlags(listen, false));
  eventstore::RemoteEventStoreOptions store_options;
  AWARD_ASSIGN_OR_RETURN(store_options.credentials, security::ChannelCredentialsFromFlags());
  AWARD_ASSIGN_OR_RETURN(RuleBook rules, LoadRuleBookFromFlags());
  const WorkingDayCalendar calendar(rules.CalendarOptions());
  return std::make_unique<ServiceBackend>(ServiceBackend{
      std::move(rules), calendar,
      eventstore::ConnectRemoteEventStore(absl::GetFlag(FLAGS_event_store), store_options),
      std::move(security), std::move(telemetry)});
}

ServeOptions ServiceBackend::Serving() {
  ServeOptions serving;
  security.ApplyTo(serving);
  telemetry->ApplyTo(serving);
  return serving;
}

}  // namespace award
