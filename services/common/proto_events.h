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
