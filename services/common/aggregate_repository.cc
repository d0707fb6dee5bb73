#include "services/common/aggregate_repository.h"

#include "eventstore/errors.h"

namespace award {

absl::Status ValidateCommandContext(const CommandContext& context) {
  if (context.actor.empty())
    return eventstore::InvalidField("actor", "every command names its actor");
  if (context.request_id.empty()) {
    return eventstore::InvalidField("request_id", "every command carries a request id");
  }
  return absl::OkStatus();
}

eventstore::EventData UnstampedEvent(const NewEvent& event) {
  eventstore::EventData data;
  data.type = event.type;
  data.content_type = event.content_type;
  data.payload = event.payload;
  return data;
}

eventstore::RecordedEvent UnrecordedEvent(const NewEvent& event) {
  eventstore::RecordedEvent recorded;
  recorded.event = UnstampedEvent(event);
  return recorded;
}

eventstore::AppendRequest BuildAppend(const std::string& stream, int64_t version,
                                      const CommandContext& context, Decision decision) {
  eventstore::AppendRequest request;
  if (!decision.events.empty()) {
    eventstore::StreamAppend& own = request.streams.emplace_back();
    own.stream = stream;
    own.expected = version < 0 ? eventstore::ExpectedVersion::NoStream()
                               : eventstore::ExpectedVersion::Exact(static_cast<uint64_t>(version));
    for (const NewEvent& event : decision.events) own.events.push_back(UnstampedEvent(event));
  }
  for (eventstore::StreamAppend& other : decision.also) request.streams.push_back(std::move(other));
  for (eventstore::StreamAppend& append : request.streams) {
    for (eventstore::EventData& data : append.events) {
      data.id = eventstore::EventId::New();
      data.metadata.actor = context.actor;
      data.metadata.request_id = context.request_id;
      data.metadata.correlation_id = context.correlation_id;
      data.metadata.causation_id = context.causation_id;
    }
  }
  return request;
}

}  // namespace award
