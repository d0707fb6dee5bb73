// A stopped store changed on disk, as an attacker with RocksDB's ldb or a
// failing disk would: every change is found at its exact place, at open, by a
// read, by the writer's gate or by Verify, and never returned as data.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "eventstore/internal/log_db.h"
#include "eventstore/internal/log_reader.h"
#include "eventstore/keys.h"
#include "eventstore/record_codec.h"
#include "eventstore/reindex.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "rocksdb/write_batch.h"
#include "tests/eventstore/stopped_store_fixture.h"
#include "tests/support/events.h"

namespace eventstore {
namespace {

using award::testing::AppendTo;
using award::testing::NewEvents;
using award::testing::ReadWholeLog;
using TamperTest = StoppedStoreTest;

// ---- Tamper detection ----------------------------------------------------------------

TEST_F(TamperTest, VerifyNamesARecordWhoseBytesWereAltered) {
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

TEST_F(TamperTest, VerifyNamesTheBrokenLinkAfterARecordRewrittenWithAFreshHash) {
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

TEST_F(TamperTest, VerifyNamesADeletedRecord) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    batch.Delete(db.cf(ColumnFamily::kEvents), EncodeU64(5));
  });
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_position, 5u);
  EXPECT_NE(report.problem.find("missing"), std::string::npos) << report.problem;
}

TEST_F(TamperTest, ARecordInsertedIntoTheMiddleShiftsTheLastOneAndOpenRefuses) {
  AppendTen();
  absl::Status opened = TamperAndOpen([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    // Everything from 5 moves up one place; a copy of record 2 goes in at 5.
    for (uint64_t p = 10; p-- > 5;) {
      batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(p + 1), Record(db, p));
    }
    batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(5), Record(db, 2));
  });
  EXPECT_EQ(opened.code(), absl::StatusCode::kDataLoss) << opened;
  EXPECT_NE(opened.message().find("position 10: the record stored there says it is at position 9"),
            absl::string_view::npos)
      << opened;
}

TEST_F(TamperTest, OpenRefusesALastRecordWhosePositionFieldWasChanged) {
  AppendTen();
  absl::Status opened = TamperAndOpen([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    std::string record = Record(db, 9);
    record[32 + 1 + 7] = 5;  // the low byte of its position: it claims 5, so a shorter log
    batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(9), record);
  });
  EXPECT_EQ(opened.code(), absl::StatusCode::kDataLoss) << opened;
  EXPECT_NE(opened.message().find("position 9"), absl::string_view::npos) << opened;
}

TEST_F(TamperTest, OpenRefusesACopyOfAnEarlierRecordWrittenAfterTheEnd) {
  AppendTen();
  absl::Status opened = TamperAndOpen([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(10), Record(db, 3));
  });
  EXPECT_EQ(opened.code(), absl::StatusCode::kDataLoss) << opened;
  EXPECT_NE(opened.message().find("position 10"), absl::string_view::npos) << opened;
}

TEST_F(TamperTest, OpenRefusesALastRecordThatDoesNotChainToTheOneBefore) {
  AppendTen();
  absl::Status opened = TamperAndOpen([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    // Self-consistent, at its own position, but forged: it breaks the link.
    absl::StatusOr<RecordView> eight = ParseRecord(Record(db, 8));
    Hash wrong = eight->prev_hash;
    batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(9),
              Reforged(Record(db, 9), "forged", &wrong));
  });
  EXPECT_EQ(opened.code(), absl::StatusCode::kDataLoss) << opened;
  EXPECT_NE(opened.message().find("hash of position 8"), absl::string_view::npos) << opened;
}

TEST_F(TamperTest, ARewrittenAndRechainedHistoryFailsAgainstTheAckedHeadAndTheSavedDigest) {
  AppendTen();
  const LogDigest saved = *store_->Digest();
  absl::Status opened = TamperAndOpen([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
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
  // The store's own record of what it acknowledged catches it at open...
  EXPECT_EQ(opened.code(), absl::StatusCode::kDataLoss) << opened;
  EXPECT_NE(opened.message().find("the log was changed after it was acknowledged"),
            absl::string_view::npos)
      << opened;
  // ...and with that record gone too, the chain alone is whole again, but the
  // Merkle tree, written with the records, still holds the first rewritten
  // one's leaf; a digest kept outside the store tells as well. (Rewriting the
  // tree too is left to the signed checkpoints and witnesses to catch.)
  std::filesystem::remove(data_dir() + "/ACKED");
  Open();
  VerifyReport whole = Verify();
  EXPECT_FALSE(whole.ok);
  EXPECT_EQ(whole.first_bad_position, 5u);
  EXPECT_EQ(whole.index_entry, "merkle_tree[level 0, index 5]") << whole.problem;
  VerifyReport report = Verify({.expected = saved});
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_position, 9u);
  EXPECT_NE(report.problem.find("saved digest"), std::string::npos) << report.problem;
}

// The record of the acknowledged head is an aid: a damaged one is refused by
// name, never read past its end; one whose line never reached the disk (a
// power cut right after the store was created) is no record at all.
TEST_F(TamperTest, ADamagedAckedRecordIsRefusedByNameAndAnEmptyOneIsNoRecord) {
  AppendTen();
  Close();
  const std::string acked = data_dir() + "/ACKED";
  for (const char* damaged : {"acknowledged", "acknowledged 10", "gibberish 10 00"}) {
    std::ofstream(acked, std::ios::trunc) << damaged;
    absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> reopened =
        OpenRocksDbEventStore({.data_dir = data_dir()});
    EXPECT_EQ(reopened.status().code(), absl::StatusCode::kDataLoss) << damaged;
    EXPECT_NE(reopened.status().message().find("ACKED is damaged"), absl::string_view::npos)
        << reopened.status();
  }
  std::ofstream(acked, std::ios::trunc).close();
  Open();
  EXPECT_TRUE(Verify().ok);
  EXPECT_EQ(store_->Digest()->event_count, 10u);
}

TEST_F(TamperTest, AFlippedByteInATableFileIsRefusedByNameBeforeRocksDbReadsIt) {
  AppendTen();
  Close();
  std::filesystem::path table;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir())) {
    if (entry.path().extension() == ".sst" &&
        (table.empty() || entry.file_size() > std::filesystem::file_size(table))) {
      table = entry.path();
    }
  }
  ASSERT_FALSE(table.empty());
  {
    std::fstream file(table, std::ios::binary | std::ios::in | std::ios::out);
    const auto offset = static_cast<std::streamoff>(std::filesystem::file_size(table) - 60);
    file.seekg(offset);
    const char byte = static_cast<char>(file.get() ^ 0x5a);
    file.seekp(offset);
    file.put(byte);
  }
  absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> reopened =
      OpenRocksDbEventStore({.data_dir = data_dir()});
  EXPECT_EQ(reopened.status().code(), absl::StatusCode::kDataLoss) << reopened.status();
  EXPECT_NE(reopened.status().message().find(table.filename().string()), absl::string_view::npos)
      << reopened.status();
  EXPECT_NE(reopened.status().message().find("is not the file RocksDB wrote"),
            absl::string_view::npos)
      << reopened.status();
}

// ---- Indexes: checked on every read, by the writer's gate and by Verify ------------------

TEST_F(TamperTest, ARunEntryPointingAtAnotherStreamIsDataLossNeverTheOtherStreamsEvents) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    // nomination-0's second run (versions 2-3) pointed at nomination-1's events.
    batch.Put(db.cf(ColumnFamily::kStreamIndex), StreamIndexKey("nomination-0", 2),
              EncodeStreamRunValue(2, 2));
  });
  absl::StatusOr<ReadStreamResult> read =
      store_->ReadStream({"nomination-0", 0, Direction::kForward, 100});
  EXPECT_EQ(read.status().code(), absl::StatusCode::kDataLoss) << read.status();
  EXPECT_NE(read.status().message().find("stream_index[nomination-0@2]"), absl::string_view::npos)
      << read.status();
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.index_entry, "stream_index[nomination-0@2]") << report.problem;
  EXPECT_EQ(report.first_bad_position, 4u);
  absl::StatusOr<AppendResult> append =
      store_->Append(AppendTo("nomination-9", ExpectedVersion::NoStream(), NewEvents(1)));
  EXPECT_EQ(append.status().code(), absl::StatusCode::kDataLoss) << append.status();
  EXPECT_NE(append.status().message().find("eventstore_reindex"), absl::string_view::npos);
  EXPECT_EQ(ReadWholeLog(*store_).size(), 10u);
}

TEST_F(TamperTest, AStreamHeadSetBackNeverLetsAnAppendWriteASecondEventAtOneVersion) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    batch.Put(db.cf(ColumnFamily::kStreamHeads), "nomination-0", EncodeStreamHead(3, 5));
  });
  absl::StatusOr<AppendResult> append =
      store_->Append(AppendTo("nomination-0", ExpectedVersion::Exact(3), NewEvents(1)));
  EXPECT_EQ(append.status().code(), absl::StatusCode::kDataLoss) << append.status();
  EXPECT_EQ(ReadWholeLog(*store_).size(), 10u);
  absl::StatusOr<ReadStreamResult> read =
      store_->ReadStream({"nomination-0", 0, Direction::kForward, 100});
  EXPECT_EQ(read.status().code(), absl::StatusCode::kDataLoss) << read.status();
  EXPECT_NE(read.status().message().find("stream_heads[nomination-0]"), absl::string_view::npos)
      << read.status();
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.index_entry, "stream_heads[nomination-0]") << report.problem;
}

TEST_F(TamperTest, TheWritersOwnHeadLookupCrossChecksEveryIndex) {
  AppendTen();
  Close();
  {
    absl::StatusOr<std::unique_ptr<internal::LogDb>> db = internal::LogDb::Open(data_dir());
    ASSERT_TRUE(db.ok());
    rocksdb::WriteBatch batch;
    // Head and run both set back consistently: the record at the head's
    // position still says otherwise.
    batch.Put((*db)->cf(ColumnFamily::kStreamHeads), "nomination-1", EncodeStreamHead(4, 8));
    batch.Put((*db)->cf(ColumnFamily::kStreamIndex), StreamIndexKey("nomination-1", 4),
              EncodeStreamRunValue(8, 1));
    batch.Delete((*db)->cf(ColumnFamily::kStreamHeads), "nomination-0");
    ASSERT_TRUE((*db)->WriteDurably(batch).ok());
    absl::StatusOr<std::optional<internal::LogDb::StreamHead>> one =
        internal::FindStreamHead(**db, "nomination-1");
    EXPECT_EQ(one.status().code(), absl::StatusCode::kDataLoss) << one.status();
    EXPECT_NE(one.status().message().find("stream_index[nomination-1@4]"), absl::string_view::npos)
        << one.status();
    absl::StatusOr<std::optional<internal::LogDb::StreamHead>> zero =
        internal::FindStreamHead(**db, "nomination-0");
    EXPECT_EQ(zero.status().code(), absl::StatusCode::kDataLoss) << zero.status();
    EXPECT_NE(zero.status().message().find("stream_heads[nomination-0]: missing"),
              absl::string_view::npos)
        << zero.status();
  }
}

TEST_F(TamperTest, ADeletedIdEntryNeverLetsARetryWriteASecondCopy) {
  AppendTen();
  const AppendRequest retried = AppendTo("awardee-1", ExpectedVersion::Any(), NewEvents(2));
  absl::StatusOr<AppendResult> first = store_->Append(retried);
  ASSERT_TRUE(first.ok());
  const EventId deleted = retried.streams[0].events[0].id;
  TamperWith([&](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    batch.Delete(db.cf(ColumnFamily::kEventIds),
                 rocksdb::Slice(deleted.bytes().data(), deleted.bytes().size()));
  });
  absl::StatusOr<AppendResult> again = store_->Append(retried);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kDataLoss) << again.status();
  EXPECT_EQ(ReadWholeLog(*store_).size(), 12u);
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.index_entry, absl::StrCat("event_ids[", deleted.ToString(), "]"));
  EXPECT_EQ(report.first_bad_position, 10u);

  // The operator's way out: the indexes rebuilt from the chain; the retry then
  // gets its first answer.
  Close();
  absl::StatusOr<RebuiltIndexes> rebuilt = RebuildIndexes(data_dir());
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  EXPECT_EQ(rebuilt->head.event_count, 12u);
  EXPECT_EQ(rebuilt->streams, 3u);
  Open();
  EXPECT_TRUE(Verify().ok);
  absl::StatusOr<AppendResult> answered = store_->Append(retried);
  ASSERT_TRUE(answered.ok()) << answered.status();
  EXPECT_EQ(*answered, *first);
  EXPECT_EQ(ReadWholeLog(*store_).size(), 12u);
}

TEST_F(TamperTest, VerifyNamesExtraIndexEntries) {
  AppendTen();
  const EventId stray = EventId::New();
  TamperWith([&](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    batch.Put(db.cf(ColumnFamily::kEventIds),
              rocksdb::Slice(stray.bytes().data(), stray.bytes().size()), EncodeU64(3));
  });
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.index_entry, absl::StrCat("event_ids[", stray.ToString(), "]"))
      << report.problem;

  TamperWith([&](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    batch.Delete(db.cf(ColumnFamily::kEventIds),
                 rocksdb::Slice(stray.bytes().data(), stray.bytes().size()));
    batch.Put(db.cf(ColumnFamily::kStreamHeads), "decision-1", EncodeStreamHead(0, 2));
  });
  report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.index_entry, "stream_heads[decision-1]") << report.problem;
}

TEST_F(TamperTest, ARunReachingPastTheStreamsLastEventIsNamed) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    batch.Put(db.cf(ColumnFamily::kStreamIndex), StreamIndexKey("nomination-1", 4),
              EncodeStreamRunValue(6, 3));
  });
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.index_entry, "stream_index[nomination-1@4]") << report.problem;
  EXPECT_NE(report.problem.find("reaches version 6"), std::string::npos) << report.problem;
}

TEST_F(TamperTest, RebuildingRefusesALogWhoseChainDoesNotVerifyAndChangesNothing) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    std::string record = Record(db, 4);
    record[record.size() - 33] ^= 0x01;
    batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(4), record);
    batch.Delete(db.cf(ColumnFamily::kStreamHeads), "nomination-1");
  });
  Close();
  absl::StatusOr<RebuiltIndexes> rebuilt = RebuildIndexes(data_dir());
  EXPECT_EQ(rebuilt.status().code(), absl::StatusCode::kDataLoss) << rebuilt.status();
  EXPECT_NE(rebuilt.status().message().find("position 4"), absl::string_view::npos)
      << rebuilt.status();
  absl::StatusOr<std::unique_ptr<internal::LogDb>> db = internal::LogDb::Open(data_dir());
  ASSERT_TRUE(db.ok());
  std::string value;
  EXPECT_TRUE((*db)
                  ->db()
                  .Get(rocksdb::ReadOptions(), (*db)->cf(ColumnFamily::kStreamHeads),
                       "nomination-0", &value)
                  .ok());
}

// ---- Records: proven on every read ------------------------------------------------------

TEST_F(TamperTest, EveryReadRefusesAnAlteredRecordNamingItsPosition) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    std::string record = Record(db, 5);
    record[record.size() - 33] ^= 0x01;  // the payload's last byte
    batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(5), record);
  });
  absl::StatusOr<ReadAllResult> all = store_->ReadAll({0, Direction::kForward, 100, {}});
  EXPECT_EQ(all.status().code(), absl::StatusCode::kDataLoss) << all.status();
  EXPECT_NE(all.status().message().find("position 5"), absl::string_view::npos) << all.status();
  absl::StatusOr<ReadAllResult> backward = store_->ReadAll({kEnd, Direction::kBackward, 100, {}});
  EXPECT_EQ(backward.status().code(), absl::StatusCode::kDataLoss) << backward.status();
  absl::StatusOr<ReadStreamResult> stream =
      store_->ReadStream({"nomination-0", 0, Direction::kForward, 100});
  EXPECT_EQ(stream.status().code(), absl::StatusCode::kDataLoss) << stream.status();
  EXPECT_NE(stream.status().message().find("position 5"), absl::string_view::npos)
      << stream.status();
  absl::StatusOr<std::unique_ptr<Subscription>> subscription = store_->Subscribe({.from = 3});
  ASSERT_TRUE(subscription.ok());
  absl::StatusOr<std::vector<RecordedEvent>> next =
      (*subscription)->Next(absl::Now() + absl::Seconds(5));
  EXPECT_EQ(next.status().code(), absl::StatusCode::kDataLoss) << next.status();
  subscription->reset();
  // Before the altered record, reads go on.
  absl::StatusOr<ReadAllResult> before = store_->ReadAll({0, Direction::kForward, 5, {}});
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->events.size(), 5u);
}

TEST_F(TamperTest, ReadingPastARecordRewrittenWithAFreshHashFindsTheBrokenLink) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(5), Reforged(Record(db, 5), "forged"));
  });
  absl::StatusOr<ReadAllResult> all = store_->ReadAll({0, Direction::kForward, 100, {}});
  EXPECT_EQ(all.status().code(), absl::StatusCode::kDataLoss) << all.status();
  EXPECT_NE(all.status().message().find("position 6: prev_hash does not match"),
            absl::string_view::npos)
      << all.status();
  absl::StatusOr<ReadAllResult> from_six = store_->ReadAll({6, Direction::kForward, 100, {}});
  EXPECT_EQ(from_six.status().code(), absl::StatusCode::kDataLoss) << from_six.status();
  absl::StatusOr<ReadAllResult> backward = store_->ReadAll({kEnd, Direction::kBackward, 100, {}});
  EXPECT_EQ(backward.status().code(), absl::StatusCode::kDataLoss) << backward.status();
}

TEST_F(TamperTest, ReadAllNeverReturnsAGapWhereARecordWasDeleted) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    batch.Delete(db.cf(ColumnFamily::kEvents), EncodeU64(5));
  });
  absl::StatusOr<ReadAllResult> all = store_->ReadAll({0, Direction::kForward, 100, {}});
  EXPECT_EQ(all.status().code(), absl::StatusCode::kDataLoss) << all.status();
  EXPECT_NE(all.status().message().find("position 5: missing record"), absl::string_view::npos)
      << all.status();
  absl::StatusOr<ReadAllResult> backward = store_->ReadAll({kEnd, Direction::kBackward, 100, {}});
  EXPECT_EQ(backward.status().code(), absl::StatusCode::kDataLoss) << backward.status();
  absl::StatusOr<ReadAllResult> filtered =
      store_->ReadAll({0, Direction::kForward, 100, {.stream_prefixes = {"nomination-1"}}});
  EXPECT_EQ(filtered.status().code(), absl::StatusCode::kDataLoss) << filtered.status();
}

TEST_F(TamperTest, VerifyNamesAStrayKeyAmongThePositions) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    batch.Put(db.cf(ColumnFamily::kEvents), EncodeU64(5) + "x", Record(db, 5));
  });
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_position, 6u);
  EXPECT_NE(report.problem.find("stray key"), std::string::npos) << report.problem;
}

TEST_F(TamperTest, TheDigestIsRecomputedFromTheHeadRecord) {
  AppendTen();
  const LogDigest digest = *store_->Digest();
  Close();
  absl::StatusOr<std::unique_ptr<internal::LogDb>> db = internal::LogDb::Open(data_dir());
  ASSERT_TRUE(db.ok());
  absl::StatusOr<LogDigest> proven = internal::ProvenDigest(**db, digest);
  ASSERT_TRUE(proven.ok()) << proven.status();
  LogDigest claimed = digest;
  claimed.head_hash[0] ^= 1;
  absl::StatusOr<LogDigest> refused = internal::ProvenDigest(**db, claimed);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kDataLoss) << refused.status();
  EXPECT_NE(refused.status().message().find("position 9"), absl::string_view::npos);
}

}  // namespace
}  // namespace eventstore
