#include "eventstore/internal/log_db.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/internal/info_log.h"
#include "eventstore/internal/table_digests.h"
#include "eventstore/rocksdb_status.h"
#include "rocksdb/cache.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/memtablerep.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/table.h"
#include "rocksdb/utilities/checkpoint.h"
#include "rocksdb/write_batch.h"

namespace eventstore::internal {

// Passes everything through to the file system under it, and reports when the
// newest WAL file ("NNNNNN.log") begins to sync.
class LogDb::WalWatch final : public rocksdb::FileSystemWrapper {
 public:
  WalWatch(std::shared_ptr<rocksdb::FileSystem> base, LogDb& log)
      : FileSystemWrapper(std::move(base)), log_(log) {}

  static const char* kClassName() { return "award.WalWatch"; }
  const char* Name() const override { return kClassName(); }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus status = target()->NewWritableFile(name, options, result, debug);
    if (status.ok() && absl::EndsWith(name, ".log")) {
      const uint64_t number = ++wals_;
      *result = std::make_unique<WalFile>(std::move(*result), *this, number);
    }
    return status;
  }

 private:
  class WalFile final : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    WalFile(std::unique_ptr<rocksdb::FSWritableFile> file, WalWatch& watch, uint64_t number)
        : FSWritableFileOwnerWrapper(std::move(file)), watch_(watch), number_(number) {}
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* debug) override {
      watch_.Began(number_);
      return target()->Sync(options, debug);
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                            rocksdb::IODebugContext* debug) override {
      watch_.Began(number_);
      return target()->Fsync(options, debug);
    }

   private:
    WalWatch& watch_;
    const uint64_t number_;
  };

  // Only the newest WAL is written to: an older one, synced first, says
  // nothing of the newest's check.
  void Began(uint64_t number) {
    if (number == wals_.load()) log_.WalSyncBegan();
  }

  LogDb& log_;
  std::atomic<uint64_t> wals_{0};
};

namespace {

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
  if (family == ColumnFamily::kEventIds || family == ColumnFamily::kStreamHeads ||
      family == ColumnFamily::kStreamIndex) {
    // Point lookups, most of them for an id or a stream that is not there yet
    // (the stream index is asked for version 0 of every new stream): Bloom
    // filters, in memory and on disk, answer those without searching the
    // memtable or reading data blocks. Scans do not consult them.
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
  if (family == ColumnFamily::kTree) {
    // Proofs look nodes up by key: Bloom filters spare them the table files
    // that do not hold a node.
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    table.whole_key_filtering = true;
    // No block cache of its own: the levels every proof reads are kept in
    // memory whole (tree_node_cache.h), and the lowest ones are read at
    // random positions too far apart for cached blocks to serve again.
    // Hashes do not compress. Each level's nodes only grow: each insert starts
    // from where the last one of its level ended.
    options.compression = rocksdb::kNoCompression;
    options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(1));
  }
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

}  // namespace

StorageSizes LogDb::Sizes() {
  StorageSizes sizes;
  db_->GetAggregatedIntProperty("rocksdb.total-sst-files-size", &sizes.sst_bytes);
  db_->GetAggregatedIntProperty("rocksdb.cur-size-all-mem-tables", &sizes.memtable_bytes);
  uint64_t pending = 0;
  uint64_t running = 0;
  db_->GetAggregatedIntProperty("rocksdb.compaction-pending", &pending);
  db_->GetIntProperty("rocksdb.num-running-compactions", &running);
  sizes.compacting = pending > 0 || running > 0;
  return sizes;
}

absl::Status LogDb::ResetIndexes() {
  tree_nodes_->Clear();
  for (ColumnFamily family : {ColumnFamily::kStreamIndex, ColumnFamily::kEventIds,
                              ColumnFamily::kStreamHeads, ColumnFamily::kTree}) {
    const int i = static_cast<int>(family);
    AWARD_RETURN_IF_ERROR(FromRocks(db_->DropColumnFamily(handles_[i]), "dropping an index"));
    AWARD_RETURN_IF_ERROR(
        FromRocks(db_->DestroyColumnFamilyHandle(handles_[i]), "dropping an index"));
    handles_[i] = nullptr;
    AWARD_RETURN_IF_ERROR(FromRocks(
        db_->CreateColumnFamily(FamilyOptions(family), ColumnFamilyNames()[i], &handles_[i]),
        "creating an index"));
  }
  return absl::OkStatus();
}

absl::Status LogDb::Checkpoint(const std::string& directory) {
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status status = rocksdb::Checkpoint::Create(db_.get(), &raw);
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  if (status.ok()) status = checkpoint->CreateCheckpoint(directory);
  return FromRocks(status, absl::StrCat("checkpoint into '", directory, "'"));
}

absl::StatusOr<std::unique_ptr<LogDb>> LogDb::Open(const std::string& data_dir, rocksdb::Env* env,
                                                   bool read_only, uint64_t tree_cache_bytes) {
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
  std::unique_ptr<LogDb> log(new LogDb());
  log->tree_nodes_ = std::make_unique<TreeNodeCache>(tree_cache_bytes);
  log->env_ = rocksdb::NewCompositeEnv(std::make_shared<WalWatch>(
      env != nullptr ? env->GetFileSystem() : rocksdb::FileSystem::Default(), *log));
  // Compactions yield the processors to the threads that serve reads and
  // appends; they only need to keep up over time.
  (void)log->env_->LowerThreadPoolCPUPriority(rocksdb::Env::LOW, rocksdb::CpuPriority::kLow);
  rocksdb::DBOptions options;
  options.env = log->env_.get();
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.max_background_jobs = 2;
  options.bytes_per_sync = 1 << 20;
  // One writer thread; and hash memtables do not take concurrent inserts.
  options.allow_concurrent_memtable_write = false;
  // The WAL is written to disk and synced only by SyncWal, so that one thread
  // can sync what another keeps writing (group_commit_writer.h).
  options.manual_wal_flush = true;
  // A record that ends the log half written is a write that was never synced,
  // so never acknowledged: dropped. Damage anywhere else refuses to open,
  // where RocksDB's default would silently stop replaying at it.
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  // The column families are flushed together, at one point of the log: a
  // memtable may hold a batch whose WAL record is still in the buffer
  // (manual_wal_flush), and a table file of one family must never hold a batch
  // that another family's does not, in a checkpoint or after a crash.
  options.atomic_flush = true;

  // A store written before the Merkle tree has no tree families: a writable
  // open creates them (and the store builds the tree), a read-only one opens
  // what there is and has no tree to prove with.
  std::vector<std::string> existing;
  if (read_only) {
    rocksdb::Status listed = rocksdb::DB::ListColumnFamilies(options, data_dir, &existing);
    if (!listed.ok()) existing = ColumnFamilyNames();
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  std::vector<int> opened;  // the family of each descriptor
  for (int i = 0; i < kColumnFamilyCount; ++i) {
    if (read_only &&
        std::find(existing.begin(), existing.end(), ColumnFamilyNames()[i]) == existing.end()) {
      continue;
    }
    families.emplace_back(ColumnFamilyNames()[i], FamilyOptions(static_cast<ColumnFamily>(i)));
    opened.push_back(i);
  }
  log->data_dir_ = data_dir;
  log->read_only_ = read_only;
  rocksdb::DB* raw = nullptr;
  if (read_only) {
    options.create_if_missing = false;
    options.create_missing_column_families = false;
  }
  // Before RocksDB reads any table file: a damaged one is refused by name.
  AWARD_RETURN_IF_ERROR(CheckTableDigests(data_dir));
  std::shared_ptr<TableDigests> digests;
  if (!read_only) {
    digests = std::make_shared<TableDigests>(data_dir);
    options.listeners.push_back(digests);
  }
  // Small, so that it cannot fill the disk itself; none for a read-only open,
  // which leaves the directory as it was.
  auto info_log = std::make_shared<InfoLog>(read_only ? "" : data_dir, size_t{4} << 20, 3);
  options.info_log = info_log;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::Status status =
      read_only ? rocksdb::DB::OpenForReadOnly(options, data_dir, families, &handles, &raw)
                : rocksdb::DB::Open(options, data_dir, families, &handles, &raw);
  log->handles_.assign(kColumnFamilyCount, nullptr);
  for (size_t i = 0; i < handles.size(); ++i) log->handles_[opened[i]] = handles[i];
  if (!status.ok()) {
    if (HeldByAnotherOpen(status)) {
      return absl::FailedPreconditionError(absl::StrCat("data directory '", data_dir,
                                                        "' is in use by another process (",
                                                        status.ToString(), ")"));
    }
    if (const std::string damage = info_log->Damage(); status.IsCorruption() && !damage.empty()) {
      return absl::DataLossError(
          absl::StrCat("data directory '", data_dir, "': a write-ahead log is damaged (", damage,
                       "); nothing was opened. Restore the latest backup into a new data directory "
                       "(eventstore_restore) and start the server on it"));
    }
    return FromRocks(status, absl::StrCat("opening data directory '", data_dir, "'"));
  }
  log->db_.reset(raw);
  if (digests != nullptr) AWARD_RETURN_IF_ERROR(digests->Settle(*raw));

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
  absl::Status flushed;
  if (!read_only_ && Broken().ok()) {
    rocksdb::FlushOptions flush;
    flush.allow_write_stall = true;
    flushed = FromRocks(db_->Flush(flush, handles_),
                        "flushing the log into table files (nothing is lost: its write-ahead log "
                        "still holds it)");
  }
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    if (handle != nullptr) (void)db_->DestroyColumnFamilyHandle(handle);
  }
  handles_.clear();
  rocksdb::Status status = db_->Close();
  db_.reset();
  AWARD_RETURN_IF_ERROR(flushed);
  return FromRocks(status, absl::StrCat("closing data directory '", data_dir_, "'"));
}

absl::Status LogDb::Broken() {
  absl::MutexLock lock(&wal_mu_);
  return broken_;
}

absl::Status LogDb::Write(rocksdb::WriteBatch& batch) {
  absl::MutexLock turn(&wal_mu_);
  wal_mu_.Await(absl::Condition(
      +[](bool* starting) { return !*starting; }, &sync_starting_));
  if (!broken_.ok()) return broken_;
  broken_ = FromRocks(db_->Write(rocksdb::WriteOptions(), &batch), "writing to the log");
  return broken_;
}

absl::Status LogDb::SyncWal() {
  {
    absl::MutexLock turn(&wal_mu_);
    if (!broken_.ok()) return broken_;
    broken_ = FromRocks(db_->FlushWAL(/*sync=*/false), "writing the log's WAL");
    if (!broken_.ok()) return broken_;
    sync_starting_ = true;
  }
  absl::Status synced = FromRocks(db_->SyncWAL(), "syncing the log");
  absl::MutexLock lock(&wal_mu_);
  sync_starting_ = false;
  if (broken_.ok()) broken_ = synced;
  return broken_;
}

void LogDb::WalSyncBegan() {
  absl::MutexLock lock(&wal_mu_);
  sync_starting_ = false;
}

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

absl::StatusOr<std::optional<LogDb::StreamHead>> LogDb::FindStreamHead(
    absl::string_view stream, const rocksdb::ReadOptions& read) {
  std::string value;
  rocksdb::Status status = db_->Get(read, cf(ColumnFamily::kStreamHeads),
                                    rocksdb::Slice(stream.data(), stream.size()), &value);
  if (status.IsNotFound()) return std::nullopt;
  AWARD_RETURN_IF_ERROR(FromRocks(status, "reading the stream heads"));
  std::optional<std::pair<uint64_t, uint64_t>> head = DecodeStreamHead(value);
  if (!head.has_value()) {
    return absl::DataLossError(absl::StrCat("malformed stream head for '", stream, "'"));
  }
  return StreamHead{head->first, head->second};
}

absl::StatusOr<std::optional<std::string>> LogDb::GetRecord(uint64_t position,
                                                            const rocksdb::ReadOptions& read) {
  std::string value;
  rocksdb::Status status = db_->Get(read, cf(ColumnFamily::kEvents), EncodeU64(position), &value);
  if (status.IsNotFound()) return std::nullopt;
  AWARD_RETURN_IF_ERROR(FromRocks(status, "reading the log"));
  return value;
}

absl::StatusOr<std::optional<LogDb::KeyedRecord>> LogDb::LastRecord() {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(ColumnFamily::kEvents)));
  it->SeekToLast();
  AWARD_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log"));
  if (!it->Valid()) return std::nullopt;
  std::optional<uint64_t> position =
      DecodeU64(absl::string_view(it->key().data(), it->key().size()));
  if (!position.has_value()) {
    return absl::DataLossError(absl::StrCat("the log's last key is not a position (",
                                            it->key().ToString(/*hex=*/true), ")"));
  }
  return KeyedRecord{*position, it->value().ToString()};
}

absl::StatusOr<uint64_t> LogDb::FreeBytes() const {
  struct statvfs fs {};
  if (statvfs(data_dir_.c_str(), &fs) != 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot read the free space of '", data_dir_, "': ", std::strerror(errno)));
  }
  return uint64_t{fs.f_bavail} * fs.f_frsize;
}

}  // namespace eventstore::internal
