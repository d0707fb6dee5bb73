// The one way a service runs a command on an aggregate: the caller must hold
// the method's role at the authority the aggregate belongs to; the Decide runs
// on the state its stream holds now, through the repository (a lost race is
// decided again from fresh reads); the answer says what was recorded
// (v1::Recorded), and `observe` sees the state the command left.
//
//   CommandRunner<MeetingAggregate> meetings(store, [](const Meeting& m) {
//     return m.state == MeetingState::kNone ? std::nullopt
//                                           : std::optional(m.scheduled.authority_id());
//   });
//   absl::Status ran = meetings.Run(caller, request->meta(), MeetingStream(id),
//       [&](const Meeting& m) { return DecideConvene(m, ...); }, *outcome.mutable_recorded());
//
// A command that creates its aggregate names the authority in its request, and
// its handler checks the caller there before running it.
#ifndef AWARD_SERVICES_COMMON_COMMAND_RUNNER_H_
#define AWARD_SERVICES_COMMON_COMMAND_RUNNER_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "award/v1/common.pb.h"
#include "base/status_macros.h"
#include "eventstore/event_store.h"
#include "security/grpc_access.h"
#include "services/common/aggregate_repository.h"
#include "services/common/command.h"
#include "services/common/service_edge.h"

namespace award {

// What a command recorded, as every command's answer carries it.
void SetRecorded(const CommandResult& result, v1::Recorded& recorded);

template <Aggregate A>
class CommandRunner {
 public:
  using State = typename A::State;
  using Loaded = typename AggregateRepository<A>::Loaded;
  using Observer = std::function<void(const State&)>;
  // The authority whose role holders may change the aggregate; nullopt while
  // it does not exist.
  using AuthorityOf = std::function<std::optional<std::string>(const State&)>;

  // `max_attempts` and `cached_streams` as AggregateRepository's.
  CommandRunner(eventstore::EventStore& store, AuthorityOf authority_of, int max_attempts = 5,
                size_t cached_streams = 0)
      : repository_(store, max_attempts, cached_streams), authority_of_(std::move(authority_of)) {}

  // The aggregate as its stream holds it now, for queries and for the facts a
  // command of another aggregate reads.
  absl::StatusOr<Loaded> Load(const std::string& stream) { return repository_.Load(stream); }

  // Runs `decide` (const State& -> absl::StatusOr<std::vector<NewEvent>> or
  // absl::StatusOr<Effects>) for `caller` and fills `recorded`.
  template <typename Decide>
  absl::Status Run(const security::CallerScope& caller, const v1::CommandMeta& meta,
                   const std::string& stream, Decide&& decide, v1::Recorded& recorded,
                   const Observer& observe = {}) {
    auto permitted = [&](const State& state) -> decltype(decide(state)) {
      if (std::optional<std::string> authority = authority_of_(state)) {
        AWARD_RETURN_IF_ERROR(caller.At(*authority));
      }
      return decide(state);
    };
    AWARD_ASSIGN_OR_RETURN(CommandResult result,
                           repository_.Execute(stream, ContextOf(meta), permitted, observe));
    SetRecorded(result, recorded);
    return absl::OkStatus();
  }

 private:
  AggregateRepository<A> repository_;
  const AuthorityOf authority_of_;
};

}  // namespace award

#endif  // AWARD_SERVICES_COMMON_COMMAND_RUNNER_H_
