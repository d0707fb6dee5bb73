// Proves the stored hashes of the records a long read goes through on a helper
// thread, while the reading thread goes on decoding and copying them: SHA-256
// of a record costs about as much as the rest of reading it, and a replay
// should not pay for both on one core. The reading thread takes back every
// chunk the helper has not begun, so a busy helper never makes a read wait for
// another read's work.
#ifndef AWARD_EVENTSTORE_INTERNAL_RECORD_HASHER_H_
#define AWARD_EVENTSTORE_INTERNAL_RECORD_HASHER_H_

#include <atomic>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "eventstore/record_codec.h"

namespace eventstore::internal {

class RecordHasher {
 public:
  // Starts the helper thread, "es-hasher".
  RecordHasher();
  // Stops it; chunks it has not begun are left to their readers.
  ~RecordHasher();
  RecordHasher(const RecordHasher&) = delete;
  RecordHasher& operator=(const RecordHasher&) = delete;

  struct Chunk;
  struct Entry {
    uint64_t position;
    size_t offset;
    size_t size;
    Hash stored;
  };
  // A chunk's storage, kept for the next chunk rather than freed: a replay
  // would otherwise allocate and free some 70 KB a chunk.
  struct Buffers {
    std::string bytes;
    std::vector<Entry> entries;
  };

  // The hashes of the records of one read, proven in chunks. One thread.
  class Proof {
   public:
    // `hasher` null: each record is proven in Add.
    explicit Proof(RecordHasher* hasher) : hasher_(hasher) {}
    ~Proof();
    Proof(const Proof&) = delete;
    Proof& operator=(const Proof&) = delete;

    // Proves the record's hash now or later; its view need not outlive the call.
    void Add(const RecordView& record);
    // Waits for every record added so far: DATA_LOSS naming the first one, in
    // the order added, whose bytes do not match its stored hash. Adding may
    // go on afterwards.
    absl::Status Finish();

   private:
    void Hand(std::shared_ptr<Chunk> chunk);

    RecordHasher* const hasher_;
    std::vector<std::shared_ptr<Chunk>> handed_;  // in order
    std::shared_ptr<Chunk> filling_;
    absl::Status first_failure_;  // of records proven inline
  };

 private:
  void Run();
  Buffers TakeBuffers() ABSL_LOCKS_EXCLUDED(spares_mu_);
  void Recycle(Buffers buffers) ABSL_LOCKS_EXCLUDED(spares_mu_);

  // Declared first: chunks still queued when the helper stops give their
  // storage back here as the queue goes.
  absl::Mutex spares_mu_;
  std::vector<Buffers> spares_ ABSL_GUARDED_BY(spares_mu_);
  absl::Mutex mu_;
  std::deque<std::shared_ptr<Chunk>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread helper_;
};

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_RECORD_HASHER_H_
