// What a pure Decide function works with: who asks (CommandContext), what it
// wants recorded (NewEvent, Effects) and the shape of an aggregate. Nothing
// here reads or writes the log: the domain libraries include this header and
// link nothing of the store, so the build keeps them pure.
//
//   struct Nomination {
//     struct State { ... };
//     static absl::Status Evolve(State& state, const eventstore::RecordedEvent& event);
//   };
//   absl::StatusOr<std::vector<NewEvent>> DecideSubmit(const Nomination::State&, ...);
//   absl::StatusOr<Effects> DecideIssue(const Decision&, ...);  // writes other streams too
#ifndef AWARD_SERVICES_COMMON_COMMAND_H_
#define AWARD_SERVICES_COMMON_COMMAND_H_

#include <concepts>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "eventstore/event.h"

namespace award {

// Who asks, and which request this is.
struct CommandContext {
  std::string actor;           // the principal, and the person it acts for
  std::string request_id;      // chosen by the client; a retry reuses it
  std::string correlation_id;  // the business flow
  std::string causation_id;    // what caused this command
};

// INVALID_ARGUMENT naming "actor" or "request_id" when the context lacks one.
absl::Status ValidateCommandContext(const CommandContext& context);

// An event that a Decide function wants recorded.
struct NewEvent {
  std::string type;          // e.g. "NominationSubmitted"
  std::string content_type;  // e.g. "award.v1.NominationSubmitted"
  std::string payload;       // the serialised message
};

// What a Decide function returns when its command writes beyond its own
// stream: `also` goes into the same atomic append, each stream with its own
// expected version; `unchanged` names the streams the judgement read and does
// not write (a prerequisite, an agenda), which must still be at the version
// read when the append is written. A lost race on any of them is retried like
// one on the aggregate's stream, by deciding again from fresh reads.
struct Effects {
  std::vector<NewEvent> events;
  std::vector<eventstore::StreamAppend> also;
  std::vector<eventstore::StreamCondition> unchanged;
};

// The expectation for a stream read at `last_version` (-1: it had no events).
eventstore::ExpectedVersion ExpectedAt(int64_t last_version);

// Adds the condition that `stream`, read at `last_version`, is still so,
// unless `effects` already writes or conditions it (the first read stands: a
// later read at another version loses the append, and the command is decided
// again).
void RequireUnchanged(Effects& effects, const std::string& stream, int64_t last_version);

// Effects that write `events` to the aggregate's own stream and nowhere else.
absl::StatusOr<Effects> OnOwnStream(absl::StatusOr<std::vector<NewEvent>> events);

// An aggregate: a default-constructible State (the state before any event) and
// a pure Evolve that applies one recorded event to it.
template <typename A>
concept Aggregate = std::default_initializable<typename A::State> &&
    requires(typename A::State& state, const eventstore::RecordedEvent& event) {
  { A::Evolve(state, event) } -> std::same_as<absl::Status>;
};

// An event for an Effects' `also`, before it is given an id and metadata.
eventstore::EventData UnstampedEvent(const NewEvent& event);

// The event as Evolve would see it once recorded (no id, version or position):
// to fold what a Decide function returned before anything is written.
eventstore::RecordedEvent UnrecordedEvent(const NewEvent& event);

}  // namespace award

#endif  // AWARD_SERVICES_COMMON_COMMAND_H_
