// Behaviour of the embedded RocksDB store that only shows from inside the
// process: tampering with the database directly, reopening, concurrency of the
// group commit, closing.
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
#include "tests/support/events.h"
#include "tests/support/temp_dir.h"

namespace eventstore {
namespace {

using award::testing::AppendTo;
using award::testing::NewEvent;
using award::testing::NewEvents;
using award::testing::ReadWholeLog;
using award::testing::TempDir;

class EmbeddedStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> opened =
        OpenRocksDbEventStore({.data_dir = data_dir()});
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
  }

  void Close() {
    ASSERT_TRUE(store_->Close().ok());
    store_.reset();
  }

  std::string data_dir() const { return dir_.Sub("data"); }

  // Ten events at positions 0..9, in two streams.
  void AppendTen() {
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(store_
                      ->Append(AppendTo(absl::StrCat("nomination-", i % 2), ExpectedVersion::Any(),
                                        {NewEvent("Tested", absl::StrCat("payload ", 2 * i)),
                                         NewEvent("Tested", absl::StrCat("payload ", 2 * i + 1))}))
                      .ok());
    }
  }

  // Runs `tamper` on the raw database of the closed store, then reopens it.
  void TamperWith(const std::function<void(internal::LogDb&, rocksdb::WriteBatch&)>& tamper) {
    Close();
    {
      absl::StatusOr<std::unique_ptr<internal::LogDb>> db = internal::LogDb::Open(data_dir());
      ASSERT_TRUE(db.ok()) << db.status();
      rocksdb::WriteBatch batch;
      tamper(**db, batch);
      ASSERT_TRUE((*db)->WriteDurably(batch).ok());
    }
    Open();
  }

  static std::string Record(internal::LogDb& db, uint64_t position) {
    absl::StatusOr<std::optional<std::string>> record = db.GetRecord(position);
    EXPECT_TRUE(record.ok() && record->has_value());
    return record.ok() && record->has_value() ? **record : std::string();
  }

  // Re-encodes a record with another payload, keeping its place and prev_hash:
  // the forger's best effort, with a hash that matches the new content.
  static std::string Reforged(const std::string& stored, const std::string& payload,
                              const Hash* new_prev = nullptr, Hash* hash_out = nullptr) {
    absl::StatusOr<RecordView> view = ParseRecord(stored);
    EXPECT_TRUE(view.ok());
    absl::StatusOr<RecordedEvent> event = ToRecordedEvent(*view);
    event->event.payload = payload;
    if (new_prev != nullptr) event->prev_hash = *new_prev;
    std::string out;
    Hash hash = EncodeRecord(*event, out);
    if (hash_out != nullptr) *hash_out = hash;
    return out;
  }

  VerifyReport Verify(const VerifyRequest& request = {}) {
    absl::StatusOr<VerifyReport> report = store_->Verify(request);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : VerifyReport{};
  }

  TempDir dir_;
  std::unique_ptr<EmbeddedEventStore> store_;
};

// ---- Tamper detection ----------------------------------------------------------------

TEST_F(EmbeddedStoreTest, VerifyNamesARecordWhoseBytesWereAltered) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    std::string record = Record(db, 5);
    record[record.size() - 33] ^= 0x01;  // the payload's last byte
    batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(5), record);
  });
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_position, 5u);
  EXPECT_NE(report.problem.find("altered"), std::string::npos) << report.problem;
}

TEST_F(EmbeddedStoreTest, VerifyNamesTheBrokenLinkAfterARecordRewrittenWithAFreshHash) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(5), Reforged(Record(db, 5), "forged"));
  });
  // Record 5 is self-consistent; the chain breaks where 6 points back at it.
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_position, 6u);
  EXPECT_NE(report.problem.find("hash of position 5"), std::string::npos) << report.problem;
}

TEST_F(EmbeddedStoreTest, VerifyNamesADeletedRecord) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    batch.Delete(db.cf(ColumnFamily::kEvents), EncodeU64(5));
  });
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_position, 5u);
  EXPECT_NE(report.problem.find("missing"), std::string::npos) << report.problem;
}

TEST_F(EmbeddedStoreTest, VerifyNamesARecordInsertedIntoTheMiddle) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    // Everything from 5 moves up one place; a copy of record 2 goes in at 5.
    for (uint64_t p = 10; p-- > 5;) {
      batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(p + 1), Record(db, p));
    }
    batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(5), Record(db, 2));
  });
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_position, 5u);
  EXPECT_NE(report.problem.find("inserted"), std::string::npos) << report.problem;
}

TEST_F(EmbeddedStoreTest, VerifyNamesWhereRecordsMovedAfterAWellForgedInsertion) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    for (uint64_t p = 10; p-- > 5;) {
      batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(p + 1), Record(db, p));
    }
    // A forged record that chains correctly from position 4 and claims 5.
    absl::StatusOr<RecordView> four = ParseRecord(Record(db, 4));
    ASSERT_TRUE(four.ok());
    batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(5),
              Reforged(Record(db, 5), "forged", &four->stored_hash));
  });
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_position, 6u);
  EXPECT_NE(report.problem.find("says it is at position 5"), std::string::npos) << report.problem;
}

TEST_F(EmbeddedStoreTest, ARewrittenAndRechainedHistoryFailsOnlyAgainstTheSavedDigest) {
  AppendTen();
  const LogDigest saved = *store_->Digest();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    // The whole tail from 5 rewritten and re-hashed: the chain alone is whole again.
    absl::StatusOr<RecordView> four = ParseRecord(Record(db, 4));
    Hash prev = four->stored_hash;
    for (uint64_t p = 5; p < 10; ++p) {
      std::string stored = Record(db, p);
      absl::StatusOr<RecordView> view = ParseRecord(stored);
      const std::string payload = p == 5 ? std::string("forged") : std::string(view->payload);
      batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(p),
                Reforged(stored, payload, &prev, &prev));
    }
  });
  EXPECT_TRUE(Verify().ok);
  VerifyReport report = Verify({.expected = saved});
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_position, 9u);
  EXPECT_NE(report.problem.find("saved digest"), std::string::npos) << report.problem;
}

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
  EXPECT_TRUE(Verify().ok);
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
