#include "services/common/aggregate_repository.h"

namespace award {

eventstore::AppendRequest BuildAppend(const std::string& stream, int64_t version,
                                      const CommandContext& context, Effects effects) {
  eventstore::AppendRequest request;
  if (!effects.events.empty()) {
    eventstore::StreamAppend& own = request.streams.emplace_back();
    own.stream = stream;
    own.expected = ExpectedAt(version);
    for (const NewEvent& event : effects.events) own.events.push_back(UnstampedEvent(event));
  }
  for (eventstore::StreamAppend& other : effects.also) request.streams.push_back(std::move(other));
  request.conditions = std::move(effects.unchanged);
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
