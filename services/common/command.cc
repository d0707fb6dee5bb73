#include "services/common/command.h"

#include <utility>

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

eventstore::ExpectedVersion ExpectedAt(int64_t last_version) {
  return last_version < 0 ? eventstore::ExpectedVersion::NoStream()
                          : eventstore::ExpectedVersion::Exact(static_cast<uint64_t>(last_version));
}

void RequireUnchanged(Effects& effects, const std::string& stream, int64_t last_version) {
  for (const eventstore::StreamAppend& append : effects.also) {
    if (append.stream == stream) return;
  }
  for (const eventstore::StreamCondition& condition : effects.unchanged) {
    if (condition.stream == stream) return;
  }
  effects.unchanged.push_back({stream, ExpectedAt(last_version)});
}

absl::StatusOr<Effects> OnOwnStream(absl::StatusOr<std::vector<NewEvent>> events) {
  if (!events.ok()) return events.status();
  return Effects{*std::move(events), {}};
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

}  // namespace award
