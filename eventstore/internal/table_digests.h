// DATA/TABLES: the SHA-256 of every table file RocksDB writes, recorded and
// synced as RocksDB finishes the file (a listener on its flushes and
// compactions), before the file is part of the database; and checked before
// RocksDB opens any table. A damaged table file is then refused by name:
// RocksDB parses a table's properties block before it checks that block's
// checksum, and some damage there aborts the process (Debian builds RocksDB
// with assertions).
//
// Lines are "SHA256HEX SIZE NAME" for a file written and "- NAME" for one
// deleted. A table RocksDB wrote before the store kept this record (a backup
// restored, say) is recorded once the store has opened it.
#ifndef AWARD_EVENTSTORE_INTERNAL_TABLE_DIGESTS_H_
#define AWARD_EVENTSTORE_INTERNAL_TABLE_DIGESTS_H_

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/db.h"
#include "rocksdb/listener.h"

namespace eventstore::internal {

// DATA_LOSS naming the first table file of `data_dir` whose bytes are not the
// ones recorded when it was written (or the record itself, if it is damaged).
absl::Status CheckTableDigests(const std::string& data_dir);

class TableDigests final : public rocksdb::EventListener {
 public:
  explicit TableDigests(std::string data_dir) : data_dir_(std::move(data_dir)) {}

  void OnTableFileCreated(const rocksdb::TableFileCreationInfo& info) override
      ABSL_LOCKS_EXCLUDED(mu_);
  void OnTableFileDeleted(const rocksdb::TableFileDeletionInfo& info) override
      ABSL_LOCKS_EXCLUDED(mu_);

  // Once the database is open: records its live tables not yet recorded, and
  // rewrites the record with the live tables alone.
  absl::Status Settle(rocksdb::DB& db) ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void Append(const std::string& line) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string data_dir_;
  absl::Mutex mu_;
};

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_TABLE_DIGESTS_H_
