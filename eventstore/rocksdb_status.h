// RocksDB's statuses in the platform's codes, for every database it keeps
// (the event store's log and the query service's read models).
#ifndef AWARD_EVENTSTORE_ROCKSDB_STATUS_H_
#define AWARD_EVENTSTORE_ROCKSDB_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/status.h"

namespace eventstore {

// DATA_LOSS for corruption, UNAVAILABLE for I/O, FAILED_PRECONDITION for what
// the database does not support; `what` says what was being done.
absl::Status FromRocks(const rocksdb::Status& status, absl::string_view what);

// Whether an open failed because another open (this process's or another's)
// holds the database's LOCK file.
bool HeldByAnotherOpen(const rocksdb::Status& status);

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_ROCKSDB_STATUS_H_
