#include "eventstore/internal/log_db.h"

#include <cstdarg>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/rocksdb_status.h"
#include "rocksdb/env.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/memtablerep.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/table.h"
#include "rocksdb/utilities/checkpoint.h"
#include "rocksdb/write_batch.h"

namespace eventstore::internal {
namespace {

class SilentLogger final : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

// The stream part of a stream index key: the name and its NUL (keys.h).
class StreamOfIndexKey : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "award.StreamOfIndexKey"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const void* nul = std::memchr(key.data(), '\0', key.size());
    return rocksdb::Slice(key.data(), static_cast<const char*>(nul) - key.data() + 1);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return std::memchr(key.data(), '\0', key.size()) != nullptr;
  }
};

rocksdb::ColumnFamilyOptions FamilyOptions(ColumnFamily family) {
  rocksdb::ColumnFamilyOptions options;
  // Room to keep writing while a full memtable is flushed, instead of stalling
  // every appender behind the flush.
  options.max_write_buffer_number = 4;
  rocksdb::BlockBasedTableOptions table;
  if (family == ColumnFamily::kEventIds || family == ColumnFamily::kStreamHeads) {
    // Only point lookups, and most of them for an id or a stream that is not
    // there yet: Bloom filters, in memory and on disk, answer those without
    // searching the memtable or reading data blocks.
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    table.whole_key_filtering = true;
    options.memtable_prefix_bloom_size_ratio = 0.05;
    options.memtable_whole_key_filtering = true;
  }
  if (family == ColumnFamily::kStreamHeads) {
    // Names in no useful order, only ever looked up, never scanned: a hash of
    // small skip lists takes them in O(1) where one big skip list costs a deep
    // search. The hashed prefix is the name, or its first 64 bytes.
    options.prefix_extractor.reset(rocksdb::NewCappedPrefixTransform(64));
    options.memtable_factory.reset(rocksdb::NewHashSkipListRepFactory(1 << 20));
  }
  if (family == ColumnFamily::kStreamIndex) {
    // A stream's next version goes right after its last one: each insert
    // starts from where the last one of that stream ended.
    options.memtable_insert_with_hint_prefix_extractor = std::make_shared<StreamOfIndexKey>();
  }
  if (family == ColumnFamily::kEventIds) {
    // Ids from EventId::New start with their millisecond: each insert starts
    // from where the last one of that millisecond ended.
    options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(6));
  }
  if (family == ColumnFamily::kEvents) {
    // Replays read this family end to end: LZ4 decompresses several times
    // faster than the default Snappy for a similar ratio on event payloads.
    options.compression = rocksdb::kLZ4Compression;
    // Larger blocks: fewer block switches and checksums per event on a scan.
    table.block_size = 16 << 10;
    // Positions only grow: each insert starts from where the last one ended.
    options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(0));
  }
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

}  // namespace

StorageSizes LogDb::Sizes() {
  StorageSizes sizes;
  db_->GetAggregatedIntProperty("rocksdb.total-sst-files-size", &sizes.sst_bytes);
  db_->GetAggregatedIntProperty("rocksdb.cur-size-all-mem-tables", &sizes.memtable_bytes);
  return sizes;
}

absl::Status LogDb::Checkpoint(const std::string& directory) {
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status status = rocksdb::Checkpoint::Create(db_.get(), &raw);
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  if (status.ok()) status = checkpoint->CreateCheckpoint(directory);
  return FromRocks(status, absl::StrCat("checkpoint into '", directory, "'"));
}

absl::StatusOr<std::unique_ptr<LogDb>> LogDb::Open(const std::string& data_dir, rocksdb::Env* env,
                                                   bool read_only) {
  std::error_code error;
  if (read_only) {
    if (!std::filesystem::is_directory(data_dir, error)) {
      return absl::NotFoundError(absl::StrCat("no data directory '", data_dir, "'"));
    }
  } else {
    std::filesystem::create_directories(data_dir, error);
  }
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create data directory '", data_dir, "': ", error.message()));
  }
  rocksdb::DBOptions options;
  if (env != nullptr) options.env = env;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.max_background_jobs = 2;
  options.bytes_per_sync = 1 << 20;
  // One writer thread; and hash memtables do not take concurrent inserts.
  options.allow_concurrent_memtable_write = false;
  // The WAL is written to disk and synced only by SyncWal, so that one thread
  // can sync what another keeps writing (group_commit_writer.h).
  options.manual_wal_flush = true;

  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (int i = 0; i < kColumnFamilyCount; ++i) {
    families.emplace_back(ColumnFamilyNames()[i], FamilyOptions(static_cast<ColumnFamily>(i)));
  }
  std::unique_ptr<LogDb> log(new LogDb());
  log->data_dir_ = data_dir;
  rocksdb::DB* raw = nullptr;
  if (read_only) {
    // Not even RocksDB's own log file: the directory stays as it was.
    options.create_if_missing = false;
    options.create_missing_column_families = false;
    options.info_log = std::make_shared<SilentLogger>();
  }
  rocksdb::Status status =
      read_only ? rocksdb::DB::OpenForReadOnly(options, data_dir, families, &log->handles_, &raw)
                : rocksdb::DB::Open(options, data_dir, families, &log->handles_, &raw);
  if (!status.ok()) {
    if (HeldByAnotherOpen(status)) {
      return absl::FailedPreconditionError(absl::StrCat("data directory '", data_dir,
                                                        "' is in use by another process (",
                                                        status.ToString(), ")"));
    }
    return FromRocks(status, absl::StrCat("opening data directory '", data_dir, "'"));
  }
  log->db_.reset(raw);

  std::string format;
  status = raw->Get(rocksdb::ReadOptions(), log->cf(ColumnFamily::kDefault),
                    rocksdb::Slice(kFormatKey.data(), kFormatKey.size()), &format);
  if (status.IsNotFound() && read_only) {
    return absl::FailedPreconditionError(
        absl::StrCat("data directory '", data_dir, "' holds no event store"));
  }
  if (status.IsNotFound()) {
    rocksdb::WriteBatch batch;
    batch.Put(log->cf(ColumnFamily::kDefault), rocksdb::Slice(kFormatKey.data(), kFormatKey.size()),
              rocksdb::Slice(kFormatValue.data(), kFormatValue.size()));
    AWARD_RETURN_IF_ERROR(log->WriteDurably(batch));
  } else if (!status.ok()) {
    return FromRocks(status, "reading the store format");
  } else if (format != kFormatValue) {
    return absl::FailedPreconditionError(absl::StrCat("data directory '", data_dir,
                                                      "' holds format '", format, "', expected '",
                                                      kFormatValue, "'"));
  }
  return log;
}

LogDb::~LogDb() { (void)Close(); }

absl::Status LogDb::Close() {
  if (db_ == nullptr) return absl::OkStatus();
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    (void)db_->DestroyColumnFamilyHandle(handle);
  }
  handles_.clear();
  rocksdb::Status status = db_->Close();
  db_.reset();
  return FromRocks(status, absl::StrCat("closing data directory '", data_dir_, "'"));
}

absl::Status LogDb::Write(rocksdb::WriteBatch& batch) {
  return FromRocks(db_->Write(rocksdb::WriteOptions(), &batch), "writing to the log");
}

absl::Status LogDb::SyncWal() { return FromRocks(db_->FlushWAL(/*sync=*/true), "syncing the log"); }

absl::Status LogDb::WriteDurably(rocksdb::WriteBatch& batch) {
  AWARD_RETURN_IF_ERROR(Write(batch));
  return SyncWal();
}

absl::StatusOr<std::optional<uint64_t>> LogDb::FindEventId(const EventId& id) {
  std::string value;
  absl::string_view key = id.bytes();
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), cf(ColumnFamily::kEventIds),
                                    rocksdb::Slice(key.data(), key.size()), &value);
  if (status.IsNotFound()) return std::nullopt;
  AWARD_RETURN_IF_ERROR(FromRocks(status, "looking up an event id"));
  std::optional<uint64_t> position = DecodeU64(value);
  if (!position.has_value()) return absl::DataLossError("malformed event id index entry");
  return position;
}

absl::StatusOr<std::optional<LogDb::StreamHead>> LogDb::FindStreamHead(absl::string_view stream) {
  std::string value;
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), cf(ColumnFamily::kStreamHeads),
                                    rocksdb::Slice(stream.data(), stream.size()), &value);
  if (status.IsNotFound()) return std::nullopt;
  AWARD_RETURN_IF_ERROR(FromRocks(status, "reading the stream heads"));
  std::optional<std::pair<uint64_t, uint64_t>> head = DecodeStreamHead(value);
  if (!head.has_value()) {
    return absl::DataLossError(absl::StrCat("malformed stream head for '", stream, "'"));
  }
  return StreamHead{head->first, head->second};
}

absl::StatusOr<std::optional<std::string>> LogDb::GetRecord(uint64_t position) {
  std::string value;
  rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), cf(ColumnFamily::kEvents), EncodeU64(position), &value);
  if (status.IsNotFound()) return std::nullopt;
  AWARD_RETURN_IF_ERROR(FromRocks(status, "reading the log"));
  return value;
}

absl::StatusOr<std::optional<std::string>> LogDb::LastRecord() {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(ColumnFamily::kEvents)));
  it->SeekToLast();
  AWARD_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log"));
  if (!it->Valid()) return std::nullopt;
  return it->value().ToString();
}

}  // namespace eventstore::internal
