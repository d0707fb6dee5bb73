// The head the store last acknowledged, kept beside the database in
// DATA/ACKED ("acknowledged COUNT HASH", one line of fixed length), so that a
// log that opens shorter than what was acknowledged is refused. A damaged last
// record of the write-ahead log looks to RocksDB like a torn write that was
// never synced, which it drops without a word; this file says otherwise.
//
// It is rewritten in place after every sync, without a sync of its own: it may
// lag behind the log after a power cut, never run ahead of it, so it never
// refuses a whole log.
#ifndef AWARD_EVENTSTORE_INTERNAL_ACKED_HEAD_H_
#define AWARD_EVENTSTORE_INTERNAL_ACKED_HEAD_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "eventstore/event.h"
#include "eventstore/internal/commit_group.h"
#include "eventstore/internal/log_db.h"

namespace eventstore::internal {

// The head recorded in `data_dir`, or nullopt when there is no record yet (a
// new store, or one restored from a backup). DATA_LOSS when the file does not
// hold one.
absl::StatusOr<std::optional<LogDigest>> ReadAckedHead(const std::string& data_dir);

// DATA_LOSS unless the log whose head is `head` holds everything `acked` says
// was acknowledged: at least as many events, the same hash at its last.
absl::Status CheckAckedHead(LogDb& db, const LogHead& head, const LogDigest& acked);

class AckedHeadFile {
 public:
  explicit AckedHeadFile(const std::string& data_dir);
  ~AckedHeadFile();
  AckedHeadFile(const AckedHeadFile&) = delete;
  AckedHeadFile& operator=(const AckedHeadFile&) = delete;

  // Overwrites the record. A failure (a full disk) keeps the older record,
  // which still holds: the log only grows.
  void Record(const LogDigest& head);

 private:
  int fd_ = -1;
};

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_ACKED_HEAD_H_
