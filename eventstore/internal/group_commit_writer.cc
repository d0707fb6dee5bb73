#include "eventstore/internal/group_commit_writer.h"

#include <pthread.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/status_macros.h"

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

GroupCommitWriter::GroupCommitWriter(LogDb& db, const LogHead& head, CommitSignal& signal,
                                     Options options)
    : db_(db),
      signal_(signal),
      options_(std::move(options)),
      head_(head),
      versions_(kStreamVersionCacheEntries) {
  written_.head = LogDigest{head.next_position, head.hash};
  // Named for ops: they show in top and perf.
  writer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "es-writer");
    RunWriter();
  });
  syncer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "es-sync");
    RunSync();
  });
  answerer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "es-answers");
    RunAnswers();
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
  stop_.store(true);
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (writer_.joinable()) writer_.join();
  {
    absl::MutexLock lock(&sync_mu_);
    writer_done_ = true;
  }
  if (syncer_.joinable()) syncer_.join();
  {
    absl::MutexLock lock(&answers_mu_);
    syncer_done_ = true;
  }
  if (answerer_.joinable()) answerer_.join();
}

absl::Status GroupCommitWriter::Failure() {
  absl::MutexLock lock(&sync_mu_);
  return failure_;
}

absl::Status GroupCommitWriter::HasRoomFor(uint64_t bytes) {
  if (options_.min_free_bytes == 0) return absl::OkStatus();
  absl::StatusOr<uint64_t> free = db_.FreeBytes();
  // Free space that cannot be read is not a reason to refuse: RocksDB reports
  // a real shortage itself.
  if (!free.ok() || *free >= options_.min_free_bytes + bytes) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(
      "the data directory has ", *free, " bytes free; appends need ", options_.min_free_bytes,
      " bytes free beyond what they write (--min_free_bytes): free some space, and appends "
      "resume by themselves"));
}

absl::Status GroupCommitWriter::Accepting() {
  if (absl::Status failure = Failure(); !failure.ok()) return failure;
  if (!gate_passed_.load()) {
    return absl::UnavailableError("the event store is verifying its log before its first append");
  }
  // Room for what was last refused, until something passes again.
  return HasRoomFor(refused_bytes_.load());
}

void GroupCommitWriter::RunWriter() {
  if (options_.gate) {
    absl::Status passed = options_.gate(stop_);
    if (!passed.ok()) {
      if (absl::IsCancelled(passed)) passed = absl::UnavailableError("the event store is closing");
      absl::MutexLock lock(&sync_mu_);
      failure_ = passed;
    }
  }
  gate_passed_.store(true);
  std::vector<Pending> taken;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](GroupCommitWriter* w)
               ABSL_EXCLUSIVE_LOCKS_REQUIRED(w->mu_) { return !w->queue_.empty() || w->stopping_; },
          this));
      if (queue_.empty()) return;  // stopping, and nothing left to write
      taken.swap(queue_);
    }
    // The queue is taken whole; it is written in groups of bounded size.
    std::vector<Pending> group;
    size_t bytes = 0;
    for (Pending& pending : taken) {
      bytes += BodyBytes(pending.append);
      group.push_back(std::move(pending));
      if (group.size() >= kMaxGroupAppends || bytes >= kMaxGroupBytes) {
        WriteGroup(group);
        group.clear();
        bytes = 0;
      }
    }
    if (!group.empty()) WriteGroup(group);
    taken.clear();
  }
}

void GroupCommitWriter::WriteGroup(std::vector<Pending>& group) {
  std::vector<absl::StatusOr<AppendResult>> results;
  results.reserve(group.size());
  absl::Status failure = Failure();
  if (failure.ok()) {
    uint64_t bytes = 0;
    for (const Pending& pending : group) bytes += BodyBytes(pending.append);
    absl::Status room = HasRoomFor(bytes);
    refused_bytes_.store(room.ok() ? 0 : bytes);
    if (!room.ok()) {
      // Not a failure of the log: these appends are refused, later ones may pass.
      absl::MutexLock lock(&sync_mu_);
      for (Pending& pending : group) written_.answers.push_back({std::move(pending), room});
      return;
    }
  }
  if (failure.ok()) {
    CommitGroup commit(db_, versions_, head_, absl::Now());
    for (const Pending& pending : group) results.push_back(commit.Add(pending.append));
    if (commit.HasWrites()) {
      absl::Status written = db_.Write(commit.batch());
      if (written.ok()) {
        commit.Committed();
        head_ = commit.head();
      } else {
        failure = absl::UnavailableError(absl::StrCat("the log could not be written (",
                                                      written.message(), "); reopen the store"));
        absl::MutexLock lock(&sync_mu_);
        failure_ = failure;
      }
    }
  }
  absl::MutexLock lock(&sync_mu_);
  for (size_t i = 0; i < group.size(); ++i) {
    // Answers that do not wait for the sync (rejections, repeats of durable
    // appends) still go through it, so every append is answered in order.
    absl::StatusOr<AppendResult> result =
        failure.ok() ? std::move(results[i]) : absl::StatusOr<AppendResult>(failure);
    written_.answers.push_back({std::move(group[i]), std::move(result)});
  }
  if (failure.ok()) written_.head = LogDigest{head_.next_position, head_.hash};
}

void GroupCommitWriter::RunSync() {
  Written taken;
  absl::Status failure;
  uint64_t durable_count = signal_.Head().event_count;
  while (true) {
    {
      absl::MutexLock lock(&sync_mu_);
      sync_mu_.Await(absl::Condition(
          +[](GroupCommitWriter* w) ABSL_EXCLUSIVE_LOCKS_REQUIRED(w->sync_mu_) {
            return !w->written_.answers.empty() || w->writer_done_;
          },
          this));
      if (written_.answers.empty()) return;  // the writer has stopped and all is answered
      taken.answers.swap(written_.answers);
      taken.head = written_.head;
      failure = failure_;
    }
    // One sync for every group written so far; published before anyone hears
    // of it, so that a reader can see what an appender was told is there.
    // After a failure nothing is synced or published again: a later fsync can
    // succeed without the data of the failed one being on disk.
    if (failure.ok()) {
      const absl::Time started = absl::Now();
      absl::Status synced = db_.SyncWal();
      if (synced.ok()) {
        if (options_.durable) options_.durable(taken.head);
        signal_.Publish(taken.head);
        if (options_.observer != nullptr) {
          options_.observer->OnSync(taken.answers.size(), taken.head.event_count - durable_count,
                                    absl::Now() - started);
        }
        durable_count = taken.head.event_count;
      } else {
        failure = absl::UnavailableError(
            absl::StrCat("the log could not be synced (", synced.message(), "); reopen the store"));
        absl::MutexLock lock(&sync_mu_);
        failure_ = failure;
      }
    }
    if (!failure.ok()) {
      for (Answer& answer : taken.answers) {
        if (answer.result.ok()) answer.result = failure;
      }
    }
    absl::MutexLock lock(&answers_mu_);
    for (Answer& answer : taken.answers) answers_.push_back(std::move(answer));
    taken.answers.clear();
  }
}

void GroupCommitWriter::RunAnswers() {
  std::vector<Answer> taken;
  while (true) {
    {
      absl::MutexLock lock(&answers_mu_);
      answers_mu_.Await(absl::Condition(
          +[](GroupCommitWriter* w) ABSL_EXCLUSIVE_LOCKS_REQUIRED(w->answers_mu_) {
            return !w->answers_.empty() || w->syncer_done_;
          },
          this));
      if (answers_.empty()) return;  // the syncer has stopped and all is answered
      taken.swap(answers_);
    }
    for (Answer& answer : taken) answer.pending.done(std::move(answer.result));
    taken.clear();  // frees the appends here, not on the writer's threads
  }
}

}  // namespace eventstore::internal
