// Reads of the log for the store's read API and its subscriptions. Stateless;
// safe from any thread while the LogDb is open.
//
// Every read takes the durable event count (CommitSignal): records at or past
// it may be in the database already, written but not yet synced, and are
// never returned.
//
// Nothing is returned unproven. Every record read is checked where it was
// found (ParseRecordAt: it decodes, says it is at that position, hashes to its
// stored hash); records read one after another in the log must chain; and a
// record reached through an index must be the one the entry names (stream,
// version, position). Any mismatch is DATA_LOSS naming the position or the
// index entry (index_check.h names entries).
#ifndef AWARD_EVENTSTORE_INTERNAL_LOG_READER_H_
#define AWARD_EVENTSTORE_INTERNAL_LOG_READER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "eventstore/event.h"
#include "eventstore/internal/log_db.h"
#include "eventstore/internal/record_hasher.h"

namespace eventstore::internal {

// A read returns at least one event when there is one, and at most this many
// events of at most about this many bytes (the events' fields and a margin for
// their envelope), whatever max_count says: so that a response always fits the
// default 4 MiB message limit of any gRPC client. Fewer events than asked
// never means the end by itself; end_of_stream and end_of_log do.
inline constexpr size_t kMaxReadEvents = 10'000;
inline constexpr size_t kMaxReadBytes = size_t{3} << 20;
// A filtered read stops after scanning this many records, so that a filter that
// matches nothing cannot hold a reader for the whole log.
inline constexpr size_t kMaxScannedRecords = 100'000;

absl::StatusOr<ReadStreamResult> ReadStream(LogDb& db, const ReadStreamRequest& request,
                                            uint64_t durable_count);
// `hasher`, if given, proves the records' hashes beside the reading thread.
absl::StatusOr<ReadAllResult> ReadAll(LogDb& db, const ReadAllRequest& request,
                                      uint64_t durable_count, RecordHasher* hasher = nullptr);
absl::StatusOr<StreamInfo> GetStreamInfo(LogDb& db, absl::string_view stream,
                                         uint64_t durable_count);
// `head` (the durable head) once the record at its last position is proven
// and hashes to its head hash: DATA_LOSS otherwise.
absl::StatusOr<LogDigest> ProvenDigest(LogDb& db, const LogDigest& head);

// The stream's last written version and its position, once its head entry,
// its last run in the stream index and the record at that position agree (and,
// for a stream with no head entry, once the index holds no run of it either);
// nullopt when it has no events. The writer's expected-version checks rest on it.
absl::StatusOr<std::optional<LogDb::StreamHead>> FindStreamHead(LogDb& db,
                                                                absl::string_view stream);
// The stream's last durable version; nullopt when it has none yet.
absl::StatusOr<std::optional<LogDb::StreamHead>> FindDurableStreamHead(LogDb& db,
                                                                       absl::string_view stream,
                                                                       uint64_t durable_count);

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_LOG_READER_H_
