// Kills a real appending process with SIGKILL at a random moment, many times
// over the same data directory, and checks after each kill that every
// acknowledged event is there, at the position it was acknowledged with, that
// positions and versions are contiguous, and that the chain verifies.
//
// Trials: 20, or AWARD_CRASH_TRIALS from the environment.
#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "tests/support/child_process.h"
#include "tests/support/events.h"
#include "tests/support/temp_dir.h"

namespace eventstore {
namespace {

using award::testing::ChildProcess;
using award::testing::TempDir;

struct Ack {
  std::string stream;
  uint64_t first_version = 0;
  uint64_t first_position = 0;
  std::vector<std::string> ids;
};

int Trials() {
  int trials = 20;
  const char* text = std::getenv("AWARD_CRASH_TRIALS");
  if (text != nullptr && absl::SimpleAtoi(text, &trials) && trials > 0) return trials;
  return 20;
}

std::optional<Ack> ParseAck(const std::string& line) {
  std::vector<std::string> words = absl::StrSplit(line, ' ');
  Ack ack;
  if (words.size() < 5 || words[0] != "ack" || !absl::SimpleAtoi(words[2], &ack.first_version) ||
      !absl::SimpleAtoi(words[3], &ack.first_position)) {
    return std::nullopt;
  }
  ack.stream = words[1];
  ack.ids.assign(words.begin() + 4, words.end());
  return ack;
}

TEST(CrashTest, EveryAcknowledgedAppendSurvivesSigkill) {
  TempDir dir;
  const std::string data_dir = dir.Sub("data");
  std::mt19937 random(std::random_device{}());
  std::vector<Ack> acked;  // over all trials
  const int trials = Trials();
  for (int trial = 0; trial < trials; ++trial) {
    SCOPED_TRACE(testing::Message() << "trial " << trial);
    {
      ChildProcess child({AWARD_CRASH_CHILD_PATH, data_dir, "4"});
      ASSERT_EQ(child.ReadLine(absl::Seconds(30)), "ready");
      const absl::Time kill_at =
          absl::Now() + absl::Milliseconds(std::uniform_int_distribution<int>(10, 300)(random));
      std::vector<std::string> lines;
      while (absl::Now() < kill_at) {
        if (auto line = child.ReadLine(kill_at - absl::Now())) lines.push_back(*line);
      }
      child.Signal(SIGKILL);
      ASSERT_TRUE(child.Wait(absl::Seconds(10)).has_value());
      // What the child wrote before it died is still in the pipe.
      while (auto line = child.ReadLine(absl::Milliseconds(100))) lines.push_back(*line);
      for (const std::string& line : lines) {
        std::optional<Ack> ack = ParseAck(line);
        ASSERT_TRUE(ack.has_value()) << "unexpected line from the child: " << line;
        acked.push_back(*ack);
      }
    }

    absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> store =
        OpenRocksDbEventStore({.data_dir = data_dir});
    ASSERT_TRUE(store.ok()) << store.status();
    std::vector<RecordedEvent> log = award::testing::ReadWholeLog(**store);
    for (uint64_t p = 0; p < log.size(); ++p) ASSERT_EQ(log[p].position, p);
    for (const Ack& ack : acked) {
      for (size_t i = 0; i < ack.ids.size(); ++i) {
        const uint64_t position = ack.first_position + i;
        ASSERT_LT(position, log.size()) << "acknowledged event lost: " << ack.ids[i];
        EXPECT_EQ(log[position].event.id.ToString(), ack.ids[i]);
        EXPECT_EQ(log[position].stream, ack.stream);
        EXPECT_EQ(log[position].version, ack.first_version + i);
      }
    }
    std::map<std::string, uint64_t> next_version;
    for (const RecordedEvent& event : log) ASSERT_EQ(event.version, next_version[event.stream]++);
    absl::StatusOr<VerifyReport> report = (*store)->Verify({});
    ASSERT_TRUE(report.ok()) << report.status();
    ASSERT_TRUE(report->ok) << report->problem;
    EXPECT_EQ(report->verified_count, log.size());
    ASSERT_TRUE((*store)->Close().ok());
  }
  EXPECT_GT(acked.size(), static_cast<size_t>(trials))
      << "the child acknowledged too little to prove anything";
  std::cout << "crash test: " << acked.size() << " acknowledged appends over " << trials
            << " SIGKILLs, none lost" << std::endl;
}

}  // namespace
}  // namespace eventstore
