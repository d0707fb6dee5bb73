#include "eventstore/stream_reads.h"

#include <utility>

#include "base/status_macros.h"

namespace eventstore {

absl::StatusOr<std::vector<RecordedEvent>> ReadWholeStream(EventStore& store,
                                                           const std::string& stream) {
  std::vector<RecordedEvent> events;
  for (uint64_t from = 0;;) {
    absl::StatusOr<ReadStreamResult> page =
        store.ReadStream({stream, from, Direction::kForward, 10'000});
    if (absl::IsNotFound(page.status())) return events;
    AWARD_RETURN_IF_ERROR(page.status());
    for (RecordedEvent& event : page->events) events.push_back(std::move(event));
    from = page->next_version;
    if (page->end_of_stream) return events;
  }
}

}  // namespace eventstore
