#include "tools/audit/checkpoint_commands.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/file_contents.h"
#include "base/status_macros.h"
#include "eventstore/checkpoint.h"
#include "eventstore/merkle.h"
#include "eventstore/sha256.h"

namespace award::audit {
namespace {

namespace note = eventstore::note;
namespace merkle = eventstore::merkle;
using eventstore::Checkpoint;
using eventstore::Hash;
using eventstore::HashBytes;

absl::StatusOr<Checkpoint> OpenSigned(absl::string_view signed_note,
                                      const std::vector<note::Verifier>& log_keys,
                                      absl::string_view where) {
  absl::StatusOr<note::Opened> opened = note::Open(signed_note, log_keys);
  absl::StatusOr<Checkpoint> checkpoint =
      opened.ok() ? eventstore::ParseCheckpoint(opened->text) : opened.status();
  if (!checkpoint.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, " is not a checkpoint signed by the log's key: ", checkpoint.status().message()));
  }
  return checkpoint;
}

std::string RootText(const Hash& root) { return absl::Base64Escape(std::string(HashBytes(root))); }

}  // namespace

absl::StatusOr<std::vector<std::pair<std::string, Checkpoint>>> KeptCheckpoints(
    const std::string& path, const std::vector<note::Verifier>& log_keys) {
  std::vector<std::string> files;
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
      if (absl::EndsWith(entry.path().string(), ".checkpoint")) files.push_back(entry.path());
    }
  } else {
    files.push_back(path);
  }
  std::vector<std::pair<std::string, Checkpoint>> kept;
  for (const std::string& file : files) {
    AWARD_ASSIGN_OR_RETURN(std::string signed_note, FileContents(file));
    AWARD_ASSIGN_OR_RETURN(Checkpoint checkpoint, OpenSigned(signed_note, log_keys, file));
    kept.emplace_back(std::move(signed_note), std::move(checkpoint));
  }
  if (kept.empty()) return absl::InvalidArgumentError(absl::StrCat("no checkpoint kept at ", path));
  std::sort(kept.begin(), kept.end(),
            [](const auto& a, const auto& b) { return a.second.size < b.second.size; });
  return kept;
}

absl::StatusOr<CheckpointOutcome> CheckAgainstCheckpoints(
    eventstore::EventStore& store, const std::string& path,
    const std::vector<note::Verifier>& log_keys) {
  AWARD_ASSIGN_OR_RETURN(auto kept, KeptCheckpoints(path, log_keys));
  merkle::RightEdge tree;
  size_t next = 0;       // the next kept checkpoint to compare with
  uint64_t matched = 0;  // the largest kept size the log matches
  const auto compare = [&]() -> std::optional<CheckpointOutcome> {
    while (next < kept.size() && kept[next].second.size == tree.size()) {
      const Checkpoint& checkpoint = kept[next].second;
      if (tree.Root() != checkpoint.root) {
        const std::string where =
            checkpoint.size == matched + 1
                ? absl::StrCat("position ", matched, " was rewritten")
                : absl::StrCat("the first rewritten position is between ", matched, " and ",
                               checkpoint.size - 1, " (keep checkpoints more often to narrow it)");
        return CheckpointOutcome{
            false,
            absl::StrCat("DIVERGES: the log's first ", checkpoint.size,
                         " events are not those of the checkpoint of that size kept (root ",
                         RootText(checkpoint.root), ", the log's now ", RootText(tree.Root()),
                         "); its first ", matched, " match the checkpoints kept: ", where)};
      }
      matched = checkpoint.size;
      ++next;
    }
    return std::nullopt;
  };
  if (std::optional<CheckpointOutcome> outcome = compare()) return *outcome;
  for (uint64_t from = 0; next < kept.size();) {
    AWARD_ASSIGN_OR_RETURN(eventstore::ReadAllResult page,
                           store.ReadAll({.from_position = from,
                                          .direction = eventstore::Direction::kForward,
                                          .max_count = 10'000}));
    for (const eventstore::RecordedEvent& event : page.events) {
      tree.Append(merkle::LeafHash(HashBytes(event.hash)), [](int, uint64_t, const Hash&) {});
      if (std::optional<CheckpointOutcome> outcome = compare()) return *outcome;
      if (next == kept.size()) break;
    }
    if (page.end_of_log || page.events.empty()) break;
    from = page.next_position;
  }
  if (next < kept.size()) {
    const uint64_t size = kept.back().second.size;
    return CheckpointOutcome{
        false,
        absl::StrCat("TRUNCATED: the log holds ", tree.size(), " events, but a checkpoint of ",
                     size, " was kept: it lost at least its last ", size - tree.size(),
                     "; its first ", matched, " match the checkpoints kept")};
  }
  return CheckpointOutcome{true, absl::StrCat("ok: the log extends each of the ", kept.size(),
                                              " checkpoints kept (the largest of ",
                                              kept.back().second.size, " events)")};
}

absl::StatusOr<CheckpointOutcome> MonitorOnce(const LogProofs& proofs,
                                              const ConsistencyProofs& consistency,
                                              const std::string& directory,
                                              const std::vector<note::Verifier>& log_keys) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  AWARD_ASSIGN_OR_RETURN(std::string latest_note, proofs.latest_checkpoint());
  absl::StatusOr<Checkpoint> latest =
      OpenSigned(latest_note, log_keys, "the log's latest checkpoint");
  if (!latest.ok()) return CheckpointOutcome{false, std::string(latest.status().message())};
  absl::StatusOr<std::vector<std::pair<std::string, Checkpoint>>> kept =
      KeptCheckpoints(directory, log_keys);
  const auto keep = [&]() -> absl::StatusOr<CheckpointOutcome> {
    AWARD_RETURN_IF_ERROR(
        ReplaceFileDurably(absl::StrCat(directory, "/", latest->size, ".checkpoint"), latest_note));
    return CheckpointOutcome{true,
                             absl::StrCat("ok: checkpoint of ", latest->size, " events, root ",
                                          RootText(latest->root), ", kept")};
  };
  if (!kept.ok()) return keep();  // the first one
  const auto& [previous_note, previous] = kept->back();
  const auto evidence = [&](absl::string_view why, const std::vector<Hash>& proof) {
    std::string text = absl::StrCat("INCONSISTENT: ", why, "\n--- kept before\n", previous_note,
                                    "--- now signed by the log\n", latest_note);
    if (!proof.empty()) {
      absl::StrAppend(&text, "--- its consistency proof from ", previous.size, "\n");
      for (const Hash& hash : proof) absl::StrAppend(&text, RootText(hash), "\n");
    }
    return CheckpointOutcome{false, text};
  };
  if (latest->size < previous.size) {
    return evidence(
        absl::StrCat("the log now signs ", latest->size, " events after ", previous.size), {});
  }
  if (latest->size == previous.size) {
    if (latest->root != previous.root) return evidence("one size, two roots", {});
    return CheckpointOutcome{true, absl::StrCat("ok: still ", latest->size, " events")};
  }
  absl::StatusOr<std::vector<Hash>> proof = consistency(previous.size, latest->size);
  if (!proof.ok()) {
    return evidence(absl::StrCat("the log gives no consistency proof from ", previous.size, ": ",
                                 proof.status().message()),
                    {});
  }
  if (absl::Status consistent = merkle::VerifyConsistency(previous.size, latest->size,
                                                          previous.root, latest->root, *proof);
      !consistent.ok()) {
    return evidence(absl::StrCat("the checkpoint of ", latest->size, " does not extend the one of ",
                                 previous.size, ": ", consistent.message()),
                    *proof);
  }
  return keep();
}

}  // namespace award::audit
