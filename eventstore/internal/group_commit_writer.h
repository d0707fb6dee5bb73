// The single writer of the log, in three stages on three threads:
//
// * es-writer takes everything queued at once, checks each append in arrival
//   order against the log as it will stand after the ones before it
//   (CommitGroup), and writes the group to RocksDB without syncing: into the
//   memtable and the WAL buffer.
// * es-sync syncs the WAL once for every group written since its last sync,
//   then publishes the new durable head.
// * es-answers then answers those appends (wakes the appending threads,
//   finishes gRPC calls), so that es-sync can start the next sync at once.
//
// So the writer prepares and writes the next groups while the previous ones
// are being synced, and one fsync covers everything written meanwhile (a
// write waits only while a sync is starting on the WAL file: LogDb::SyncWal). Readers
// see only the durable head (CommitSignal): an event is never read before its
// append could have been acknowledged.
//
// A failed write or sync leaves memory and disk in doubt, so it is final: the
// appends in flight and every later one fail with UNAVAILABLE until the store
// is reopened, which recovers exactly what is on disk.
//
// Before its first group es-writer passes the gate it is given (the store
// verifies the log and its indexes there): appends wait in the queue until it
// passes, and if it fails, every append gets its status. Before each group it
// checks the free space of the data directory: below the reserve, the group's
// appends are refused with RESOURCE_EXHAUSTED and nothing reaches RocksDB, so
// that a full disk is a refusal, never a failed write; appends go on as soon
// as space is back.
#ifndef AWARD_EVENTSTORE_INTERNAL_GROUP_COMMIT_WRITER_H_
#define AWARD_EVENTSTORE_INTERNAL_GROUP_COMMIT_WRITER_H_

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/event.h"
#include "eventstore/internal/commit_group.h"
#include "eventstore/internal/commit_signal.h"
#include "eventstore/internal/log_db.h"
#include "eventstore/rocksdb_event_store.h"

namespace eventstore::internal {

using AppendDone = std::function<void(absl::StatusOr<AppendResult>)>;

class GroupCommitWriter {
 public:
  struct Options {
    // Hears of every fsync; may be null.
    CommitObserver* observer = nullptr;
    // Run once on es-writer before anything is written; `stop` is set when the
    // writer is stopped meanwhile. Null: no gate.
    std::function<absl::Status(const std::atomic<bool>& stop)> gate;
    // Free bytes the data directory keeps beyond what a group writes; 0: no
    // check (RocksDB meets a full disk itself).
    uint64_t min_free_bytes = 0;
    // Told of each new durable head on es-sync, before any appender hears of
    // it. May be null.
    std::function<void(const LogDigest&)> durable;
  };
  GroupCommitWriter(LogDb& db, const LogHead& head, CommitSignal& signal, Options options);
  ~GroupCommitWriter();

  // `done` runs once, on es-answers (or at once after Stop), when the append
  // is durable or rejected. It must not block.
  void Submit(PreparedAppend append, AppendDone done) ABSL_LOCKS_EXCLUDED(mu_);

  // Answers everything already queued, then ends the threads. Idempotent.
  void Stop() ABSL_LOCKS_EXCLUDED(mu_, sync_mu_, answers_mu_);

  // OK while appends are taken now; otherwise why not: the gate not yet
  // passed (UNAVAILABLE) or failed, too little free space (RESOURCE_EXHAUSTED,
  // read afresh), or the failure that stopped the writer.
  absl::Status Accepting() ABSL_LOCKS_EXCLUDED(sync_mu_);

 private:
  struct Pending {
    PreparedAppend append;
    AppendDone done;
  };
  struct Answer {
    Pending pending;
    absl::StatusOr<AppendResult> result;
  };
  // Groups written but not yet synced, in write order.
  struct Written {
    std::vector<Answer> answers;
    LogDigest head;  // the log's head once these are durable
  };

  void RunWriter();
  void WriteGroup(std::vector<Pending>& group);
  void RunSync();
  void RunAnswers();
  // The failure every append gets once the log is in doubt, if it is.
  absl::Status Failure() ABSL_LOCKS_EXCLUDED(sync_mu_);
  // RESOURCE_EXHAUSTED unless the data directory has `bytes` beyond the reserve.
  absl::Status HasRoomFor(uint64_t bytes);

  LogDb& db_;
  CommitSignal& signal_;
  const Options options_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> gate_passed_{false};
  std::atomic<uint64_t> refused_bytes_{0};  // the last group refused for room, until one passes
  LogHead head_;                            // es-writer only: the head as written
  StreamVersionCache versions_;             // es-writer only

  absl::Mutex mu_;
  std::vector<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  absl::Mutex sync_mu_;
  Written written_ ABSL_GUARDED_BY(sync_mu_);
  bool writer_done_ ABSL_GUARDED_BY(sync_mu_) = false;
  absl::Status failure_ ABSL_GUARDED_BY(sync_mu_);

  absl::Mutex answers_mu_;
  std::vector<Answer> answers_ ABSL_GUARDED_BY(answers_mu_);
  bool syncer_done_ ABSL_GUARDED_BY(answers_mu_) = false;

  std::thread writer_;
  std::thread syncer_;
  std::thread answerer_;
};

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_GROUP_COMMIT_WRITER_H_
