// How an aggregate or a projection folds the events it knows: one table per
// reader, with an applier for each event at its current version and an
// upcaster for each older version still found in the log. Events are looked
// up by content type (the message's full name, which carries its package
// version: award.v1.NominationSubmitted), and their type must be that
// message's short name. An older version is parsed as the message it was
// stored as, turned into the current one by its upcaster, and only then
// applied: appliers see current messages alone, so the log is read the same
// way for decades (ARCHITECTURE.md: fields are only added; a breaking change
// is a new message, and readers upcast old ones).
//
//   const EventAppliers<Campaign>& Appliers() {
//     static const auto* const appliers =
//         &(new EventAppliers<Campaign>("campaign"))
//              ->On<v1::CampaignLaunched>(ApplyLaunched)
//              .On<v1::CampaignClosed>(ApplyClosed);
//     return *appliers;
//   }
//   absl::Status CampaignAggregate::Evolve(Campaign& c, const RecordedEvent& event) {
//     return Appliers().Apply(c, event);
//   }
#ifndef AWARD_SERVICES_COMMON_EVENT_APPLIERS_H_
#define AWARD_SERVICES_COMMON_EVENT_APPLIERS_H_

#include <functional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/status_macros.h"
#include "eventstore/event.h"
#include "google/protobuf/message.h"
#include "services/common/proto_events.h"

namespace award {

// A state machine's move by a stored event: `state` becomes `next`, or the
// event is DATA_LOSS when the machine would not have allowed it (the log
// holds what no command could have written).
template <typename MachineState>
absl::Status FollowStoredTransition(MachineState& state, absl::StatusOr<MachineState> next,
                                    const eventstore::RecordedEvent& event) {
  if (!next.ok()) {
    return absl::DataLossError(
        absl::StrCat("stored ", event.event.type, " at position ", event.position,
                     " breaks the state machine: ", next.status().message()));
  }
  state = *std::move(next);
  return absl::OkStatus();
}

template <typename State>
class EventAppliers {
 public:
  // Given the parsed message to keep or read: an applier may move from it.
  template <typename Message>
  using Applier = std::function<absl::Status(State&, Message&&, const eventstore::RecordedEvent&)>;

  // `reader` names the aggregate or projection in messages: "nomination".
  explicit EventAppliers(std::string reader) : reader_(std::move(reader)) {}
  // Its readers refer to the table itself.
  EventAppliers(const EventAppliers&) = delete;
  EventAppliers& operator=(const EventAppliers&) = delete;

  // Events of `Message` at its current version are folded by `apply`.
  template <typename Message>
  EventAppliers& On(Applier<Message> apply) {
    current_[Message::descriptor()->full_name()] = [apply](State& state,
                                                           google::protobuf::Message& message,
                                                           const eventstore::RecordedEvent& event) {
      return apply(state, std::move(static_cast<Message&>(message)), event);
    };
    return Read<Message, Message>(std::move(apply));
  }

  // The aggregate exists once a `First` event is applied (`exists` says
  // whether it does): any other event before it is DATA_LOSS.
  template <typename First>
  EventAppliers& CreatedBy(std::function<bool(const State&)> exists) {
    first_ = First::descriptor()->full_name();
    exists_ = std::move(exists);
    return *this;
  }

  // Events stored as `Stored`, an older version of `Message`, are read
  // through `upcast` and folded as `Message`'s, whose applier must be given.
  template <typename Stored, typename Message>
  EventAppliers& Upcast(std::function<Message(const Stored&)> upcast) {
    return Read<Stored, Message>(
        [this, upcast = std::move(upcast)](State& state, Stored&& stored,
                                           const eventstore::RecordedEvent& event) {
          auto apply = current_.find(Message::descriptor()->full_name());
          if (apply == current_.end()) {
            return absl::InternalError(absl::StrCat("the ", reader_, " upcasts to ",
                                                    Message::descriptor()->full_name(),
                                                    " but does not apply it"));
          }
          Message current = upcast(stored);
          return apply->second(state, current, event);
        });
  }

  // Folds `event` into `state`: DATA_LOSS for an event the table does not
  // know, one whose payload is not its message, or one whose type disagrees
  // with its content type.
  absl::Status Apply(State& state, const eventstore::RecordedEvent& event) const {
    auto read = readers_.find(event.event.content_type);
    if (read == readers_.end()) {
      return absl::DataLossError(absl::StrCat("the ", reader_, " knows no event '",
                                              event.event.type, "' (", event.event.content_type,
                                              ") at position ", event.position));
    }
    return read->second(state, event);
  }

  // As Apply, for a reader that shows only some of the events it is given (a
  // projection): an event the table does not know is passed over.
  absl::Status ApplyKnown(State& state, const eventstore::RecordedEvent& event) const {
    auto read = readers_.find(event.event.content_type);
    if (read == readers_.end()) return absl::OkStatus();
    return read->second(state, event);
  }

  // Whether the table folds events of this content type.
  bool Knows(absl::string_view content_type) const { return readers_.contains(content_type); }

 private:
  using Current = std::function<absl::Status(State&, google::protobuf::Message&,
                                             const eventstore::RecordedEvent&)>;

  // Events stored as `Stored` are checked, parsed and given to `fold`, as
  // the current version of `Message` (for the aggregate's first event).
  template <typename Stored, typename Message>
  EventAppliers& Read(Applier<Stored> fold) {
    readers_[Stored::descriptor()->full_name()] =
        [this, fold = std::move(fold)](State& state,
                                       const eventstore::RecordedEvent& event) -> absl::Status {
      if (event.event.type != Stored::descriptor()->name()) {
        return absl::DataLossError(absl::StrCat("event at position ", event.position, " is typed '",
                                                event.event.type, "' but holds ",
                                                Stored::descriptor()->full_name()));
      }
      if (exists_ && !exists_(state) && Message::descriptor()->full_name() != first_) {
        return absl::DataLossError(absl::StrCat(event.event.type, " at position ", event.position,
                                                " comes before the ", reader_, "'s first event (",
                                                first_, ")"));
      }
      AWARD_ASSIGN_OR_RETURN(Stored stored, ParseEvent<Stored>(event));
      return fold(state, std::move(stored), event);
    };
    return *this;
  }

  const std::string reader_;
  std::string first_;
  std::function<bool(const State&)> exists_;
  absl::flat_hash_map<std::string, Current> current_;
  absl::flat_hash_map<std::string,
                      std::function<absl::Status(State&, const eventstore::RecordedEvent&)>>
      readers_;
};

}  // namespace award

#endif  // AWARD_SERVICES_COMMON_EVENT_APPLIERS_H_
