#include "tests/support/events.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace award::testing {

eventstore::EventData NewEvent(const std::string& type, const std::string& payload) {
  eventstore::EventData event;
  event.id = eventstore::EventId::New();
  event.type = type;
  event.content_type = "application/octet-stream";
  event.payload = payload;
  event.metadata.actor = "clerk:nguyen.van.a@ubnd-xa";
  event.metadata.request_id = eventstore::EventId::New().ToString();
  event.metadata.correlation_id = "campaign-2025";
  return event;
}

std::vector<eventstore::EventData> NewEvents(int count, const std::string& type) {
  std::vector<eventstore::EventData> events;
  for (int i = 0; i < count; ++i) events.push_back(NewEvent(type, absl::StrCat("payload-", i)));
  return events;
}

eventstore::AppendRequest AppendTo(const std::string& stream, eventstore::ExpectedVersion expected,
                                   std::vector<eventstore::EventData> events) {
  eventstore::AppendRequest request;
  request.streams.push_back({stream, expected, std::move(events)});
  return request;
}

std::vector<eventstore::RecordedEvent> ReadWholeLog(eventstore::EventStore& store) {
  std::vector<eventstore::RecordedEvent> all;
  uint64_t from = 0;
  while (true) {
    absl::StatusOr<eventstore::ReadAllResult> read =
        store.ReadAll({from, eventstore::Direction::kForward, 10'000, {}});
    EXPECT_TRUE(read.ok()) << read.status();
    if (!read.ok()) return all;
    for (auto& event : read->events) all.push_back(std::move(event));
    from = read->next_position;
    if (read->end_of_log) return all;
  }
}

}  // namespace award::testing
