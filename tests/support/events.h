// Short ways to build events and appends in tests, and to read a whole log.
#ifndef AWARD_TESTS_SUPPORT_EVENTS_H_
#define AWARD_TESTS_SUPPORT_EVENTS_H_

#include <string>
#include <vector>

#include "eventstore/event.h"
#include "eventstore/event_store.h"

namespace award::testing {

// An event with a fresh random id and the metadata of a clerk's command.
eventstore::EventData NewEvent(const std::string& type, const std::string& payload = "");
std::vector<eventstore::EventData> NewEvents(int count, const std::string& type = "Tested");

eventstore::AppendRequest AppendTo(const std::string& stream, eventstore::ExpectedVersion expected,
                                   std::vector<eventstore::EventData> events);

// Every event of $all, forward, following next_position; fails the test on error.
std::vector<eventstore::RecordedEvent> ReadWholeLog(eventstore::EventStore& store);

}  // namespace award::testing

#endif  // AWARD_TESTS_SUPPORT_EVENTS_H_
