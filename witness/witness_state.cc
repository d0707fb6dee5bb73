#include "witness/witness_state.h"

#include <filesystem>
#include <iostream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/file_contents.h"
#include "base/status_macros.h"
#include "eventstore/log_key_rotation.h"
#include "eventstore/merkle.h"
#include "eventstore/sha256.h"

namespace award::witness {
namespace {

using eventstore::Checkpoint;
using eventstore::Hash;
namespace note = eventstore::note;
namespace merkle = eventstore::merkle;

// The origin line of a note, before any signature is checked: which log it claims.
std::string OriginOf(absl::string_view signed_note) {
  return std::string(signed_note.substr(0, signed_note.find('\n')));
}

}  // namespace

absl::StatusOr<std::unique_ptr<WitnessState>> WitnessState::Open(const std::string& state_dir,
                                                                 note::Signer key,
                                                                 std::vector<note::Verifier> logs) {
  if (key.type != note::KeyType::kCosignatureV1) {
    return absl::InvalidArgumentError("a witness's key is a cosigner key (type 0x04)");
  }
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(state_dir) / "logs", error);
  std::filesystem::create_directories(std::filesystem::path(state_dir) / "evidence", error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot create the witness's state directory ", state_dir, ": ", error.message()));
  }
  std::unique_ptr<WitnessState> state(new WitnessState(state_dir, std::move(key)));
  absl::MutexLock lock(&state->mu_);
  for (note::Verifier& log : logs) state->logs_[log.name].keys.push_back(log);
  for (auto& [origin, followed] : state->logs_) {
    const std::string file = state->LogFile(origin);
    if (!std::filesystem::exists(file)) continue;
    AWARD_ASSIGN_OR_RETURN(std::string kept, FileContents(file));
    std::vector<note::Verifier> known = followed.keys;
    known.push_back(note::VerifierOf(state->key_));
    absl::StatusOr<note::Opened> opened = note::Open(kept, known);
    absl::StatusOr<Checkpoint> checkpoint =
        opened.ok() ? eventstore::ParseCheckpoint(opened->text) : opened.status();
    if (!checkpoint.ok() || opened->cosigned_by.empty() || checkpoint->origin != origin) {
      return absl::DataLossError(
          absl::StrCat(file, " is not a checkpoint of ", origin, " cosigned by this witness",
                       checkpoint.ok() ? "" : absl::StrCat(": ", checkpoint.status().message())));
    }
    followed.latest = *checkpoint;
    followed.latest_note = std::move(kept);
  }
  return state;
}

std::string WitnessState::LogFile(const std::string& origin) const {
  return absl::StrCat(state_dir_, "/logs/", eventstore::HashToHex(eventstore::Sha256({origin})),
                      ".checkpoint");
}

void WitnessState::KeepEvidence(const Followed& log, const std::string& presented,
                                const std::string& why) {
  const std::string file = absl::StrCat(
      state_dir_, "/evidence/", eventstore::HashToHex(eventstore::Sha256({log.keys.front().name})),
      "-", absl::ToUnixNanos(absl::Now()), ".txt");
  const std::string contents =
      absl::StrCat("refused: ", why, "\n\n--- presented, signed by the log\n", presented,
                   "\n--- cosigned before by this witness\n", log.latest_note);
  if (absl::Status kept = ReplaceFileDurably(file, contents); !kept.ok()) {
    std::cerr << "award_witness: evidence not kept: " << kept << std::endl;
  }
}

absl::StatusOr<std::string> WitnessState::AddCheckpoint(
    uint64_t old_size, const std::vector<Hash>& proof, const std::string& signed_checkpoint,
    const std::vector<std::string>& key_announcements, absl::Time now) {
  const std::string origin = OriginOf(signed_checkpoint);
  absl::MutexLock lock(&mu_);
  auto it = logs_.find(origin);
  if (it == logs_.end()) {
    return absl::NotFoundError(absl::StrCat("this witness follows no log '", origin, "'"));
  }
  Followed& log = it->second;
  absl::StatusOr<note::Opened> opened =
      note::Open(signed_checkpoint, eventstore::FollowRotations(log.keys, key_announcements));
  if (!opened.ok()) {
    return absl::PermissionDeniedError(absl::StrCat("the checkpoint is not signed by the key of ",
                                                    origin, ": ", opened.status().message()));
  }
  absl::StatusOr<Checkpoint> checkpoint = eventstore::ParseCheckpoint(opened->text);
  if (!checkpoint.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("checkpoint: ", checkpoint.status().message()));
  }
  const uint64_t cosigned = log.latest.has_value() ? log.latest->size : 0;
  if (old_size > checkpoint->size) {
    KeepEvidence(log, signed_checkpoint,
                 absl::StrCat("a tree of ", checkpoint->size, " after one of ", old_size));
    return absl::InvalidArgumentError(
        absl::StrCat("old_size: ", old_size, " is beyond the checkpoint's size ", checkpoint->size,
                     "; this witness never cosigns a smaller tree"));
  }
  if (old_size != cosigned) {
    return absl::AbortedError(absl::StrCat("old_size: this witness last cosigned ", origin,
                                           " at size ", cosigned, ", not ", old_size));
  }
  if (checkpoint->size == 0 && checkpoint->root != merkle::EmptyRoot()) {
    return absl::InvalidArgumentError("checkpoint: an empty tree has the empty root");
  }
  if (old_size == 0 && !proof.empty()) {
    return absl::InvalidArgumentError(
        "consistency_proof: must be empty from size 0, which any tree extends");
  }
  if (old_size > 0) {
    const absl::Status consistent =
        old_size == checkpoint->size
            ? (checkpoint->root == log.latest->root
                   ? absl::OkStatus()
                   : absl::DataLossError("the same size with another root"))
            : merkle::VerifyConsistency(old_size, checkpoint->size, log.latest->root,
                                        checkpoint->root, proof);
    if (!consistent.ok()) {
      const std::string why = absl::StrCat("not consistent with the checkpoint of size ", old_size,
                                           " cosigned before: ", consistent.message());
      KeepEvidence(log, signed_checkpoint, why);
      return absl::FailedPreconditionError(
          absl::StrCat("a split view of ", origin, ": ", why, "; the evidence is kept"));
    }
  }
  AWARD_ASSIGN_OR_RETURN(
      std::string line,
      note::Cosign(opened->text, key_, static_cast<uint64_t>(absl::ToUnixSeconds(now))));
  // Only the log's own signatures are kept with ours: others' lines are not
  // this witness's to vouch for.
  std::string kept = absl::StrCat(opened->text, "\n");
  for (const std::string& verified : opened->lines) kept += verified;
  kept += line;
  AWARD_RETURN_IF_ERROR(ReplaceFileDurably(LogFile(origin), kept));
  log.latest = *checkpoint;
  log.latest_note = kept;
  return line;
}

absl::StatusOr<std::string> WitnessState::Latest(const std::string& origin) const {
  absl::MutexLock lock(&mu_);
  auto it = logs_.find(origin);
  if (it == logs_.end()) {
    return absl::NotFoundError(absl::StrCat("this witness follows no log '", origin, "'"));
  }
  if (!it->second.latest.has_value()) {
    return absl::NotFoundError(absl::StrCat("this witness has cosigned no checkpoint of ", origin));
  }
  return it->second.latest_note;
}

std::vector<std::string> WitnessState::Evidence() const {
  std::vector<std::string> files;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(state_dir_) / "evidence", error)) {
    files.push_back(entry.path().string());
  }
  return files;
}

}  // namespace award::witness
