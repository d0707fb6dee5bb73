// The single writer of the log. Appending threads hand it prepared appends; it
// takes everything queued at once, checks each in arrival order (CommitGroup),
// writes the group with one RocksDB write and one sync, publishes the new head,
// and only then lets each append be answered. While it syncs, the next group
// queues up: that is what makes durable appends cheap under concurrency. The
// answers (waking the appending threads, finishing gRPC calls) are given by a
// second thread, so that the writer goes straight on to the next group.
#ifndef AWARD_EVENTSTORE_INTERNAL_GROUP_COMMIT_WRITER_H_
#define AWARD_EVENTSTORE_INTERNAL_GROUP_COMMIT_WRITER_H_

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

namespace eventstore::internal {

using AppendDone = std::function<void(absl::StatusOr<AppendResult>)>;

class GroupCommitWriter {
 public:
  GroupCommitWriter(LogDb& db, const LogHead& head, CommitSignal& signal);
  ~GroupCommitWriter();

  // `done` runs once, on the answering thread (or at once with UNAVAILABLE
  // after Stop), when the append is durable or rejected. It must not block.
  void Submit(PreparedAppend append, AppendDone done) ABSL_LOCKS_EXCLUDED(mu_);

  // Answers everything already queued, then ends the thread. Idempotent.
  void Stop() ABSL_LOCKS_EXCLUDED(mu_);

 private:
  struct Pending {
    PreparedAppend append;
    AppendDone done;
  };

  struct Answer {
    Pending pending;
    absl::StatusOr<AppendResult> result;
  };

  void Run();
  void CommitOne(std::vector<Pending>& group);
  void AnswerLoop();

  LogDb& db_;
  CommitSignal& signal_;
  LogHead head_;                 // writer thread only
  StreamVersionCache versions_;  // writer thread only

  absl::Mutex mu_;
  std::vector<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  absl::Mutex answers_mu_;
  std::vector<Answer> answers_ ABSL_GUARDED_BY(answers_mu_);
  bool writer_done_ ABSL_GUARDED_BY(answers_mu_) = false;

  std::thread thread_;
  std::thread answerer_;
};

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_GROUP_COMMIT_WRITER_H_
