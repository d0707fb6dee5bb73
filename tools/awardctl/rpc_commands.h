// awardctl's subcommands for the platform's RPCs, grouped the way a clerk
// works: `awardctl nomination submit` is award.v1.Nominations.SubmitNomination.
// Every RPC of award.v1.Nominations, Council, Decisions and Query has exactly
// one subcommand (a test holds the catalogue to the services' descriptors),
// as do the event store's read-only RPCs an auditor uses.
#ifndef AWARD_TOOLS_AWARDCTL_RPC_COMMANDS_H_
#define AWARD_TOOLS_AWARDCTL_RPC_COMMANDS_H_

#include <vector>

#include "absl/strings/string_view.h"

namespace award::ctl {

// The services the platform serves, each reached at its own address in the
// split deployment (one address for all of them under awardd).
enum class ServiceName { kNominations, kCouncil, kDecisions, kQuery, kEventStore };
inline constexpr ServiceName kServiceNames[] = {ServiceName::kNominations, ServiceName::kCouncil,
                                                ServiceName::kDecisions, ServiceName::kQuery,
                                                ServiceName::kEventStore};

struct RpcCommand {
  absl::string_view group;    // e.g. "nomination"
  absl::string_view verb;     // e.g. "submit"
  absl::string_view method;   // full name, e.g. "award.v1.Nominations.SubmitNomination"
  absl::string_view summary;  // in Vietnamese, for help
};

// Groups in the order a clerk meets them: authority, campaign, nomination,
// council, meeting, decision, query, audit.
const std::vector<absl::string_view>& CommandGroups();

// Once this has been called, every command's method is in
// google::protobuf::DescriptorPool::generated_pool(), linked in or not.
const std::vector<RpcCommand>& RpcCommands();

// Null when there is no such subcommand.
const RpcCommand* FindRpcCommand(absl::string_view group, absl::string_view verb);

// The service a method belongs to, by its full name.
ServiceName ServiceOf(absl::string_view method);

}  // namespace award::ctl

#endif  // AWARD_TOOLS_AWARDCTL_RPC_COMMANDS_H_
