#include "eventstore/rocksdb_event_store.h"

#include <filesystem>
#include <future>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "eventstore/internal/acked_head.h"
#include "eventstore/internal/checkpoint_signer.h"
#include "eventstore/internal/commit_group.h"
#include "eventstore/internal/commit_signal.h"
#include "eventstore/internal/group_commit_writer.h"
#include "eventstore/internal/log_db.h"
#include "eventstore/internal/log_reader.h"
#include "eventstore/internal/log_tree.h"
#include "eventstore/internal/log_verifier.h"
#include "eventstore/internal/tail_subscription.h"
#include "eventstore/key_file.h"
#include "eventstore/log_key_rotation.h"
#include "eventstore/merkle.h"
#include "eventstore/signed_note.h"

namespace eventstore {
namespace {

using internal::CommitSignal;
using internal::GroupCommitWriter;
using internal::LogDb;
using internal::LogHead;

constexpr absl::string_view kLogKeyFile = "log key file";

class RocksDbEventStore final : public EmbeddedEventStore {
 public:
  RocksDbEventStore(const RocksDbEventStoreOptions& options, std::unique_ptr<LogDb> db,
                    const LogHead& head, std::optional<note::Signer> key,
                    std::optional<internal::SignedCheckpointNote> latest,
                    std::vector<std::string> announcements)
      : limits_(options.limits),
        read_only_(options.read_only),
        sign_after_types_(options.signing.sign_after_types.begin(),
                          options.signing.sign_after_types.end()),
        db_(std::move(db)),
        signal_(LogDigest{head.next_position, head.hash}),
        observer_(options.observer),
        acked_(options.read_only ? nullptr
                                 : std::make_unique<internal::AckedHeadFile>(options.data_dir)),
        key_file_(options.signing.key_file),
        signer_(key.has_value()
                    ? std::make_unique<internal::CheckpointSigner>(
                          *db_, *key, options.signing, std::move(latest), std::move(announcements))
                    : nullptr),
        writer_(std::make_unique<GroupCommitWriter>(
            *db_, head, signal_,
            GroupCommitWriter::Options{
                .observer = observer_.get(),
                .gate = read_only_ ? nullptr
                                   : std::function<absl::Status(const std::atomic<bool>&)>(
                                         [this](const std::atomic<bool>& stop) {
                                           return VerifiedBeforeWriting(stop);
                                         }),
                .min_free_bytes = options.min_free_bytes,
                .durable = read_only_ ? nullptr
                                      : std::function<void(const LogDigest&)>(
                                            [this](const LogDigest& durable) {
                                              acked_->Record(durable);
                                              if (signer_ != nullptr) {
                                                signer_->Grew(durable.event_count);
                                              }
                                            })})) {
    if (acked_ != nullptr) acked_->Record(signal_.Head());
    if (signer_ != nullptr) signer_->Grew(signal_.Head().event_count);
  }

  ~RocksDbEventStore() override { (void)Close(); }

  absl::StatusOr<AppendResult> Append(const AppendRequest& request) override {
    std::promise<absl::StatusOr<AppendResult>> promise;
    std::future<absl::StatusOr<AppendResult>> future = promise.get_future();
    AppendAsync(request, [&promise](absl::StatusOr<AppendResult> result) {
      promise.set_value(std::move(result));
    });
    return future.get();
  }

  void AppendAsync(AppendRequest request, AppendCallback done) override {
    if (read_only_) {
      done(absl::FailedPreconditionError("the event store is opened read-only"));
      return;
    }
    if (absl::Status valid = ValidateAppend(request, limits_); !valid.ok()) {
      done(std::move(valid));
      return;
    }
    absl::ReaderMutexLock lock(&close_mu_);
    if (closed_) {
      done(Closed());
      return;
    }
    if (signer_ != nullptr && SignsAfter(request)) {
      done = [this, done = std::move(done)](absl::StatusOr<AppendResult> result) {
        if (result.ok()) signer_->SignSoon();
        done(std::move(result));
      };
    }
    writer_->Submit(internal::PrepareAppend(std::move(request)), std::move(done));
  }

  absl::StatusOr<ReadStreamResult> ReadStream(const ReadStreamRequest& request) override {
    AWARD_RETURN_IF_ERROR(ValidateReadStream(request, limits_));
    absl::ReaderMutexLock lock(&close_mu_);
    if (closed_) return Closed();
    return internal::ReadStream(*db_, request, signal_.Head().event_count);
  }

  absl::StatusOr<ReadAllResult> ReadAll(const ReadAllRequest& request) override {
    AWARD_RETURN_IF_ERROR(ValidateReadAll(request));
    absl::ReaderMutexLock lock(&close_mu_);
    if (closed_) return Closed();
    return internal::ReadAll(*db_, request, signal_.Head().event_count, &hasher_);
  }

  absl::StatusOr<StreamInfo> GetStreamInfo(absl::string_view stream) override {
    AWARD_RETURN_IF_ERROR(ValidateStreamName(stream, "stream", limits_));
    absl::ReaderMutexLock lock(&close_mu_);
    if (closed_) return Closed();
    return internal::GetStreamInfo(*db_, stream, signal_.Head().event_count);
  }

  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      const SubscribeRequest& request) override {
    AWARD_RETURN_IF_ERROR(ValidateSubscribe(request, limits_));
    absl::ReaderMutexLock lock(&close_mu_);
    if (closed_ || signal_.SubscriptionsEnded()) return Closed();
    return internal::StartTailSubscription(*db_, signal_, hasher_, request);
  }

  absl::StatusOr<LogDigest> Digest() override {
    absl::ReaderMutexLock lock(&close_mu_);
    if (closed_) return Closed();
    return internal::ProvenDigest(*db_, signal_.Head());
  }

  absl::StatusOr<VerifyReport> Verify(const VerifyRequest& request) override {
    absl::ReaderMutexLock lock(&close_mu_);
    if (closed_) return Closed();
    return internal::VerifyLog(*db_, request, signal_.Head().event_count);
  }

  absl::Status Checkpoint(const std::string& directory) override {
    absl::ReaderMutexLock lock(&close_mu_);
    if (closed_) return Closed();
    return db_->Checkpoint(directory);
  }

  StorageSizes Sizes() override {
    absl::ReaderMutexLock lock(&close_mu_);
    if (closed_) return {};
    StorageSizes sizes = db_->Sizes();
    sizes.free_bytes = db_->FreeBytes().value_or(0);
    return sizes;
  }

  absl::StatusOr<TreeHead> TreeHeadAt(std::optional<uint64_t> tree_size) override {
    absl::ReaderMutexLock lock(&close_mu_);
    if (closed_) return Closed();
    const uint64_t size = tree_size.value_or(signal_.Head().event_count);
    AWARD_RETURN_IF_ERROR(WithinLog("tree_size", size));
    AWARD_ASSIGN_OR_RETURN(const Hash root, internal::StoredSubtreeRoot(*db_, 0, size));
    return TreeHead{size, root};
  }

  absl::StatusOr<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t tree_size) override {
    absl::ReaderMutexLock lock(&close_mu_);
    if (closed_) return Closed();
    AWARD_RETURN_IF_ERROR(WithinLog("tree_size", tree_size));
    if (index >= tree_size) {
      return InvalidField("index", absl::StrCat(index, " is not below tree_size ", tree_size));
    }
    return internal::ProveFromStoredTree(*db_, tree_size, [&](const merkle::SubtreeRoot& subtrees) {
      return merkle::InclusionProof(index, tree_size, subtrees);
    });
  }

  absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t first, uint64_t second) override {
    absl::ReaderMutexLock lock(&close_mu_);
    if (closed_) return Closed();
    AWARD_RETURN_IF_ERROR(WithinLog("second", second));
    if (first == 0 || first > second) {
      return InvalidField("first",
                          absl::StrCat(first, " must be at least 1 and at most second (", second,
                                       "): the empty tree is a prefix of any without a proof"));
    }
    return internal::ProveFromStoredTree(*db_, second, [&](const merkle::SubtreeRoot& subtrees) {
      return merkle::ConsistencyProof(first, second, subtrees);
    });
  }

  absl::StatusOr<std::string> SignedCheckpoint(std::optional<uint64_t> tree_size) override {
    absl::ReaderMutexLock lock(&close_mu_);
    if (closed_) return Closed();
    std::optional<internal::SignedCheckpointNote> found;
    if (signer_ != nullptr && !tree_size.has_value()) {
      found = signer_->Latest();
    } else {
      AWARD_ASSIGN_OR_RETURN(found, internal::StoredCheckpoint(*db_, tree_size));
    }
    if (!found.has_value()) {
      return absl::NotFoundError(tree_size.has_value()
                                     ? absl::StrCat("the log signed no checkpoint at ", *tree_size)
                                     : std::string("the log has signed no checkpoint yet"));
    }
    return found->note;
  }

  absl::StatusOr<std::string> LogVerifierKey() override {
    if (signer_ == nullptr) return absl::NotFoundError("this log signs no checkpoints");
    return note::VerifierKeyText(signer_->Key());
  }

  absl::StatusOr<std::string> RotateLogKey() override {
    if (signer_ == nullptr) {
      return absl::FailedPreconditionError("this log signs nothing: it has no key to rotate");
    }
    absl::MutexLock rotating(&rotate_mu_);
    const note::Signer old_key = signer_->Key();
    // The new key is safe on disk before the log names it.
    const std::string next = key_file_ + ".next";
    std::filesystem::remove(next);
    AWARD_ASSIGN_OR_RETURN(note::Signer new_key, CreateSignerFile(next, kLogKeyFile, old_key.name,
                                                                  note::KeyType::kEd25519));
    AWARD_ASSIGN_OR_RETURN(std::string announcement, AnnounceKey(old_key, new_key));
    AppendRequest request;
    StreamAppend& stream = request.streams.emplace_back();
    stream.stream = std::string(kLogKeysStream);
    stream.expected = ExpectedVersion::Any();
    EventData& event = stream.events.emplace_back();
    event.id = EventId::New();
    event.type = std::string(kLogKeyRotatedType);
    event.content_type = "text/x.c2sp.signed-note";
    event.payload = announcement;
    event.metadata.actor = "eventstore";
    AWARD_RETURN_IF_ERROR(Append(request).status());
    std::error_code error;
    std::filesystem::rename(
        key_file_, absl::StrCat(key_file_, ".retired-", absl::StrFormat("%08x", old_key.key_hash)),
        error);
    if (!error) std::filesystem::rename(next, key_file_, error);
    if (error) {
      return absl::InternalError(
          absl::StrCat("the new key is announced in the log and kept in ", next,
                       " but could not take the key file's place: ", error.message(),
                       "; move it there by hand before the next start"));
    }
    signer_->Rotate(new_key, std::move(announcement));
    return note::VerifierKeyText(new_key);
  }

  absl::Status AcceptingAppends() override {
    if (read_only_) return absl::FailedPreconditionError("the event store is opened read-only");
    absl::ReaderMutexLock lock(&close_mu_);
    if (closed_) return Closed();
    return writer_->Accepting();
  }

  void EndSubscriptions() override { signal_.EndSubscriptions(); }

  absl::Status Close() override {
    signal_.EndSubscriptions();
    // Answers what is queued; new appends are refused by the writer meanwhile.
    writer_->Stop();
    // The last checkpoint covers everything the log acknowledged.
    if (signer_ != nullptr) signer_->Stop();
    // Waits for reads in progress; subscriptions must be gone by now (they
    // read the database without this lock).
    absl::MutexLock lock(&close_mu_);
    if (closed_) return absl::OkStatus();
    closed_ = true;
    return db_->Close();
  }

 private:
  static absl::Status Closed() { return absl::UnavailableError("the event store is closed"); }

  // The writer's gate: nothing is appended to a log whose chain and indexes
  // have not been verified since it was opened.
  absl::Status VerifiedBeforeWriting(const std::atomic<bool>& stop) {
    AWARD_ASSIGN_OR_RETURN(VerifyReport report,
                           internal::VerifyLog(*db_, {}, signal_.Head().event_count, &stop));
    if (report.ok) return absl::OkStatus();
    return absl::DataLossError(absl::StrCat(
        "the log does not verify, so no append is taken: ", report.problem,
        report.index_entry.empty()
            ? "; restore the latest backup into a new data directory (eventstore_restore)"
            : "; stop the server and run eventstore_reindex on the data directory, which "
              "rebuilds the indexes from the verified chain"));
  }

  bool SignsAfter(const AppendRequest& request) const {
    for (const StreamAppend& stream : request.streams) {
      for (const EventData& event : stream.events) {
        if (sign_after_types_.contains(event.type)) return true;
      }
    }
    return false;
  }

  // OUT_OF_RANGE when the durable log is shorter than `size`.
  absl::Status WithinLog(absl::string_view field, uint64_t size) {
    const uint64_t count = signal_.Head().event_count;
    if (size <= count) return absl::OkStatus();
    absl::Status status = absl::OutOfRangeError(
        absl::StrCat(field, ": ", size, " is beyond the log, which holds ", count, " events"));
    SetErrorField(status, field);
    return status;
  }

  const Limits limits_;
  const bool read_only_;
  const absl::flat_hash_set<std::string> sign_after_types_;
  std::unique_ptr<LogDb> db_;
  CommitSignal signal_;
  std::shared_ptr<CommitObserver> observer_;
  std::unique_ptr<internal::AckedHeadFile> acked_;  // null when read-only
  const std::string key_file_;
  absl::Mutex rotate_mu_;  // one rotation at a time
  // Null when the log signs nothing. Before the writer, which tells it of growth.
  std::unique_ptr<internal::CheckpointSigner> signer_;
  internal::RecordHasher hasher_;  // before the writer, whose gate reads the log
  std::unique_ptr<GroupCommitWriter> writer_;
  absl::Mutex close_mu_;
  bool closed_ ABSL_GUARDED_BY(close_mu_) = false;
};

// The log's key from its file; a new one when there is no file and the log
// never signed a checkpoint (a lost key is not silently replaced).
absl::StatusOr<note::Signer> LoadOrCreateLogKey(LogDb& db, const LogSigningOptions& signing) {
  absl::StatusOr<note::Signer> key = LoadSignerFile(signing.key_file, kLogKeyFile);
  if (!absl::IsNotFound(key.status())) return key;
  AWARD_ASSIGN_OR_RETURN(std::optional<internal::SignedCheckpointNote> signed_before,
                         internal::StoredCheckpoint(db, std::nullopt));
  if (signed_before.has_value() ||
      (!signing.checkpoint_file.empty() && std::filesystem::exists(signing.checkpoint_file))) {
    return absl::FailedPreconditionError(absl::StrCat(
        kLogKeyFile, " ", signing.key_file,
        ": missing, but the log has signed checkpoints with a key: put that key back (a new key "
        "is announced by the old one, never made up)"));
  }
  return CreateSignerFile(signing.key_file, kLogKeyFile, signing.origin, note::KeyType::kEd25519);
}

}  // namespace

absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> OpenRocksDbEventStore(
    const RocksDbEventStoreOptions& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("data_dir: must not be empty");
  AWARD_ASSIGN_OR_RETURN(
      std::unique_ptr<LogDb> db,
      LogDb::Open(options.data_dir, options.env, options.read_only, options.tree_cache_bytes));
  AWARD_ASSIGN_OR_RETURN(LogHead head, internal::ReadLogHead(*db));
  if (!options.read_only) {
    AWARD_ASSIGN_OR_RETURN(head.tree, internal::CompleteTree(*db, head.next_position));
  }
  AWARD_ASSIGN_OR_RETURN(std::optional<LogDigest> acked, internal::ReadAckedHead(options.data_dir));
  if (acked.has_value()) AWARD_RETURN_IF_ERROR(internal::CheckAckedHead(*db, head, *acked));
  std::optional<note::Signer> key;
  std::optional<internal::SignedCheckpointNote> latest;
  std::vector<std::string> announcements;
  if (!options.read_only && !options.signing.key_file.empty()) {
    AWARD_ASSIGN_OR_RETURN(key, LoadOrCreateLogKey(*db, options.signing));
    AWARD_ASSIGN_OR_RETURN(announcements, internal::KeyAnnouncements(*db, head.next_position));
    AWARD_ASSIGN_OR_RETURN(
        latest, internal::CheckAgainstSignedCheckpoints(
                    *db, head.tree.size(), KeysOfLog(note::VerifierOf(*key), announcements),
                    options.signing.checkpoint_file));
  }
  return std::make_unique<RocksDbEventStore>(options, std::move(db), head, std::move(key),
                                             std::move(latest), std::move(announcements));
}

}  // namespace eventstore
