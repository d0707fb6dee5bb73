#include "eventstore/internal/group_commit_writer.h"

#include <pthread.h>

#include <utility>

namespace eventstore::internal {
namespace {

// Enough for one group to cover every waiting appender, small enough that a
// burst of large appends does not build a batch of gigabytes.
constexpr size_t kMaxGroupAppends = 4096;
constexpr size_t kMaxGroupBytes = size_t{32} << 20;
constexpr size_t kStreamVersionCacheEntries = 1 << 20;

size_t BodyBytes(const PreparedAppend& append) {
  size_t bytes = 0;
  for (const std::string& body : append.bodies) bytes += body.size();
  return bytes;
}

}  // namespace

GroupCommitWriter::GroupCommitWriter(LogDb& db, const LogHead& head, CommitSignal& signal)
    : db_(db), signal_(signal), head_(head), versions_(kStreamVersionCacheEntries) {
  // Named for ops: they show in top and perf.
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "es-writer");
    Run();
  });
  answerer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "es-answers");
    AnswerLoop();
  });
}

GroupCommitWriter::~GroupCommitWriter() { Stop(); }

void GroupCommitWriter::Submit(PreparedAppend append, AppendDone done) {
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      queue_.push_back({std::move(append), std::move(done)});
      return;
    }
  }
  done(absl::UnavailableError("the event store is closing"));
}

void GroupCommitWriter::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  {
    absl::MutexLock lock(&answers_mu_);
    writer_done_ = true;
  }
  if (answerer_.joinable()) answerer_.join();
}

void GroupCommitWriter::Run() {
  std::vector<Pending> taken;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](GroupCommitWriter* w)
               ABSL_EXCLUSIVE_LOCKS_REQUIRED(w->mu_) { return !w->queue_.empty() || w->stopping_; },
          this));
      if (queue_.empty()) return;  // stopping, and nothing left to answer
      taken.swap(queue_);
    }
    // The queue is taken whole; it is committed in groups of bounded size.
    std::vector<Pending> group;
    size_t bytes = 0;
    for (Pending& pending : taken) {
      bytes += BodyBytes(pending.append);
      group.push_back(std::move(pending));
      if (group.size() >= kMaxGroupAppends || bytes >= kMaxGroupBytes) {
        CommitOne(group);
        group.clear();
        bytes = 0;
      }
    }
    if (!group.empty()) CommitOne(group);
    taken.clear();
  }
}

void GroupCommitWriter::CommitOne(std::vector<Pending>& group) {
  CommitGroup commit(db_, versions_, head_, absl::Now());
  std::vector<absl::StatusOr<AppendResult>> results;
  results.reserve(group.size());
  for (const Pending& pending : group) results.push_back(commit.Add(pending.append));

  if (commit.HasWrites()) {
    absl::Status written = db_.WriteDurably(commit.batch());
    if (written.ok()) {
      commit.Committed();
      head_ = commit.head();
      signal_.Publish(LogDigest{head_.next_position, head_.hash});
    } else {
      // Nothing of the group is durable: every answer that counted on it fails.
      for (auto& result : results) {
        if (result.ok()) result = written;
      }
    }
  }
  absl::MutexLock lock(&answers_mu_);
  for (size_t i = 0; i < group.size(); ++i) {
    answers_.push_back({std::move(group[i]), std::move(results[i])});
  }
}

void GroupCommitWriter::AnswerLoop() {
  std::vector<Answer> taken;
  while (true) {
    {
      absl::MutexLock lock(&answers_mu_);
      answers_mu_.Await(absl::Condition(
          +[](GroupCommitWriter* w) ABSL_EXCLUSIVE_LOCKS_REQUIRED(w->answers_mu_) {
            return !w->answers_.empty() || w->writer_done_;
          },
          this));
      if (answers_.empty()) return;  // the writer has stopped and all is answered
      taken.swap(answers_);
    }
    for (Answer& answer : taken) answer.pending.done(std::move(answer.result));
    taken.clear();  // frees the appends here, not on the writer thread
  }
}

}  // namespace eventstore::internal
