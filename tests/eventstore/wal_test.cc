// The write-ahead log is never damaged silently. A store killed with SIGKILL
// keeps its acknowledged appends in its WAL: a torn tail there (a write the
// kernel took only in part, never synced, so never acknowledged) is dropped and
// everything acknowledged opens; one flipped byte anywhere before it refuses to
// open, naming the file; a lost end of what was acknowledged refuses to open
// too (the store's ACKED record says how far it went). A store stopped cleanly
// keeps nothing in its WAL.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "tests/support/child_process.h"
#include "tests/support/events.h"
#include "tests/support/temp_dir.h"

namespace eventstore {
namespace {

namespace fs = std::filesystem;
using award::testing::ChildProcess;
using award::testing::TempDir;

// RocksDB writes its WAL in blocks of this many bytes.
constexpr uintmax_t kWalBlock = 32 * 1024;

class WalTest : public ::testing::Test {
 protected:
  std::string data_dir() const { return dir_.Sub("data"); }

  // Twenty appends of `events` events each to one stream.
  static void AppendTwenty(EventStore& store, int events) {
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(store
                      .Append(award::testing::AppendTo("nomination-1", ExpectedVersion::Any(),
                                                       award::testing::NewEvents(events)))
                      .ok());
    }
  }

  // Appends from a child process for a while, kills it with SIGKILL and
  // returns the ids it acknowledged.
  std::set<std::string> AppendAndKill() {
    ChildProcess child({AWARD_CRASH_CHILD_PATH, data_dir(), "2"});
    EXPECT_EQ(child.ReadLine(absl::Seconds(30)), "ready");
    std::vector<std::string> lines;
    const absl::Time until = absl::Now() + absl::Milliseconds(400);
    while (absl::Now() < until) {
      if (auto line = child.ReadLine(until - absl::Now())) lines.push_back(*line);
    }
    child.Signal(SIGKILL);
    EXPECT_TRUE(child.Wait(absl::Seconds(10)).has_value());
    while (auto line = child.ReadLine(absl::Milliseconds(100))) lines.push_back(*line);
    std::set<std::string> ids;
    for (const std::string& line : lines) {
      std::vector<std::string> words = absl::StrSplit(line, ' ');
      for (size_t i = 4; i < words.size(); ++i) ids.insert(words[i]);
    }
    return ids;
  }

  // The largest write-ahead log file of the data directory.
  fs::path LargestWal() const {
    fs::path largest;
    for (const fs::directory_entry& entry : fs::directory_iterator(data_dir())) {
      if (entry.path().extension() != ".log") continue;
      if (largest.empty() || entry.file_size() > fs::file_size(largest)) largest = entry.path();
    }
    return largest;
  }

  TempDir dir_;
};

TEST_F(WalTest, ATornUnsyncedTailIsDroppedAndEveryAcknowledgedAppendOpens) {
  const std::set<std::string> acked = AppendAndKill();
  ASSERT_GT(acked.size(), 10u);
  const fs::path wal = LargestWal();
  ASSERT_FALSE(wal.empty());
  {
    // What a write the kernel took only in part looks like: a record header
    // promising more bytes than follow it. It starts a block of its own, after
    // the zeros that pad a block's end.
    std::ofstream out(wal, std::ios::binary | std::ios::app);
    const uintmax_t size = fs::file_size(wal);
    out << std::string(static_cast<size_t>(kWalBlock - size % kWalBlock), '\0');
    const char header[7] = {'\x12', '\x34', '\x56', '\x78', '\x00', '\x04', '\x01'};
    out.write(header, sizeof(header));
    out << std::string(200, 'x');
  }
  absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> store =
      OpenRocksDbEventStore({.data_dir = data_dir()});
  ASSERT_TRUE(store.ok()) << store.status();
  std::set<std::string> found;
  for (const RecordedEvent& event : award::testing::ReadWholeLog(**store)) {
    found.insert(event.event.id.ToString());
  }
  for (const std::string& id : acked) EXPECT_TRUE(found.contains(id)) << "lost " << id;
  absl::StatusOr<VerifyReport> report = (*store)->Verify({});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem;
}

TEST_F(WalTest, AFlippedByteInTheSyncedMiddleRefusesToOpenNamingTheFile) {
  ASSERT_GT(AppendAndKill().size(), 10u);
  const fs::path wal = LargestWal();
  ASSERT_FALSE(wal.empty());
  uintmax_t offset = fs::file_size(wal) / 2;
  // Not in the zeros that may pad the end of a block, which no record covers.
  if (offset % kWalBlock > kWalBlock - 16) offset -= 16;
  {
    std::fstream file(wal, std::ios::binary | std::ios::in | std::ios::out);
    file.seekg(static_cast<std::streamoff>(offset));
    char byte = 0;
    file.read(&byte, 1);
    byte = static_cast<char>(byte ^ 0x40);
    file.seekp(static_cast<std::streamoff>(offset));
    file.write(&byte, 1);
  }
  for (bool read_only : {false, true}) {
    absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> store =
        OpenRocksDbEventStore({.data_dir = data_dir(), .read_only = read_only});
    EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss) << store.status();
    EXPECT_TRUE(absl::StrContains(store.status().message(), wal.filename().string()))
        << store.status();
    EXPECT_TRUE(absl::StrContains(store.status().message(), "eventstore_restore"))
        << store.status();
  }
}

TEST_F(WalTest, ALostSyncedTailIsNeverTakenForATornWrite) {
  // The image a crash leaves once every append was acknowledged: the
  // directory copied while the store is open and idle.
  const std::string image = dir_.Sub("image");
  {
    absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> store =
        OpenRocksDbEventStore({.data_dir = data_dir()});
    ASSERT_TRUE(store.ok()) << store.status();
    AppendTwenty(**store, 3);
    if (HasFatalFailure()) return;
    fs::copy(data_dir(), image, fs::copy_options::recursive);
  }
  fs::path wal;
  for (const fs::directory_entry& entry : fs::directory_iterator(image)) {
    if (entry.path().extension() == ".log" && entry.file_size() > 0) wal = entry.path();
  }
  ASSERT_FALSE(wal.empty());
  // The end of the last record, synced and acknowledged, is gone: RocksDB
  // alone would drop that record as a write never finished.
  fs::resize_file(wal, fs::file_size(wal) - 3);
  absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> opened =
      OpenRocksDbEventStore({.data_dir = image});
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss) << opened.status();
  EXPECT_TRUE(absl::StrContains(opened.status().message(), "acknowledged events are missing"))
      << opened.status();
}

TEST_F(WalTest, AStoreStoppedCleanlyKeepsNothingInItsWal) {
  {
    absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> store =
        OpenRocksDbEventStore({.data_dir = data_dir()});
    ASSERT_TRUE(store.ok()) << store.status();
    AppendTwenty(**store, 5);
    if (HasFatalFailure()) return;
    ASSERT_TRUE((*store)->Close().ok());
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(data_dir())) {
    if (entry.path().extension() == ".log") {
      EXPECT_EQ(entry.file_size(), 0u) << entry.path();
    }
  }
}

}  // namespace
}  // namespace eventstore
