// Domain events are protobuf messages: the event's type is the message's short
// name, its content type the full name (which readers in decades to come look
// up), its payload the serialised message.
#ifndef AWARD_SERVICES_COMMON_PROTO_EVENTS_H_
#define AWARD_SERVICES_COMMON_PROTO_EVENTS_H_

#include <google/protobuf/message.h>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "eventstore/event.h"
#include "services/common/command.h"

namespace award {

inline NewEvent ToNewEvent(const google::protobuf::Message& message) {
  return {message.GetDescriptor()->name(), message.GetDescriptor()->full_name(),
          message.SerializeAsString()};
}

// Adds `message` to the append for `stream` in `effects.also`, making one
// expected at `version` (-1: no stream yet) if there is none.
inline void AddToStream(Effects& effects, const std::string& stream, int64_t version,
                        const google::protobuf::Message& message) {
  auto it = effects.also.begin();
  while (it != effects.also.end() && it->stream != stream) ++it;
  if (it == effects.also.end()) {
    it = effects.also.insert(it, eventstore::StreamAppend{stream, ExpectedAt(version), {}});
  }
  it->events.push_back(UnstampedEvent(ToNewEvent(message)));
}

// DATA_LOSS when the stored payload is not a `Message`.
template <typename Message>
absl::StatusOr<Message> ParseEvent(const eventstore::RecordedEvent& event) {
  Message message;
  if (event.event.content_type != Message::descriptor()->full_name() ||
      !message.ParseFromString(event.event.payload)) {
    return absl::DataLossError(absl::StrCat("event at position ", event.position, " is not a ",
                                            Message::descriptor()->full_name()));
  }
  return message;
}

}  // namespace award

#endif  // AWARD_SERVICES_COMMON_PROTO_EVENTS_H_
