// Reads of a whole stream through the EventStore interface, for callers that
// fold a short stream (a record's history, a decision's events).
#ifndef AWARD_EVENTSTORE_STREAM_READS_H_
#define AWARD_EVENTSTORE_STREAM_READS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"

namespace eventstore {

// Every event of `stream`, in order; none if it does not exist.
absl::StatusOr<std::vector<RecordedEvent>> ReadWholeStream(EventStore& store,
                                                           const std::string& stream);

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_STREAM_READS_H_
