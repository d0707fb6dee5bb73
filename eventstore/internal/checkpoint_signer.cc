#include "eventstore/internal/checkpoint_signer.h"

#include <filesystem>
#include <iostream>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/file_contents.h"
#include "base/status_macros.h"
#include "eventstore/checkpoint.h"
#include "eventstore/internal/log_reader.h"
#include "eventstore/internal/log_tree.h"
#include "eventstore/keys.h"
#include "eventstore/log_key_rotation.h"
#include "eventstore/merkle.h"
#include "eventstore/rocksdb_status.h"
#include "rocksdb/write_batch.h"

namespace eventstore::internal {
namespace {

absl::string_view View(const rocksdb::Slice& slice) { return {slice.data(), slice.size()}; }

// The checkpoint in `note`, once a known key's signature on it verifies.
absl::StatusOr<Checkpoint> OpenCheckpoint(absl::string_view note,
                                          const std::vector<note::Verifier>& keys,
                                          absl::string_view where) {
  const auto refused = [&](const absl::Status& why) {
    return absl::DataLossError(
        absl::StrCat("the checkpoint ", where, " is not one the log signed: ", why.message()));
  };
  absl::StatusOr<note::Opened> opened = note::Open(note, keys);
  if (!opened.ok()) return refused(opened.status());
  absl::StatusOr<Checkpoint> checkpoint = ParseCheckpoint(opened->text);
  if (!checkpoint.ok()) return refused(checkpoint.status());
  return checkpoint;
}

}  // namespace

absl::StatusOr<std::optional<SignedCheckpointNote>> StoredCheckpoint(LogDb& db,
                                                                     std::optional<uint64_t> size) {
  if (db.cf(ColumnFamily::kCheckpoints) == nullptr) return std::nullopt;
  if (size.has_value()) {
    std::string value;
    rocksdb::Status status = db.db().Get(rocksdb::ReadOptions(), db.cf(ColumnFamily::kCheckpoints),
                                         EncodeU64(*size), &value);
    if (status.IsNotFound()) return std::nullopt;
    AWARD_RETURN_IF_ERROR(FromRocks(status, "reading the signed checkpoints"));
    return SignedCheckpointNote{*size, std::move(value)};
  }
  std::unique_ptr<rocksdb::Iterator> it(
      db.db().NewIterator(rocksdb::ReadOptions(), db.cf(ColumnFamily::kCheckpoints)));
  it->SeekToLast();
  AWARD_RETURN_IF_ERROR(FromRocks(it->status(), "reading the signed checkpoints"));
  if (!it->Valid()) return std::nullopt;
  std::optional<uint64_t> at = DecodeU64(View(it->key()));
  if (!at.has_value()) {
    return absl::DataLossError(absl::StrCat("a signed checkpoint's key is not a size (",
                                            it->key().ToString(/*hex=*/true), ")"));
  }
  return SignedCheckpointNote{*at, it->value().ToString()};
}

absl::StatusOr<std::vector<std::string>> KeyAnnouncements(LogDb& db, uint64_t durable_count) {
  std::vector<std::string> announcements;
  for (uint64_t from = 0;;) {
    absl::StatusOr<ReadStreamResult> read = ReadStream(
        db, {std::string(kLogKeysStream), from, Direction::kForward, 1000}, durable_count);
    if (absl::IsNotFound(read.status())) break;
    AWARD_RETURN_IF_ERROR(read.status());
    for (const RecordedEvent& event : read->events) {
      if (event.event.type == kLogKeyRotatedType) announcements.push_back(event.event.payload);
    }
    if (read->end_of_stream || read->events.empty()) break;
    from = read->next_version;
  }
  return announcements;
}

absl::StatusOr<std::optional<SignedCheckpointNote>> CheckAgainstSignedCheckpoints(
    LogDb& db, uint64_t tree_size, const std::vector<note::Verifier>& keys,
    const std::string& checkpoint_file) {
  std::vector<std::pair<SignedCheckpointNote, std::string>> found;  // and where it was kept
  AWARD_ASSIGN_OR_RETURN(std::optional<SignedCheckpointNote> stored,
                         StoredCheckpoint(db, std::nullopt));
  if (stored.has_value()) found.emplace_back(*stored, "kept in the database");
  if (!checkpoint_file.empty() && std::filesystem::exists(checkpoint_file)) {
    AWARD_ASSIGN_OR_RETURN(std::string note, award::FileContents(checkpoint_file));
    found.emplace_back(SignedCheckpointNote{0, std::move(note)},
                       absl::StrCat("kept in ", checkpoint_file));
  }
  std::optional<SignedCheckpointNote> latest;
  for (auto& [signed_note, where] : found) {
    AWARD_ASSIGN_OR_RETURN(Checkpoint checkpoint, OpenCheckpoint(signed_note.note, keys, where));
    signed_note.size = checkpoint.size;
    if (checkpoint.size > tree_size) {
      return absl::DataLossError(absl::StrCat(
          "the log holds ", tree_size, " events, but it signed a checkpoint of ", checkpoint.size,
          " (", where, "): it lost its last ", checkpoint.size - tree_size,
          " events, or its data directory was restored from an older copy. Nothing was opened; "
          "restore the latest backup, or, if the loss is known and accepted, move the checkpoint "
          "file aside (witnesses will still refuse the smaller log)"));
    }
    AWARD_ASSIGN_OR_RETURN(const Hash root, StoredSubtreeRoot(db, 0, checkpoint.size));
    if (root != checkpoint.root) {
      return absl::DataLossError(
          absl::StrCat("the log's first ", checkpoint.size,
                       " events are not those of the checkpoint it signed "
                       "at that size (",
                       where, "); it holds ", tree_size,
                       " events now: its history was rewritten. Nothing was opened"));
    }
    if (!latest.has_value() || signed_note.size > latest->size) latest = signed_note;
  }
  return latest;
}

CheckpointSigner::CheckpointSigner(LogDb& db, note::Signer key, const LogSigningOptions& options,
                                   std::optional<SignedCheckpointNote> latest,
                                   std::vector<std::string> announcements)
    : db_(db),
      checkpoint_file_(options.checkpoint_file),
      interval_(options.interval),
      cosign_(options.cosign),
      key_(std::move(key)),
      announcements_(std::move(announcements)),
      latest_(std::move(latest)) {
  durable_ = latest_.has_value() ? latest_->size : 0;
  thread_ = std::thread([this] { Run(); });
}

CheckpointSigner::~CheckpointSigner() { Stop(); }

void CheckpointSigner::Grew(uint64_t size) {
  absl::MutexLock lock(&mu_);
  if (size > durable_) durable_ = size;
}

void CheckpointSigner::SignSoon() {
  absl::MutexLock lock(&mu_);
  soon_ = true;
}

void CheckpointSigner::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

std::optional<SignedCheckpointNote> CheckpointSigner::Latest() const {
  absl::MutexLock lock(&mu_);
  return latest_;
}

void CheckpointSigner::Rotate(note::Signer key, std::string announcement) {
  absl::MutexLock lock(&mu_);
  key_ = std::move(key);
  announcements_.push_back(std::move(announcement));
  soon_ = true;
}

note::Signer CheckpointSigner::Key() const {
  absl::MutexLock lock(&mu_);
  return key_;
}

void CheckpointSigner::Run() {
  absl::Time due = absl::Now() + interval_;
  while (true) {
    uint64_t size = 0;
    bool last = false;
    note::Signer key;
    std::vector<std::string> announcements;
    {
      absl::MutexLock lock(&mu_);
      const auto ready = [this, &due]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        const uint64_t signed_size = latest_.has_value() ? latest_->size : 0;
        return stopping_ || (durable_ > signed_size && (soon_ || absl::Now() >= due));
      };
      // Woken by SignSoon and Stop through the condition; by the clock at `due`.
      mu_.AwaitWithDeadline(absl::Condition(&ready), due);
      if (!ready()) {
        due = absl::Now() + interval_;
        continue;
      }
      last = stopping_;
      size = durable_;
      key = key_;
      if (cosign_ != nullptr) announcements = announcements_;
      soon_ = false;
      if (latest_.has_value() && latest_->size >= size) {
        if (last) return;
        due = absl::Now() + interval_;
        continue;
      }
    }
    absl::StatusOr<SignedCheckpointNote> signed_note = SignAt(size, key);
    if (signed_note.ok() && cosign_ != nullptr) {
      signed_note = Cosigned(*std::move(signed_note), announcements);
    }
    if (signed_note.ok()) {
      absl::MutexLock lock(&mu_);
      latest_ = *std::move(signed_note);
    } else {
      std::cerr << "eventstore: no checkpoint signed at " << size << ": " << signed_note.status()
                << std::endl;
    }
    if (last) return;
    due = absl::Now() + interval_;
  }
}

absl::StatusOr<SignedCheckpointNote> CheckpointSigner::SignAt(uint64_t size,
                                                              const note::Signer& key) {
  AWARD_ASSIGN_OR_RETURN(const Hash root, StoredSubtreeRoot(db_, 0, size));
  AWARD_ASSIGN_OR_RETURN(const std::string body,
                         FormatCheckpoint(Checkpoint{key.name, size, root, {}}));
  AWARD_ASSIGN_OR_RETURN(std::string note, note::Sign(body, key));
  AWARD_RETURN_IF_ERROR(Keep(size, note));
  return SignedCheckpointNote{size, std::move(note)};
}

absl::Status CheckpointSigner::Keep(uint64_t size, const std::string& note) {
  rocksdb::WriteBatch batch;
  batch.Put(db_.cf(ColumnFamily::kCheckpoints), EncodeU64(size), note);
  AWARD_RETURN_IF_ERROR(db_.WriteDurably(batch));
  if (!checkpoint_file_.empty()) {
    AWARD_RETURN_IF_ERROR(award::ReplaceFileDurably(checkpoint_file_, note));
  }
  return absl::OkStatus();
}

SignedCheckpointNote CheckpointSigner::Cosigned(SignedCheckpointNote signed_note,
                                                const std::vector<std::string>& announcements) {
  const uint64_t size = signed_note.size;
  const std::string lines = cosign_(
      signed_note.note, size,
      [this, size](uint64_t old_size) {
        return ProveFromStoredTree(db_, size, [&](const merkle::SubtreeRoot& subtrees) {
          return merkle::ConsistencyProof(old_size, size, subtrees);
        });
      },
      announcements);
  if (lines.empty()) return signed_note;
  std::string cosigned = signed_note.note + lines;
  // The log's own checkpoint is kept already: a failure here loses only the
  // cosignatures, which the next checkpoint gathers again.
  if (absl::Status kept = Keep(size, cosigned); !kept.ok()) {
    std::cerr << "eventstore: cosignatures of checkpoint " << size << " not kept: " << kept
              << std::endl;
    return signed_note;
  }
  return SignedCheckpointNote{size, std::move(cosigned)};
}

}  // namespace eventstore::internal
