#include "eventstore/internal/record_hasher.h"

#include <pthread.h>

#include <utility>

#include "absl/time/clock.h"

namespace eventstore::internal {
namespace {

// Enough work per hand-over to dwarf its cost, small enough that the reader,
// which proves the chunks the helper has not begun when it finishes, is
// seldom left with much to do.
constexpr size_t kChunkRecords = 128;
// How long the helper looks for the next chunk before it sleeps: while a read
// hands over a chunk every few tens of microseconds, waking it would cost the
// reader a system call each time.
constexpr absl::Duration kHelperSpin = absl::Microseconds(200);

enum ChunkState : int { kQueued, kTaken };

}  // namespace

struct RecordHasher::Chunk {
  struct Entry {
    uint64_t position;
    size_t offset;
    size_t size;
    Hash stored;
  };
  std::string bytes;  // the records' hashed bytes, one after another
  std::vector<Entry> entries;
  std::atomic<int> state{kQueued};
  absl::Status result;  // written by whoever took it, before `done`
  absl::Notification done;

  // Whoever takes it first proves it; false: the other side has it.
  bool Take() {
    int queued = kQueued;
    return state.compare_exchange_strong(queued, kTaken);
  }
  void Prove() {
    for (const Entry& entry : entries) {
      absl::Status proven = ProveRecordHash(
          entry.position, absl::string_view(bytes).substr(entry.offset, entry.size), entry.stored);
      if (!proven.ok()) {
        result = std::move(proven);
        break;
      }
    }
    done.Notify();
  }
};

RecordHasher::RecordHasher()
    : helper_([this] {
        pthread_setname_np(pthread_self(), "es-hasher");
        Run();
      }) {}

RecordHasher::~RecordHasher() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  helper_.join();
}

void RecordHasher::Run() {
  while (true) {
    std::shared_ptr<Chunk> chunk;
    for (const absl::Time until = absl::Now() + kHelperSpin;
         queued_.load(std::memory_order_relaxed) == 0 && absl::Now() < until;) {
    }
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](RecordHasher* h)
               ABSL_EXCLUSIVE_LOCKS_REQUIRED(h->mu_) { return !h->queue_.empty() || h->stopping_; },
          this));
      if (stopping_) return;
      chunk = std::move(queue_.front());
      queue_.pop_front();
      queued_.fetch_sub(1, std::memory_order_relaxed);
    }
    if (chunk->Take()) chunk->Prove();
  }
}

RecordHasher::Proof::~Proof() {
  // Chunks still queued are the helper's to skip; it holds its own reference.
  for (const std::shared_ptr<Chunk>& chunk : handed_) chunk->Take();
}

void RecordHasher::Proof::Add(const RecordView& record) {
  if (hasher_ == nullptr) {
    if (first_failure_.ok()) first_failure_ = ProveRecordHash(record);
    return;
  }
  if (filling_ == nullptr) {
    filling_ = std::make_shared<Chunk>();
    filling_->entries.reserve(kChunkRecords);
    filling_->bytes.reserve(kChunkRecords * (record.hashed.size() + 64));
  }
  filling_->entries.push_back(
      {record.position, filling_->bytes.size(), record.hashed.size(), record.stored_hash});
  filling_->bytes.append(record.hashed.data(), record.hashed.size());
  if (filling_->entries.size() >= kChunkRecords) Hand(std::move(filling_));
}

void RecordHasher::Proof::Hand(std::shared_ptr<Chunk> chunk) {
  handed_.push_back(chunk);
  absl::MutexLock lock(&hasher_->mu_);
  hasher_->queue_.push_back(std::move(chunk));
  hasher_->queued_.fetch_add(1, std::memory_order_relaxed);
}

absl::Status RecordHasher::Proof::Finish() {
  absl::Status first = std::move(first_failure_);
  first_failure_ = absl::OkStatus();
  if (filling_ != nullptr) {
    // The last, partial chunk: here, rather than a hand-over to wait for.
    filling_->Take();
    handed_.push_back(std::move(filling_));
    handed_.back()->Prove();
  }
  for (const std::shared_ptr<Chunk>& chunk : handed_) {
    if (chunk->Take()) {
      chunk->Prove();
    } else {
      chunk->done.WaitForNotification();
    }
    if (first.ok()) first = chunk->result;
  }
  handed_.clear();
  return first;
}

}  // namespace eventstore::internal
