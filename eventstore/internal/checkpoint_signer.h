// The checkpoints the log signs (checkpoint.h as a signed note): the check at
// open that the tree found is the one the log last signed, and the thread that
// signs a new checkpoint every interval while the log grows, at once when
// asked (after a decision is issued, say), and once more when the store
// closes. Every checkpoint is kept in the database (keys.h, kCheckpoints);
// the latest is also written to a file outside the data directory, so that a
// data directory restored from an older copy, or one that lost its tail, is
// refused instead of carrying on as if nothing had been lost.
#ifndef AWARD_EVENTSTORE_INTERNAL_CHECKPOINT_SIGNER_H_
#define AWARD_EVENTSTORE_INTERNAL_CHECKPOINT_SIGNER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "eventstore/internal/log_db.h"
#include "eventstore/rocksdb_event_store.h"
#include "eventstore/signed_note.h"

namespace eventstore::internal {

struct SignedCheckpointNote {
  uint64_t size = 0;
  std::string note;  // the C2SP signed note
};

// The checkpoint signed at `size`, if the database keeps one; the latest when
// `size` is absent.
absl::StatusOr<std::optional<SignedCheckpointNote>> StoredCheckpoint(LogDb& db,
                                                                     std::optional<uint64_t> size);

// The key announcements in the log (log_key_rotation.h), in order, among its
// first `durable_count` events.
absl::StatusOr<std::vector<std::string>> KeyAnnouncements(LogDb& db, uint64_t durable_count);

// Proves that the log's tree of `tree_size` leaves is consistent with the
// latest checkpoint the log signed, found in the database or in
// `checkpoint_file` (if there is one): that checkpoint must be signed by one
// of `keys`, and the tree's first `size` leaves must have its root. DATA_LOSS
// naming both sizes otherwise. Returns the latest checkpoint, if any.
absl::StatusOr<std::optional<SignedCheckpointNote>> CheckAgainstSignedCheckpoints(
    LogDb& db, uint64_t tree_size, const std::vector<note::Verifier>& keys,
    const std::string& checkpoint_file);

class CheckpointSigner {
 public:
  // `announcements`: the log's key announcements so far (KeyAnnouncements),
  // which the witnesses are sent with each checkpoint.
  CheckpointSigner(LogDb& db, note::Signer key, const LogSigningOptions& options,
                   std::optional<SignedCheckpointNote> latest,
                   std::vector<std::string> announcements);
  ~CheckpointSigner();
  CheckpointSigner(const CheckpointSigner&) = delete;
  CheckpointSigner& operator=(const CheckpointSigner&) = delete;

  // The log is durable up to `size` events. Quick: called by the writer.
  void Grew(uint64_t size) ABSL_LOCKS_EXCLUDED(mu_);
  // Signs the durable log without waiting for the interval.
  void SignSoon() ABSL_LOCKS_EXCLUDED(mu_);
  // Signs the durable log if it grew since the last checkpoint, then stops.
  // Idempotent; call before the database closes.
  void Stop() ABSL_LOCKS_EXCLUDED(mu_);

  std::optional<SignedCheckpointNote> Latest() const ABSL_LOCKS_EXCLUDED(mu_);
  // Signs from now on with `key`, which `announcement`, already in the log,
  // announced.
  void Rotate(note::Signer key, std::string announcement) ABSL_LOCKS_EXCLUDED(mu_);
  note::Signer Key() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void Run();
  absl::StatusOr<SignedCheckpointNote> SignAt(uint64_t size, const note::Signer& key);
  // Stores `note` as the checkpoint of `size`, in the database and outside.
  absl::Status Keep(uint64_t size, const std::string& note);
  // The checkpoint with the witnesses' cosignatures, if any gave one.
  SignedCheckpointNote Cosigned(SignedCheckpointNote signed_note,
                                const std::vector<std::string>& announcements);

  LogDb& db_;
  const std::string checkpoint_file_;
  const absl::Duration interval_;
  const decltype(LogSigningOptions::cosign) cosign_;

  mutable absl::Mutex mu_;
  note::Signer key_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> announcements_ ABSL_GUARDED_BY(mu_);
  uint64_t durable_ ABSL_GUARDED_BY(mu_) = 0;
  bool soon_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<SignedCheckpointNote> latest_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_CHECKPOINT_SIGNER_H_
