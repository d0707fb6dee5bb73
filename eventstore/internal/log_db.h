// The RocksDB database under the event store: opening it with its column
// families (keys.h), and the few lookups that the writer, the readers and the
// verifier share. Internal to the eventstore library.
#ifndef AWARD_EVENTSTORE_INTERNAL_LOG_DB_H_
#define AWARD_EVENTSTORE_INTERNAL_LOG_DB_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "eventstore/event.h"
#include "eventstore/keys.h"
#include "eventstore/rocksdb_event_store.h"
#include "eventstore/rocksdb_status.h"
#include "rocksdb/db.h"

namespace eventstore::internal {

class LogDb {
 public:
  // Creates the directory and the database on first use. FAILED_PRECONDITION
  // when another process holds the directory or it holds another format.
  // `env` null: the operating system's file system. `read_only`: opens an
  // existing store (a copy, say) without taking its lock or writing a byte
  // into the directory; every write then fails.
  static absl::StatusOr<std::unique_ptr<LogDb>> Open(const std::string& data_dir,
                                                     rocksdb::Env* env = nullptr,
                                                     bool read_only = false);
  ~LogDb();

  LogDb(const LogDb&) = delete;
  LogDb& operator=(const LogDb&) = delete;

  rocksdb::DB& db() { return *db_; }
  rocksdb::ColumnFamilyHandle* cf(ColumnFamily family) {
    return handles_[static_cast<int>(family)];
  }

  // Writes the batch into the memtable and the WAL buffer, without syncing.
  // Nothing of it is durable until a later SyncWal returns OK.
  [[nodiscard]] absl::Status Write(rocksdb::WriteBatch& batch);
  // Flushes the WAL buffer and syncs it: every batch written before the call
  // is durable when it returns OK.
  [[nodiscard]] absl::Status SyncWal();
  // Write, then SyncWal.
  [[nodiscard]] absl::Status WriteDurably(rocksdb::WriteBatch& batch);

  // The position of a recorded event id.
  [[nodiscard]] absl::StatusOr<std::optional<uint64_t>> FindEventId(const EventId& id);
  // The stream's last version and its position; nullopt when it has no events.
  struct StreamHead {
    uint64_t version = 0;
    uint64_t position = 0;
  };
  [[nodiscard]] absl::StatusOr<std::optional<StreamHead>> FindStreamHead(absl::string_view stream);
  // The stored record at a position.
  [[nodiscard]] absl::StatusOr<std::optional<std::string>> GetRecord(uint64_t position);
  // The stored record with the highest position, if any.
  [[nodiscard]] absl::StatusOr<std::optional<std::string>> LastRecord();

  // A consistent copy of the database as it stands, into `directory` (which
  // must not exist): RocksDB's checkpoint, hard links where it can. It may hold
  // batches written but not yet synced; backup.h checks the copy against the
  // durable log before it calls it a backup.
  [[nodiscard]] absl::Status Checkpoint(const std::string& directory);

  StorageSizes Sizes();

  // Flushes nothing (every write is already synced) and closes the database.
  [[nodiscard]] absl::Status Close();

 private:
  LogDb() = default;

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::string data_dir_;
};

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_LOG_DB_H_
