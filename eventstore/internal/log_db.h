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
#include "absl/synchronization/mutex.h"
#include "eventstore/event.h"
#include "eventstore/internal/tree_node_cache.h"
#include "eventstore/keys.h"
#include "eventstore/rocksdb_event_store.h"
#include "eventstore/rocksdb_status.h"
#include "rocksdb/db.h"

namespace eventstore::internal {

class LogDb {
 public:
  // Creates the directory and the database on first use. FAILED_PRECONDITION
  // when another process holds the directory or it holds another format.
  // DATA_LOSS, naming the file, when a write-ahead log is damaged anywhere but
  // in a torn tail of writes that were never synced (so never acknowledged).
  // `env` null: the operating system's file system. `read_only`: opens an
  // existing store (a copy, say) without taking its lock or writing a byte
  // into the directory; every write then fails.
  // `tree_cache_bytes`: the memory of tree_nodes().
  static absl::StatusOr<std::unique_ptr<LogDb>> Open(
      const std::string& data_dir, rocksdb::Env* env = nullptr, bool read_only = false,
      uint64_t tree_cache_bytes = RocksDbEventStoreOptions::kDefaultTreeCacheBytes);
  ~LogDb();

  LogDb(const LogDb&) = delete;
  LogDb& operator=(const LogDb&) = delete;

  rocksdb::DB& db() { return *db_; }
  // The Merkle tree's upper levels, as proofs read them (log_tree.h).
  TreeNodeCache& tree_nodes() { return *tree_nodes_; }
  // Null only for the tree's families of a store written before them, opened read-only.
  rocksdb::ColumnFamilyHandle* cf(ColumnFamily family) {
    return handles_[static_cast<int>(family)];
  }

  // Writes the batch into the memtable and the WAL buffer, without syncing:
  // nothing of it is durable until a later SyncWal returns OK.
  //
  // The first failure of Write or SyncWal is final: every later call returns
  // it without reaching RocksDB, whose WAL writer must not be used again once
  // a write to it has failed (Debian builds it with assertions, which abort
  // the process). Reopening recovers what is on disk.
  [[nodiscard]] absl::Status Write(rocksdb::WriteBatch& batch);
  // Writes the WAL buffer to its file and syncs it: every batch whose Write
  // returned before the call is durable when it returns OK. May run beside
  // Write, on another thread: they take turns for the buffer, and a Write
  // waits for a sync only until it has begun on the file.
  [[nodiscard]] absl::Status SyncWal();
  // Write, then SyncWal.
  [[nodiscard]] absl::Status WriteDurably(rocksdb::WriteBatch& batch);
  // The failure that stopped writes, or OK.
  [[nodiscard]] absl::Status Broken() ABSL_LOCKS_EXCLUDED(wal_mu_);

  // The position of a recorded event id.
  [[nodiscard]] absl::StatusOr<std::optional<uint64_t>> FindEventId(const EventId& id);
  // The stream's last version and its position; nullopt when it has no events.
  struct StreamHead {
    uint64_t version = 0;
    uint64_t position = 0;
  };
  // `read` may carry a snapshot, for lookups that must agree with each other.
  [[nodiscard]] absl::StatusOr<std::optional<StreamHead>> FindStreamHead(
      absl::string_view stream, const rocksdb::ReadOptions& read = rocksdb::ReadOptions());
  // The stored record at a position.
  [[nodiscard]] absl::StatusOr<std::optional<std::string>> GetRecord(
      uint64_t position, const rocksdb::ReadOptions& read = rocksdb::ReadOptions());
  // The last key of the log and the record stored under it, if any; DATA_LOSS
  // when that key is not a position.
  struct KeyedRecord {
    uint64_t position = 0;
    std::string record;
  };
  [[nodiscard]] absl::StatusOr<std::optional<KeyedRecord>> LastRecord();

  // Bytes free for this process in the data directory's file system.
  [[nodiscard]] absl::StatusOr<uint64_t> FreeBytes() const;

  // A consistent copy of the database as it stands, into `directory` (which
  // must not exist): RocksDB's checkpoint, hard links where it can. It may hold
  // batches written but not yet synced; backup.h checks the copy against the
  // durable log before it calls it a backup.
  [[nodiscard]] absl::Status Checkpoint(const std::string& directory);

  StorageSizes Sizes();

  // Empties the three indexes and the Merkle tree (drops and recreates their
  // column families), for a rebuild from the records (reindex.h).
  [[nodiscard]] absl::Status ResetIndexes();

  // Unless a write has failed, flushes the memtables into table files first:
  // a store stopped cleanly keeps nothing in its write-ahead log, so that no
  // damage to a log file can lose what it acknowledged. Then closes.
  [[nodiscard]] absl::Status Close();

 private:
  LogDb() = default;

  class WalWatch;
  // The newest WAL file began syncing: RocksDB has checked it for an earlier
  // failed write, so a write may go on.
  void WalSyncBegan() ABSL_LOCKS_EXCLUDED(wal_mu_);

  // RocksDB (as Debian builds it, with assertions) aborts the process when a
  // write or a sync of its WAL begins after a write to it failed. The writer
  // and the syncer run on two threads, so they take turns where it matters:
  // a write waits while a sync is between its start and RocksDB's check of
  // the file (the file's own sync then begins, which WalWatch reports), and
  // neither begins after a failure.
  absl::Mutex wal_mu_;
  bool sync_starting_ ABSL_GUARDED_BY(wal_mu_) = false;
  absl::Status broken_ ABSL_GUARDED_BY(wal_mu_);
  bool read_only_ = false;
  std::unique_ptr<rocksdb::Env> env_;  // the file system under db_, with WalWatch
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::string data_dir_;
  std::unique_ptr<TreeNodeCache> tree_nodes_;
};

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_LOG_DB_H_
