#include "eventstore/rocksdb_event_store.h"

#include <future>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "base/status_macros.h"
#include "eventstore/internal/acked_head.h"
#include "eventstore/internal/commit_group.h"
#include "eventstore/internal/commit_signal.h"
#include "eventstore/internal/group_commit_writer.h"
#include "eventstore/internal/log_db.h"
#include "eventstore/internal/log_reader.h"
#include "eventstore/internal/log_verifier.h"
#include "eventstore/internal/tail_subscription.h"

namespace eventstore {
namespace {

using internal::CommitSignal;
using internal::GroupCommitWriter;
using internal::LogDb;
using internal::LogHead;

class RocksDbEventStore final : public EmbeddedEventStore {
 public:
  RocksDbEventStore(const RocksDbEventStoreOptions& options, std::unique_ptr<LogDb> db,
                    const LogHead& head)
      : limits_(options.limits),
        read_only_(options.read_only),
        db_(std::move(db)),
        signal_(LogDigest{head.next_position, head.hash}),
        observer_(options.observer),
        acked_(options.read_only ? nullptr
                                 : std::make_unique<internal::AckedHeadFile>(options.data_dir)),
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
                                            })})) {
    if (acked_ != nullptr) acked_->Record(signal_.Head());
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

  const Limits limits_;
  const bool read_only_;
  std::unique_ptr<LogDb> db_;
  CommitSignal signal_;
  std::shared_ptr<CommitObserver> observer_;
  std::unique_ptr<internal::AckedHeadFile> acked_;  // null when read-only
  internal::RecordHasher hasher_;                   // before the writer, whose gate reads the log
  std::unique_ptr<GroupCommitWriter> writer_;
  absl::Mutex close_mu_;
  bool closed_ ABSL_GUARDED_BY(close_mu_) = false;
};

}  // namespace

absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> OpenRocksDbEventStore(
    const RocksDbEventStoreOptions& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("data_dir: must not be empty");
  AWARD_ASSIGN_OR_RETURN(std::unique_ptr<LogDb> db,
                         LogDb::Open(options.data_dir, options.env, options.read_only));
  AWARD_ASSIGN_OR_RETURN(LogHead head, internal::ReadLogHead(*db));
  AWARD_ASSIGN_OR_RETURN(std::optional<LogDigest> acked, internal::ReadAckedHead(options.data_dir));
  if (acked.has_value()) AWARD_RETURN_IF_ERROR(internal::CheckAckedHead(*db, head, *acked));
  return std::make_unique<RocksDbEventStore>(options, std::move(db), head);
}

}  // namespace eventstore
