// Verifies the log on disk: recomputes the hash chain over the stored records
// (record_codec.h) and names the first position whose data does not match; over
// the whole log, also checks every index against the records (index_check.h).
// Reads a consistent snapshot, so it may run while the log grows.
#ifndef AWARD_EVENTSTORE_INTERNAL_LOG_VERIFIER_H_
#define AWARD_EVENTSTORE_INTERNAL_LOG_VERIFIER_H_

#include <atomic>

#include "absl/status/statusor.h"
#include "eventstore/event.h"
#include "eventstore/internal/log_db.h"

namespace eventstore::internal {

// Checks, position by position from request.from_position: the key is that
// position (no gap, no stray key), the record exists (nothing removed), it says
// it is at that position (nothing inserted or moved), its prev_hash is the hash
// of the position before, and its stored hash is the hash of its bytes (nothing
// altered). With an expected digest, the hash at event_count - 1 must equal the
// saved head. A record RocksDB cannot read is named by its position too.
//
// From position 0 without to_position it reads every key of the log, written
// records not yet synced included, checks the indexes and the Merkle tree
// against them (log_tree.h), and checks
// every block of every table file against its checksum (Bloom filters and
// table indexes included); the report's count and head stop at
// `durable_count` (records written but not yet synced are not part of the log
// yet).
//
// `stop`, if given, is looked at every few thousand records: once set, the
// verification ends with CANCELLED.
absl::StatusOr<VerifyReport> VerifyLog(LogDb& db, const VerifyRequest& request,
                                       uint64_t durable_count,
                                       const std::atomic<bool>* stop = nullptr);

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_LOG_VERIFIER_H_
