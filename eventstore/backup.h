// Backups of the event store, taken while it serves, and their restore into a
// new data directory. A backup is a directory:
//   BACKUP/log/     a RocksDB checkpoint: the log as it stood at one moment
//   BACKUP/digest   its event count and head hash ("event_count N",
//                   "head_hash HEX"), read from the copy itself
// WriteBackup calls it a backup only once the copy's whole chain verifies and
// its head is also the live log's, durable, at that position: a backup is
// always a prefix of the log that was acknowledged.
#ifndef AWARD_EVENTSTORE_BACKUP_H_
#define AWARD_EVENTSTORE_BACKUP_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "eventstore/rocksdb_event_store.h"

namespace eventstore {

// ALREADY_EXISTS if `backup` exists; on any failure nothing is left there.
// Waits up to `settle` for the appends in the copy to become durable.
absl::StatusOr<LogDigest> WriteBackup(EmbeddedEventStore& store, const std::string& backup,
                                      absl::Duration settle = absl::Seconds(10));

// The digest a backup recorded.
absl::StatusOr<LogDigest> ReadBackupDigest(const std::string& backup);

// Copies BACKUP/log into `data_dir` (which must not exist), verifies the whole
// hash chain of the copy and checks its head against BACKUP/digest. On any
// failure (DATA_LOSS for a chain or digest that does not match) nothing is
// left at `data_dir`.
absl::StatusOr<LogDigest> RestoreBackup(const std::string& backup, const std::string& data_dir);

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_BACKUP_H_
