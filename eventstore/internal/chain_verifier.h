// Recomputes the hash chain over the stored records (record_codec.h) and names
// the first position whose data does not match. Reads a consistent snapshot,
// so it may run while the log grows.
#ifndef AWARD_EVENTSTORE_INTERNAL_CHAIN_VERIFIER_H_
#define AWARD_EVENTSTORE_INTERNAL_CHAIN_VERIFIER_H_

#include "absl/status/statusor.h"
#include "eventstore/event.h"
#include "eventstore/internal/log_db.h"

namespace eventstore::internal {

// Checks, position by position from request.from_position: the record exists
// (nothing removed), it says it is at that position (nothing inserted or
// moved), its prev_hash is the hash of the position before, and its stored
// hash is the hash of its bytes (nothing altered). With an expected digest,
// the hash at event_count - 1 must equal the saved head. Records at or past
// `durable_count` (written, not yet synced) are not part of the log yet.
absl::StatusOr<VerifyReport> VerifyChain(LogDb& db, const VerifyRequest& request,
                                         uint64_t durable_count);

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_CHAIN_VERIFIER_H_
