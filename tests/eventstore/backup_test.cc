// Backups taken while the store takes appends, and their restore into a new
// data directory: in process against the embedded store, and as an operator
// would do it, through eventstore_server's Backup RPC and eventstore_restore.
#include "eventstore/backup.h"

#include <signal.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "eventstore/grpc/remote_event_store.h"
#include "eventstore/sha256.h"
#include "eventstore/v1/eventstore.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/child_process.h"
#include "tests/support/events.h"
#include "tests/support/temp_dir.h"

namespace eventstore {
namespace {

using award::testing::AppendTo;
using award::testing::ChildProcess;
using award::testing::NewEvents;
using award::testing::ReadWholeLog;
using award::testing::ServerProcess;
using award::testing::TempDir;

std::unique_ptr<EmbeddedEventStore> Open(const std::string& data_dir) {
  RocksDbEventStoreOptions options;
  options.data_dir = data_dir;
  absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> store = OpenRocksDbEventStore(options);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

// Appends from `threads` threads, each to its own stream, until stopped.
class Writers {
 public:
  Writers(EventStore& store, int threads) {
    for (int t = 0; t < threads; ++t) {
      threads_.emplace_back([this, &store, t] {
        while (!stop_) {
          absl::StatusOr<AppendResult> appended = store.Append(
              AppendTo(absl::StrCat("writer-", t), ExpectedVersion::Any(), NewEvents(3)));
          if (appended.ok()) {
            appends_ += 1;
          } else {
            failures_ += 1;
          }
        }
      });
    }
  }
  ~Writers() { Stop(); }
  void Stop() {
    stop_ = true;
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  int appends() const { return appends_; }
  int failures() const { return failures_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> appends_{0};
  std::atomic<int> failures_{0};
  std::vector<std::thread> threads_;
};

void WaitForAppends(const Writers& writers, int count) {
  for (int i = 0; i < 2000 && writers.appends() < count; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_GE(writers.appends(), count);
}

TEST(BackupTest, TakenWhileWritingRestoresToAVerifiedPrefixOfTheLiveLog) {
  TempDir dir;
  std::unique_ptr<EmbeddedEventStore> live = Open(dir.Sub("live"));
  ASSERT_NE(live, nullptr);
  Writers writers(*live, 4);
  WaitForAppends(writers, 50);
  absl::StatusOr<LogDigest> backed_up = WriteBackup(*live, dir.Sub("backup"));
  ASSERT_TRUE(backed_up.ok()) << backed_up.status();
  WaitForAppends(writers, writers.appends() + 50);  // the log goes on after the backup
  writers.Stop();
  EXPECT_EQ(writers.failures(), 0);
  EXPECT_GT(backed_up->event_count, 0u);
  EXPECT_EQ(*ReadBackupDigest(dir.Sub("backup")), *backed_up);

  absl::StatusOr<LogDigest> restored = RestoreBackup(dir.Sub("backup"), dir.Sub("restored"));
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(*restored, *backed_up);

  // The live log, taken further, still holds the backup as its prefix.
  const LogDigest live_head = *live->Digest();
  EXPECT_GT(live_head.event_count, backed_up->event_count);
  VerifyRequest prefix;
  prefix.to_position = backed_up->event_count - 1;
  prefix.expected = *backed_up;
  absl::StatusOr<VerifyReport> live_report = live->Verify(prefix);
  ASSERT_TRUE(live_report.ok()) << live_report.status();
  EXPECT_TRUE(live_report->ok) << live_report->problem;

  // The restored directory is a store of its own: it verifies, serves the
  // same events, and takes appends.
  std::unique_ptr<EmbeddedEventStore> copy = Open(dir.Sub("restored"));
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(*copy->Digest(), *backed_up);
  absl::StatusOr<VerifyReport> report = copy->Verify(VerifyRequest{});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok) << report->problem;
  const std::vector<RecordedEvent> restored_events = ReadWholeLog(*copy);
  const std::vector<RecordedEvent> live_events = ReadWholeLog(*live);
  ASSERT_EQ(restored_events.size(), backed_up->event_count);
  for (size_t i = 0; i < restored_events.size(); ++i) {
    ASSERT_EQ(restored_events[i].hash, live_events[i].hash) << "position " << i;
  }
  EXPECT_TRUE(
      copy->Append(AppendTo("after-restore", ExpectedVersion::NoStream(), NewEvents(1))).ok());
}

TEST(BackupTest, RefusesToOverwriteAndLeavesNothingBehindAFailedRestore) {
  TempDir dir;
  std::unique_ptr<EmbeddedEventStore> live = Open(dir.Sub("live"));
  ASSERT_NE(live, nullptr);
  ASSERT_TRUE(live->Append(AppendTo("s", ExpectedVersion::NoStream(), NewEvents(5))).ok());
  ASSERT_TRUE(WriteBackup(*live, dir.Sub("backup")).ok());
  EXPECT_EQ(WriteBackup(*live, dir.Sub("backup")).status().code(),
            absl::StatusCode::kAlreadyExists);

  std::filesystem::create_directories(dir.Sub("taken"));
  EXPECT_EQ(RestoreBackup(dir.Sub("backup"), dir.Sub("taken")).status().code(),
            absl::StatusCode::kAlreadyExists);

  // A digest that does not match what the copy holds.
  {
    std::ofstream(dir.Sub("backup") + "/digest")
        << "event_count 5\nhead_hash " << HashToHex(Hash{}) << "\n";
  }
  absl::StatusOr<LogDigest> tampered = RestoreBackup(dir.Sub("backup"), dir.Sub("restored"));
  EXPECT_EQ(tampered.status().code(), absl::StatusCode::kDataLoss) << tampered.status();
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("restored")));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("restored.restoring")));
}

TEST(BackupTest, AnOperatorBacksUpAServingProcessAndRestoresIt) {
  TempDir dir;
  ServerProcess server(dir.Sub("live"), {"--backup_dir=" + dir.Sub("backups")});
  ASSERT_FALSE(server.address.empty());
  std::unique_ptr<EventStore> remote = ConnectRemoteEventStore(server.address);
  Writers writers(*remote, 3);
  WaitForAppends(writers, 30);

  auto stub = v1::EventStore::NewStub(
      grpc::CreateChannel(server.address, grpc::InsecureChannelCredentials()));
  auto call = [&](const std::string& name, v1::BackupResponse& response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::BackupRequest request;
    request.set_name(name);
    return stub->Backup(&context, request, &response);
  };
  v1::BackupResponse response;
  const grpc::Status backed_up = call("nightly-1", response);
  ASSERT_TRUE(backed_up.ok()) << backed_up.error_message();
  writers.Stop();
  EXPECT_EQ(writers.failures(), 0);
  EXPECT_EQ(response.directory(), dir.Sub("backups") + "/nightly-1");
  EXPECT_GT(response.digest().event_count(), 0u);
  v1::BackupResponse ignored;
  EXPECT_EQ(call("../outside", ignored).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(call("nightly-1", ignored).error_code(), grpc::StatusCode::ALREADY_EXISTS);

  ChildProcess restore({AWARD_EVENTSTORE_RESTORE_PATH, "--backup=" + response.directory(),
                        "--data_dir=" + dir.Sub("new/eventstore")});
  const std::optional<std::string> said = restore.ReadLine(absl::Seconds(30));
  ASSERT_TRUE(said.has_value());
  EXPECT_EQ(*said, absl::StrCat("restored ", response.digest().event_count(), " events, head ",
                                absl::BytesToHexString(response.digest().head_hash())));
  EXPECT_EQ(restore.Wait(absl::Seconds(30)), 0);

  // A server on the restored directory serves the log the backup described.
  ServerProcess restored(dir.Sub("new/eventstore"));
  ASSERT_FALSE(restored.address.empty());
  std::unique_ptr<EventStore> reader = ConnectRemoteEventStore(restored.address);
  absl::StatusOr<LogDigest> digest = reader->Digest();
  ASSERT_TRUE(digest.ok()) << digest.status();
  EXPECT_EQ(digest->event_count, response.digest().event_count());
  EXPECT_EQ(HashBytes(digest->head_hash), response.digest().head_hash());
  EXPECT_EQ(ReadWholeLog(*reader).size(), response.digest().event_count());

  // Without --backup_dir a server takes no backups.
  auto plain = v1::EventStore::NewStub(
      grpc::CreateChannel(restored.address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  v1::BackupRequest request;
  request.set_name("x");
  EXPECT_EQ(plain->Backup(&context, request, &ignored).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace eventstore
