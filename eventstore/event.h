// Plain C++ values that flow in and out of the event store: the events a writer
// proposes, the records the store keeps, and the requests and results of every
// operation. No protobuf or gRPC here, so that domain code can include it cheaply.
//
//   eventstore::AppendRequest request;
//   request.streams.push_back({.stream = "nomination-42",
//                              .expected = eventstore::ExpectedVersion::NoStream(),
//                              .events = {std::move(event)}});
//   absl::StatusOr<eventstore::AppendResult> result = store.Append(request);
#ifndef AWARD_EVENTSTORE_EVENT_H_
#define AWARD_EVENTSTORE_EVENT_H_

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace eventstore {

// A SHA-256 value: the links of the hash chain.
using Hash = std::array<uint8_t, 32>;

// Stands for "the end" wherever a position or a version is expected: the last
// event when reading backward, or "after everything recorded so far" when
// subscribing.
inline constexpr uint64_t kEnd = std::numeric_limits<uint64_t>::max();

// 16 bytes that identify one event in the whole store. Writers choose them
// before the first attempt, so that a retry is recognised: New(), or any UUID.
class EventId {
 public:
  EventId() = default;  // all zero: the nil id, never accepted by Append
  // A fresh UUIDv7 (RFC 9562): the Unix time in milliseconds, then 74 random
  // bits. Ids made one after another sort one after another, which keeps the
  // store's id index cheap to write; any other unique 16 bytes work too.
  static EventId New();
  // Exactly 16 bytes.
  static absl::StatusOr<EventId> FromBytes(absl::string_view bytes);
  // The canonical 36-character UUID text, e.g. "123e4567-e89b-12d3-a456-426614174000".
  static absl::StatusOr<EventId> Parse(absl::string_view uuid);

  bool IsNil() const;
  absl::string_view bytes() const {
    return absl::string_view(reinterpret_cast<const char*>(bytes_.data()), bytes_.size());
  }
  std::string ToString() const;  // UUID text

  friend bool operator==(const EventId&, const EventId&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const EventId& id) {
    return H::combine(std::move(h), id.bytes());
  }

 private:
  std::array<uint8_t, 16> bytes_{};
};

// Who did what, and why. Every command of the platform fills actor and
// request_id; correlation and causation ids tie a flow together.
struct EventMetadata {
  std::string actor;
  std::string correlation_id;
  std::string causation_id;
  std::string request_id;
  std::map<std::string, std::string> extra;  // ordered: it is hashed in key order

  friend bool operator==(const EventMetadata&, const EventMetadata&) = default;
};

// An event as a writer proposes it.
struct EventData {
  EventId id;
  std::string type;          // e.g. "NominationSubmitted"
  std::string content_type;  // e.g. "award.v1.NominationSubmitted"
  std::string payload;       // bytes, usually a serialised protobuf message
  EventMetadata metadata;

  friend bool operator==(const EventData&, const EventData&) = default;
};

// An event as the store recorded it.
struct RecordedEvent {
  EventData event;
  std::string stream;
  uint64_t version = 0;      // in its stream, from 0
  uint64_t position = 0;     // in $all, from 0
  absl::Time recorded_time;  // server clock, UTC, whole microseconds
  Hash prev_hash{};          // hash of position - 1, or the genesis value
  Hash hash{};               // SHA-256(prev_hash || canonical record), see record_codec.h

  friend bool operator==(const RecordedEvent&, const RecordedEvent&) = default;
};

// What a writer expects of a stream before its events are added.
struct ExpectedVersion {
  enum class Kind { kAny, kNoStream, kStreamExists, kExact };
  Kind kind = Kind::kAny;
  uint64_t version = 0;  // the stream's last version, for kExact only

  static ExpectedVersion Any() { return {Kind::kAny, 0}; }
  static ExpectedVersion NoStream() { return {Kind::kNoStream, 0}; }
  static ExpectedVersion StreamExists() { return {Kind::kStreamExists, 0}; }
  static ExpectedVersion Exact(uint64_t last_version) { return {Kind::kExact, last_version}; }

  friend bool operator==(const ExpectedVersion&, const ExpectedVersion&) = default;
};

struct StreamAppend {
  std::string stream;
  ExpectedVersion expected;
  std::vector<EventData> events;
};

// A stream the append does not write but whose version must still be what
// the writer read: a command judged on records it does not change (a
// prerequisite, a suspension, an agenda) fails with ABORTED if one of them
// changed meanwhile, exactly as a lost race on a stream it writes.
struct StreamCondition {
  std::string stream;
  ExpectedVersion expected;  // never kAny: that would be no condition

  friend bool operator==(const StreamCondition&, const StreamCondition&) = default;
};

// One atomic write: all of it, to every stream, or nothing, and only if every
// expectation and condition holds when it is written.
struct AppendRequest {
  std::vector<StreamAppend> streams;        // each stream at most once
  std::vector<StreamCondition> conditions;  // streams not in `streams`, each at most once
};

struct StreamAppendResult {
  std::string stream;
  uint64_t first_version = 0;
  uint64_t last_version = 0;

  friend bool operator==(const StreamAppendResult&, const StreamAppendResult&) = default;
};

struct AppendResult {
  std::vector<StreamAppendResult> streams;  // in the order of the request
  uint64_t first_position = 0;
  uint64_t last_position = 0;

  friend bool operator==(const AppendResult&, const AppendResult&) = default;
};

enum class Direction { kForward, kBackward };

struct ReadStreamRequest {
  std::string stream;
  uint64_t from_version = 0;  // inclusive; kEnd: the last version
  Direction direction = Direction::kForward;
  uint32_t max_count = 0;  // must be > 0
};

struct ReadStreamResult {
  std::vector<RecordedEvent> events;
  uint64_t next_version = 0;  // continue from here in the same direction
  bool end_of_stream = false;
};

// Both parts optional; an event must match each non-empty part.
struct AllFilter {
  std::vector<std::string> stream_prefixes;  // any of
  std::vector<std::string> event_types;      // any of

  bool Empty() const { return stream_prefixes.empty() && event_types.empty(); }
  bool Matches(absl::string_view stream, absl::string_view type) const;
};

struct ReadAllRequest {
  uint64_t from_position = 0;  // inclusive; kEnd: the last position
  Direction direction = Direction::kForward;
  uint32_t max_count = 0;  // must be > 0
  AllFilter filter;
};

struct ReadAllResult {
  std::vector<RecordedEvent> events;
  // Continue from here in the same direction. It moves past events that the
  // filter rejected, so a filtered reader never scans them twice.
  uint64_t next_position = 0;
  bool end_of_log = false;
};

struct StreamInfo {
  std::string stream;
  uint64_t last_version = 0;
  uint64_t last_position = 0;
  absl::Time created_time;  // recorded time of version 0

  friend bool operator==(const StreamInfo&, const StreamInfo&) = default;
};

struct SubscribeRequest {
  std::optional<std::string> stream;  // absent: $all
  AllFilter filter;                   // $all only
  uint64_t from = 0;  // position in $all or version in the stream, inclusive; kEnd: live only
};

// The chain over positions [0, event_count). An auditor keeps it outside the
// system; a later Verify proves the log still starts with exactly that history.
struct LogDigest {
  uint64_t event_count = 0;
  Hash head_hash{};  // hash of position event_count - 1, or the genesis value

  friend bool operator==(const LogDigest&, const LogDigest&) = default;
};

// Verifying the whole log (from 0 to the head) checks its indexes too.
struct VerifyRequest {
  uint64_t from_position = 0;
  std::optional<uint64_t> to_position;  // inclusive; absent: the head
  std::optional<LogDigest> expected;    // a digest saved earlier
};

struct VerifyReport {
  bool ok = false;
  uint64_t verified_count = 0;
  std::optional<uint64_t> first_bad_position;
  std::string problem;      // empty when ok
  std::string index_entry;  // the index entry found wrong, e.g. "stream_heads[nomination-7]"
  LogDigest head;           // the chain head found by this run
};

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_EVENT_H_
