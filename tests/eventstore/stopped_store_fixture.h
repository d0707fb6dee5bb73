// A store in a temporary data directory that tests stop, change on disk as an
// attacker or a failing disk would, and reopen.
#ifndef AWARD_TESTS_EVENTSTORE_STOPPED_STORE_FIXTURE_H_
#define AWARD_TESTS_EVENTSTORE_STOPPED_STORE_FIXTURE_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "eventstore/internal/log_db.h"
#include "eventstore/keys.h"
#include "eventstore/record_codec.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "rocksdb/write_batch.h"
#include "tests/support/events.h"
#include "tests/support/temp_dir.h"

namespace eventstore {

class StoppedStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> opened = OpenRocksDbEventStore(Options());
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
  }

  void Close() {
    if (store_ == nullptr) return;
    ASSERT_TRUE(store_->Close().ok());
    store_.reset();
  }

  std::string data_dir() const { return dir_.Sub("data"); }

  // The options every open uses: options_ with the data directory.
  RocksDbEventStoreOptions Options() const {
    RocksDbEventStoreOptions options = options_;
    options.data_dir = data_dir();
    return options;
  }

  // Ten events at positions 0..9, in two streams: nomination-0 at 0-1, 4-5,
  // 8-9 and nomination-1 at 2-3, 6-7, two events an append.
  void AppendTen() {
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(
          store_
              ->Append(award::testing::AppendTo(
                  absl::StrCat("nomination-", i % 2), ExpectedVersion::Any(),
                  {award::testing::NewEvent("Tested", absl::StrCat("payload ", 2 * i)),
                   award::testing::NewEvent("Tested", absl::StrCat("payload ", 2 * i + 1))}))
              .ok());
    }
  }

  using Tamper = std::function<void(internal::LogDb&, rocksdb::WriteBatch&)>;

  // Runs `tamper` on the raw database of the closed store, then reopens it.
  void TamperWith(const Tamper& tamper) {
    absl::Status opened = TamperAndOpen(tamper);
    ASSERT_TRUE(opened.ok()) << opened;
  }

  // The same, but returns how the reopen went (store_ is set if it opened).
  absl::Status TamperAndOpen(const Tamper& tamper) {
    Close();
    {
      absl::StatusOr<std::unique_ptr<internal::LogDb>> db = internal::LogDb::Open(data_dir());
      EXPECT_TRUE(db.ok()) << db.status();
      if (!db.ok()) return db.status();
      rocksdb::WriteBatch batch;
      tamper(**db, batch);
      EXPECT_TRUE((*db)->WriteDurably(batch).ok());
    }
    absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> opened = OpenRocksDbEventStore(Options());
    if (!opened.ok()) return opened.status();
    store_ = std::move(*opened);
    return absl::OkStatus();
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

  award::testing::TempDir dir_;
  RocksDbEventStoreOptions options_;
  std::unique_ptr<EmbeddedEventStore> store_;
};

}  // namespace eventstore

#endif  // AWARD_TESTS_EVENTSTORE_STOPPED_STORE_FIXTURE_H_
