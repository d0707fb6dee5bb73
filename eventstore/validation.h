// Checks of a request's own content, before it reaches the log: every rejection
// is INVALID_ARGUMENT naming the field, e.g. "streams[1].events[0].event_id".
// Checks that need the log's state (expected versions, recorded ids) happen in
// the writer, in arrival order.
#ifndef AWARD_EVENTSTORE_VALIDATION_H_
#define AWARD_EVENTSTORE_VALIDATION_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "eventstore/event.h"

namespace eventstore {

struct Limits {
  size_t max_event_bytes = size_t{1} << 20;   // one event's type, payload and metadata
  size_t max_append_bytes = size_t{8} << 20;  // all events of one append
  size_t max_events_per_append = 10'000;
  size_t max_name_bytes = 1024;  // a stream name, an event type, a content type
};

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(absl::string_view text);

// The next code point of valid UTF-8 at `text[i]`, advancing `i`; -1 when the
// bytes there are not valid (overlong forms, surrogates and values above
// U+10FFFF are not). `i` must be within `text`.
int32_t NextCodePoint(absl::string_view text, size_t& i);

// Non-empty UTF-8 of at most max_name_bytes, without NUL (the key separator) and
// not starting with '$' (reserved for the store's own names, such as $all).
[[nodiscard]] absl::Status ValidateStreamName(absl::string_view stream, absl::string_view field,
                                              const Limits& limits);

// INVALID_ARGUMENT naming the field unless `text` is valid UTF-8.
[[nodiscard]] absl::Status ValidateUtf8(absl::string_view text, absl::string_view field);

// Only that every text field of the append is valid UTF-8: what a client must
// check before it can send the append over gRPC at all. ValidateAppend does it too.
[[nodiscard]] absl::Status ValidateAppendText(const AppendRequest& request);

// The size an event counts for against the limits: all its byte fields.
size_t EventSize(const EventData& event);

[[nodiscard]] absl::Status ValidateAppend(const AppendRequest& request, const Limits& limits);
[[nodiscard]] absl::Status ValidateReadStream(const ReadStreamRequest& request,
                                              const Limits& limits);
[[nodiscard]] absl::Status ValidateReadAll(const ReadAllRequest& request);
[[nodiscard]] absl::Status ValidateSubscribe(const SubscribeRequest& request, const Limits& limits);

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_VALIDATION_H_
