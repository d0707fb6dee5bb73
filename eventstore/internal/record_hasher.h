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

  absl::Mutex mu_;
  std::deque<std::shared_ptr<Chunk>> queue_ ABSL_GUARDED_BY(mu_);
  std::atomic<size_t> queued_{0};  // queue_.size(), for the helper to watch unlocked
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread helper_;
};

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_RECORD_HASHER_H_
