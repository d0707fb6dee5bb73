// Tells readers that the log has grown: the writer publishes the new head after
// every durable group, and subscriptions wait here when they have read
// everything. Thread-safe.
#ifndef AWARD_EVENTSTORE_INTERNAL_COMMIT_SIGNAL_H_
#define AWARD_EVENTSTORE_INTERNAL_COMMIT_SIGNAL_H_

#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "eventstore/event.h"

namespace eventstore::internal {

class CommitSignal {
 public:
  explicit CommitSignal(const LogDigest& head) : head_(head) {}

  void Publish(const LogDigest& head) ABSL_LOCKS_EXCLUDED(mu_);
  LogDigest Head() const ABSL_LOCKS_EXCLUDED(mu_);

  // From now on every waiter returns at once, and SubscriptionsEnded() is true.
  void EndSubscriptions() ABSL_LOCKS_EXCLUDED(mu_);
  bool SubscriptionsEnded() const ABSL_LOCKS_EXCLUDED(mu_);

  // A flag that one subscription owns and that is read and written under the
  // signal's lock, so that setting it wakes that subscription's wait.
  class CancelFlag {
   public:
    bool IsSet(const CommitSignal& signal) const ABSL_LOCKS_EXCLUDED(signal.mu_);
    void Set(CommitSignal& signal) ABSL_LOCKS_EXCLUDED(signal.mu_);

   private:
    friend class CommitSignal;
    bool set_ = false;
  };

  // Returns when the log holds more than `seen` events, the flag is set,
  // subscriptions end, or the deadline passes.
  void WaitForMore(uint64_t seen, const CancelFlag& cancelled, absl::Time deadline)
      ABSL_LOCKS_EXCLUDED(mu_);

 private:
  mutable absl::Mutex mu_;
  LogDigest head_ ABSL_GUARDED_BY(mu_);
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_COMMIT_SIGNAL_H_
