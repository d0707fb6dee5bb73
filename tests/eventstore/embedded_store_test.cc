// Behaviour of the embedded RocksDB store that only shows from inside the
// process: reopening, concurrency of the group commit, closing, reads' budgets.
// Damage to a stopped store is tamper_test.cc's.
#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "eventstore/errors.h"
#include "eventstore/internal/log_db.h"
#include "eventstore/keys.h"
#include "eventstore/record_codec.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "rocksdb/write_batch.h"
#include "tests/eventstore/stopped_store_fixture.h"
#include "tests/support/events.h"
#include "tests/support/temp_dir.h"

namespace eventstore {
namespace {

using award::testing::AppendTo;
using award::testing::NewEvent;
using award::testing::NewEvents;
using award::testing::ReadWholeLog;
using award::testing::TempDir;

using EmbeddedStoreTest = StoppedStoreTest;

// ---- Restart ---------------------------------------------------------------------------

TEST_F(EmbeddedStoreTest, ReopeningAfterACleanCloseContinuesPositionsVersionsAndChain) {
  AppendTen();
  const LogDigest before = *store_->Digest();
  Close();
  Open();
  EXPECT_EQ(*store_->Digest(), before);
  absl::StatusOr<AppendResult> next =
      store_->Append(AppendTo("nomination-0", ExpectedVersion::Exact(5), NewEvents(1)));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->first_position, 10u);
  EXPECT_EQ(next->streams[0].first_version, 6u);
  std::vector<RecordedEvent> log = ReadWholeLog(*store_);
  ASSERT_EQ(log.size(), 11u);
  EXPECT_EQ(log[10].prev_hash, before.head_hash);
  const VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.problem;
}

TEST_F(EmbeddedStoreTest, ASecondOpenOfTheSameDataDirectoryIsRefused) {
  absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> second =
      OpenRocksDbEventStore({.data_dir = data_dir()});
  ASSERT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition) << second.status();
  EXPECT_NE(second.status().message().find("in use"), absl::string_view::npos);
}

TEST_F(EmbeddedStoreTest, ADataDirectoryOfAnotherFormatIsRefused) {
  Close();
  {
    absl::StatusOr<std::unique_ptr<internal::LogDb>> db = internal::LogDb::Open(data_dir());
    ASSERT_TRUE(db.ok());
    rocksdb::WriteBatch batch;
    batch.Put((*db)->cf(ColumnFamily::kDefault), "format", "award-eventstore-999");
    ASSERT_TRUE((*db)->WriteDurably(batch).ok());
  }
  absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> reopened =
      OpenRocksDbEventStore({.data_dir = data_dir()});
  EXPECT_EQ(reopened.status().code(), absl::StatusCode::kFailedPrecondition) << reopened.status();
}

TEST_F(EmbeddedStoreTest, CallsAfterCloseAreUnavailable) {
  AppendTen();
  ASSERT_TRUE(store_->Close().ok());
  EXPECT_EQ(store_->Append(AppendTo("x", ExpectedVersion::Any(), NewEvents(1))).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(store_->ReadAll({0, Direction::kForward, 1, {}}).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(store_->Subscribe({}).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(store_->Close().ok());
}

// ---- Group commit under concurrency ---------------------------------------------------------

TEST_F(EmbeddedStoreTest, ConcurrentAppendsGetDistinctContiguousPositions) {
  constexpr int kThreads = 32;
  constexpr int kPerThread = 60;
  std::vector<std::vector<AppendResult>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        absl::StatusOr<AppendResult> result = store_->Append(
            AppendTo(absl::StrCat("awardee-", (t + i) % 8), ExpectedVersion::Any(), NewEvents(1)));
        ASSERT_TRUE(result.ok()) << result.status();
        results[t].push_back(*result);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<uint64_t> positions;
  for (const auto& per_thread : results) {
    for (const AppendResult& result : per_thread) positions.insert(result.first_position);
  }
  ASSERT_EQ(positions.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(*positions.rbegin(), static_cast<uint64_t>(kThreads * kPerThread - 1));
  for (int s = 0; s < 8; ++s) {
    absl::StatusOr<ReadStreamResult> stream =
        store_->ReadStream({absl::StrCat("awardee-", s), 0, Direction::kForward, 10'000});
    ASSERT_TRUE(stream.ok());
    for (size_t v = 0; v < stream->events.size(); ++v) ASSERT_EQ(stream->events[v].version, v);
  }
  EXPECT_TRUE(Verify().ok);
}

TEST_F(EmbeddedStoreTest, OfConcurrentWritersExpectingTheSameVersionExactlyOneWins) {
  ASSERT_TRUE(
      store_->Append(AppendTo("meeting-1", ExpectedVersion::NoStream(), NewEvents(1))).ok());
  constexpr int kThreads = 16;
  std::atomic<int> won{0};
  std::atomic<int> conflicted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      absl::StatusOr<AppendResult> result =
          store_->Append(AppendTo("meeting-1", ExpectedVersion::Exact(0), NewEvents(1)));
      if (result.ok()) {
        won.fetch_add(1);
      } else if (absl::IsAborted(result.status()) && ErrorCurrentVersion(result.status()) == 1) {
        conflicted.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(conflicted.load(), kThreads - 1);
}

// ---- Reads and subscriptions ---------------------------------------------------------------

TEST_F(EmbeddedStoreTest, AReadStopsAtItsByteBudgetAndContinuesWhereItStopped) {
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(store_
                    ->Append(AppendTo("dossier-1", ExpectedVersion::Any(),
                                      {NewEvent("DocumentAttached", std::string(900'000, 'd'))}))
                    .ok());
  }
  absl::StatusOr<ReadStreamResult> first =
      store_->ReadStream({"dossier-1", 0, Direction::kForward, 100});
  ASSERT_TRUE(first.ok());
  EXPECT_LT(first->events.size(), 6u);
  EXPECT_FALSE(first->end_of_stream);
  absl::StatusOr<ReadStreamResult> rest =
      store_->ReadStream({"dossier-1", first->next_version, Direction::kForward, 100});
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(first->events.size() + rest->events.size(), 6u);
  EXPECT_TRUE(rest->end_of_stream);
}

TEST_F(EmbeddedStoreTest, ASubscriberThatDoesNotReadHoldsNoWriterBack) {
  absl::StatusOr<std::unique_ptr<Subscription>> idle = store_->Subscribe({});
  ASSERT_TRUE(idle.ok());
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(
        store_->Append(AppendTo("nomination-1", ExpectedVersion::Any(), NewEvents(100))).ok());
  }
  uint64_t next = 0;
  while (next < 5000) {
    absl::StatusOr<std::vector<RecordedEvent>> batch =
        (*idle)->Next(absl::Now() + absl::Seconds(10));
    ASSERT_TRUE(batch.ok());
    ASSERT_FALSE(batch->empty());
    for (const RecordedEvent& event : *batch) ASSERT_EQ(event.position, next++);
  }
}

TEST_F(EmbeddedStoreTest, EndingSubscriptionsWakesAWaitingSubscriber) {
  absl::StatusOr<std::unique_ptr<Subscription>> subscription = store_->Subscribe({.from = kEnd});
  ASSERT_TRUE(subscription.ok());
  std::thread ender([&] {
    absl::SleepFor(absl::Milliseconds(100));
    store_->EndSubscriptions();
  });
  absl::StatusOr<std::vector<RecordedEvent>> next =
      (*subscription)->Next(absl::Now() + absl::Seconds(30));
  ender.join();
  EXPECT_EQ(next.status().code(), absl::StatusCode::kUnavailable) << next.status();
  EXPECT_TRUE(store_->Append(AppendTo("x", ExpectedVersion::Any(), NewEvents(1))).ok());
}

}  // namespace
}  // namespace eventstore
