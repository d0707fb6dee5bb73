// The embedded store under a file system whose syncs fail or stall on demand:
// an event is shown to no reader before its sync returns; a failed sync is
// never acknowledged and stops all later appends until the store is reopened,
// which recovers a whole, verifiable log.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "tests/support/events.h"
#include "tests/support/temp_dir.h"

namespace eventstore {
namespace {

using award::testing::AppendTo;
using award::testing::NewEvents;
using award::testing::ReadWholeLog;

// Passes everything through, except that syncs fail while `fail_syncs` is set
// and wait while `stall_syncs` is set, and writes fail as on a full disk while
// `fail_writes` is set.
class FailingSyncFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit FailingSyncFileSystem(std::shared_ptr<rocksdb::FileSystem> base)
      : FileSystemWrapper(std::move(base)) {}

  static const char* kClassName() { return "FailingSyncFileSystem"; }
  const char* Name() const override { return kClassName(); }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* debug) override {
    std::unique_ptr<rocksdb::FSWritableFile> file;
    rocksdb::IOStatus status = target()->NewWritableFile(name, options, &file, debug);
    if (status.ok()) *result = std::make_unique<File>(std::move(file), *this);
    return status;
  }

  std::atomic<bool> fail_syncs{false};
  std::atomic<bool> stall_syncs{false};
  std::atomic<bool> fail_writes{false};

 private:
  class File : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> file, const FailingSyncFileSystem& fs)
        : FSWritableFileOwnerWrapper(std::move(file)), fs_(fs) {}
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* debug) override {
      if (rocksdb::IOStatus injected = Injected(); !injected.ok()) return injected;
      return target()->Sync(options, debug);
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                            rocksdb::IODebugContext* debug) override {
      if (rocksdb::IOStatus injected = Injected(); !injected.ok()) return injected;
      return target()->Fsync(options, debug);
    }

    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override {
      if (fs_.fail_writes.load()) return rocksdb::IOStatus::NoSpace("injected: no space left");
      return target()->Append(data, options, debug);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             const rocksdb::DataVerificationInfo& info,
                             rocksdb::IODebugContext* debug) override {
      if (fs_.fail_writes.load()) return rocksdb::IOStatus::NoSpace("injected: no space left");
      return target()->Append(data, options, info, debug);
    }

   private:
    rocksdb::IOStatus Injected() const {
      while (fs_.stall_syncs.load()) absl::SleepFor(absl::Milliseconds(1));
      if (fs_.fail_syncs.load()) return rocksdb::IOStatus::IOError("injected sync failure");
      return rocksdb::IOStatus::OK();
    }

    const FailingSyncFileSystem& fs_;
  };
};

class FaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> opened =
        OpenRocksDbEventStore({.data_dir = dir_.Sub("data"), .env = env_.get()});
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
  }

  award::testing::TempDir dir_;
  std::shared_ptr<FailingSyncFileSystem> file_system_ =
      std::make_shared<FailingSyncFileSystem>(rocksdb::FileSystem::Default());
  std::unique_ptr<rocksdb::Env> env_ = rocksdb::NewCompositeEnv(file_system_);
  std::unique_ptr<EmbeddedEventStore> store_;
};

TEST_F(FaultTest, NoReaderSeesAnEventBeforeItsSyncReturns) {
  ASSERT_TRUE(
      store_->Append(AppendTo("nomination-1", ExpectedVersion::NoStream(), NewEvents(3))).ok());
  absl::StatusOr<std::unique_ptr<Subscription>> subscription = store_->Subscribe({.from = kEnd});
  ASSERT_TRUE(subscription.ok());

  file_system_->stall_syncs.store(true);
  absl::StatusOr<AppendResult> stalled;
  std::thread appender([&] {
    AppendRequest request = AppendTo("nomination-1", ExpectedVersion::Exact(2), NewEvents(2));
    request.streams.push_back({"awardee-9", ExpectedVersion::NoStream(), NewEvents(1)});
    stalled = store_->Append(request);
  });
  absl::SleepFor(absl::Milliseconds(200));  // written by now, its sync waiting

  EXPECT_EQ(store_->Digest()->event_count, 3u);
  EXPECT_EQ(ReadWholeLog(*store_).size(), 3u);
  EXPECT_EQ(store_->GetStreamInfo("nomination-1")->last_version, 2u);
  EXPECT_EQ(store_->GetStreamInfo("awardee-9").status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<ReadStreamResult> stream =
      store_->ReadStream({"nomination-1", kEnd, Direction::kBackward, 10});
  ASSERT_TRUE(stream.ok());
  EXPECT_EQ(stream->events.size(), 3u);
  absl::StatusOr<std::vector<RecordedEvent>> nothing =
      (*subscription)->Next(absl::Now() + absl::Milliseconds(100));
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->empty());
  absl::StatusOr<VerifyReport> report = store_->Verify({});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->verified_count, 3u);

  file_system_->stall_syncs.store(false);
  appender.join();
  ASSERT_TRUE(stalled.ok()) << stalled.status();
  EXPECT_EQ(ReadWholeLog(*store_).size(), 6u);
  EXPECT_EQ(store_->GetStreamInfo("nomination-1")->last_version, 4u);
  absl::StatusOr<std::vector<RecordedEvent>> arrived =
      (*subscription)->Next(absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(arrived.ok());
  ASSERT_EQ(arrived->size(), 3u);
  EXPECT_EQ(arrived->front().position, 3u);
  subscription->reset();
}

TEST_F(FaultTest, AFailedSyncIsNeverAcknowledgedOrReadAndStopsLaterAppends) {
  ASSERT_TRUE(
      store_->Append(AppendTo("nomination-1", ExpectedVersion::NoStream(), NewEvents(5))).ok());
  const LogDigest before = *store_->Digest();
  absl::StatusOr<std::unique_ptr<Subscription>> subscription = store_->Subscribe({});
  ASSERT_TRUE(subscription.ok());

  file_system_->fail_syncs.store(true);
  absl::StatusOr<AppendResult> failed =
      store_->Append(AppendTo("nomination-1", ExpectedVersion::Exact(4), NewEvents(1)));
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable) << failed.status();
  EXPECT_NE(failed.status().message().find("injected sync failure"), absl::string_view::npos)
      << failed.status();
  file_system_->fail_syncs.store(false);
  absl::StatusOr<AppendResult> after =
      store_->Append(AppendTo("nomination-2", ExpectedVersion::NoStream(), NewEvents(1)));
  EXPECT_EQ(after.status().code(), absl::StatusCode::kUnavailable) << after.status();

  EXPECT_EQ(*store_->Digest(), before);
  EXPECT_EQ(ReadWholeLog(*store_).size(), 5u);
  absl::StatusOr<StreamInfo> info = store_->GetStreamInfo("nomination-1");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->last_version, 4u);
  absl::StatusOr<ReadStreamResult> stream =
      store_->ReadStream({"nomination-1", kEnd, Direction::kBackward, 10});
  ASSERT_TRUE(stream.ok());
  EXPECT_EQ(stream->events.front().version, 4u);
  size_t seen = 0;
  while (true) {
    absl::StatusOr<std::vector<RecordedEvent>> batch =
        (*subscription)->Next(absl::Now() + absl::Milliseconds(200));
    ASSERT_TRUE(batch.ok());
    if (batch->empty()) break;
    seen += batch->size();
  }
  EXPECT_EQ(seen, 5u);
  subscription->reset();
  (void)store_->Close();
  store_.reset();

  // Reopened on the real file system: a whole log, whatever reached the disk.
  absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> reopened =
      OpenRocksDbEventStore({.data_dir = dir_.Sub("data")});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  std::vector<RecordedEvent> log = ReadWholeLog(**reopened);
  ASSERT_GE(log.size(), 5u);
  for (uint64_t p = 0; p < log.size(); ++p) EXPECT_EQ(log[p].position, p);
  absl::StatusOr<VerifyReport> report = (*reopened)->Verify({});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem;
  absl::StatusOr<AppendResult> next =
      (*reopened)->Append(AppendTo("nomination-3", ExpectedVersion::NoStream(), NewEvents(1)));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->first_position, log.size());
}

// A full disk under RocksDB, reached while appends come from many threads: no
// RocksDB call follows its first failed write (Debian's RocksDB aborts the
// process on one), every append in flight fails with a status that says why,
// and a reopen with space loses nothing that was acknowledged.
TEST_F(FaultTest, WritesFailingUnderConcurrentAppendsFailCleanlyAndLoseNothing) {
  constexpr int kThreads = 16;
  std::atomic<bool> stop{false};
  std::atomic<int> failed{0};
  absl::Mutex acked_mu;
  std::vector<AppendResult> acked;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      while (!stop.load()) {
        absl::StatusOr<AppendResult> result = store_->Append(
            AppendTo(absl::StrCat("awardee-", t), ExpectedVersion::Any(), NewEvents(2)));
        if (result.ok()) {
          absl::MutexLock lock(&acked_mu);
          acked.push_back(*result);
        } else {
          EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable) << result.status();
          EXPECT_FALSE(result.status().message().empty());
          failed.fetch_add(1);
        }
      }
    });
  }
  absl::SleepFor(absl::Milliseconds(150));
  file_system_->fail_writes.store(true);
  absl::SleepFor(absl::Milliseconds(150));
  stop.store(true);
  for (std::thread& thread : threads) thread.join();
  EXPECT_GT(failed.load(), 0);
  EXPECT_FALSE(store_->AcceptingAppends().ok());
  EXPECT_NE(store_->AcceptingAppends().message().find("no space"), absl::string_view::npos)
      << store_->AcceptingAppends();
  (void)store_->Close();
  store_.reset();
  file_system_->fail_writes.store(false);

  absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> reopened =
      OpenRocksDbEventStore({.data_dir = dir_.Sub("data")});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  const std::vector<RecordedEvent> log = ReadWholeLog(**reopened);
  ASSERT_GT(acked.size(), 0u);
  for (const AppendResult& result : acked) ASSERT_LE(result.last_position, log.size() - 1);
  absl::StatusOr<VerifyReport> report = (*reopened)->Verify({});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem;
}

}  // namespace
}  // namespace eventstore
