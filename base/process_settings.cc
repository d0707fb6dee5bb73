#include "base/process_settings.h"

#include "absl/synchronization/mutex.h"

namespace award {

void StopCheckingLockOrder() {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
}

}  // namespace award
