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
// How long a reader waits for a chunk the helper is proving: a little more
// than the helper needs for one.
constexpr absl::Duration kHelperWait = absl::Microseconds(300);
// Chunks' storage kept for reuse: enough for the reads of a few subscribers.
constexpr size_t kSpareChunks = 128;

enum ChunkState : int { kQueued, kTaken };

}  // namespace

struct RecordHasher::Chunk {
  explicit Chunk(RecordHasher& owner) : owner(owner) {
    Buffers buffers = owner.TakeBuffers();
    bytes = std::move(buffers.bytes);
    entries = std::move(buffers.entries);
  }
  ~Chunk() { owner.Recycle({std::move(bytes), std::move(entries)}); }

  RecordHasher& owner;
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
  // The first record whose bytes do not match, if any. Reads only what the
  // reader wrote before handing the chunk over.
  absl::Status Check() const {
    for (const Entry& entry : entries) {
      absl::Status proven = ProveRecordHash(
          entry.position, absl::string_view(bytes).substr(entry.offset, entry.size), entry.stored);
      if (!proven.ok()) return proven;
    }
    return absl::OkStatus();
  }
  void Prove() {
    result = Check();
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

RecordHasher::Buffers RecordHasher::TakeBuffers() {
  {
    absl::MutexLock lock(&spares_mu_);
    if (!spares_.empty()) {
      Buffers buffers = std::move(spares_.back());
      spares_.pop_back();
      return buffers;
    }
  }
  Buffers buffers;
  buffers.entries.reserve(kChunkRecords);
  buffers.bytes.reserve(kChunkRecords * 512);
  return buffers;
}

void RecordHasher::Recycle(Buffers buffers) {
  buffers.bytes.clear();
  buffers.entries.clear();
  absl::MutexLock lock(&spares_mu_);
  if (spares_.size() < kSpareChunks) spares_.push_back(std::move(buffers));
}

void RecordHasher::Run() {
  while (true) {
    std::shared_ptr<Chunk> chunk;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](RecordHasher* h)
               ABSL_EXCLUSIVE_LOCKS_REQUIRED(h->mu_) { return !h->queue_.empty() || h->stopping_; },
          this));
      if (stopping_) return;
      chunk = std::move(queue_.front());
      queue_.pop_front();
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
  if (filling_ == nullptr) filling_ = std::make_shared<Chunk>(*hasher_);
  filling_->entries.push_back(
      {record.position, filling_->bytes.size(), record.hashed.size(), record.stored_hash});
  filling_->bytes.append(record.hashed.data(), record.hashed.size());
  if (filling_->entries.size() >= kChunkRecords) Hand(std::move(filling_));
}

void RecordHasher::Proof::Hand(std::shared_ptr<Chunk> chunk) {
  handed_.push_back(chunk);
  absl::MutexLock lock(&hasher_->mu_);
  hasher_->queue_.push_back(std::move(chunk));
}

absl::Status RecordHasher::Proof::Finish() {
  absl::Status first = std::move(first_failure_);
  first_failure_ = absl::OkStatus();
  if (filling_ != nullptr) {
    // The last, partial chunk: here, never handed over.
    handed_.push_back(std::move(filling_));
  }
  for (const std::shared_ptr<Chunk>& chunk : handed_) {
    absl::Status proven;
    if (chunk->Take()) {
      proven = chunk->Check();
    } else if (chunk->done.WaitForNotificationWithTimeout(kHelperWait)) {
      proven = chunk->result;
    } else {
      // The helper was taken off its processor halfway: proving the chunk
      // here too costs less than waiting for it to come back.
      proven = chunk->Check();
    }
    if (first.ok()) first = std::move(proven);
  }
  handed_.clear();
  return first;
}

}  // namespace eventstore::internal
