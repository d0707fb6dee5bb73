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

eventstore::AppendRequest BuildAppend(const std::string& stream, int64_t version,
                                      const CommandContext& context,
                                      const std::vector<NewEvent>& events) {
  eventstore::StreamAppend append;
  append.stream = stream;
  append.expected = version < 0
                        ? eventstore::ExpectedVersion::NoStream()
                        : eventstore::ExpectedVersion::Exact(static_cast<uint64_t>(version));
  for (const NewEvent& event : events) {
    eventstore::EventData& data = append.events.emplace_back();
    data.id = eventstore::EventId::New();
    data.type = event.type;
    data.content_type = event.content_type;
    data.payload = event.payload;
    data.metadata.actor = context.actor;
    data.metadata.request_id = context.request_id;
    data.metadata.correlation_id = context.correlation_id;
    data.metadata.causation_id = context.causation_id;
  }
  eventstore::AppendRequest request;
  request.streams.push_back(std::move(append));
  return request;
}

}  // namespace award
