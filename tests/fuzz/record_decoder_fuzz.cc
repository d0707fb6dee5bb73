// The record decoder (eventstore/record_codec.h) on any bytes: it never
// crashes, and what it proves holds: a record proven at its position decodes,
// copies, and re-encodes to a record of the same hash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "eventstore/record_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view stored(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<eventstore::RecordView> view = eventstore::ParseRecord(stored);
  if (!view.ok()) return 0;
  absl::StatusOr<eventstore::RecordView> proven = eventstore::ParseRecordAt(stored, view->position);
  absl::StatusOr<eventstore::RecordedEvent> event = eventstore::ToRecordedEvent(*view);
  if (!proven.ok() || !event.ok()) return 0;
  // Proven: its bytes hash to its stored hash. Re-encoded from its fields
  // (extra metadata keys sorted, as the encoder writes them), it still
  // decodes, at the same place.
  std::string again;
  eventstore::EncodeRecord(*event, again);
  absl::StatusOr<eventstore::RecordView> reread = eventstore::ParseRecordAt(again, view->position);
  if (!reread.ok() || reread->stream != view->stream || reread->version != view->version ||
      reread->payload != view->payload) {
    std::abort();
  }
  return 0;
}
