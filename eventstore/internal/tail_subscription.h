// A subscription that follows the log by reading it: every batch comes from
// disk (in practice from RocksDB's memtable and cache) starting at the
// subscription's own cursor, and when the cursor reaches the end it waits on the
// CommitSignal. Because it never holds events that it has not been asked for,
// a slow reader costs nothing but its cursor, and because the cursor is a
// position (or version), the switch from catching up to live can neither skip
// nor repeat an event.
#ifndef AWARD_EVENTSTORE_INTERNAL_TAIL_SUBSCRIPTION_H_
#define AWARD_EVENTSTORE_INTERNAL_TAIL_SUBSCRIPTION_H_

#include <memory>

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"
#include "eventstore/internal/commit_signal.h"
#include "eventstore/internal/log_db.h"
#include "eventstore/internal/record_hasher.h"

namespace eventstore::internal {

// Events a subscription hands out per Next at most.
inline constexpr uint32_t kSubscriptionBatch = 512;

// Resolves kEnd to the current end and starts following from there.
// `hasher` proves what it reads beside it and must outlive it.
absl::StatusOr<std::unique_ptr<Subscription>> StartTailSubscription(
    LogDb& db, CommitSignal& signal, RecordHasher& hasher, const SubscribeRequest& request);

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_TAIL_SUBSCRIPTION_H_
