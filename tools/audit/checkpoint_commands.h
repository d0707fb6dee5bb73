// The auditors' checks of the log against checkpoints kept outside it:
//
// * CheckAgainstCheckpoints (award_audit verify --checkpoint=PATH): reads the
//   whole log, recomputes its Merkle tree, and compares its root at each kept
//   checkpoint's size with that checkpoint's: a log that lost events, or
//   whose history was rewritten, is named with the position range where it
//   first differs (exact when two kept checkpoints are one event apart).
// * MonitorOnce (award_audit monitor): takes the log's latest checkpoint,
//   checks its signature and a consistency proof from the last one kept,
//   and keeps it; on an inconsistency it returns the evidence (both signed
//   checkpoints and the proof) and keeps nothing.
//
// Kept checkpoints are files in a directory, one each, named
// "<size>.checkpoint", as the monitor writes them; a single file works too.
#ifndef AWARD_TOOLS_AUDIT_CHECKPOINT_COMMANDS_H_
#define AWARD_TOOLS_AUDIT_CHECKPOINT_COMMANDS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventstore/checkpoint.h"
#include "eventstore/event_store.h"
#include "eventstore/signed_note.h"
#include "tools/audit/receipt.h"

namespace award::audit {

struct CheckpointOutcome {
  bool ok = false;
  std::string text;
};

// The checkpoints kept at `path` (a file, or a directory of them), each
// signed by one of `log_keys`: INVALID_ARGUMENT naming a file that is not.
absl::StatusOr<std::vector<std::pair<std::string, eventstore::Checkpoint>>> KeptCheckpoints(
    const std::string& path, const std::vector<eventstore::note::Verifier>& log_keys);

absl::StatusOr<CheckpointOutcome> CheckAgainstCheckpoints(
    eventstore::EventStore& store, const std::string& path,
    const std::vector<eventstore::note::Verifier>& log_keys);

// The log's consistency proof between two sizes (GetConsistencyProof).
using ConsistencyProofs =
    std::function<absl::StatusOr<std::vector<eventstore::Hash>>(uint64_t first, uint64_t second)>;

absl::StatusOr<CheckpointOutcome> MonitorOnce(
    const LogProofs& proofs, const ConsistencyProofs& consistency, const std::string& directory,
    const std::vector<eventstore::note::Verifier>& log_keys);

}  // namespace award::audit

#endif  // AWARD_TOOLS_AUDIT_CHECKPOINT_COMMANDS_H_
