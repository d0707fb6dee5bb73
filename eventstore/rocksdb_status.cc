#include "eventstore/rocksdb_status.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace eventstore {

absl::Status FromRocks(const rocksdb::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  std::string message = absl::StrCat(what, ": ", status.ToString());
  if (status.IsCorruption()) return absl::DataLossError(message);
  if (status.IsIOError() || status.IsBusy() || status.IsTryAgain() || status.IsTimedOut()) {
    return absl::UnavailableError(message);
  }
  if (status.IsNotSupported() || status.IsInvalidArgument()) {
    return absl::FailedPreconditionError(message);
  }
  return absl::InternalError(message);
}

bool HeldByAnotherOpen(const rocksdb::Status& status) {
  // What RocksDB says when flock on LOCK fails (another process), or when this
  // process already has the database open.
  const std::string text = status.ToString();
  return status.IsIOError() && (absl::StrContains(text, "Resource temporarily unavailable") ||
                                absl::StrContains(text, "lock hold by current process"));
}

}  // namespace eventstore
