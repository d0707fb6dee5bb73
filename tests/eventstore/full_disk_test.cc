// eventstore_server on a small tmpfs that fills up, as a real process. With its
// free-space reserve, appends are refused with RESOURCE_EXHAUSTED before
// RocksDB can fail, reads go on, "award.appends" turns NOT_SERVING, and appends
// resume by themselves once space is freed. With no reserve, the disk really
// fills under RocksDB: appends fail with a status that says why, the process
// does not abort, and a restart with space loses nothing acknowledged.
//
// Mounting a tmpfs needs root (CI runs as root); otherwise the tests skip,
// saying why.
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "eventstore/grpc/remote_event_store.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/child_process.h"
#include "tests/support/events.h"
#include "tests/support/grpc_probes.h"
#include "tests/support/temp_dir.h"

namespace eventstore {
namespace {

using award::testing::ServerProcess;
using award::testing::TempDir;

constexpr uint64_t kDiskBytes = uint64_t{48} << 20;
constexpr uint64_t kReserve = uint64_t{6} << 20;

class FullDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "mounting a tmpfs needs root; skipped";
    disk_ = dir_.Sub("disk");
    std::filesystem::create_directories(disk_);
    const std::string options = absl::StrCat("size=", kDiskBytes);
    if (mount("tmpfs", disk_.c_str(), "tmpfs", 0, options.c_str()) != 0) {
      GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno) << "); skipped";
    }
    mounted_ = true;
  }

  void TearDown() override {
    server_.reset();
    if (mounted_) umount2(disk_.c_str(), MNT_DETACH);
  }

  void Start(uint64_t min_free_bytes) {
    server_ = std::make_unique<ServerProcess>(
        disk_ + "/data", std::vector<std::string>{absl::StrCat("--min_free_bytes=", min_free_bytes),
                                                  "--log_requests=false"});
    ASSERT_FALSE(server_->address.empty()) << "eventstore_server did not start";
    store_ = ConnectRemoteEventStore(server_->address);
  }

  void Restart() {
    server_->process->Signal(SIGTERM);
    std::optional<int> status = server_->process->Wait(absl::Seconds(30));
    ASSERT_TRUE(status.has_value());
    server_.reset();
    Start(kReserve);
  }

  // Fills the disk but for `leave` bytes with a file that Free() removes.
  void Fill(uint64_t leave) {
    const std::filesystem::space_info space = std::filesystem::space(disk_);
    std::ofstream filler(disk_ + "/filler", std::ios::binary);
    const std::string block(1 << 20, 'f');
    for (uint64_t written = 0; written + leave + block.size() < space.available;
         written += block.size()) {
      filler.write(block.data(), static_cast<std::streamsize>(block.size()));
    }
  }
  void Free() { std::filesystem::remove(disk_ + "/filler"); }

  absl::StatusOr<AppendResult> AppendOne(const std::string& stream) {
    std::vector<EventData> events = {
        award::testing::NewEvent("Filled", std::string(64 << 10, 'p'))};
    absl::StatusOr<AppendResult> result =
        store_->Append(award::testing::AppendTo(stream, ExpectedVersion::Any(), events));
    if (result.ok()) acked_.insert(events[0].id.ToString());
    return result;
  }

  void ExpectEveryAcknowledgedEvent() {
    std::set<std::string> found;
    for (const RecordedEvent& event : award::testing::ReadWholeLog(*store_)) {
      found.insert(event.event.id.ToString());
    }
    for (const std::string& id : acked_) EXPECT_TRUE(found.contains(id)) << "lost " << id;
    absl::StatusOr<VerifyReport> report = store_->Verify({});
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_TRUE(report->ok) << report->problem;
  }

  TempDir dir_;
  std::string disk_;
  bool mounted_ = false;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<EventStore> store_;
  std::set<std::string> acked_;
};

TEST_F(FullDiskTest, AppendsAreRefusedBeforeTheDiskFillsAndResumeOnceSpaceIsFreed) {
  Start(kReserve);
  Fill(kReserve + (12 << 20));
  absl::Status refused;
  for (int i = 0; i < 1000 && refused.ok(); ++i) refused = AppendOne("dossier-1").status();
  ASSERT_EQ(refused.code(), absl::StatusCode::kResourceExhausted) << refused;
  EXPECT_TRUE(absl::StrContains(refused.message(), "bytes free")) << refused;
  EXPECT_TRUE(absl::StrContains(refused.message(), "--min_free_bytes")) << refused;
  EXPECT_GT(acked_.size(), 10u);

  // Reads, Verify and health go on; the log says it takes no appends.
  ExpectEveryAcknowledgedEvent();
  auto channel = grpc::CreateChannel(server_->address, grpc::InsecureChannelCredentials());
  absl::SleepFor(absl::Milliseconds(600));  // a readiness round
  EXPECT_EQ(*award::testing::HealthOf(channel, "award.appends"),
            grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(*award::testing::HealthOf(channel, ""), grpc::health::v1::HealthCheckResponse::SERVING);

  Free();
  absl::Status resumed = absl::UnknownError("not tried");
  for (const absl::Time until = absl::Now() + absl::Seconds(10);
       !resumed.ok() && absl::Now() < until; absl::SleepFor(absl::Milliseconds(50))) {
    resumed = AppendOne("dossier-1").status();
  }
  ASSERT_TRUE(resumed.ok()) << resumed;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(AppendOne("dossier-2").ok());
  absl::SleepFor(absl::Milliseconds(600));
  EXPECT_EQ(*award::testing::HealthOf(channel, "award.appends"),
            grpc::health::v1::HealthCheckResponse::SERVING);

  Restart();
  ExpectEveryAcknowledgedEvent();
}

TEST_F(FullDiskTest, WithoutAReserveAFullDiskFailsAppendsCleanlyAndARestartLosesNothing) {
  Start(0);
  Fill(4 << 20);
  absl::Status failed;
  for (int i = 0; i < 1000 && failed.ok(); ++i) failed = AppendOne("dossier-1").status();
  ASSERT_FALSE(failed.ok());
  EXPECT_TRUE(failed.code() == absl::StatusCode::kUnavailable ||
              failed.code() == absl::StatusCode::kResourceExhausted)
      << failed;
  EXPECT_TRUE(absl::StrContains(failed.message(), "space")) << failed;
  // The process lives on (RocksDB did not abort it) and still answers reads.
  EXPECT_FALSE(server_->process->Wait(absl::Milliseconds(500)).has_value());
  ExpectEveryAcknowledgedEvent();

  Free();
  server_->process->Signal(SIGTERM);
  std::optional<int> status = server_->process->Wait(absl::Seconds(30));
  ASSERT_TRUE(status.has_value());
  EXPECT_FALSE(WIFSIGNALED(*status) && WTERMSIG(*status) == SIGABRT);
  server_.reset();
  Start(kReserve);
  ExpectEveryAcknowledgedEvent();
  ASSERT_TRUE(AppendOne("dossier-3").ok());
}

}  // namespace
}  // namespace eventstore
