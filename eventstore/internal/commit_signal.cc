#include "eventstore/internal/commit_signal.h"

namespace eventstore::internal {

void CommitSignal::Publish(const LogDigest& head) {
  absl::MutexLock lock(&mu_);
  head_ = head;
}

LogDigest CommitSignal::Head() const {
  absl::MutexLock lock(&mu_);
  return head_;
}

void CommitSignal::EndSubscriptions() {
  absl::MutexLock lock(&mu_);
  ended_ = true;
}

bool CommitSignal::SubscriptionsEnded() const {
  absl::MutexLock lock(&mu_);
  return ended_;
}

bool CommitSignal::CancelFlag::IsSet(const CommitSignal& signal) const {
  absl::MutexLock lock(&signal.mu_);
  return set_;
}

void CommitSignal::CancelFlag::Set(CommitSignal& signal) {
  absl::MutexLock lock(&signal.mu_);
  set_ = true;
}

void CommitSignal::WaitForMore(uint64_t seen, const CancelFlag& cancelled, absl::Time deadline) {
  auto ready = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return head_.event_count > seen || ended_ || cancelled.set_;
  };
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithDeadline(absl::Condition(&ready), deadline);
}

}  // namespace eventstore::internal
