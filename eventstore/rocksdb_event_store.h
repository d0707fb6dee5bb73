// The embedded event store: the log in a RocksDB database in one data
// directory, used in-process by awardd and served over gRPC by
// eventstore_server.
//
//   absl::StatusOr<std::unique_ptr<eventstore::EmbeddedEventStore>> store =
//       eventstore::OpenRocksDbEventStore({.data_dir = "./data"});
//
// One process at a time may open a data directory; a second open fails with
// FAILED_PRECONDITION instead of corrupting it. Besides the EventStore contract
// (event_store.h): appends are checked in arrival order by one writer thread,
// written in groups, and acknowledged after one fsync covers them
// (internal/group_commit_writer.h). If a write or a sync fails, the store
// refuses every later append with UNAVAILABLE: what is on disk is then only
// known after reopening it.
//
// What it proves of the data on disk:
// * Open takes the head from the log's last key, whose record must be proven
//   there and chain to the one before it; otherwise DATA_LOSS naming the
//   position. A damaged write-ahead log refuses to open, naming the file (a
//   torn tail of writes never synced is dropped: they were never acknowledged).
// * Before the first append is written, the whole chain and every index are
//   verified (appends wait meanwhile); if they do not verify, every append is
//   refused with DATA_LOSS naming the position or the index entry.
// * Every read proves each record it returns and its links, and checks that a
//   record reached through an index is the one the entry names (DATA_LOSS).
// * Below `min_free_bytes` free in the data directory, appends are refused
//   with RESOURCE_EXHAUSTED before RocksDB could fail, and resume by
//   themselves once there is room; reads go on.
#ifndef AWARD_EVENTSTORE_ROCKSDB_EVENT_STORE_H_
#define AWARD_EVENTSTORE_ROCKSDB_EVENT_STORE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "eventstore/event_store.h"
#include "eventstore/validation.h"

namespace rocksdb {
class Env;
}

namespace eventstore {

// What the writer reports after each fsync of the log, for metrics: how many
// appends and events one fsync made durable, and how long it took. Called on
// the writer's sync thread: it must be quick and must not block.
class CommitObserver {
 public:
  virtual ~CommitObserver() = default;
  virtual void OnSync(size_t appends, uint64_t events, absl::Duration fsync) = 0;
};

// The database's size on disk and in memory, for metrics.
struct StorageSizes {
  uint64_t sst_bytes = 0;       // table files, every column family
  uint64_t memtable_bytes = 0;  // not yet flushed to tables (the WAL holds it)
  uint64_t free_bytes = 0;      // free in the data directory's file system
  bool compacting = false;      // a compaction runs or waits to run
};

// How the log signs its checkpoints: C2SP tlog-checkpoints of its Merkle tree
// as signed notes (checkpoint.h, signed_note.h). Each is kept in the
// database; the latest also in `checkpoint_file`, outside the data directory,
// and the store refuses to open (DATA_LOSS, naming both sizes) a log whose
// tree is not consistent with the latest checkpoint it signed: one that lost
// its tail, was restored from an older copy, or was rewritten.
struct LogSigningOptions {
  // The log's Ed25519 key in C2SP's signer text, readable by its owner only.
  // Created (named `origin`) when missing and the log never signed a
  // checkpoint; a missing key is refused once it has. Empty: nothing is signed.
  std::string key_file;
  std::string origin = "award.local/log";
  std::string checkpoint_file;
  // While the log grows, a checkpoint at least this often.
  absl::Duration interval = absl::Seconds(5);
  // An append with an event of one of these types (a decision issued or
  // revoked) is followed at once by a checkpoint.
  std::vector<std::string> sign_after_types;
  // Asks the witnesses to cosign a checkpoint just signed (grpc/witness_feeder.h)
  // and returns their cosignature lines, kept and served with it; `prove`
  // gives the consistency proof from an older size to the checkpoint's, and
  // `announcements` are the log's key announcements (log_key_rotation.h).
  // Runs on the signing thread. Null: no witnesses.
  using ConsistencyProver = std::function<absl::StatusOr<std::vector<Hash>>(uint64_t old_size)>;
  std::function<std::string(const std::string& note, uint64_t size, const ConsistencyProver& prove,
                            const std::vector<std::string>& announcements)>
      cosign;
};

// The root of the Merkle tree over the first `size` events.
struct TreeHead {
  uint64_t size = 0;
  Hash root{};
};

struct RocksDbEventStoreOptions {
  std::string data_dir;
  // Told of every fsync; may be null.
  std::shared_ptr<CommitObserver> observer;
  Limits limits;
  // The file system under the database; null: the operating system's. Tests
  // put a faulty one here.
  rocksdb::Env* env = nullptr;
  // An existing store, opened without its lock and without writing anything
  // into the directory (auditors read a copy this way): every append is
  // FAILED_PRECONDITION; reads, subscriptions and Verify work.
  bool read_only = false;
  // Free bytes the data directory keeps beyond what an append writes: the
  // room RocksDB needs to flush and compact. Below it appends are refused.
  // 0 turns the check off: RocksDB then meets a full disk itself.
  uint64_t min_free_bytes = kDefaultMinFreeBytes;
  static constexpr uint64_t kDefaultMinFreeBytes = uint64_t{128} << 20;
  // Memory for the Merkle tree's upper levels, which proofs read from there
  // (internal/tree_node_cache.h): 64 bytes an event hold the whole tree, and
  // each halving of that leaves one more node of each proof to the disk. The
  // default holds the whole tree of 4 million events, and all but the two
  // lowest levels of 10 million (proofs served by awardd: bench/log_proofs_bench).
  uint64_t tree_cache_bytes = kDefaultTreeCacheBytes;
  static constexpr uint64_t kDefaultTreeCacheBytes = uint64_t{256} << 20;
  LogSigningOptions signing;
};

using AppendCallback = std::function<void(absl::StatusOr<AppendResult>)>;

class EmbeddedEventStore : public EventStore {
 public:
  // Like Append, but returns at once; `done` runs exactly once when the append
  // is durable or rejected, possibly on the writer thread, so it must be quick
  // and must not block.
  virtual void AppendAsync(AppendRequest request, AppendCallback done) = 0;

  // Ends every open subscription: a waiting Next returns UNAVAILABLE. Appends
  // and reads go on. Used by a server that is shutting down.
  virtual void EndSubscriptions() = 0;

  // A consistent copy of the database as it stands, taken while appends go
  // on, into `directory` (which must not exist). backup.h makes a backup of it.
  [[nodiscard]] virtual absl::Status Checkpoint(const std::string& directory) = 0;

  virtual StorageSizes Sizes() = 0;

  // The Merkle tree over the durable log (merkle.h, RFC 9162 2.1), whose leaf
  // for each event is its record's stored hash. A size beyond the durable log
  // is OUT_OF_RANGE; a bad argument INVALID_ARGUMENT; both name the field
  // ("tree_size", "index", "first", "second"). Absent size: the durable log.
  virtual absl::StatusOr<TreeHead> TreeHeadAt(std::optional<uint64_t> tree_size) = 0;
  // The audit path of the event at `index` in the tree of `tree_size` events.
  virtual absl::StatusOr<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t tree_size) = 0;
  // That the tree of `first` events is a prefix of the tree of `second`.
  virtual absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t first, uint64_t second) = 0;
  // The signed note of the latest checkpoint the log signed, or of the one it
  // signed at exactly `tree_size`: NOT_FOUND when there is none.
  virtual absl::StatusOr<std::string> SignedCheckpoint(std::optional<uint64_t> tree_size) = 0;
  // The key the log's checkpoints are checked with (signed_note.h's verifier
  // text); NOT_FOUND when the log signs nothing.
  virtual absl::StatusOr<std::string> LogVerifierKey() = 0;
  // Replaces the log's key with a new one of the same name, announced in the
  // log by the old key (log_key_rotation.h): the announcement is appended,
  // the new key takes the key file's place (the old one is kept beside it as
  // KEYFILE.retired-<hash>), and the next checkpoints are signed with it.
  // Returns the new key's verifier text. FAILED_PRECONDITION when the log
  // signs nothing.
  virtual absl::StatusOr<std::string> RotateLogKey() = 0;

  // OK while appends are taken; otherwise the status they get now (see the
  // top of this file). For readiness and metrics.
  virtual absl::Status AcceptingAppends() = 0;

  // Answers the appends already queued, ends subscriptions, and closes the
  // database; later calls get UNAVAILABLE. Idempotent; the destructor calls it.
  [[nodiscard]] virtual absl::Status Close() = 0;
};

[[nodiscard]] absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> OpenRocksDbEventStore(
    const RocksDbEventStoreOptions& options);

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_ROCKSDB_EVENT_STORE_H_
