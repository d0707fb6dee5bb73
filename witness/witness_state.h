// What a witness keeps and decides for each log it follows: the last
// checkpoint it cosigned, and whether a new one may be cosigned (C2SP
// tlog-witness, add-checkpoint). A checkpoint is cosigned only when the log's
// key signed it, the caller knows the size last cosigned, and the consistency
// proof from there verifies; the new checkpoint is then stored, durably,
// before the cosignature is returned, and the check and the store are one
// step, so that no two requests can roll the log back between them.
//
// Files under the state directory:
//   logs/<hex SHA-256 of the origin>.checkpoint   the last cosigned checkpoint,
//                                                 with this witness's cosignature
//   evidence/<hex>-<unix nanos>.txt               a log-signed checkpoint refused
//                                                 as inconsistent, beside the one
//                                                 cosigned before: proof of a split
//                                                 view or a rollback to show others
#ifndef AWARD_WITNESS_WITNESS_STATE_H_
#define AWARD_WITNESS_WITNESS_STATE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "eventstore/checkpoint.h"
#include "eventstore/event.h"
#include "eventstore/signed_note.h"

namespace award::witness {

class WitnessState {
 public:
  // `logs`: the keys of the logs followed; each one's name is its origin,
  // and a log may have several (its key before and after a rotation).
  // Loads what the directory holds; DATA_LOSS naming a file that is not a
  // checkpoint of a followed log cosigned by `key`.
  static absl::StatusOr<std::unique_ptr<WitnessState>> Open(
      const std::string& state_dir, eventstore::note::Signer key,
      std::vector<eventstore::note::Verifier> logs);

  // The cosignature line for `signed_checkpoint`, or why not (the codes of
  // witness.proto's AddCheckpoint). It may be signed by a key the log
  // announced with one the witness knows (`key_announcements`).
  absl::StatusOr<std::string> AddCheckpoint(uint64_t old_size,
                                            const std::vector<eventstore::Hash>& proof,
                                            const std::string& signed_checkpoint,
                                            const std::vector<std::string>& key_announcements,
                                            absl::Time now) ABSL_LOCKS_EXCLUDED(mu_);

  // The last cosigned checkpoint of the log `origin`, with the cosignature.
  absl::StatusOr<std::string> Latest(const std::string& origin) const ABSL_LOCKS_EXCLUDED(mu_);

  // The evidence files kept so far.
  std::vector<std::string> Evidence() const;

 private:
  struct Followed {
    std::vector<eventstore::note::Verifier> keys;
    std::optional<eventstore::Checkpoint> latest;  // none: never cosigned
    std::string latest_note;                       // with the cosignature
  };

  WitnessState(std::string state_dir, eventstore::note::Signer key)
      : state_dir_(std::move(state_dir)), key_(std::move(key)) {}

  std::string LogFile(const std::string& origin) const;
  // Keeps the refused checkpoint beside the cosigned one; `why` heads the file.
  void KeepEvidence(const Followed& log, const std::string& presented, const std::string& why);

  const std::string state_dir_;
  const eventstore::note::Signer key_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Followed> logs_ ABSL_GUARDED_BY(mu_);
};

}  // namespace award::witness

#endif  // AWARD_WITNESS_WITNESS_STATE_H_
