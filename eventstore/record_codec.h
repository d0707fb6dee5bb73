// The canonical encoding of a recorded event: the bytes that are stored, and the
// bytes that are hashed. It is part of the audit contract: an auditor can
// recompute every hash from this description alone, so it never changes; a new
// layout would get a new format number.
//
// Stored value of the event at position p:
//
//   prev_hash[32] ‖ event ‖ hash[32]
//
//   event (format 1) :=
//     u8   format = 1
//     u64  position
//     u64  version in the stream
//     i64  recorded time, microseconds since 1970-01-01T00:00:00Z
//     str  stream
//     id[16]
//     str  type
//     str  content_type
//     str  actor
//     str  correlation_id
//     str  causation_id
//     str  request_id
//     u32  number of extra metadata entries n, then n × (str key, str value),
//          keys in strictly ascending byte order
//     str  payload
//
//   hash := SHA-256(prev_hash ‖ event)
//
// Integers are big-endian; str := u32 big-endian length ‖ bytes. prev_hash is
// the hash of position p - 1, and for position 0 the genesis value: 32 zero bytes.
#ifndef AWARD_EVENTSTORE_RECORD_CODEC_H_
#define AWARD_EVENTSTORE_RECORD_CODEC_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "eventstore/event.h"

namespace eventstore {

inline constexpr uint8_t kRecordFormat = 1;

// The hash that position 0 chains from.
Hash GenesisHash();

// The part of the event encoding that does not depend on where the event lands
// (id to payload). Appending threads build it, so the single writer only adds
// the header and hashes.
std::string EncodeEventBody(const EventData& event);

// Where an event lands in the log.
struct RecordPlacement {
  Hash prev_hash{};
  uint64_t position = 0;
  uint64_t version = 0;
  absl::Time recorded_time;
  absl::string_view stream;
};

// Builds the stored value for `placement` and `body` into `out` (replacing its
// content) and returns the record's hash.
Hash EncodeRecord(const RecordPlacement& placement, absl::string_view body, std::string& out);
// The same for an event as it was recorded (its own place and prev_hash):
// rebuilding a stored value from a read, an export or a copy.
Hash EncodeRecord(const RecordedEvent& event, std::string& out);

// A stored value taken apart without copying; views point into the value.
struct RecordView {
  Hash prev_hash{};
  Hash stored_hash{};
  absl::string_view hashed;  // prev_hash ‖ event: what `stored_hash` covers
  uint64_t position = 0;
  uint64_t version = 0;
  int64_t recorded_micros = 0;
  absl::string_view stream;
  absl::string_view id;
  absl::string_view type;
  absl::string_view content_type;
  absl::string_view actor;
  absl::string_view correlation_id;
  absl::string_view causation_id;
  absl::string_view request_id;
  uint32_t extra_count = 0;
  absl::string_view extra;  // the encoded entries
  absl::string_view payload;
};

// DATA_LOSS when the value is not a well-formed record.
absl::StatusOr<RecordView> ParseRecord(absl::string_view stored);
// The same into `view`, for loops that parse many.
absl::Status ParseRecordInto(absl::string_view stored, RecordView& view);

// The hash the view's bytes really have.
Hash ComputeHash(const RecordView& view);

// The record stored under `position`, proven: it decodes, says it is at
// `position`, and its bytes hash to its stored hash. DATA_LOSS naming the
// position otherwise.
absl::StatusOr<RecordView> ParseRecordAt(absl::string_view stored, uint64_t position);
// The same in two steps, for a reader that hashes elsewhere: decoded into
// `view` and at its place, then its hash proven.
absl::Status ParseRecordPlacedAt(absl::string_view stored, uint64_t position, RecordView& view);
absl::Status ProveRecordHash(const RecordView& view);
// The same for a record's hashed bytes copied out of its view.
absl::Status ProveRecordHash(uint64_t position, absl::string_view hashed, const Hash& stored);

// DATA_LOSS naming `next`'s position unless its prev_hash is `previous_hash`,
// the hash of the position before it (the genesis value before position 0).
absl::Status CheckLink(const Hash& previous_hash, const RecordView& next);

// Copies a view into `out`, reusing its storage. DATA_LOSS when the extra
// entries are malformed.
[[nodiscard]] absl::Status CopyRecordedEvent(const RecordView& view, RecordedEvent& out);
absl::StatusOr<RecordedEvent> ToRecordedEvent(const RecordView& view);

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_RECORD_CODEC_H_
