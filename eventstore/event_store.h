// EventStore: the one writable source of truth of the award platform.
//
// Two implementations stand behind this interface: the embedded RocksDB store
// (rocksdb_event_store.h) and the remote client of an eventstore_server
// (grpc/remote_event_store.h). Services are written against EventStore alone and
// run unchanged against either.
//
// Contract common to both:
// * Durability: Append returns OK only after its events are synced to disk,
//   and no reader sees an event before that. Concurrent appends are written in
//   groups that share one sync (group commit); they are validated in the order
//   they arrive.
// * Atomicity: an AppendRequest is written to all its streams or to none. A
//   rejected append writes nothing.
// * Expected versions: a mismatch is ABORTED; the message and the error details
//   (errors.h) carry the stream and its current version (-1: no stream).
// * Idempotency: event ids are unique in the store. Re-sending an append whose
//   events are all recorded, in the same streams, order and place, returns the
//   first result and writes nothing. Any other reuse of a recorded id is
//   ALREADY_EXISTS.
// * Bad input is INVALID_ARGUMENT naming the field, e.g.
//   "streams[0].events[3].type: must not be empty".
// * Nothing is ever deleted or rewritten.
// * Thread-safety: every method may be called from any number of threads.
#ifndef AWARD_EVENTSTORE_EVENT_STORE_H_
#define AWARD_EVENTSTORE_EVENT_STORE_H_

#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "eventstore/event.h"

namespace eventstore {

// A catch-up subscription: it reads what is already recorded from the requested
// start, then follows new events as they are committed, in position order,
// without a gap or a duplicate. It holds no more than one batch in memory: a
// slow reader reads from disk when it comes back, and never slows writers.
class Subscription {
 public:
  virtual ~Subscription() = default;

  // The next events in order: at least one, unless the deadline passes first
  // (then an empty vector). CANCELLED after Cancel(); UNAVAILABLE once the store
  // closes. Called by one thread at a time.
  [[nodiscard]] virtual absl::StatusOr<std::vector<RecordedEvent>> Next(absl::Time deadline) = 0;

  // Ends the subscription; a blocked Next returns CANCELLED. Thread-safe.
  virtual void Cancel() = 0;

  // The log position before which Next has handed out every event this
  // subscription follows (a filter's or another stream's events count as
  // passed once read past): how far its reader has come, for lag metrics.
  // Before the first Next, the position it starts from (0 for a stream). A
  // remote subscription knows only the events that reach it: the position
  // after the last one. Thread-safe.
  virtual uint64_t ReadThrough() const = 0;
};

class EventStore {
 public:
  virtual ~EventStore() = default;

  [[nodiscard]] virtual absl::StatusOr<AppendResult> Append(const AppendRequest& request) = 0;

  // NOT_FOUND when the stream has no events.
  [[nodiscard]] virtual absl::StatusOr<ReadStreamResult> ReadStream(
      const ReadStreamRequest& request) = 0;

  [[nodiscard]] virtual absl::StatusOr<ReadAllResult> ReadAll(const ReadAllRequest& request) = 0;

  // NOT_FOUND when the stream has no events.
  [[nodiscard]] virtual absl::StatusOr<StreamInfo> GetStreamInfo(absl::string_view stream) = 0;

  // The subscription must be destroyed before the store. A remote store may
  // report a bad request only at the first Next, not here.
  [[nodiscard]] virtual absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      const SubscribeRequest& request) = 0;

  [[nodiscard]] virtual absl::StatusOr<LogDigest> Digest() = 0;

  // Recomputes the chain over [from, to] and reports the first position whose
  // stored data does not match (altered, missing or inserted), or, given a
  // digest saved earlier, whether that digest is still a prefix of the log.
  // A digest is checked conclusively only from position 0.
  [[nodiscard]] virtual absl::StatusOr<VerifyReport> Verify(const VerifyRequest& request) = 0;
};

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_EVENT_STORE_H_
